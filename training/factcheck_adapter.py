"""A linear map on frozen MiniLM vectors, learned for fact-check retrieval on CLEF-2020 train.

    .venv/bin/python training/factcheck_adapter.py [--steps N,..] [--reg R,..] [--negatives K]

The encoder stays as it is (claim tracking's thresholds rest on its vectors); the map ``W``
(384 x 384, started at the identity) is applied to the query only, so the fact-checks' stored
vectors serve as they are, and ``cos(q W / |q W|, d)`` becomes re-ranker features. Loss:
softmax over each train tweet's hardest re-ranker candidates (claim and title vectors as
separate entries), the gold fact-check's two entries the positives, plus
``reg * |W - I|^2 / d`` so the map stays near the encoder it starts from. Full-batch Adam in
numpy, fixed steps, no randomness: deterministic.

Run as a script, it reports the adapted cosine alone (MAP@5 of a pure cosine ranking over the
whole collection) by 5-fold CV on train, beside the frozen cosine; the re-ranker's use of it is
measured by ``training/train_factcheck_ranker.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

Array = np.ndarray[Any, Any]
# Chosen by the adapted cosine's 5-fold CV MAP@5 on train (``main``; MODELS.md has the grid).
ADAPTER_SETTINGS: dict[str, Any] = {"steps": 50, "lr": 2e-3, "reg": 1.0, "temperature": 20.0,
                                    "negatives": 50}


def _normalise(x: Array) -> tuple[Array, Array]:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms < 1e-9] = 1e-9
    return x / norms, norms


def train_adapter(queries: Array, claims: Array, titles: Array,
                  candidates: Sequence[Array], gold: Sequence[Sequence[int]], *,
                  steps: int = 100, lr: float = 2e-3, reg: float = 1.0,
                  temperature: float = 20.0, negatives: int = 50,
                  log_every: int = 0) -> Array:
    """``W`` for query vectors ``queries`` (n x d) against fact-check ``claims`` and
    ``titles`` (N x d), from each query's candidate rows (the ``negatives`` nearest by the
    frozen cosine are kept) and gold rows; queries without gold are left out."""
    keep = [i for i, g in enumerate(gold) if len(g)]
    d = queries.shape[1]
    if not keep:
        return np.eye(d, dtype=np.float32)
    q = queries[keep].astype(np.float32)
    lists = []
    for k, i in enumerate(keep):
        rows = np.asarray(candidates[i], dtype=np.int64)
        near = np.maximum(claims[rows] @ q[k], titles[rows] @ q[k])
        hard = rows[np.argsort(-near, kind="stable")[:negatives]]
        lists.append(np.union1d(hard, np.asarray(gold[i], dtype=np.int64)))
    width = max(len(c) for c in lists)
    n = len(keep)
    # Every query's entries (claim and title vector of each candidate), padded: (n, 2w, d).
    entries = np.zeros((n, 2 * width, d), dtype=np.float32)
    valid = np.zeros((n, 2 * width), dtype=bool)
    positive = np.zeros((n, 2 * width), dtype=bool)
    for k, (i, c) in enumerate(zip(keep, lists, strict=True)):
        entries[k, :len(c)] = claims[c]
        entries[k, width:width + len(c)] = titles[c]
        is_gold = np.isin(c, np.asarray(gold[i]))
        for offset in (0, width):
            valid[k, offset:offset + len(c)] = True
            positive[k, offset:offset + len(c)] = is_gold
    w = np.eye(d, dtype=np.float32)
    eye = np.eye(d, dtype=np.float32)
    first, second = np.zeros_like(w), np.zeros_like(w)
    beta1, beta2 = 0.9, 0.999
    for step in range(1, steps + 1):
        u_hat, u_norm = _normalise(q @ w)
        s = temperature * np.einsum("nd,nkd->nk", u_hat, entries)
        s_all = np.where(valid, s, -np.inf)
        top = s_all.max(axis=1, keepdims=True)
        e_all = np.exp(s_all - top)
        e_pos = np.where(positive, e_all, 0.0)
        z_all = e_all.sum(axis=1, keepdims=True)
        z_pos = e_pos.sum(axis=1, keepdims=True)
        loss = float(np.mean(np.log(z_all) - np.log(z_pos)))
        g = (e_all / z_all - e_pos / z_pos) * (temperature / n)
        grad_u = np.einsum("nk,nkd->nd", g.astype(np.float32), entries)
        # Through the normalisation: the radial part of the gradient vanishes.
        grad_u = (grad_u - (grad_u * u_hat).sum(1, keepdims=True) * u_hat) / u_norm
        grad = q.T @ grad_u + 2.0 * reg * (w - eye) / d
        first = beta1 * first + (1 - beta1) * grad
        second = beta2 * second + (1 - beta2) * grad * grad
        w -= lr * (first / (1 - beta1 ** step)) / (np.sqrt(second / (1 - beta2 ** step)) + 1e-8)
        if log_every and (step % log_every == 0 or step == 1):
            print(f"  step {step}: loss {loss:.4f}", file=sys.stderr, flush=True)
    out: Array = w.astype(np.float32)
    return out


def _cosine_map5(w: Array | None, queries: Array, claims: Array, titles: Array,
                 gold: Sequence[Sequence[int]]) -> float:
    """MAP@5 of ranking the whole collection by max(claim, title) cosine."""
    if w is not None:
        queries = _normalise(queries @ w)[0]
    scores = np.maximum(queries @ claims.T, queries @ titles.T)
    total = 0.0
    for i, rel in enumerate(gold):
        top = np.argsort(-scores[i], kind="stable")[:5]
        hits, ap = 0, 0.0
        for k, row in enumerate(top, start=1):
            if row in rel:
                hits += 1
                ap += hits / k
        total += ap / min(len(rel), 5) if rel else 0.0
    return total / max(1, len(gold))


def main() -> None:
    sys.path.insert(0, str(ROOT / "training"))
    from factcheck_cache import embed_cached
    from train_factcheck_ranker import DATA, FOLDS, fold_of

    from claimmap.match.clef import read_qrels, read_queries, read_vclaims
    from claimmap.match.index import query_vectors

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", default="150")
    parser.add_argument("--reg", default="1.0")
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--depth", type=int, default=100)
    parser.add_argument("--negatives", type=int, default=50)
    parser.add_argument("--temperature", type=float, default=20.0)
    args = parser.parse_args()
    vclaims = read_vclaims(DATA / "verified_claims.docs.tsv")
    row_of = {v.id: i for i, v in enumerate(vclaims)}
    claims = embed_cached([v.claim for v in vclaims])
    titles = embed_cached([v.title or v.claim for v in vclaims])
    queries = read_queries(DATA / "train" / "tweets.queries.tsv")
    qrels = read_qrels(DATA / "train" / "tweet-vclaim-pairs.qrels")
    ids = sorted(queries)
    _, views = query_vectors([queries[q] for q in ids], embed_cached)
    qv = np.stack([v.vector for v in views])
    gold = [[row_of[d] for d in qrels.get(q, ()) if d in row_of] for q in ids]
    base = np.maximum(qv @ claims.T, qv @ titles.T)
    cands = [np.argsort(-base[i], kind="stable")[:args.depth] for i in range(len(ids))]
    folds = np.array([fold_of(q) for q in ids])
    print(f"frozen cosine, CV folds: MAP@5 {_cosine_map5(None, qv, claims, titles, gold):.4f}",
          flush=True)
    for steps in [int(s) for s in args.steps.split(",")]:
        for reg in [float(r) for r in args.reg.split(",")]:
            start = time.process_time()
            total = 0.0
            for fold in range(FOLDS):
                train = np.flatnonzero(folds != fold)
                held = np.flatnonzero(folds == fold)
                w = train_adapter(qv[train], claims, titles, [cands[i] for i in train],
                                  [gold[i] for i in train], steps=steps, reg=reg, lr=args.lr,
                                  negatives=args.negatives, temperature=args.temperature)
                total += _cosine_map5(w, qv[held], claims, titles,
                                      [gold[i] for i in held]) * len(held)
            print(f"steps {steps} reg {reg}: adapted cosine CV MAP@5 {total / len(ids):.4f} "
                  f"({time.process_time() - start:.0f} CPU s)", flush=True)


if __name__ == "__main__":
    main()
