"""How the accurate profile cuts text into encoder inputs; shared by training and run time.

Nothing here needs torch or onnxruntime: word pieces come from ``tokenizers`` and every input
carries the character offsets of its pieces into the text it came from.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from claimmap.text import add_trimmed

MAX_LEN = 128
WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_STOP = frozenset((
    "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "but", "is", "are", "was",
    "were", "be", "been", "by", "with", "at", "from", "as", "that", "this", "it", "its", "his",
    "her", "their", "they", "he", "she", "we", "you", "i", "not", "no", "has", "have", "had",
    "will", "would", "can", "could", "said", "says", "after", "over", "into", "about", "than",
    "more", "most", "new", "who", "what", "which",
))


@dataclasses.dataclass(frozen=True, slots=True)
class Piece:
    """One encoder input: word-piece ids with [CLS]/[SEP], and each piece's character range
    in the source text ((0, 0) for the special pieces)."""

    ids: tuple[int, ...]
    offsets: tuple[tuple[int, int], ...]
    types: tuple[int, ...] = ()


def _encoding_piece(encoding: Any, shift: int) -> Piece:
    offsets = tuple((0, 0) if s == e else (s + shift, e + shift) for s, e in encoding.offsets)
    return Piece(tuple(encoding.ids), offsets, tuple(encoding.type_ids))


def line_ranges(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end), whitespace trimmed."""
    out: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        add_trimmed(text, match.start(), match.end(), out)
    return out


def segments(text: str, cuts: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The non-blank lines of ``text``, cut at the edges of each range in ``cuts`` (claim
    sentences), whitespace trimmed: every cut range lying within a line becomes an encoder
    input of its own, the same input as the sentence read alone."""
    edges = sorted({p for s, e in cuts for p in (s, e)})
    out: list[tuple[int, int]] = []
    for start, end in line_ranges(text):
        inner = [p for p in edges[bisect.bisect_right(edges, start):] if p < end]
        for s, e in zip([start, *inner], [*inner, end], strict=True):
            add_trimmed(text, s, e, out)
    return out


def window(piece: Piece, first: int, last: int, cls: int, sep: int) -> Piece:
    """The inner pieces ``first..last`` (1-based, inclusive) wrapped in [CLS] ... [SEP]."""
    ids = (cls, *piece.ids[first:last + 1], sep)
    offsets = ((0, 0), *piece.offsets[first:last + 1], (0, 0))
    return Piece(ids, offsets, (0,) * len(ids))


def chunk(piece: Piece, cls: int, sep: int, max_len: int = MAX_LEN) -> list[Piece]:
    """A line's encoding cut into windows of at most ``max_len`` pieces, never mid-word
    when a word boundary lies within the last quarter of the window."""
    inner = len(piece.ids) - 2
    room = max_len - 2
    if inner <= room:
        return [piece]
    out = []
    first = 1
    while first <= inner:
        last = min(first + room - 1, inner)
        if last < inner:
            cut = last
            # Back off to a piece that starts a new word (its start is not its left's end).
            while (cut > first + room * 3 // 4
                   and piece.offsets[cut + 1][0] == piece.offsets[cut][1]):
                cut -= 1
            last = cut
        out.append(window(piece, first, last, cls, sep))
        first = last + 1
    return out


def encode_lines(tokenizer: Any, text: str, ranges: Sequence[tuple[int, int]] | None = None,
                 max_len: int = MAX_LEN) -> list[Piece]:
    """Every line (or given range) of ``text`` as encoder windows, in text order."""
    ranges = line_ranges(text) if ranges is None else list(ranges)
    if not ranges:
        return []
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    encodings = tokenizer.encode_batch([text[s:e] for s, e in ranges])
    out: list[Piece] = []
    for (start, _), encoding in zip(ranges, encodings, strict=True):
        out.extend(chunk(_encoding_piece(encoding, start), cls, sep, max_len))
    return out


def runs_to_spans(text: str, offsets: Sequence[tuple[int, int]], inside: Sequence[bool],
                  gap: int = 1) -> list[tuple[int, int]]:
    """Character spans of the runs of inside pieces; runs ``gap`` pieces apart are joined and
    each span is widened to whole words."""
    spans: list[tuple[int, int]] = []
    run: list[int] = []
    last_inside = -10
    for i, ((s, e), flag) in enumerate(zip(offsets, inside, strict=True)):
        if s == e or not flag:
            continue
        if run and i - last_inside > gap + 1:
            spans.append((offsets[run[0]][0], offsets[run[-1]][1]))
            run = []
        run.append(i)
        last_inside = i
    if run:
        spans.append((offsets[run[0]][0], offsets[run[-1]][1]))
    widened = []
    for s, e in spans:
        while s > 0 and (text[s - 1].isalnum() or text[s - 1] == "'"):
            s -= 1
        while e < len(text) and text[e].isalnum():
            e += 1
        widened.append((s, e))
    return widened


# ---- technique classification: the span in its line(s), and a few article-level features

def span_window(text: str, start: int, end: int) -> tuple[int, int]:
    """The lines that hold [start, end)."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right < 0 else right


def tc_piece(tokenizer: Any, text: str, start: int, end: int,
             max_len: int = MAX_LEN) -> tuple[Piece, list[float]]:
    """The encoder input for a span (its line(s), cropped round the span) and the span mask."""
    left, right = span_window(text, start, end)
    encoding = tokenizer.encode(text[left:right])
    piece = _encoding_piece(encoding, left)
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    inner = len(piece.ids) - 2
    inside = [i for i in range(1, inner + 1)
              if piece.offsets[i][0] < end and piece.offsets[i][1] > start]
    room = max_len - 2
    if inner > room:
        lo, hi = (inside[0], inside[-1]) if inside else (1, 1)
        if hi - lo + 1 >= room:
            first, last = lo, lo + room - 1
        else:
            spare = room - (hi - lo + 1)
            first = max(1, lo - spare // 2)
            last = min(inner, first + room - 1)
            first = max(1, last - room + 1)
        piece = window(piece, first, last, cls, sep)
    mask = [1.0 if s != e and s < end and e > start else 0.0 for s, e in piece.offsets]
    return piece, mask


def tc_features(text: str, start: int, end: int, counts: Counter[str] | None = None
                ) -> list[float]:
    """Repetition and shape of a span: how often its text recurs in the article, the share of
    its words that recur, its length, whether it is a whole line."""
    fragment = text[start:end].strip().lower()
    repeats = text.lower().count(fragment) - 1 if fragment else 0
    counts = counts if counts is not None else Counter(w.lower() for w in WORD.findall(text))
    words = [w.lower() for w in WORD.findall(fragment) if w.lower() not in _STOP]
    recurring = sum(counts[w] > 1 for w in words) / len(words) if words else 0.0
    left, right = span_window(text, start, end)
    whole = float(text[left:right].strip().lower() == fragment)
    return [math.log1p(max(repeats, 0)), recurring, math.log1p(end - start) / 5.0, whole]


# ---- stance: the headline against the body sentences most related to it

def sentences(body: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(body):
        if body[start:match.start()].strip():
            out.append((start, match.start()))
        start = match.end()
    if body[start:].strip():
        out.append((start, len(body)))
    return out


def _content(text: str) -> set[str]:
    return {w for w in (m.lower() for m in WORD.findall(text)) if w not in _STOP and len(w) > 2}


def evidence(headline: str, body: str, k: int = 3) -> list[tuple[int, int]]:
    """The ``k`` body sentences sharing most headline words (ties: earlier first), in body
    order; the first sentence when none shares a word."""
    wanted = _content(headline)
    ranges = sentences(body)
    if not ranges:
        return []
    scored = []
    for i, (s, e) in enumerate(ranges):
        words = _content(body[s:e])
        shared = len(wanted & words)
        scored.append((-(shared / math.sqrt(len(words) + 1.0)), i))
    best = sorted(i for score, i in sorted(scored)[:k] if score < 0) or [0]
    return [ranges[i] for i in best]


def stance_piece(tokenizer: Any, headline: str, body: str, max_len: int = MAX_LEN) -> Piece:
    chosen = " ".join(body[s:e].strip() for s, e in evidence(headline, body))
    encoding = tokenizer.encode(headline.strip(), chosen)
    ids, types = list(encoding.ids), list(encoding.type_ids)
    if len(ids) > max_len:
        ids = [*ids[:max_len - 1], tokenizer.token_to_id("[SEP]")]
        types = types[:max_len]
    return Piece(tuple(ids), ((0, 0),) * len(ids), tuple(types))
