from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.attribution.quotes import find_quote_marks


def inner(text: str) -> list[str]:
    return [text[q.inner_start:q.inner_end] for q in find_quote_marks(text)]


@pytest.mark.parametrize("text,expected", [
    ('He said "the port is closed" today.', ["the port is closed"]),
    ("He said “the port is closed” today.", ["the port is closed"]),
    ("Er sagte „der Hafen ist zu“ heute.", ["der Hafen ist zu"]),
    ("Il a dit « le port est fermé » hier.", [" le port est fermé "]),
    ("Han sa »havnen er stengt« i dag.", ["havnen er stengt"]),
])
def test_quotes_all_mark_styles(text: str, expected: list[str]) -> None:
    assert inner(text) == expected


def test_quotes_nested_single_quotes_stay_inside() -> None:
    text = "“They told us ‘wait’ and we waited,” she said."
    assert inner(text) == ["They told us ‘wait’ and we waited,"]


def test_quotes_unbalanced_opener_ends_at_paragraph() -> None:
    text = "“This never closes, he said.\n\nNext paragraph “is fine” here."
    quotes = find_quote_marks(text)
    assert [q.closed for q in quotes] == [False, True]
    assert text[quotes[0].inner_start:quotes[0].inner_end] == "This never closes, he said."


def test_quotes_run_over_paragraphs_when_reopened() -> None:
    text = "“First part of the speech.\n\n“Second part,” the minister said."
    [quote] = find_quote_marks(text)
    assert quote.paragraph_continued and quote.closed
    assert text[quote.start:quote.end].endswith("Second part,”")


def test_quotes_stray_closer_and_bullets_do_not_crash() -> None:
    assert inner("» item one\n» item two\nplain ” text") == []


def test_quotes_apostrophes_and_inch_marks_are_not_quotes() -> None:
    assert inner("It's the union's call, a 5\" pipe, O'Neill's view.") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab \n"“”„«»‘’.,')), max_size=200))
def test_quotes_never_raise_and_never_overlap(text: str) -> None:
    quotes = find_quote_marks(text)
    last_end = 0
    for quote in quotes:
        assert 0 <= quote.start < quote.inner_start <= quote.inner_end <= quote.end <= len(text)
        assert quote.start >= last_end
        last_end = quote.end


def test_quotes_mixed_straight_and_curly_marks_pair() -> None:
    # An editor's straight mark beside a curly one: each quotation still ends at its own
    # closer, so the cue between them ("he added") is outside both.
    text = '"We will rebuild the pier,” he added. “It takes a year," said Ms. Varga.'
    mixed = [text[q.inner_start:q.inner_end] for q in find_quote_marks(text, mixed=True)]
    assert mixed == ["We will rebuild the pier,", "It takes a year,"]
    # The default (what the rules and the tagger's features read) pairs like with like.
    assert inner(text) == ["We will rebuild the pier,” he added. “It takes a year,"]


def test_quotes_straight_mark_inside_curly_quote_does_not_close() -> None:
    # A straight mark opening a word, or an inch mark, inside “…” is no closer.
    text = "“A 5\" pipe burst near \"the old dock,\" the crew said,” Hale wrote."
    [quote] = find_quote_marks(text, mixed=True)
    assert text[quote.inner_start:quote.inner_end] == \
        'A 5" pipe burst near "the old dock," the crew said,'
