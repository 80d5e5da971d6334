"""Per-article context both stages need: sentences, their tokens, normalised text."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence

from claimmap.rhetoric.text import Token, normalise, sentences, tokenize, with_pos


@dataclasses.dataclass(slots=True)
class ArticleContext:
    text: str
    sentences: list[tuple[int, int]]
    tokens: list[list[Token]]
    _starts: list[int]
    _norm: str

    @classmethod
    def of(cls, text: str, tagged: Sequence[tuple[int, str]] = ()) -> ArticleContext:
        """``tagged``: (start offset, coarse POS) of spaCy's tokens, sorted, when parsed."""
        sents = sentences(text)
        return cls(text, sents, [with_pos(tokenize(text, s, e), tagged) for s, e in sents],
                   [s for s, _ in sents], f" {normalise(text)} ")

    def sentence_index(self, offset: int) -> int:
        """The sentence holding ``offset`` (or the nearest one before it)."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def window(self, start: int, end: int) -> tuple[tuple[int, int], list[Token]]:
        """The sentence range around ``[start, end)`` and its tokens (several sentences
        when the span crosses a boundary)."""
        first = self.sentence_index(start)
        last = max(first, self.sentence_index(max(start, end - 1)))
        rng = (min(self.sentences[first][0], start) if self.sentences else start,
               max(self.sentences[last][1], end) if self.sentences else end)
        toks = [t for i in range(first, last + 1) if i < len(self.tokens) for t in self.tokens[i]]
        return rng, toks

    def repeats(self, start: int, end: int) -> tuple[int, int]:
        """How often the normalised span occurs in the article (at least once), and how
        often before ``start``."""
        norm = normalise(self.text[start:end])
        if not norm:
            return 1, 0
        needle = f" {norm} "
        earlier = f" {normalise(self.text[:start])} ".count(needle) if start else 0
        return max(1, self._norm.count(needle)), earlier
