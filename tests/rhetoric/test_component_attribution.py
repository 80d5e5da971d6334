"""Whose rhetoric is it: spans inside a quote go to its speaker; captions are skipped."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from claimmap.rhetoric.component import drop_nested_repeats, find_techniques, owning_quote
from claimmap.rhetoric.model import SiParams, label_spans, load_model
from claimmap.rhetoric.text import TECHNIQUES
from claimmap.types import Quote, Speaker, TextSpan


def quote(qid: str, start: int, end: int, actor: str | None) -> Quote:
    return Quote(id=qid, kind="indirect", content=TextSpan(start, end, ""), cue=None,
                 cue_class="say", speaker=Speaker(actor, None))


def test_component_owning_quote_needs_most_of_the_span() -> None:
    quotes = [quote("q1", 10, 50, "actor_a"), quote("q2", 60, 90, None)]
    assert getattr(owning_quote((20, 30), quotes), "id", None) == "q1"
    assert owning_quote((45, 70), quotes) is None  # a quarter in q1, half in q2
    assert getattr(owning_quote((55, 75), quotes), "id", None) == "q2"
    assert owning_quote((0, 8), quotes) is None


def test_component_nested_same_technique_keeps_tighter_span() -> None:
    found = [(0, 40, "Loaded_Language", 0.5), (10, 18, "Loaded_Language", 0.7),
             (0, 40, "Doubt", 0.4)]
    assert drop_nested_repeats(found) == [(10, 18, "Loaded_Language", 0.7),
                                          (0, 40, "Doubt", 0.4)]


def test_component_label_spans_gives_duplicates_next_label() -> None:
    probs = np.array([[0.1, 0.7, 0.2], [0.1, 0.7, 0.2], [0.6, 0.3, 0.1]], dtype=np.float32)
    spans = [(0, 5), (0, 5), (6, 9)]
    labels = label_spans(probs, spans, ("A", "B", "C"))
    assert [label for label, _ in labels] == ["B", "C", "A"]


def test_component_captions_are_skipped() -> None:
    model = load_model()
    text = ("The corrupt, cowardly traitors in the capital want to destroy our great nation!\n"
            "The corrupt, cowardly traitors in the capital want to destroy our great nation!\n")
    found = find_techniques(text, model)
    assert found, "an all-caps, loaded sentence should give at least one span"
    second = text.index("\n") + 1
    skipped = find_techniques(text, model, skip=[[second, len(text)]])
    assert skipped and all(end <= second for _, end, _, _ in skipped)
    for start, end, technique, score in found:
        assert technique in TECHNIQUES
        assert 0.0 <= score <= 1.0
        assert 0 <= start < end <= len(text)


def test_component_thresholds_trade_recall() -> None:
    model = load_model()
    from claimmap.rhetoric.context import ArticleContext

    ctx = ArticleContext.of("Only a fool would trust these liars and their shameful, "
                            "disgusting lies about the so-called reform.")
    loose = model.find_spans(ctx, SiParams(token_threshold=0.05, sentence_threshold=0.99))
    strict = model.find_spans(ctx, SiParams(token_threshold=0.95, sentence_threshold=0.99))
    covered = sum(e - s for s, e, _ in loose)
    assert covered >= sum(e - s for s, e, _ in strict)
    assert covered > 0


@pytest.mark.slow
def test_component_bundled_example_shows_the_union_leaders_rhetoric(nlp: Any) -> None:
    # The quick start's article: its rhetoric is in the quotes, Berg's rally speech above
    # all, so every technique belongs to a speaker and most to him; none is the author's.
    from pathlib import Path

    import claimmap
    from claimmap.api import analyze

    path = Path(claimmap.__file__).resolve().parent / "examples" / "harbour-strike.txt"
    cm = analyze(path.read_text(encoding="utf-8"), nlp=nlp)
    berg = [a.id for a in cm.actors if a.name == "Tomas Berg"]
    assert berg and cm.techniques
    assert all(t.actor_id is not None for t in cm.techniques)
    assert sum(t.actor_id in berg for t in cm.techniques) > len(cm.techniques) / 2
    assert any(t.technique == "Loaded_Language" and t.span.text == "smear"
               for t in cm.techniques)
