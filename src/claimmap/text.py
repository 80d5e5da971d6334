"""Shared text knowledge: document keys, character ranges, sentences and holding quotes.

One place for what several stages need to agree on. Pure Python (no spaCy), so the stages,
training scripts and tests all read text the same way.

Sentences: one splitter, :func:`sentence_spans`, with two rules. ``PROSE`` (a sentence ends
at a line break, or after . ! ? and closing quotes before a capital, not after "U.S." or
"Gen.") is what we read news with. ``LOOSE`` (any . ! ? before whitespace) is the rule the
stance model was trained with on FNC-1 bodies; its features must stay exactly what the model
saw, so it keeps its rule.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

Range = tuple[int, int]
T = TypeVar("T")


def doc_key(text: str) -> str:
    """The short key of a document text that every record id of that text is made from."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


# --- character ranges -------------------------------------------------------------------


def overlap(a: Range, b: Range) -> int:
    """How many characters the half-open ranges ``a`` and ``b`` share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def overlaps_any(ranges: Iterable[Range], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in ranges)


def inside_any(ranges: Iterable[Range], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies wholly inside one of ``ranges``."""
    return any(s <= start and end <= e for s, e in ranges)


def innermost(items: Sequence[T], span: Range, extent: Callable[[T], Range]) -> T | None:
    """The smallest item whose extent holds all of ``span`` (the first of equals)."""
    best: T | None = None
    best_size = 0
    for item in items:
        start, end = extent(item)
        if start <= span[0] and span[1] <= end and (best is None or end - start < best_size):
            best, best_size = item, end - start
    return best


def main_holder(items: Sequence[T], span: Range, extent: Callable[[T], Range],
                share: float = 0.5) -> T | None:
    """The item whose extent holds the largest part of ``span``, at least ``share`` of it
    (the last of equals)."""
    best: T | None = None
    best_share = share
    length = max(1, span[1] - span[0])
    for item in items:
        part = overlap(span, extent(item)) / length
        if part >= best_share:
            best, best_share = item, part
    return best


# --- sentences --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentenceRule:
    """Where one sentence ends and the next begins."""

    name: str
    # Matches the gap between two sentences (the whitespace, and closing marks before it).
    gap: re.Pattern[str]
    # Whether "U.S. Army" and "Gen. Smith" keep their sentence whole.
    abbreviations: bool


PROSE = SentenceRule(
    "prose", re.compile(r"\n+|(?<=[.!?])[\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])"), True)
LOOSE = SentenceRule("loose", re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+"), False)

_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Prof|No|vs|Jr|Sr)\.)$")


def _breaks(text: str, rule: SentenceRule, start: int = 0,
            end: int | None = None) -> Iterable[re.Match[str]]:
    stop = len(text) if end is None else end
    for match in rule.gap.finditer(text, start, stop):
        cut = match.start()
        if rule.abbreviations and "\n" not in match.group() and _ABBREVIATION.search(
                text, max(0, cut - 6), cut):
            continue  # "the U.S. Army", "Gen. Smith": not a sentence end
        yield match


def sentence_spans(text: str, rule: SentenceRule = PROSE) -> list[Range]:
    """``(start, end)`` of each non-blank sentence of ``text``, whitespace trimmed."""
    out: list[Range] = []
    pos = 0
    for match in _breaks(text, rule):
        add_trimmed(text, pos, match.start(), out)
        pos = match.end()
    add_trimmed(text, pos, len(text), out)
    return out


def add_trimmed(text: str, start: int, end: int, out: list[Range]) -> None:
    """Append ``text[start:end]``'s range with its edge whitespace trimmed, unless blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def sentence_start(text: str, pos: int, rule: SentenceRule = PROSE) -> int:
    """Where the sentence holding ``pos`` starts (after a line break or a sentence end)."""
    start = text.rfind("\n", 0, pos) + 1
    for match in _breaks(text, rule, start, pos):
        start = match.end()
    return start


def sentence_end(text: str, pos: int, rule: SentenceRule = PROSE) -> int:
    """Where the sentence holding ``pos`` ends: just after its final mark, or at the line
    break."""
    line = text.find("\n", pos)
    line = len(text) if line < 0 else line
    for match in _breaks(text, rule, pos, line):
        return match.start()
    return line


# --- untrusted text in views and keys ------------------------------------------------------

# Bidi embedding, override and isolate controls and the marks: in a terminal or a page they
# reorder the text around them, so article text could make a view read other than it is.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
# Characters that print as nothing: "Ha\u200ble" and "Hale" must be one name.
ZERO_WIDTH = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
INVISIBLE = BIDI_CONTROLS | ZERO_WIDTH
_INVISIBLE_TABLE = dict.fromkeys(map(ord, INVISIBLE))
_ZERO_WIDTH_TABLE = dict.fromkeys(map(ord, ZERO_WIDTH))


_UNSAFE_CLASS = "\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS))


@functools.lru_cache(maxsize=8)
def _unsafe_pattern(keep: str) -> re.Pattern[str]:
    # One compiled class per ``keep``: the scan runs in C, not a Python loop per character.
    unsafe = f"[{_UNSAFE_CLASS}]"
    return re.compile(f"(?![{re.escape(keep)}]){unsafe}" if keep else unsafe)


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` with C0/C1 control characters and bidi controls shown as ``\\uXXXX``, so
    untrusted text cannot drive a terminal or reorder what is shown around it. Characters in
    ``keep`` (say newline and tab, where the layout uses them) stay as they are."""
    return _unsafe_pattern(keep).sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def drop_invisible(text: str) -> str:
    """``text`` without zero-width characters, soft hyphens and bidi controls: for keys that
    must match whatever invisible characters a source slipped into a name."""
    return text.translate(_INVISIBLE_TABLE)


def drop_zero_width(text: str) -> str:
    """``text`` without zero-width characters and soft hyphens (a display name keeps its
    bidi controls, which views escape)."""
    return text.translate(_ZERO_WIDTH_TABLE)
