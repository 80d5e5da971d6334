"""Linear models over hashed features, stored sparsely and scored with numpy alone."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from claimmap.rhetoric.features import N_COLUMNS

FloatArray = npt.NDArray[np.float32]


class HashedLinear:
    """``weights[column, class]`` over ``N_COLUMNS`` hashed features plus a bias per class.

    One class means a binary model scored with the logistic function; several, a softmax.
    """

    def __init__(self, columns: npt.NDArray[np.integer], values: npt.NDArray[np.floating],
                 bias: npt.NDArray[np.floating]) -> None:
        n_classes = values.shape[1]
        self.weights: FloatArray = np.zeros((N_COLUMNS, n_classes), dtype=np.float32)
        self.weights[columns.astype(np.int64)] = values.astype(np.float32)
        self.bias: FloatArray = bias.astype(np.float32).reshape(n_classes)

    def logits(self, rows: Sequence[Sequence[int]]) -> FloatArray:
        if not rows:
            return np.zeros((0, self.bias.shape[0]), dtype=np.float32)
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        flat = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=int(lengths.sum()))
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        sums = np.zeros((len(rows), self.bias.shape[0]), dtype=np.float32)
        filled = lengths > 0
        if len(flat):
            # reduceat over the non-empty rows only: an empty row has no range of its own.
            sums[filled] = np.add.reduceat(self.weights[flat], offsets[filled], axis=0)
        out: FloatArray = (sums + self.bias).astype(np.float32)
        return out

    def probabilities(self, rows: Sequence[Sequence[int]]) -> FloatArray:
        z = self.logits(rows)
        if z.shape[1] == 1:
            out: FloatArray = (1.0 / (1.0 + np.exp(-z[:, 0]))).astype(np.float32)
            return out
        return softmax(z)


def softmax(z: npt.NDArray[np.floating]) -> FloatArray:
    """Row-wise softmax of logits (classes in columns)."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    out: FloatArray = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


def pack(coef: npt.NDArray[np.floating], intercept: npt.NDArray[np.floating],
         prefix: str) -> dict[str, npt.NDArray[np.generic]]:
    """Arrays to save for a scikit-learn style ``coef_`` (classes x columns): only the
    columns some class uses, as float16."""
    weights = np.asarray(coef, dtype=np.float32).T
    used = np.flatnonzero(np.abs(weights).max(axis=1) > 1e-4).astype(np.uint32)
    return {f"{prefix}_columns": used,
            f"{prefix}_values": weights[used].astype(np.float16),
            f"{prefix}_bias": np.asarray(intercept, dtype=np.float32)}


def unpack(arrays: dict[str, npt.NDArray[np.generic]], prefix: str) -> HashedLinear:
    return HashedLinear(np.asarray(arrays[f"{prefix}_columns"]),
                        np.asarray(arrays[f"{prefix}_values"], dtype=np.float32),
                        np.asarray(arrays[f"{prefix}_bias"], dtype=np.float32))
