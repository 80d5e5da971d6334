"""Hostile input over the whole analyse path: any Unicode, bidi and zero-width characters,
controls, very long lines, thousands of quote marks. Analysis either gives a ClaimMap whose
every span indexes the text, or raises one of our own errors; never anything else."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimmap.errors import ClaimmapError, InputError
from claimmap.ingest.html import from_html
from claimmap.ingest.sources import load_bytes
from claimmap.ingest.text import from_text
from claimmap.types import ClaimMap, TextSpan

pytestmark = pytest.mark.slow

BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
CONTROLS = "".join(chr(c) for c in (*range(0, 32), 127, *range(128, 160)))
QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a\u300c\u300d`"
WORDS = ["The", "minister", "said", "told", "reporters", "that", "the", "bridge", "would",
         "open", "in", "May", "Hale", "denied", "it", ",", ".", "according", "to", "police",
         "\u0627\u0644\u0648\u0632\u064a\u0631", "\u05e9\u05e8", "\u4e2d\u6587", "e\u0301"]

hostile_piece = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=BIDI + INVISIBLE + CONTROLS + QUOTES, min_size=1, max_size=6),
    st.text(min_size=1, max_size=8),  # any code point, lone surrogates included
    st.sampled_from([" ", "\n", "\n\n", "\r\n", "\t", "\u2028", "\u2029", "\u00a0"]),
)
hostile_text = st.lists(hostile_piece, min_size=1, max_size=80).map("".join)


def spans(value: Any) -> Iterator[TextSpan]:
    if isinstance(value, TextSpan):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from spans(getattr(value, field.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from spans(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from spans(item)


def assert_spans_index(claim_map: ClaimMap) -> None:
    text = claim_map.article.text
    for span in spans(claim_map):
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start:span.end] == span.text, span


def analyse_or_clear_error(nlp: Language, text: str) -> ClaimMap | None:
    from claimmap.api import analyze

    try:
        claim_map = analyze(text, nlp=nlp)
    except ClaimmapError as err:
        message = str(err)
        assert message and "\n" not in message and "Traceback" not in message
        return None
    assert_spans_index(claim_map)
    return claim_map


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text)
def test_hostile_text_gives_a_claimmap_or_a_clear_error(nlp: Language, text: str) -> None:
    analyse_or_clear_error(nlp, text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=hostile_text, suffix=hostile_text)
def test_hostile_characters_around_a_real_quote_keep_offsets_true(
        nlp: Language, prefix: str, suffix: str) -> None:
    text = prefix + ' "We will rebuild," Hale said. ' + suffix
    analyse_or_clear_error(nlp, text)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400))
def test_hostile_bytes_through_ingest_give_an_article_or_a_clear_error(data: bytes) -> None:
    for suffix in (".txt", ".html", ".json", ".jsonl", ""):
        for loaded in load_bytes(data, name="fuzz", suffix=suffix, max_chars=10_000,
                                 article_id="fuzz"):
            assert (loaded.article is None) != (loaded.error is None)
            if loaded.article is not None:
                assert loaded.article.text.strip()


@settings(max_examples=60, deadline=None)
@given(body=hostile_text)
def test_hostile_html_gives_an_article_or_a_clear_error(body: str) -> None:
    page = f"<html><body><article><p>{body}</p><p>{body[::-1]}</p></article></body></html>"
    try:
        article = from_html(page)
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert article.text.strip()
    for paragraph in article.text.split("\n\n"):
        assert paragraph.strip(" \u00a0\u200b\ufeff\u2060"), repr(article.text)


def test_hostile_long_lines_are_analysed_or_refused_clearly(nlp: Language) -> None:
    megabyte = 1024 * 1024
    # A 1 MB line is over the pipeline's limit: a clear error, before any parsing.
    for text in ("a" * megabyte, ("word " * (megabyte // 5 + 1))[:megabyte]):
        assert analyse_or_clear_error(nlp, text) is None
    # Ingest alone reads a 1 MB line unchanged.
    line = "The ferry ran late. " * (megabyte // 20)
    assert from_text(line).text == line


def test_hostile_ten_thousand_quote_marks_are_quick_and_safe(nlp: Language) -> None:
    import time

    for text in ('"' * 10_000, "\u201c\u201d" * 5_000, "'" * 10_000,
                 ('"' * 10_000).join(["The minister said ", " nothing."])):
        started = time.monotonic()
        assert analyse_or_clear_error(nlp, text) is None  # a run of symbols: refused
        assert time.monotonic() - started < 2
    spaced = '" ' * 10_000
    claim_map = analyse_or_clear_error(nlp, spaced)
    assert claim_map is not None and claim_map.quotes == ()


def test_hostile_unpaired_surrogates_are_a_clear_error(nlp: Language) -> None:
    from claimmap.api import analyze
    from claimmap.errors import DecodeError
    from claimmap.types import Article

    with pytest.raises(DecodeError, match="surrogate"):
        analyze("The minister said \ud800 nothing.", nlp=nlp)
    with pytest.raises(DecodeError, match="surrogate"):
        analyze(Article(id="a", text="Hale said \udfff."), nlp=nlp)
    with pytest.raises(DecodeError, match="surrogate"):
        from_html("<html><body><p>Hale said \ud83d.</p></body></html>")
