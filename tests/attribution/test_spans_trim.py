"""Character ranges are trimmed of every kind of space and dangling punctuation."""

from __future__ import annotations

from claimmap.attribution.spans import trim


def test_spans_trim_strips_no_break_and_other_unicode_spaces() -> None:
    text = "\u00a0it\u00a0, \u2009said\u202f"
    start, end = trim(text, 0, len(text))
    assert text[start:end] == "it\u00a0, \u2009said"
    assert trim(text, 0, 1) == (1, 1)
