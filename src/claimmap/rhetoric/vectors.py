"""Static word vectors for the rhetoric models (see training/word_vectors.py and MODELS.md).

They let the span tagger and the sentence model treat a word unseen in PTC like the words of
similar meaning that were seen ("eradicating" like "annihilated").
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

import numpy as np
import numpy.typing as npt

from claimmap.rhetoric.text import Token

VECTORS_FILE = "word_vectors.npz"
FloatArray = npt.NDArray[np.float32]


class WordVectors:
    def __init__(self, words: Sequence[str], vectors: npt.NDArray[np.floating]) -> None:
        self.row = {word: i for i, word in enumerate(words)}
        self.table: FloatArray = np.asarray(vectors, dtype=np.float32)
        self.names = [f"e{k}" for k in range(self.table.shape[1])]
        # Tagger values per row, made on first use: two decimals are all the tagger needs,
        # and building them for all rows up front would cost ~40 MB of Python floats.
        self._items: dict[int, dict[str, float]] = {}
        self._rounded: npt.NDArray[np.float64] | None = None

    def _item(self, k: int) -> dict[str, float]:
        found = self._items.get(k)
        if found is None:
            found = {name: round(float(v), 2) for name, v in zip(self.names, self.table[k],
                                                                 strict=True)}
            self._items[k] = found
        return found

    def rounded(self) -> npt.NDArray[np.float64]:
        """The table as the tagger's items have it: each value through Python's ``round(v,
        2)`` (numpy's rounding differs), made once per distinct value (the table holds
        float16 values, so there are few)."""
        if self._rounded is None:
            half = self.table.astype(np.float16)
            if (half.astype(np.float32) == self.table).all():
                # Distinct values by their 16-bit pattern: a count per pattern, not a sort.
                codes = half.view(np.uint16)
                seen = np.flatnonzero(np.bincount(codes.ravel(), minlength=1 << 16))
                values = seen.astype(np.uint16).view(np.float16).astype(np.float64)
                by_code = np.zeros(1 << 16)
                by_code[seen] = [round(v, 2) for v in values.tolist()]
                self._rounded = by_code[codes]
            else:
                distinct, where = np.unique(self.table, return_inverse=True)
                rounded = np.array([round(float(v), 2) for v in distinct], dtype=np.float64)
                self._rounded = rounded[where.reshape(self.table.shape)]
        return self._rounded

    @property
    def dims(self) -> int:
        return int(self.table.shape[1])

    def tagger_items(self, tokens: Sequence[Token],
                     features: Sequence[Sequence[str]]) -> list[dict[str, float]]:
        """crfsuite items: each token's feature strings (value 1) and its word vector."""
        items = []
        for token, names in zip(tokens, features, strict=True):
            item = dict.fromkeys(names, 1.0)
            k = self.row.get(token.text.lower())
            if k is not None:
                item.update(self._item(k))
            items.append(item)
        return items

    def tagger_values(self, tokens: Sequence[Token]) -> npt.NDArray[np.float64]:
        """The numbers ``tagger_items`` gives the tagger, one row per token (zeros for a
        word without a vector: it has none of those attributes, and zeros add nothing)."""
        rounded = self.rounded()
        rows = [self.row.get(t.text.lower(), -1) for t in tokens]
        out = np.zeros((len(tokens), self.dims))
        found = np.fromiter((i for i, k in enumerate(rows) if k >= 0), dtype=np.int64)
        out[found] = rounded[[rows[i] for i in found.tolist()]]
        return out

    def mean(self, tokens: Sequence[Token]) -> FloatArray:
        """The mean vector of the tokens that have one (zeros when none has)."""
        rows = [k for k in (self.row.get(t.text.lower()) for t in tokens) if k is not None]
        if not rows:
            return np.zeros(self.dims, dtype=np.float32)
        out: FloatArray = self.table[rows].mean(axis=0)
        return out


@functools.lru_cache(maxsize=2)
def load_vectors(package: str = "claimmap.rhetoric.data") -> WordVectors:
    root = resources.files(package)
    with resources.as_file(root / VECTORS_FILE) as path, np.load(path) as npz:
        return WordVectors(npz["words"].tolist(), npz["vectors"])
