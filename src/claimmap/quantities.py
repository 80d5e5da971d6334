"""Shared figure knowledge: how a number is written, the bound words before it, what a figure
counts, and whether two figures can both be true.

Pure Python (no spaCy). Three readers use it, each with its own policy: the claims stage
reads quantities off spaCy tokens (`claims/quantities.py`), the disputes stage off raw text
(`disputes/quantities.py`), and claim tracking compares the figures stored with claims
across articles (`corpus/tracking/`). The words, the values, the bound phrases, the topics
and the comparison live here once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from claimmap.types import QuantityBound

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
}
# Plural vague amounts ("dozens of", "thousands of"): the least they can mean.
VAGUE_AMOUNTS: dict[str, float] = {"dozens": 24.0, "scores": 40.0, "hundreds": 200.0,
                                   "thousands": 2000.0, "millions": 2e6, "billions": 2e9}
SCALES: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                            "bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3}
CURRENCY_SIGNS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
# The words before a number that bound it. Matched longest first, so "no more than" is not
# "more than" and "just over" is not "over".
BOUNDS: tuple[tuple[tuple[str, ...], QuantityBound], ...] = (
    (("at", "least"), "at_least"), (("more", "than"), "at_least"),
    (("no", "fewer", "than"), "at_least"), (("no", "less", "than"), "at_least"),
    (("upwards", "of"), "at_least"), (("in", "excess", "of"), "at_least"),
    (("over",), "at_least"), (("above",), "at_least"), (("a", "minimum", "of"), "at_least"),
    (("at", "most"), "at_most"), (("up", "to"), "at_most"), (("less", "than"), "at_most"),
    (("fewer", "than"), "at_most"), (("no", "more", "than"), "at_most"),
    (("as", "many", "as"), "at_most"), (("under",), "at_most"), (("below",), "at_most"),
    (("a", "maximum", "of"), "at_most"), (("as", "much", "as"), "at_most"),
    (("about",), "approx"), (("around",), "approx"), (("approximately",), "approx"),
    (("roughly",), "approx"), (("nearly",), "approx"), (("almost",), "approx"),
    (("some",), "approx"), (("an", "estimated"), "approx"), (("estimated",), "approx"),
    (("close", "to"), "approx"), (("just", "under"), "approx"), (("just", "over"), "approx"),
    (("circa",), "approx"), (("c.",), "approx"),
)
LONGEST_BOUNDS_FIRST = tuple(sorted(BOUNDS, key=lambda pb: -len(" ".join(pb[0]))))

_NUMERIC = re.compile(r"^[$€£¥]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[$€£¥]?\d+(?:\.\d+)?$")
_SUFFIXED = re.compile(r"^([$€£¥]?)(\d+(?:\.\d+)?)(bn|mn|m|k|%)$", re.IGNORECASE)


def number_value(written: str) -> float | None:
    """The value of one written number ("12,000", "3.5", "$2bn", "40%", "twelve",
    "twenty-five"), or None when it is not one."""
    text = written.lower()
    if _NUMERIC.match(text):
        return float(text.lstrip("$€£¥").replace(",", ""))
    suffixed = _SUFFIXED.match(text)
    if suffixed:
        scale = 1.0 if suffixed.group(3) == "%" else SCALES[suffixed.group(3).lower()]
        return float(suffixed.group(2)) * scale
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    if "-" in text:
        parts = text.split("-")
        if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
            return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]])
    return None


def bound_phrases(words: Sequence[str]) -> Iterator[tuple[QuantityBound, int]]:
    """Each bound phrase that ``words`` (lower case, the words just before a number) end
    with, longest first, with its length in words."""
    for phrase, bound in LONGEST_BOUNDS_FIRST:
        n = len(phrase)
        if len(words) >= n and tuple(words[-n:]) == phrase:
            yield bound, n


# --- what a figure counts ----------------------------------------------------------------


def _words(spaced: str) -> list[str]:
    return spaced.split()


# Words near a figure that say what is counted, so that "12 soldiers confirmed dead" and "at
# least 40 troops killed" are one quantity.
TOPICS: dict[str, frozenset[str]] = {
    "deaths": frozenset(_words("dead killed died deaths death fatalities perished toll lives "
                               "killing fatal")),
    "injuries": frozenset(_words("injured wounded hurt injuries hospitalised hospitalized")),
    "arrests": frozenset(_words("arrested detained arrests detentions jailed")),
    "displaced": frozenset(_words("evacuated displaced homeless fled refugees evacuees")),
    "crowd": frozenset(_words("protesters demonstrators marched crowd turnout attended "
                              "rallied attendees marchers participants")),
    "jobs": frozenset(_words("jobs layoffs redundancies workers employees staff")),
    "votes": frozenset(_words("votes voters ballots")),
    "homes": frozenset(_words("homes houses buildings properties")),
}
CURRENCY_NAMES = frozenset(_words("dollars dollar euros euro pounds pound usd eur gbp yen yuan "
                                  "rupees francs"))
# Nouns a sum of money is counted in without a currency: "a 40 million budget".
SPENDING_WORDS = frozenset(_words("budget cost costs spent funding paid"))
_LETTERS = re.compile(r"[^\W\d_]+")
# "laid off" names job losses; "laid" alone ("laid siege", "laid plans") does not.
_LAID_OFF = re.compile(r"\blaid\s+off\b")


def topic_words(text: str) -> set[str]:
    """The lower-case words of ``text`` that :func:`topic_of` reads."""
    lowered = text.lower()
    words = set(_LETTERS.findall(lowered))
    if _LAID_OFF.search(lowered):
        words.add("layoffs")
    return words


def topic_of(words: Iterable[str], unit: str | None = None, *, currency: bool = False,
             percent: bool = False) -> str:
    """What a figure counts: ``percent``, ``money``, one of :data:`TOPICS`, ``unit:<noun>``
    (the noun it counts, singular) or ``""`` (nothing to compare it by).

    ``words`` are the words around the figure (:func:`topic_words`), ``unit`` the noun or
    unit it counts; ``currency`` and ``percent`` say a sign was written with it.
    """
    unit_l = (unit or "").lower()
    if percent or unit_l in ("percent", "%"):
        return "percent"
    if currency or unit_l in CURRENCY_NAMES or unit_l in SPENDING_WORDS:
        return "money"
    near = set(words) | {unit_l}
    for topic, cues in TOPICS.items():
        if near & cues:
            return topic
    return f"unit:{unit_l.rstrip('s')}" if unit_l else ""


# --- whether two figures can both be true --------------------------------------------------


class Figure(Protocol):
    """What comparing two figures needs of them."""

    @property
    def value(self) -> float: ...
    @property
    def bound(self) -> str: ...
    @property
    def topic(self) -> str: ...


def interval(figure: Figure) -> tuple[float, float]:
    """The values a figure allows: an exact figure one value, "about" 15 % either way."""
    if figure.bound == "at_least":
        return figure.value, float("inf")
    if figure.bound == "at_most":
        return 0.0, figure.value
    if figure.bound == "approx":
        return 0.85 * figure.value, 1.15 * figure.value
    return figure.value, figure.value


def clash(a: Figure, b: Figure, tolerance: float = 0.1) -> float:
    """0 when both figures can hold (or they count different things); otherwise how far
    apart they are, in (0, 1]."""
    if not a.topic or a.topic != b.topic:
        return 0.0
    lo_a, hi_a = interval(a)
    lo_b, hi_b = interval(b)
    if lo_b <= hi_a * (1 + tolerance) and lo_a * (1 - tolerance) <= hi_b:
        return 0.0
    low, high = (hi_a, lo_b) if hi_a < lo_b else (hi_b, lo_a)
    return min(1.0, (high - low) / max(high, 1e-9))
