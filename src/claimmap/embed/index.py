"""An exact nearest-neighbour index over unit vectors (cosine = dot product), in numpy.

Exact search is a matrix product: 100k claims x 384 dims is 150 MB of float32 and answers a
query in a few milliseconds, so no approximate index is needed below that size.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from claimmap.embed.minilm import Array


class ExactIndex:
    """Rows keyed by string ids; ``search`` returns the ``k`` most similar per query."""

    def __init__(self, dimensions: int) -> None:
        self.dimensions = dimensions
        self.ids: list[str] = []
        self._blocks: list[Array] = []
        self._matrix: Array | None = np.zeros((0, dimensions), dtype=np.float32)

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, ids: Sequence[str], vectors: Array) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape != (len(ids), self.dimensions):
            raise ValueError(f"expected ({len(ids)}, {self.dimensions}) vectors, "
                             f"got {vectors.shape}")
        self.ids.extend(ids)
        self._blocks.append(vectors)
        self._matrix = None

    @property
    def matrix(self) -> Array:
        if self._matrix is None:
            self._matrix = np.concatenate(self._blocks) if self._blocks else \
                np.zeros((0, self.dimensions), dtype=np.float32)
            self._blocks = [self._matrix]
        return self._matrix

    def scores(self, queries: Array) -> Array:
        """(queries, rows) cosine matrix."""
        out: Array = np.asarray(queries, dtype=np.float32) @ self.matrix.T
        return out

    def search(self, queries: Array, k: int) -> list[list[tuple[str, float]]]:
        """Per query, up to ``k`` (id, cosine) pairs, best first; ties by insertion order."""
        sims = self.scores(np.atleast_2d(queries))
        k = min(k, len(self.ids))
        results: list[list[tuple[str, float]]] = []
        for row in sims:
            if k == 0:
                results.append([])
                continue
            top = np.argpartition(-row, k - 1)[:k]
            top = top[np.lexsort((top, -row[top]))]
            results.append([(self.ids[j], float(row[j])) for j in top])
        return results
