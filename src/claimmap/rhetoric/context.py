"""Per-article context both stages need: sentences, their tokens, normalised text."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence

from claimmap.rhetoric.text import (
    Token,
    normalise,
    normalised_words,
    sentences,
    tokenize,
    with_pos,
)


@dataclasses.dataclass(slots=True)
class ArticleContext:
    text: str
    sentences: list[tuple[int, int]]
    tokens: list[list[Token]]
    _starts: list[int]
    # The article's normalised words (see text.normalise), their offsets in ``text`` and
    # where each starts in ``_norm``; found repeats are cached per phrase.
    _norm: str
    _norm_offsets: list[int]
    _word_at: dict[int, int]
    _found: dict[str, list[int]]

    @classmethod
    def of(cls, text: str, tagged: Sequence[tuple[int, str]] = ()) -> ArticleContext:
        """``tagged``: (start offset, coarse POS) of spaCy's tokens, sorted, when parsed."""
        sents = sentences(text)
        words = normalised_words(text)
        word_at: dict[int, int] = {}
        position = 1
        for i, (_, word) in enumerate(words):
            word_at[position] = i
            position += len(word) + 1
        starts = [start for start, _ in tagged]
        return cls(text, sents, [with_pos(tokenize(text, s, e), tagged, starts)
                                 for s, e in sents],
                   [s for s, _ in sents], " " + " ".join(w for _, w in words) + " ",
                   [offset for offset, _ in words], word_at, {})

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

    def _occurrences(self, norm: str) -> list[int]:
        """Word index of each non-overlapping occurrence of the phrase in the article."""
        found = self._found.get(norm)
        if found is None:
            needle = f" {norm} "
            found = []
            pos = self._norm.find(needle)
            while pos >= 0:
                found.append(self._word_at[pos + 1])
                pos = self._norm.find(needle, pos + len(needle))
            self._found[norm] = found
        return found

    def repeats(self, start: int, end: int) -> tuple[int, int]:
        """How often the normalised span occurs in the article (at least once), and how
        often wholly before ``start``."""
        norm = normalise(self.text[start:end])
        if not norm:
            return 1, 0
        found = self._occurrences(norm)
        before = bisect.bisect_left(self._norm_offsets, start)
        size = norm.count(" ") + 1
        return max(1, len(found)), sum(1 for i in found if i + size <= before)
