"""The two-stage headline stance model, run with numpy alone.

Stage 1 scores relatedness from similarity features; stage 2 splits related pairs into
agree / disagree / discuss from the same features plus TF-IDF of the headline and of the body
sentences closest to it. Coefficients come from ``training/train_stance.py``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimmap.errors import ModelError
from claimmap.stance.features import (
    BodyView,
    SparseVec,
    Vectorizer,
    body_view,
    pair_features,
)

MODEL_PATH = Path(__file__).resolve().parent / "data" / "stance_fnc1.npz"
LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
RELATED: tuple[str, ...] = ("agree", "disagree", "discuss")

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Decision:
    """The figures the label is decided on: "unrelated" when ``related`` is below
    ``threshold``, else the highest of ``biased`` (stage 2 after the per-class offsets)."""

    related: float
    threshold: float
    biased: dict[str, float]


@dataclass(frozen=True)
class Prediction:
    label: str
    scores: dict[str, float]
    # Character ranges, in the body, of the sentences closest to the headline.
    evidence: tuple[tuple[int, int], ...]
    decision: Decision | None = None


def _sparse_dot(weights: FloatArray, vec: SparseVec) -> FloatArray:
    """``weights @ x`` for a sparse ``x``: weights is (classes, vocab)."""
    if not vec:
        return np.zeros(weights.shape[0])
    idx = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
    val = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
    result: FloatArray = weights[:, idx] @ val
    return result


def _softmax(z: FloatArray) -> FloatArray:
    e = np.exp(z - z.max())
    result: FloatArray = e / e.sum()
    return result


class StanceModel:
    """Loaded coefficients; ``predict`` takes a headline and a body (or its cached view)."""

    def __init__(self, arrays: dict[str, Any]) -> None:
        words = [str(w) for w in arrays["vocab"]]
        self.vectorizer = Vectorizer(
            {w: i for i, w in enumerate(words)}, arrays["idf"].astype(np.float32)
        )
        self.s1_mean = arrays["s1_mean"].astype(np.float64)
        self.s1_scale = arrays["s1_scale"].astype(np.float64)
        self.s1_coef = arrays["s1_coef"].astype(np.float64)
        self.s1_intercept = float(arrays["s1_intercept"])
        self.s1_threshold = float(arrays["s1_threshold"])
        self.s2_mean = arrays["s2_mean"].astype(np.float64)
        self.s2_scale = arrays["s2_scale"].astype(np.float64)
        self.s2_dense = arrays["s2_dense"].astype(np.float64)
        self.s2_head = arrays["s2_head"].astype(np.float64)
        self.s2_top = arrays["s2_top"].astype(np.float64)
        self.s2_intercept = arrays["s2_intercept"].astype(np.float64)
        # Per-class log-offsets chosen on the dev bodies (class priors are very uneven).
        self.s2_bias = arrays["s2_bias"].astype(np.float64)
        self.meta: dict[str, Any] = json.loads(str(arrays["meta"]))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> StanceModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls({k: data[k] for k in data.files})
        except (OSError, KeyError, ValueError) as err:
            raise ModelError(f"cannot load stance model {path}: {err}") from None

    def view(self, body: str) -> BodyView:
        return body_view(body, self.vectorizer)

    def related_probability(self, dense: FloatArray) -> float:
        x = (dense - self.s1_mean) / self.s1_scale
        return float(1.0 / (1.0 + np.exp(-(x @ self.s1_coef + self.s1_intercept))))

    def stance_probabilities(
        self, dense: FloatArray, head: SparseVec, top: SparseVec
    ) -> FloatArray:
        x = (dense - self.s2_mean) / self.s2_scale
        z = (
            self.s2_dense @ x
            + _sparse_dot(self.s2_head, head)
            + _sparse_dot(self.s2_top, top)
            + self.s2_intercept
        )
        return _softmax(z)

    def predict(self, headline: str, body: str | BodyView) -> Prediction:
        view = body if isinstance(body, BodyView) else self.view(body)
        feats = pair_features(headline, view, self.vectorizer)
        p_related = self.related_probability(feats.dense)
        probs = self.stance_probabilities(feats.dense, feats.headline_vec, feats.top_vec)
        scores = {
            label: round(float(p_related * p), 4) for label, p in zip(RELATED, probs, strict=True)
        }
        scores["unrelated"] = round(1.0 - p_related, 4)
        biased = _softmax(np.log(probs + 1e-12) + self.s2_bias)
        related = p_related >= self.s1_threshold
        label = RELATED[int(np.argmax(biased))] if related else "unrelated"
        evidence = tuple(
            view.sentences[i] for i in feats.top_sentences[:2] if i < len(view.sentences)
        )
        decision = Decision(round(p_related, 4), self.s1_threshold, {
            name: round(float(p), 4) for name, p in zip(RELATED, biased, strict=True)})
        return Prediction(label, scores, evidence, decision)


@functools.lru_cache(maxsize=1)
def default_model() -> StanceModel:
    return StanceModel.load()
