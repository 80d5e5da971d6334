from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.corpus.factchecks import (
    import_factchecks,
    list_matches,
    match_new_claims,
    stored_factchecks,
)
from claimmap.match.loading import read_factcheck_file
from claimmap.store import open_store
from claimmap.store.write import put_article

DATA = Path(__file__).resolve().parents[1] / "data" / "factchecks"


def _claim_map():  # type: ignore[no-untyped-def]
    from tests.match.test_matcher import _claim_map as build

    return build()


def test_corpus_factchecks_import_stores_verbatim_and_matches(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.db")
    with store.begin() as conn:
        put_article(conn, _claim_map())
    records = read_factcheck_file(DATA / "harbour-graph.jsonld")[0]
    result = import_factchecks(store, records)
    assert (result.inserted, result.unchanged) == (2, 0) and result.matches >= 1
    [stored] = [f for f in stored_factchecks(store) if f.reviewer and "Nordhaven" in
                f.claim_reviewed]
    assert stored.rating == "Unproven  – no transfers shown"
    assert stored.title == "Did Nordhaven Lines bankroll the Veldmark dock strike?"
    rows = list_matches(store)
    assert rows[0].claim_id == "quay#c0" and rows[0].rating == "Unproven  – no transfers shown"
    assert all(r.claim_id != "quay#c1" for r in rows)
    # Importing again stores nothing new and replaces, not duplicates, the matches.
    again = import_factchecks(store, records)
    assert (again.inserted, again.unchanged) == (0, 2)
    assert len(list_matches(store)) == len(rows)
    store.close()


def test_corpus_factchecks_new_claims_meet_stored_factchecks(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.db")
    assert match_new_claims(store, ["quay"]) == 0  # no fact-check stored yet
    import_factchecks(store, read_factcheck_file(DATA / "harbour-graph.jsonld")[0])
    cm = _claim_map()
    cm = dataclasses.replace(cm, article=dataclasses.replace(cm.article, id="quay2"))
    with store.begin() as conn:
        put_article(conn, cm)
    assert match_new_claims(store, ["quay2"]) >= 1
    assert any(r.article_id == "quay2" for r in list_matches(store))
    store.close()


def test_corpus_factchecks_cli_import_and_list(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    store = open_store(db)
    with store.begin() as conn:
        put_article(conn, _claim_map())
    store.close()
    runner = CliRunner()
    result = runner.invoke(app, ["factchecks", "import", str(DATA / "harbour-graph.jsonld"),
                                 str(DATA / "list.json"), "--db", str(db)])
    # list.json has a review without claimReviewed: stored the rest, exit 1, one warning.
    assert result.exit_code == 1, result.output
    assert "no claimReviewed" in result.stderr and "3 fact-checks stored" in result.stderr
    listed = runner.invoke(app, ["factchecks", "matches", "--db", str(db), "--format", "json"])
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert rows[0]["rating"] == "Unproven  – no transfers shown"
    bad = runner.invoke(app, ["factchecks", "import", str(tmp_path / "none.json"),
                              "--db", str(db)])
    assert bad.exit_code == 1 and "no such file" in bad.stderr


def test_corpus_factchecks_export_claimreview_round_trips(tmp_path: Path) -> None:
    from claimmap.match.claimreview import parse_claimreview

    db = tmp_path / "c.db"
    store = open_store(db)
    with store.begin() as conn:
        put_article(conn, _claim_map())
    import_factchecks(store, read_factcheck_file(DATA / "harbour-graph.jsonld")[0])
    store.close()
    result = CliRunner().invoke(app, ["corpus", "export", "--db", str(db), "--format",
                                      "claimreview"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    [review] = document["@graph"]
    item = review["itemReviewed"]
    assert item["firstAppearance"]["identifier"] == "quay"
    assert item["author"]["name"] == "Veldmark Port Authority"
    [parsed] = parse_claimreview(result.stdout, "export.jsonld")[0]
    assert parsed.factcheck.rating == "Unproven  – no transfers shown"
    assert parsed.factcheck.reviewer == "Harbour Truth Desk"


def test_corpus_factchecks_articles_of_a_killed_run_are_matched(tmp_path: Path) -> None:
    """Matching runs in each article's own transaction: a run that dies after storing an
    article has matched it too, and its signals count the fact-check."""
    from claimmap.corpus.engine import Analysed
    from claimmap.corpus.inputs import Input, Record
    from claimmap.corpus.run import add_to_store
    from claimmap.store.signals import stored_signals

    store = open_store(tmp_path / "c.db")
    import_factchecks(store, read_factcheck_file(DATA / "harbour-graph.jsonld")[0])
    cm = _claim_map()

    class DiesAfterOne:
        name = "dies"

        def run(self, items):  # type: ignore[no-untyped-def]
            for item in items:
                yield Analysed(item, cm)
                raise KeyboardInterrupt  # the kill, right after the first article

        def close(self) -> None:
            pass

    records = [Record("in.jsonl", 1, cm.article)]
    with pytest.raises(KeyboardInterrupt):
        add_to_store([Input("in.jsonl", None, iter(records))], store, DiesAfterOne())
    assert any(r.article_id == cm.article.id for r in list_matches(store))
    with store.connect() as conn:
        signals = {s.name: s for s in stored_signals(conn, cm.article.id)}
    assert signals["fact_checks"].counts["Unproven  – no transfers shown"] >= 1
    store.close()
