from __future__ import annotations

from pathlib import Path

import pytest

from claimmap.errors import InputError
from claimmap.match.claimreview import parse_claimreview, read_claimreview
from claimmap.match.loading import load_factchecks, read_factcheck_file

DATA = Path(__file__).resolve().parents[1] / "data" / "factchecks"


def test_claimreview_graph_resolves_author_and_keeps_rating_verbatim() -> None:
    found, problems = read_claimreview(DATA / "harbour-graph.jsonld")
    assert problems == []
    first, second = (f.factcheck for f in found)
    # Two spaces and an en dash, exactly as the fact-checker wrote them.
    assert first.rating == "Unproven  – no transfers shown"
    assert first.rating_value == "2" and first.best_rating == "5" and first.worst_rating == "1"
    assert first.reviewer == "Harbour Truth Desk"
    assert first.reviewer_url == "https://truthdesk.example/"
    assert first.claimant == "Veldmark Port Authority"
    assert first.date_published == "2026-11-20"
    assert first.url == "https://truthdesk.example/checks/nordhaven-strike-fund"
    assert first.title == "Did Nordhaven Lines bankroll the Veldmark dock strike?"
    assert first.claim_reviewed.startswith("Shipping group Nordhaven Lines")
    assert first.source_id and first.source_id.endswith("#review")
    # A list-valued @type still counts; its author is the same referenced node.
    assert second.rating == "Pants on Fire!" and second.reviewer == "Harbour Truth Desk"
    assert found[0].source.endswith("harbour-graph.jsonld#1")
    assert '"alternateName": "Unproven  – no transfers shown"' in found[0].raw


def test_claimreview_single_list_feed_page_and_tools_shapes() -> None:
    [single] = read_claimreview(DATA / "single.json")[0]
    assert single.factcheck.rating == "Half true"
    assert single.factcheck.claimant == "Marta Ellison"
    listed, problems = read_claimreview(DATA / "list.json")
    assert [f.factcheck.rating for f in listed] == ["FALSE"]  # from Rating.name
    assert len(problems) == 1 and "no claimReviewed" in problems[0]
    [fed] = read_claimreview(DATA / "feed.json")[0]
    assert fed.factcheck.rating == "Falso" and fed.factcheck.language == "no"
    [page] = read_claimreview(DATA / "page.html")[0]
    assert page.factcheck.rating == "Mostly true"
    [tools] = read_claimreview(DATA / "fact-check-tools.json")[0]
    assert tools.factcheck.rating == "Exaggerated"
    assert tools.factcheck.reviewer == "Harbour Truth Desk"
    assert tools.factcheck.reviewer_url == "https://truthdesk.example"
    assert tools.factcheck.claimant == "Nordhaven Lines"


def test_claimreview_ids_are_deterministic_and_distinct() -> None:
    a = read_claimreview(DATA / "harbour-graph.jsonld")[0]
    b = read_claimreview(DATA / "harbour-graph.jsonld")[0]
    assert [x.factcheck.id for x in a] == [x.factcheck.id for x in b]
    assert len({x.factcheck.id for x in a}) == 2


def test_claimreview_jsonl_and_value_objects() -> None:
    text = ('{"@type": "ClaimReview", "claimReviewed": {"@value": "A"}, '
            '"reviewRating": {"alternateName": "False"}}\n'
            '{"@type": "schema:ClaimReview", "claimReviewed": "B"}\n')
    found, _ = parse_claimreview(text, "feed.jsonl")
    assert [f.factcheck.claim_reviewed for f in found] == ["A", "B"]
    assert found[1].factcheck.rating is None


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not valid JSON"),
    ('{"@type": "WebPage"}', "no schema.org ClaimReview"),
    ("<html><body>nothing</body></html>", "without JSON-LD"),
])
def test_claimreview_bad_input_gives_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_claimreview(text, "x.json")
    assert "\n" not in str(info.value)


def test_loading_reads_clef_tsv_and_dedupes(tmp_path: Path) -> None:
    records, problems = read_factcheck_file(DATA / "vclaims.tsv")
    assert problems == [] and [r.factcheck.source_id for r in records] == ["0", "1"]
    assert records[1].factcheck.claim_reviewed == 'The "tide tax" was introduced in Ostry.'
    assert records[0].factcheck.format == "clef2020" and records[0].factcheck.rating is None
    factchecks, _ = load_factchecks([DATA / "single.json", DATA / "single.json"])
    assert len(factchecks) == 1
    with pytest.raises(InputError, match="no such file"):
        read_factcheck_file(tmp_path / "missing.json")
