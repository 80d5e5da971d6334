"""Tokens, sentences and span normalisation shared by training and run time.

Our own regex tokenizer rather than spaCy's: training then needs no parse, and the features a
model saw in training are exactly the ones it sees at run time.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from claimmap.text import PROSE, sentence_spans

TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
QUOTE_CHARS = frozenset("\"“”‘’«»")
STOP_WORDS = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or",
    "but", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that",
    "these", "those", "as", "into", "than", "then", "so", "such"))


class Token(NamedTuple):
    start: int
    end: int
    text: str
    # Coarse part of speech from the spaCy token that holds this one ("" when unknown).
    pos: str = ""


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word and punctuation tokens of ``text[start:end]`` with offsets into ``text``."""
    stop = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, stop)]


def tokens_within(tokens: Sequence[Token], start: int, end: int) -> list[Token]:
    """The tokens lying wholly inside ``[start, end)``."""
    return [t for t in tokens if t.start >= start and t.end <= end]


def with_pos(tokens: list[Token], tagged: Sequence[tuple[int, str]],
             starts: Sequence[int] | None = None) -> list[Token]:
    """Give each token the part of speech of the tagged token (start offset, POS) holding
    its first character; ``tagged`` is sorted by offset. ``starts`` (the offsets of
    ``tagged``) saves rebuilding them for each sentence of one article."""
    if not tagged:
        return tokens
    if starts is None:
        starts = [start for start, _ in tagged]
    out = []
    find = bisect.bisect_right
    for start, end, text, _ in tokens:
        k = find(starts, start) - 1
        # A new Token, not ``_replace``: the same tuple, without its per-call field mapping.
        out.append(Token(start, end, text, tagged[k][1] if k >= 0 else ""))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank sentence, whitespace trimmed (the prose rule)."""
    return sentence_spans(text, PROSE)


def normalised_words(fragment: str) -> list[tuple[int, str]]:
    """(offset, word) of the content words, lower-cased, crude suffixes stripped: repeats of
    a phrase match even when inflected ("attacks"/"attack")."""
    words = []
    for match in _TOKEN.finditer(fragment):
        token = match.group().lower()
        if not token[0].isalnum() or token in STOP_WORDS:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if len(token) > len(suffix) + 3 and token.endswith(suffix):
                token = token[: -len(suffix)]
                break
        words.append((match.start(), token))
    return words


@functools.lru_cache(maxsize=8192)
def normalise(fragment: str) -> str:
    # Cached: technique classification normalises each candidate span four times over.
    return " ".join(word for _, word in normalised_words(fragment))


def word_shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "UP"
    if word[:1].isupper():
        return "Tt"
    if word.isdigit():
        return "D"
    if word.isalpha():
        return "a"
    return "p" if not word[:1].isalnum() else "x"
