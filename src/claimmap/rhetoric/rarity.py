"""How rare a word is in news text, as features for the propaganda models.

Loaded language leans on words a plain report seldom needs ("dalliance", "annihilation"):
a word's frequency band says something its spelling and its vector do not. The counts come
from the news corpus the word vectors were built from (see training/train_rhetoric.py and
MODELS.md) and ship beside the rhetoric model, one count per row of the vector table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from claimmap.rhetoric.text import Token

# Bands grow by this factor: 1-3 occurrences, 4-12, 13-42, 43-150, 151-525, more.
BAND_FACTOR = 3.5
TOP_BAND = 5
# Bands at or below this one also feed the sentence model, as a count of rare words.
RARE_BAND = 1


def frequency_band(count: int) -> int:
    """0 for words seen at most 3 times (or never: new words are rare words), up to 5."""
    return min(TOP_BAND, int(math.log(max(count, 1), BAND_FACTOR)))


def _counted(token: Token) -> bool:
    return len(token.text) > 2 and token.text.isalpha()


class WordRarity:
    def __init__(self, rows: Mapping[str, int], counts: npt.NDArray[np.integer]) -> None:
        """``rows``: word -> row of ``counts`` (the vector table's rows)."""
        self.rows = rows
        self.counts = np.asarray(counts, dtype=np.int64)
        # Bands per row up front: looked up once per token on the hot path.
        # (once per distinct count: there are few).
        distinct, where = np.unique(self.counts, return_inverse=True)
        self._bands: list[int] = np.array([frequency_band(int(c)) for c in distinct],
                                          dtype=np.int64)[where.reshape(-1)].tolist()
        self._names: dict[tuple[int, str], tuple[str, str]] = {}

    def band(self, word: str) -> int:
        row = self.rows.get(word.lower())
        return self._bands[row] if row is not None else 0

    def token_features(self, tokens: Sequence[Token]) -> list[tuple[str, ...]]:
        """Per token: its band, and its band with its part of speech (a rare noun or
        adjective is the loaded kind; a rare name is not)."""
        out: list[tuple[str, ...]] = []
        for token in tokens:
            if not _counted(token):
                out.append(())
                continue
            key = (self.band(token.text), token.pos)
            names = self._names.get(key)
            if names is None:
                names = self._names[key] = (f"rare={key[0]}", f"rare={key[0]}|{key[1]}")
            out.append(names)
        return out

    def sentence_features(self, tokens: Sequence[Token]) -> list[str]:
        """One feature per rare word of the sentence (bag of bands)."""
        return [f"srare={band}" for band in (self.band(t.text) for t in tokens if _counted(t))
                if band <= RARE_BAND]
