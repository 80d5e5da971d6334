"""Okapi BM25 over short documents (fact-checked claims and their titles), in numpy.

Scores every document of the collection for a query in one pass over the query's postings.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]


class BM25:
    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = 1.2,
                 b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.size = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        mean_length = float(lengths.mean()) if self.size and lengths.sum() else 1.0
        norm = k1 * (1.0 - b + b * lengths / mean_length)
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for row, document in enumerate(documents):
            for term, count in Counter(document).items():
                rows, weights = postings.setdefault(term, ([], []))
                rows.append(row)
                weights.append(count * (k1 + 1.0) / (count + float(norm[row])))
        self.postings: dict[str, tuple[Array, Array]] = {}
        self.idf: dict[str, float] = {}
        for term, (rows, weights) in postings.items():
            df = len(rows)
            # The Lucene idf: never negative, so a term in most documents still counts a little.
            self.idf[term] = math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))
            self.postings[term] = (np.array(rows, dtype=np.int64),
                                   np.array(weights, dtype=np.float32))

    def scores(self, query: Sequence[str]) -> Array:
        out = np.zeros(self.size, dtype=np.float32)
        for term in set(query):
            posting = self.postings.get(term)
            if posting is not None:
                rows, weights = posting
                out[rows] += self.idf[term] * weights
        return out
