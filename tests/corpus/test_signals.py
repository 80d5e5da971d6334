"""Credibility signals: computed from a hand-built ClaimMap and a small store, each with the
spans that show it; shown by the text view and the HTML report; stored per article."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from claimmap.corpus.signals import (
    CorpusFacts,
    article_signals,
    corpus_facts,
    refresh_signals,
    source_kind,
    with_signals,
)
from claimmap.corpus.tracking import track_article
from claimmap.report.html import render_html
from claimmap.report.text import render_text
from claimmap.store import open_store
from claimmap.store.schema import article_signals as signals_table
from claimmap.store.signals import stored_signals
from claimmap.store.write import put_article
from claimmap.types import (
    Actor,
    Article,
    Certainty,
    Checkworthiness,
    Claim,
    ClaimMap,
    Dispute,
    FactCheck,
    FactCheckMatch,
    Sourcing,
    Stance,
    Technique,
    TextSpan,
)

TEXT = ("Minister Anna Berg said the strike cost 40 million kroner. Sources close to the talks "
        "said the port may close. Critics say the figure is inflated. Officials estimated "
        "about 12 ships waited, but the harbour office counted at least 30 ships. "
        "This shameful chaos must end.")


def _span(fragment: str) -> TextSpan:
    start = TEXT.index(fragment)
    return TextSpan.of(TEXT, start, start + len(fragment))


def _claim(cid: str, fragment: str, sourcing: Sourcing, level: str = "asserted",
           cues: tuple[str, ...] = (), label: str = "CFS") -> Claim:
    return Claim(cid, _span(fragment), Checkworthiness(label, 0.8), "statistic",  # type: ignore[arg-type]
                 Certainty(level, tuple(_span(c) for c in cues)), sourcing)  # type: ignore[arg-type]


def signal_map(claimmap_builder: Any) -> ClaimMap:
    base = ClaimMap(article=Article(id="sig", text=TEXT, title="Strike talks stall",
                                    outlet="Harbour Herald", published="2026-11-30"),
                    provenance=claimmap_builder("x").provenance)
    berg = Actor("actor_1", "Anna Berg", "person", role="Minister", mentions=(_span("Anna Berg"),))
    hold = Actor("actor_3", "Per Hold", "person")
    claims = (
        _claim("c1", "the strike cost 40 million kroner", Sourcing("named", "actor_1")),
        _claim("c2", "the port may close", Sourcing("anonymous"), "possible", ("may",)),
        _claim("c3", "the figure is inflated", Sourcing("vague"), label="UFS"),
        _claim("c4", "about 12 ships waited", Sourcing("named", "actor_3")),
        _claim("c5", "This shameful chaos must end", Sourcing("author"), label="NFS"),
    )
    techniques = (Technique("t1", _span("shameful chaos"), "Loaded_Language", 0.7),
                  Technique("t2", _span("must end"), "Slogans", 0.6),
                  Technique("t3", _span("inflated"), "Doubt", 0.6))
    conflict = Dispute("d9", "numeric_conflict", "c4", "c1", ("actor_3",),
                       _span("at least 30 ships"), 0.7)
    stance = Stance("Strike talks stall", "agree", {"agree": 0.7, "discuss": 0.3},
                    (_span("the strike cost 40 million kroner"),))
    return dataclasses.replace(base, actors=(berg, hold), claims=claims,
                               techniques=techniques, disputes=(conflict,), stance=stance,
                               quotes=(), accusations=())


def _by_name(cm: ClaimMap) -> dict[str, Any]:
    return {s.name: s for s in cm.signals}


def test_signals_from_the_claimmap_alone_with_their_evidence(claimmap_builder: Any) -> None:
    cm = with_signals(signal_map(claimmap_builder))
    found = _by_name(cm)
    assert list(found) == ["sourcing_mix", "hedged_share", "technique_density",
                           "headline_stance", "numeric_conflicts"]  # no store: no originality
    mix = found["sourcing_mix"]
    assert {k: mix.counts[k] for k in ("named", "official", "anonymous", "vague", "author")} \
        == {"named": 1, "official": 1, "anonymous": 1, "vague": 1, "author": 1}
    assert mix.value == 0.5  # named or official, of the claims sourced to someone
    assert {e.label: e.span.text for e in mix.evidence}["anonymous"] == "the port may close"
    hedged = found["hedged_share"]
    assert hedged.counts["checkworthy"] == 4 and hedged.counts["hedged"] == 1
    assert hedged.value == 0.25 and [e.span.text for e in hedged.evidence] == ["may"]
    tech = found["technique_density"]
    words = len(TEXT.split())
    assert tech.value == round(3000 / words, 2)
    assert tech.counts["emotional language"] == 2 and tech.counts["attacks and appeals"] == 1
    stance = found["headline_stance"]
    assert stance.counts == {"agree": 1} and stance.value == 0.7
    assert found["numeric_conflicts"].evidence[0].span.text == "at least 30 ships"
    for signal in cm.signals:  # every span indexes the article text
        for item in signal.evidence:
            if item.span is not None:
                assert TEXT[item.span.start:item.span.end] == item.span.text
    assert "score" not in json.dumps([dataclasses.asdict(s) for s in cm.signals]).replace(
        '"score"', "")  # no overall score anywhere


def test_signals_official_sources_are_institutions_or_office_holders() -> None:
    assert source_kind("named", Actor("a", "Harbour Police", "organisation")) == "official"
    assert source_kind("named", Actor("a", "Anna Berg", "person", role="Minister")) == \
        "official"
    assert source_kind("named", Actor("a", "Per Hold", "person", role="docker")) == "named"
    assert source_kind("vague", None) == "vague" and source_kind("author", None) is None


def test_signals_fact_checks_keep_the_rating_as_written(claimmap_builder: Any) -> None:
    cm = signal_map(claimmap_builder)
    fc = FactCheck("fc1", "The strike cost 40 million kroner", "claimreview",
                   rating="Mostly False — the cost was lower", reviewer="Checkers")
    match = FactCheckMatch("c1", "fc1", fc.claim_reviewed, 0.9, "https://fc.example/1",
                           fc.rating, "Checkers")
    cm = with_signals(dataclasses.replace(cm, matches=(match,), factchecks=(fc,)))
    checked = _by_name(cm)["fact_checks"]
    assert checked.counts["claims"] == 1
    assert checked.counts["Mostly False — the cost was lower"] == 1
    assert checked.evidence[0].span.text == "the strike cost 40 million kroner"
    assert "by Checkers" in (checked.evidence[0].note or "")


def test_signals_originality_and_cross_article_conflicts_from_corpus_facts(
        claimmap_builder: Any) -> None:
    from claimmap.corpus.signals import CrossConflict

    facts = CorpusFacts(duplicate_of="orig", duplicate_method="minhash", duplicate_score=0.81,
                        conflicts=(CrossConflict("numeric_conflict", "c4", "other", "Valley Times",
                                                 "at least 40 ships waited", 0.7),))
    found = {s.name: s for s in article_signals(signal_map(claimmap_builder), facts)}
    assert found["originality"].counts["copy"] == 1 and found["originality"].value == 0.81
    assert "orig" in found["originality"].summary
    across = [e for e in found["numeric_conflicts"].evidence if e.article_id == "other"]
    assert across and across[0].span is not None and "Valley Times" in (across[0].note or "")
    assert found["numeric_conflicts"].scope == "corpus"


def test_signals_text_view_and_html_report_show_them_escaped(claimmap_builder: Any) -> None:
    cm = with_signals(signal_map(claimmap_builder))
    text = render_text(cm)
    assert "Credibility signals (observations, not a score)" in text
    assert "sourcing mix:" in text and "“may”" in text
    hostile = dataclasses.replace(cm, signals=(dataclasses.replace(
        cm.signals[0], summary="<script>alert(1)</script>"),))
    html = render_html(hostile)
    assert "Credibility signals" in html and "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert render_text(signal_map(claimmap_builder)).count("Credibility signals") == 0


def test_signals_stored_per_article_and_refreshed_when_a_copy_arrives(
        tmp_path: Path, claimmap_builder: Any) -> None:
    from claimmap.corpus.engine import Analysed, WorkItem
    from claimmap.corpus.writer import Writer

    story = " ".join(f"Sentence {i} of the wire story about the harbour strike and the port."
                     for i in range(12))
    first = claimmap_builder("wire-1", extra=" " + story, published="2026-11-01")
    copy = claimmap_builder("wire-2", extra=" OLDPORT (Wire) - " + story + " Follow us.",
                            published="2026-11-02", outlet="Valley Times")
    store = open_store(tmp_path / "s.db")
    writer = Writer(store)
    for n, cm in enumerate((first, copy)):
        writer.write(Analysed(WorkItem(n, "t", n, cm.article, ""), cm))
    with store.connect() as conn:
        names = {r.name for r in conn.execute(select(signals_table.c.name)
                                              .where(signals_table.c.article_id == "wire-1"))}
        original = {s.name: s for s in stored_signals(conn, "wire-1")}
        copied = {s.name: s for s in stored_signals(conn, "wire-2")}
    store.close()
    assert names >= {"sourcing_mix", "originality", "fact_checks"}
    # Storing the copy changed what the store knows about the original: recomputed.
    assert original["originality"].counts == {"copy": 0, "copies": 1}
    assert [e.article_id for e in original["originality"].evidence] == ["wire-2"]
    assert copied["originality"].counts["copy"] == 1
    assert "wire-1" in copied["originality"].summary


def test_signals_refresh_reads_the_store_like_the_writer(tmp_path: Path,
                                                         claimmap_builder: Any) -> None:
    store = open_store(tmp_path / "r.db")
    cm = claimmap_builder("one")
    with store.begin() as conn:
        put_article(conn, cm)
        track_article(conn, "one")
        assert refresh_signals(conn, ["one", "missing"]) == 1
        again = stored_signals(conn, "one")
        facts = corpus_facts(conn, "one")
    store.close()
    assert again == article_signals(cm, facts)
