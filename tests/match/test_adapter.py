"""The retrieval map on query vectors: its training (training/factcheck_adapter.py) and the
shipped copy."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from claimmap.match.ranker import adapt, load_adapter

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

from factcheck_adapter import train_adapter


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_adapter_training_pulls_the_gold_fact_check_ahead() -> None:
    """Queries are their fact-check seen through a fixed distortion plus noise, so the frozen
    cosine often prefers a neighbour; the learned map undoes enough of it on held-out queries."""
    rng = np.random.default_rng(7)
    d, n_docs, n_queries = 16, 200, 300
    claims = _unit(rng.normal(size=(n_docs, d)))
    titles = _unit(claims + 0.3 * rng.normal(size=(n_docs, d)))
    distortion = np.eye(d) + 0.8 * rng.normal(size=(d, d)) / np.sqrt(d)
    gold = rng.integers(0, n_docs, size=n_queries)
    queries = _unit(claims[gold] @ distortion + 0.2 * rng.normal(size=(n_queries, d)))
    candidates = [np.arange(n_docs)] * n_queries
    w = train_adapter(queries[:200], claims, titles, candidates[:200],
                      [[int(g)] for g in gold[:200]], steps=150, lr=1e-2, reg=0.1)

    def first_right(q: np.ndarray) -> float:
        scores = np.maximum(q @ claims.T, q @ titles.T)
        return float(np.mean(scores.argmax(axis=1) == gold[200:]))

    before, after = first_right(queries[200:]), first_right(adapt(queries[200:], w))
    assert after >= before + 0.1, (before, after)


def test_adapter_training_with_no_gold_pairs_returns_the_identity() -> None:
    rng = np.random.default_rng(3)
    vectors = _unit(rng.normal(size=(10, 8)))
    w = train_adapter(vectors[:4], vectors, vectors, [np.arange(10)] * 4, [[]] * 4)
    assert np.array_equal(w, np.eye(8, dtype=np.float32))


def test_adapter_shipped_map_is_square_near_identity_and_gives_unit_vectors() -> None:
    w = load_adapter()
    assert w.shape == (384, 384) and w.dtype == np.float32
    # Trained a little away from the identity, never far (the loss holds it near).
    drift = float(np.linalg.norm(w - np.eye(384)) / np.sqrt(384))
    assert 1e-4 < drift < 0.5, drift
    rng = np.random.default_rng(0)
    mapped = adapt(_unit(rng.normal(size=(5, 384))), w)
    assert np.allclose(np.linalg.norm(mapped, axis=1), 1.0, atol=1e-5)
