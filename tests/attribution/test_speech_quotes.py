"""Quotation marks as the attribution rules read them: single-quoted speech, one quote per
paragraph, apostrophes never opening or closing anything."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.attribution.quotes import speech_quotes


def texts(text: str) -> list[str]:
    return [text[q.start:q.end] for q in speech_quotes(text)]


def test_speech_quotes_single_quoted_speech_counts() -> None:
    text = "'We will appeal,' the club's lawyer told reporters. 'It is not over.'"
    assert texts(text) == ["'We will appeal,'", "'It is not over.'"]


def test_speech_quotes_curly_single_quotes_and_called_an_insult() -> None:
    text = "Ferrer called the remarks ‘an insult.’ He left."
    assert texts(text) == ["‘an insult.’"]


def test_speech_quotes_apostrophes_are_not_quotes() -> None:
    text = "The workers' union said the parents' group and Ortiz's staff agreed it's done."
    assert texts(text) == []


def test_speech_quotes_plural_possessive_inside_single_quotes() -> None:
    text = "'The nurses' pay has fallen for years,' said Paz."
    assert texts(text) == ["'The nurses' pay has fallen for years,'"]


def test_speech_quotes_two_apostrophes_are_a_double_quote() -> None:
    text = "Mr. Trump said, ''She lies about everything,'' and left."
    [quote] = speech_quotes(text)
    assert text[quote.start:quote.end] == "''She lies about everything,''"
    assert text[quote.inner_start:quote.inner_end] == "She lies about everything,"


def test_speech_quotes_one_quote_per_paragraph() -> None:
    text = ("“The hall was the heart of this town. Traders sold goods under that roof.\n\n"
            "“Nobody will be left without a place to work.”")
    pieces = speech_quotes(text)
    assert [text[q.start:q.end] for q in pieces] == [
        "“The hall was the heart of this town. Traders sold goods under that roof.",
        "“Nobody will be left without a place to work.”"]
    assert all(q.closed for q in pieces)


def test_speech_quotes_single_quotes_inside_double_stay_nested() -> None:
    text = "“They told us ‘wait here,’ and we waited,” she said."
    assert texts(text) == ["“They told us ‘wait here,’ and we waited,”"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab '‘’\"“”\n,.", max_size=300))
def test_speech_quotes_never_overlap_and_stay_in_range(text: str) -> None:
    spans = speech_quotes(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert span.start <= span.inner_start <= span.inner_end <= span.end
        previous_end = span.end
