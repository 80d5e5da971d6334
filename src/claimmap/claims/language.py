"""A cheap check that a text is English: the share of its words that are English stopwords.

English prose runs at 40-55% stopwords; other languages written in Latin script share only
a few short words with English ("a", "in", "an"). Short texts and number tables are not judged.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

MIN_WORDS = 20
MIN_RATIO = 0.18
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def stopword_ratio(text: str) -> tuple[float, int]:
    """Share of words that are English stopwords, and the number of words read."""
    words = [w.lower() for w in _WORD.findall(text[:200_000])]
    if not words:
        return 0.0, 0
    return sum(1 for w in words if w in STOP_WORDS) / len(words), len(words)


def latin_share(text: str) -> tuple[float, int]:
    """Share of letters that are ASCII, and the number of letters read."""
    letters = [c for c in text[:200_000] if c.isalpha()]
    if not letters:
        return 1.0, 0
    return sum(1 for c in letters if c.isascii()) / len(letters), len(letters)


def not_english_note(text: str) -> str | None:
    """A note for the ClaimMap when ``text`` does not look like English, else None."""
    # Scripts without spaces between words (Chinese, Japanese) give few "words" to count.
    share, n_letters = latin_share(text)
    if n_letters >= 40 and share < 0.5:
        return (f"text does not look like English (only {share:.0%} of its letters are "
                "Latin); claims, certainty and check-worthiness assume English and may be "
                "unreliable")
    ratio, n_words = stopword_ratio(text)
    if n_words < MIN_WORDS or ratio >= MIN_RATIO:
        return None
    return (f"text does not look like English ({ratio:.0%} English stopwords among "
            f"{n_words} words); claims, certainty and check-worthiness assume English and "
            "may be unreliable")
