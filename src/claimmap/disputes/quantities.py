"""Quantities in text and whether two of them can both be true.

Our own small reader: a number (digits or a word), the bound words before it ("at least",
"about"), the noun after it, and the topic of the clause (deaths, injuries, money...) so that
"12 soldiers confirmed dead" and "at least 40 Russians killed" count as the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
}
_SCALE = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "m": 1e6,
    "k": 1e3,
}
_NUMBER = re.compile(
    r"(?P<cur>[$€£])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")\b"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b))?",
    re.IGNORECASE,
)
_BOUNDS: tuple[tuple[str, str], ...] = (
    ("at least", "at_least"),
    ("more than", "at_least"),
    ("over", "at_least"),
    ("upwards of", "at_least"),
    ("no fewer than", "at_least"),
    ("no less than", "at_least"),
    ("in excess of", "at_least"),
    ("at most", "at_most"),
    ("fewer than", "at_most"),
    ("less than", "at_most"),
    ("up to", "at_most"),
    ("no more than", "at_most"),
    ("under", "at_most"),
    ("about", "approx"),
    ("around", "approx"),
    ("roughly", "approx"),
    ("nearly", "approx"),
    ("almost", "approx"),
    ("approximately", "approx"),
    ("some", "approx"),
    ("an estimated", "approx"),
    ("close to", "approx"),
)
# Clause words that say what is being counted.
TOPICS: dict[str, frozenset[str]] = {
    "deaths": frozenset(
        [
    "dead", "killed", "died", "deaths", "death", "fatalities", "perished", "toll", "lives",
    "killing", "fatal"
        ]
    ),
    "injuries": frozenset(
        ["injured", "wounded", "hurt", "injuries", "hospitalised", "hospitalized"]
    ),
    "arrests": frozenset(["arrested", "detained", "arrests", "detentions", "jailed"]),
    "displaced": frozenset(["evacuated", "displaced", "homeless", "fled", "refugees", "evacuees"]),
    "crowd": frozenset(
        [
    "protesters", "demonstrators", "marched", "crowd", "turnout", "attended", "rallied",
    "attendees", "marchers", "participants"
        ]
    ),
    "jobs": frozenset(["jobs", "layoffs", "redundancies", "laid", "workers", "employees", "staff"]),
    "votes": frozenset(["votes", "voters", "ballots"]),
    "houses": frozenset(["homes", "houses", "buildings", "properties"]),
}
_MONEY = frozenset(
    [
    "dollars", "euros", "pounds", "yuan", "rupees", "francs", "budget", "cost", "costs",
    "spent", "funding", "paid"
    ]
)
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
    raw = match.group("num").lower().replace(",", "")
    value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw)
    scale = (match.group("scale") or "").lower()
    return value * _SCALE.get(scale, 1.0)


def _bound(text: str, start: int) -> tuple[str, int]:
    """The bound the words before a number set, and where those words start."""
    left = max(0, start - 20)
    before = text[left:start].rstrip()
    lowered = before.lower()
    # Longest phrase first: "no more than" is not "more than".
    for phrase, bound in sorted(_BOUNDS, key=lambda pb: -len(pb[0])):
        if lowered.endswith(phrase) and (
            len(lowered) == len(phrase) or not lowered[-len(phrase) - 1].isalpha()
        ):
            return bound, left + len(before) - len(phrase)
    return "exact", start


def topic_of(words: list[str], noun: str, currency: bool, percent: bool) -> str:
    if percent:
        return "percent"
    lowered = {w.lower() for w in words}
    if currency or noun in _MONEY:
        return "money"
    for topic, cues in TOPICS.items():
        if lowered & cues:
            return topic
    return f"noun:{noun.rstrip('s')}" if noun else ""


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Quantities in ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    found: list[Mention] = []
    for match in _NUMBER.finditer(text, start, end):
        num = match.group("num")
        # Years, times and list numbers are not counts of anything.
        if re.fullmatch(r"(1[89]|20)\d\d", num) and not match.group("cur"):
            continue
        if num.lower() in ("one",) and not match.group("scale"):
            continue
        after = text[match.end() : min(end, match.end() + 40)]
        nouns = [w for w in _WORD.findall(after)[:3] if w.lower() not in _STOP]
        noun = nouns[0].lower().strip("’'") if nouns else ""
        clause = _clause(text, match.start(), match.end(), start, end)
        num_start = match.start("cur") if match.group("cur") else match.start("num")
        bound, bstart = _bound(text, num_start)
        topic = topic_of(
            _WORD.findall(clause), noun, bool(match.group("cur")), bool(match.group("pct"))
        )
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


def interval(m: Mention) -> tuple[float, float]:
    if m.bound == "at_least":
        return m.value, float("inf")
    if m.bound == "at_most":
        return 0.0, m.value
    if m.bound == "approx":
        return 0.85 * m.value, 1.15 * m.value
    return m.value, m.value


def conflict(a: Mention, b: Mention, tolerance: float = 0.1) -> float:
    """0 when both can hold; otherwise how far apart they are, in (0, 1]."""
    if a.topic != b.topic:
        return 0.0
    lo_a, hi_a = interval(a)
    lo_b, hi_b = interval(b)
    if lo_b <= hi_a * (1 + tolerance) and lo_a * (1 - tolerance) <= hi_b:
        return 0.0
    low, high = (hi_a, lo_b) if hi_a < lo_b else (hi_b, lo_a)
    return min(1.0, (high - low) / max(high, 1e-9))
