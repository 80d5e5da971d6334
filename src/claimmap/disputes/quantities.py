"""Figures in raw text, as the numeric-conflict rules read them.

The words, values, bound phrases, topics and the comparison are the shared ones of
:mod:`claimmap.quantities`. What is ours is reading them off text that has no parse: a number
(digits or a word) with its scale and sign, the bound phrase just before it, the noun after
it, and the topic of its clause, so that "12 soldiers confirmed dead" and "at least 40
Russians killed" count as the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimmap.quantities import (
    LONGEST_BOUNDS_FIRST,
    NUMBER_WORDS,
    SCALES,
    VAGUE_AMOUNTS,
    number_value,
    topic_of,
    topic_words,
)

# A bare "thousand" is a scale here ("5 thousand"), never a count on its own; of the vague
# plurals, these three read as their floor value, exactly, so "thousands" and "hundreds" of
# the same thing still clash.
_VAGUE = {word: VAGUE_AMOUNTS[word] for word in ("dozens", "hundreds", "thousands")}
_COUNT_WORDS = [w for w in NUMBER_WORDS if w != "thousand"] + list(_VAGUE)
_NUMBER = re.compile(
    r"(?P<cur>[$€£])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True))
    + r")\b"
    r"(?:\s?(?P<scale>" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b)?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b))?",
    re.IGNORECASE,
)
_BOUND_PHRASES = tuple((" ".join(words), bound) for words, bound in LONGEST_BOUNDS_FIRST)
_YEAR = re.compile(r"(1[89]|20)\d\d")
_STOP = frozenset(
    [
    "the", "a", "an", "of", "in", "on", "at", "by", "to", "and", "or", "was", "were", "have",
    "has", "had", "been", "be", "is", "are", "that", "this", "than", "some", "their", "its",
    "his", "her", "them", "they", "it", "as", "for", "with", "only", "least", "more", "most"
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    value: float
    bound: str
    topic: str
    noun: str


def _value(match: re.Match[str]) -> float:
    raw = match.group("num").lower()
    value = _VAGUE.get(raw) or number_value(raw) or 0.0
    scale = (match.group("scale") or "").lower()
    return value * SCALES.get(scale, 1.0)


def _bound(text: str, start: int) -> tuple[str, int]:
    """The bound the words before a number set, and where those words start."""
    left = max(0, start - 20)
    before = text[left:start].rstrip()
    lowered = before.lower()
    for phrase, bound in _BOUND_PHRASES:
        if lowered.endswith(phrase) and (
            len(lowered) == len(phrase) or not lowered[-len(phrase) - 1].isalpha()
        ):
            return bound, left + len(before) - len(phrase)
    return "exact", start


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Quantities in ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    found: list[Mention] = []
    for match in _NUMBER.finditer(text, start, end):
        num = match.group("num")
        # Years, times and list numbers are not counts of anything.
        if _YEAR.fullmatch(num) and not match.group("cur"):
            continue
        if num.lower() in ("one",) and not match.group("scale"):
            continue
        after = text[match.end() : min(end, match.end() + 40)]
        nouns = [w for w in _WORD.findall(after)[:3] if w.lower() not in _STOP]
        noun = nouns[0].lower().strip("’'") if nouns else ""
        clause = _clause(text, match.start(), match.end(), start, end)
        num_start = match.start("cur") if match.group("cur") else match.start("num")
        bound, bstart = _bound(text, num_start)
        topic = topic_of(topic_words(clause), noun, currency=bool(match.group("cur")),
                         percent=bool(match.group("pct")))
        if not topic:
            continue
        found.append(Mention(max(start, bstart), match.end(), _value(match), bound, topic, noun))
    return found


def _clause(text: str, s: int, e: int, lo: int, hi: int) -> str:
    left = max(lo, s - 60)
    right = min(hi, e + 80)
    window = text[left:right]
    # Stop at clause breaks so a neighbouring figure's topic does not leak in.
    rel_s, rel_e = s - left, e - left
    cut_left = max(
        (
            m.end()
            for m in re.finditer(r"[;:.!?]|,\s(?:but|though|while|whereas)\b", window[:rel_s])
        ),
        default=0,
    )
    tail = re.search(r"[;.!?]|,\s(?:but|though|while|whereas)\b", window[rel_e:])
    cut_right = rel_e + tail.start() if tail else len(window)
    return window[cut_left:cut_right]
