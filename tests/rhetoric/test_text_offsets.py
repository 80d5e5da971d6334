"""Tokens and sentences of the rhetoric stage always point at the text they claim."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.text import normalise, sentences, tokenize, with_pos


@given(st.text(max_size=300))
def test_text_offsets_match_for_any_text(text: str) -> None:
    for start, end in sentences(text):
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for token in tokenize(text, start, end):
            assert text[token.start:token.end] == token.text
            assert start <= token.start < token.end <= end


def test_text_sentences_split_lines_and_full_stops() -> None:
    text = "Mayor Lindqvist resigned. Critics cheered!\nThe port reopened on Monday."
    found = [text[s:e] for s, e in sentences(text)]
    assert found == ["Mayor Lindqvist resigned.", "Critics cheered!",
                     "The port reopened on Monday."]


def test_text_normalise_matches_inflected_repeats() -> None:
    assert normalise("The Traitors!") == normalise("traitor")
    assert normalise("the of and") == ""


def test_text_pos_taken_from_covering_token() -> None:
    text = "Greedy bankers won't stop."
    tokens = with_pos(tokenize(text), [(0, "ADJ"), (7, "NOUN"), (15, "AUX"), (18, "PART"),
                                       (21, "VERB"), (25, "PUNCT")])
    assert [(t.text, t.pos) for t in tokens] == [
        ("Greedy", "ADJ"), ("bankers", "NOUN"), ("won't", "AUX"), ("stop", "VERB"),
        (".", "PUNCT")]


def test_text_repeats_count_earlier_occurrences() -> None:
    text = "Stop the steal. They said it again: stop the steal! And once more, stop the steal."
    ctx = ArticleContext.of(text)
    last = text.rindex("stop the steal")
    assert ctx.repeats(last, last + len("stop the steal")) == (3, 2)
    assert ctx.repeats(0, 4) == (3, 0)
