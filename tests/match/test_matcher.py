from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from claimmap.match import FactCheckIndex, load_factchecks, match_claim_map
from claimmap.report import render_text
from claimmap.report.html import render_html
from claimmap.schema import claimmap_schema
from claimmap.types import (
    Article,
    Certainty,
    Checkworthiness,
    Claim,
    ClaimMap,
    Provenance,
    Sourcing,
    TextSpan,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "factchecks"
TEXT = ("The port authority says Nordhaven Lines is paying for the dock strike in Veldmark. "
        "The harbour cafe will open a second terrace in spring.")


def _claim_map() -> ClaimMap:
    article = Article(id="quay", text=TEXT)
    first_end = TEXT.index("Veldmark.") + len("Veldmark.")
    second_start = TEXT.index("The harbour cafe")
    claims = []
    for n, (start, end) in enumerate([(0, first_end), (second_start, len(TEXT))]):
        claims.append(Claim(
            id=f"c{n}", span=TextSpan.of(TEXT, start, end),
            checkworthiness=Checkworthiness(score=0.8, label="CFS"), type="accusation",
            certainty=Certainty(level="asserted"), sourcing=Sourcing(kind="author")))
    provenance = Provenance(claimmap="test", spacy="-", model="-", model_version="-",
                            config_hash="-")
    return ClaimMap(article=article, provenance=provenance, claims=tuple(claims))


def _index() -> FactCheckIndex:
    factchecks, _ = load_factchecks([DATA / "harbour-graph.jsonld", DATA / "single.json",
                                     DATA / "feed.json", DATA / "page.html"])
    return FactCheckIndex(factchecks)


def test_matcher_matches_the_reviewed_claim_with_its_rating_verbatim() -> None:
    cm = match_claim_map(_claim_map(), _index())
    assert cm.matches, "the Nordhaven claim should match its review"
    best = cm.matches[0]
    assert best.claim_id == "c0"
    assert best.verdict == "Unproven  – no transfers shown"
    assert best.reviewer == "Harbour Truth Desk"
    assert best.url == "https://truthdesk.example/checks/nordhaven-strike-fund"
    assert all(m.claim_id != "c1" for m in cm.matches)  # the cafe has no fact-check
    assert {f.id for f in cm.factchecks} == {m.fact_check_id for m in cm.matches}
    assert cm.summary["factchecked_claims"] == 1


def test_matcher_output_validates_renders_and_round_trips() -> None:
    cm = match_claim_map(_claim_map(), _index())
    data = json.loads(json.dumps(cm.to_dict()))
    jsonschema.validate(data, claimmap_schema())
    assert ClaimMap.from_dict(data) == cm
    text = render_text(cm)
    assert "Fact-checked claims" in text and "“Unproven  – no transfers shown”" in text
    html = render_html(cm)
    assert "Fact-checked claims (1)" in html and "Unproven  – no transfers shown" in html


def test_matcher_without_factchecks_or_claims_leaves_map_empty() -> None:
    empty = FactCheckIndex([])
    assert match_claim_map(_claim_map(), empty).matches == ()
    bare = ClaimMap(article=Article(id="x", text="Nothing."), provenance=_claim_map().provenance)
    assert match_claim_map(bare, _index()).matches == ()
