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
from claimmap.match.features import FEATURES, Array

RANKER_FILE = "factcheck_ranker.json"


@dataclasses.dataclass(frozen=True)
class Reranker:
    features: tuple[str, ...]
    mean: Array
    scale: Array
    weights: Array
    bias: float
    depth: int = 50
    # P(this fact-check reviews the claim) at or above which a match is reported.
    threshold: float = 0.5
    # Whether a copied tweet's signature keeps its author's name in the query.
    keep_author: bool = True
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)

    def probabilities(self, x: Array) -> Array:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        out: Array = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        return out

    def to_json(self) -> str:
        return json.dumps({
            "features": list(self.features), "mean": self.mean.tolist(),
            "scale": self.scale.tolist(), "weights": self.weights.tolist(),
            "bias": self.bias, "depth": self.depth, "threshold": self.threshold,
            "keep_author": self.keep_author,
            "meta": self.meta,
        }, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Reranker:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ModelError("the fact-check re-ranker was trained on other features than "
                             "this claimmap computes; retrain it with "
                             "training/train_factcheck_ranker.py")
        return cls(tuple(data["features"]), np.array(data["mean"], dtype=np.float32),
                   np.array(data["scale"], dtype=np.float32),
                   np.array(data["weights"], dtype=np.float32), float(data["bias"]),
                   int(data["depth"]), float(data["threshold"]),
                   bool(data.get("keep_author", True)), dict(data.get("meta", {})))


@functools.lru_cache(maxsize=1)
def load_ranker() -> Reranker:
    try:
        text = resources.files("claimmap.match").joinpath("data", RANKER_FILE).read_text("utf-8")
    except FileNotFoundError:
        raise ModelError(f"the fact-check re-ranker {RANKER_FILE} is missing from the claimmap "
                         "package; rebuild it with training/train_factcheck_ranker.py") from None
    return Reranker.from_json(text)
