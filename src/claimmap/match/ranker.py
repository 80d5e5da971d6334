"""The learned re-ranker: logistic regression over :mod:`claimmap.match.features`, in numpy.

Trained by ``training/train_factcheck_ranker.py``; its file holds the feature names, the
standardisation, the weights and the settings chosen with them (retrieval depth, thresholds).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from importlib import resources
from typing import Any

import numpy as np

from claimmap.errors import ModelError
from claimmap.match.features import ACCEPT_FEATURES, FEATURES, Array

RANKER_FILE = "factcheck_ranker.json"
ADAPTER_FILE = "factcheck_adapter.npz"


@dataclasses.dataclass(frozen=True)
class Reranker:
    features: tuple[str, ...]
    mean: Array
    scale: Array
    weights: Array
    bias: float
    depth: int = 50
    # Unused by matching since the acceptance model (kept for the file's history).
    threshold: float = 0.5
    # Whether a copied tweet's signature keeps its author's name in the query.
    keep_author: bool = True
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)
    # The acceptance model: logistic regression over ACCEPT_FEATURES of a query's best
    # candidate, P(it is a match); reported matches need P >= accept_threshold.
    accept_mean: Array = dataclasses.field(default_factory=lambda: np.zeros(0, np.float32))
    accept_scale: Array = dataclasses.field(default_factory=lambda: np.zeros(0, np.float32))
    accept_weights: Array = dataclasses.field(default_factory=lambda: np.zeros(0, np.float32))
    accept_bias: float = 0.0
    accept_threshold: float = 0.5

    def logits(self, x: Array) -> Array:
        out: Array = (((x - self.mean) / self.scale) @ self.weights + self.bias).astype(
            np.float32)
        return out

    def probabilities(self, x: Array) -> Array:
        return sigmoid(self.logits(x))

    def acceptance(self, x: Array) -> Array:
        if not len(self.accept_weights):
            return np.zeros(len(x), dtype=np.float32)
        columns = x[:, [FEATURES.index(f) for f in ACCEPT_FEATURES]]
        return sigmoid(((columns - self.accept_mean) / self.accept_scale)
                        @ self.accept_weights + self.accept_bias)

    def to_json(self) -> str:
        return json.dumps({
            "features": list(self.features), "mean": self.mean.tolist(),
            "scale": self.scale.tolist(), "weights": self.weights.tolist(),
            "bias": self.bias, "depth": self.depth, "threshold": self.threshold,
            "keep_author": self.keep_author,
            "accept_features": list(ACCEPT_FEATURES), "accept_mean": self.accept_mean.tolist(),
            "accept_scale": self.accept_scale.tolist(),
            "accept_weights": self.accept_weights.tolist(), "accept_bias": self.accept_bias,
            "accept_threshold": self.accept_threshold,
            "meta": self.meta,
        }, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Reranker:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES or \
                tuple(data.get("accept_features", ACCEPT_FEATURES)) != ACCEPT_FEATURES:
            raise ModelError("the fact-check re-ranker was trained on other features than "
                             "this claimmap computes; retrain it with "
                             "training/train_factcheck_ranker.py")
        return cls(tuple(data["features"]), np.array(data["mean"], dtype=np.float32),
                   np.array(data["scale"], dtype=np.float32),
                   np.array(data["weights"], dtype=np.float32), float(data["bias"]),
                   int(data["depth"]), float(data["threshold"]),
                   bool(data.get("keep_author", True)), dict(data.get("meta", {})),
                   np.array(data.get("accept_mean", []), dtype=np.float32),
                   np.array(data.get("accept_scale", []), dtype=np.float32),
                   np.array(data.get("accept_weights", []), dtype=np.float32),
                   float(data.get("accept_bias", 0.0)),
                   float(data.get("accept_threshold", 0.5)))


def sigmoid(z: Array) -> Array:
    out: Array = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
    return out.astype(np.float32)


@functools.lru_cache(maxsize=1)
def load_ranker() -> Reranker:
    try:
        text = resources.files("claimmap.match").joinpath("data", RANKER_FILE).read_text("utf-8")
    except FileNotFoundError:
        raise ModelError(f"the fact-check re-ranker {RANKER_FILE} is missing from the claimmap "
                         "package; rebuild it with training/train_factcheck_ranker.py") from None
    return Reranker.from_json(text)


@functools.lru_cache(maxsize=1)
def load_adapter() -> Array:
    """The retrieval map on MiniLM vectors (``training/factcheck_adapter.py``), d x d."""
    try:
        with resources.files("claimmap.match").joinpath("data", ADAPTER_FILE).open("rb") as f:
            w: Array = np.load(f)["w"].astype(np.float32)
    except FileNotFoundError:
        raise ModelError(f"the fact-check adapter {ADAPTER_FILE} is missing from the claimmap "
                         "package; rebuild it with training/train_factcheck_ranker.py") from None
    w.setflags(write=False)
    return w


def adapt(vectors: Array, w: Array) -> Array:
    """Vectors through the retrieval map, back to unit length."""
    out = np.asarray(vectors, dtype=np.float32) @ w
    norms = np.linalg.norm(out, axis=-1, keepdims=True)
    result: Array = out / np.maximum(norms, 1e-9)
    return result
