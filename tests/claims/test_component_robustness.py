"""Odd inputs never crash the claims component; offsets always match the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimmap.api import analyze
from claimmap.types import Article, ClaimMap


def _offsets_match(cm: ClaimMap) -> None:
    text = cm.article.text
    for claim in cm.claims:
        assert text[claim.span.start:claim.span.end] == claim.span.text
        assert 0.0 <= claim.checkworthiness.score <= 1.0
        for quantity in claim.quantities:
            assert text[quantity.span.start:quantity.span.end] == quantity.span.text


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Yes.",
    "Fire",
    " ".join(["the", "port", "handled", "40", "ships"] * 1000),
    "THE MINISTER SAID THAT AT LEAST 40 SOLDIERS HAVE DIED IN THE VALLEY. IS IT TRUE?",
    "Year\tShips\tTonnes\n2019\t40\t12,000\n2020\t38\t11,500\n2021\t52\t14,250\n",
    "",
])
def test_claims_odd_inputs_do_not_crash(nlp: Language, text: str) -> None:
    # An Article skips ingest, which refuses empty text before analysis sees it.
    _offsets_match(analyze(Article(id="odd", text=text), nlp=nlp))


@pytest.mark.slow
def test_claims_non_english_text_gets_a_note(nlp: Language) -> None:
    text = ("Der Bürgermeister erklärte am Dienstag, dass die Brücke über den Fluss im März "
            "für Reparaturen gesperrt wird. Die Stadtverwaltung schätzt die Kosten auf "
            "mindestens vierzig Millionen Euro, während Kritiker deutlich höhere Ausgaben "
            "erwarten und eine unabhängige Prüfung fordern.")
    cm = analyze(text, nlp=nlp)
    assert any("does not look like English" in note for note in cm.notes)
    english = analyze("The mayor said on Tuesday that the bridge over the river will close "
                      "in March for repairs, and the city expects the work to cost at least "
                      "40 million euros while critics expect much higher costs.", nlp=nlp)
    assert not any("English" in note for note in english.notes)


@pytest.mark.slow
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([
    "Reuters estimates that at least 40 soldiers have died.", "Is it true?",
    "Some have speculated that the mayor will resign.", "\n\n", "12,000", "  ",
    "Officials said the bridge may close in May.", "“Who pays?” she asked.", "Ünïcödé ★",
]), max_size=8))
def test_claims_offsets_match_text(nlp: Language, parts: list[str]) -> None:
    _offsets_match(analyze(Article(id="parts", text=" ".join(parts)), nlp=nlp))


@pytest.mark.slow
def test_claims_min_checkworthiness_filters(nlp: Language) -> None:
    from claimmap.settings import Options

    text = ("Thank you all for coming tonight. Unemployment in the Marren valley fell from 9 "
            "percent to 6 percent last year, the statistics office said.")
    everything = analyze(Article(id="m", text=text), nlp=nlp)
    scores = sorted(c.checkworthiness.score for c in everything.claims)
    assert len(scores) == 2 and scores[0] < scores[1]
    cut = (scores[0] + scores[1]) / 2
    kept = analyze(Article(id="m", text=text), nlp=nlp, options=Options(min_checkworthiness=cut))
    assert [c.checkworthiness.score for c in kept.claims] == [scores[1]]
    assert "Unemployment" in kept.claims[0].span.text
