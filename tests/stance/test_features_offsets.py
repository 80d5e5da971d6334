from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimmap.stance.features import content_tokens, cosine, sentence_spans, tokens


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n“”'’ZQ")), max_size=200))
def test_features_sentence_spans_match_text(text: str) -> None:
    spans = sentence_spans(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        last = end


def test_features_sentences_split_at_stops_and_lines() -> None:
    text = "The dam held. Engineers were relieved!\nA second line"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "The dam held.", "Engineers were relieved!", "A second line"]


def test_features_tokens_fold_curly_apostrophes() -> None:
    assert tokens("It isn’t TRUE") == ["it", "isn't", "true"]
    assert content_tokens("The mayor denied the report") == ["mayor", "denied", "report"]


def test_features_cosine_is_symmetric_and_bounded() -> None:
    a = {0: 0.6, 1: 0.8}
    b = {1: 1.0}
    assert cosine(a, b) == cosine(b, a) == 0.8
    assert cosine(a, {}) == 0.0
