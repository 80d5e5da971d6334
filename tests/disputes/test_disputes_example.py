"""The bars of the issue on ../shared/examples/russia-isis-accusation.txt."""

from __future__ import annotations

import pytest
from spacy.language import Language

import claimmap
from claimmap.types import Article, ClaimMap, TextSpan


def _map(nlp: Language, text: str) -> ClaimMap:
    from claimmap.ingest.text import from_text

    return claimmap.analyze(from_text(text), nlp=nlp)


def _names(cm: ClaimMap, ids: tuple[str | None, ...]) -> list[str]:
    names = {a.id: a.name for a in cm.actors}
    return [names.get(i or "", "") for i in ids]


@pytest.mark.slow
def test_disputes_example_russia_bars(nlp: Language, russia_text: str) -> None:
    cm = _map(nlp, russia_text)
    quotes = {q.id: q for q in cm.quotes}
    by_kind: dict[str, list[object]] = {}
    for dispute in cm.disputes:
        by_kind.setdefault(dispute.kind, []).append(dispute)
        if dispute.evidence is not None:
            ev = dispute.evidence
            assert cm.article.text[ev.start:ev.end] == ev.text

    # Dillon contradicts the Russian accusations.
    contradiction = next(d for d in cm.disputes if d.kind == "contradiction")
    assert "Dillon" in _names(cm, (contradiction.actors[0],))[0]
    assert contradiction.evidence and "contradicted" in contradiction.evidence.text
    assert quotes[contradiction.b or ""].cue_class in ("accuse", "allege")

    # "Russia has denied all reports of collateral damage" answers the observers.
    denial = next(d for d in cm.disputes if d.kind == "denial")
    assert denial.evidence and denial.evidence.text.startswith("has denied all reports")
    assert "observers" in quotes[denial.b or ""].speaker.mention.text  # type: ignore[union-attr]

    # Russia -> U.S. and observers -> Russia's air force in the accusation graph.
    edges = [(_names(cm, (a.accuser,))[0], _names(cm, (a.accused,))[0],
              a.accused_mention.text if a.accused_mention else "") for a in cm.accusations]
    # "the U.S." is the one United States actor (canonical actors), not an actor "U.S" of its own.
    assert any(who == "Russia" and whom == "United States" and "U.S" in said
               for who, whom, said in edges), edges
    assert any("observers" in who and "air force" in said for who, _, said in edges), edges

    # 12 confirmed dead vs at least 40 killed.
    numeric = next(d for d in cm.disputes if d.kind == "numeric_conflict")
    texts = {quotes[numeric.a].content.text, quotes[numeric.b or ""].content.text}
    assert any("12" in t for t in texts) and any("at least 40" in t for t in texts)
    assert sorted(_names(cm, numeric.actors)) == ["Reuters", "Russia"]


@pytest.mark.slow
def test_disputes_example_stance_and_dot(nlp: Language, russia_text: str) -> None:
    from claimmap.report.dot import render_dot

    cm = _map(nlp, russia_text)
    assert cm.stance is not None and cm.stance.headline.startswith("Russia Says ISIS")
    # The body reports Russia's claim and the U.S. reply: it discusses the headline.
    assert cm.stance.label == "discuss"
    for span in cm.stance.evidence:
        assert cm.article.text[span.start:span.end] == span.text
        assert cm.article.title_span is None or not span.overlaps(
            TextSpan(cm.article.title_span.start, cm.article.title_span.end, ""))
    dot = render_dot([cm])
    assert '-> ' in dot and "Reuters" in dot


@pytest.mark.slow
def test_disputes_component_without_title_or_quotes(nlp: Language) -> None:
    cm = claimmap.analyze(Article(id="x", text="Rain fell on the hills all night."), nlp=nlp)
    assert cm.stance is None
    assert cm.disputes == () and cm.accusations == ()
    assert nlp.pipe_names[-1] == "claimmap_disputes"
