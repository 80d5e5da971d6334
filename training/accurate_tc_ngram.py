"""Nested cross-validation of the accurate TC lead: the fast technique model at a chosen C,
blended with a character / word n-gram view (log p_fast + w log p_ngram).

    nice -n 10 .venv/bin/python training/accurate_tc_ngram.py [--cs 0.25,0.5] [--ws ...]

Outer folds: the five article-grouped folds of training/tc_cv.py (train_rhetoric.cv_fold,
305 train+dev articles). For each outer fold the fast model's C and the blend weight w are
chosen on the other four folds alone, from inner out-of-fold probabilities: the model that
scores inner fold g for outer fold f is fitted on the three folds that are neither (one fit
per pair of folds serves both orders). The chosen (C, w) is then scored on the outer fold
with models fitted on its four other folds. The reference is what the accurate profile ships
now: C 0.5, no blend, raw probabilities. Reported: pooled and per-fold gains and a bootstrap
over articles of the pooled gain. No test article is read.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tc_cv
import train_rhetoric as tr

from claimmap.eval.propaganda import PtcData, load_ptc, split_of
from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.model import label_spans
from claimmap.rhetoric.text import TECHNIQUES

CACHE = tc_cv.CACHE
# The n-gram view's C, as in the lead (tc_cv's "ens" variant).
NGRAM_C = 10.0
BOOTSTRAPS = 2000
SEED = 13


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def predict(x: Any, y: np.ndarray[Any, Any], train: np.ndarray[Any, Any],
            rows: np.ndarray[Any, Any], c: float) -> np.ndarray[Any, Any]:
    model = tr.fit(x[train], y[train], c)
    out = np.zeros((int(rows.sum()), len(TECHNIQUES)))
    out[:, model.classes_] = tc_cv.softmax(model.decision_function(x[rows]))
    return out


def pair_probabilities(x: Any, y: np.ndarray[Any, Any], fold: np.ndarray[Any, Any], c: float,
                       name: str) -> dict[tuple[int, int], np.ndarray[Any, Any]]:
    """inner[(f, g)]: probabilities for fold g's rows from a model fitted on the folds other
    than f and g (cached per view and C)."""
    path = CACHE / f"pairs_{name}.npz"
    if path.exists():
        stored = np.load(path)
        return {(int(k[0]), int(k[2])): stored[k] for k in stored.files}
    out: dict[tuple[int, int], np.ndarray[Any, Any]] = {}
    for f, g in itertools.combinations(range(tr.FOLDS), 2):
        train = (fold >= 0) & (fold != f) & (fold != g)
        both = (fold == f) | (fold == g)
        probs = predict(x, y, train, both, c)
        where = fold[both]
        out[(f, g)] = probs[where == g]
        out[(g, f)] = probs[where == f]
        log(f"{name}: pair {f},{g} fitted")
    np.savez(path, **{f"{f}_{g}": v for (f, g), v in out.items()})
    return out


def outer_probabilities(x: Any, y: np.ndarray[Any, Any], fold: np.ndarray[Any, Any], c: float,
                        name: str) -> np.ndarray[Any, Any]:
    path = CACHE / f"oof_{name}.npy"
    if path.exists():
        cached: np.ndarray[Any, Any] = np.load(path)
        return cached
    out = tc_cv.oof(x, y, fold, c)
    np.save(path, out)
    return out


def blend(fast: np.ndarray[Any, Any], ngram: np.ndarray[Any, Any], w: float
          ) -> np.ndarray[Any, Any]:
    if w == 0:
        return fast
    return tc_cv.softmax(np.log(fast + 1e-9) + w * np.log(ngram + 1e-9))


def article_hits(data: PtcData, probs: np.ndarray[Any, Any], index: np.ndarray[Any, Any]
                 ) -> dict[str, tuple[int, int]]:
    """article -> (right, spans) for the rows ``index`` (probs rows align with index)."""
    by: dict[str, list[int]] = {}
    for k, i in enumerate(index):
        by.setdefault(data.tc[i].article_id, []).append(k)
    out = {}
    for article, members in by.items():
        spans = [(data.tc[index[k]].start, data.tc[index[k]].end) for k in members]
        labels = label_spans(probs[members], spans, TECHNIQUES)
        right = sum(label == data.tc[index[k]].technique
                    for k, (label, _) in zip(members, labels, strict=True))
        out[article] = (right, len(members))
    return out


def score(data: PtcData, probs: np.ndarray[Any, Any], index: np.ndarray[Any, Any]) -> float:
    hits = article_hits(data, probs, index)
    return sum(r for r, _ in hits.values()) / max(1, sum(n for _, n in hits.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cs", default="0.25,0.5")
    parser.add_argument("--ws", default="0,0.1,0.2,0.3,0.4,0.5")
    args = parser.parse_args()
    cs = [float(v) for v in args.cs.split(",")]
    ws = [float(v) for v in args.ws.split(",")]
    CACHE.mkdir(parents=True, exist_ok=True)
    data = load_ptc(Path("/work/shared/data/ptc_semeval2020"))
    tagged = tr.parse_articles(data)
    ctx = {a: ArticleContext.of(t, tagged[a]) for a, t in data.articles.items()}
    y = np.array([TECHNIQUES.index(s.technique) for s in data.tc])
    fold = np.array([tr.cv_fold(s.article_id) if split_of(s.article_id) != "test" else -1
                     for s in data.tc])
    x = sparse.load_npz(CACHE / "x_tc.npz").tocsr()
    xc, _ = tc_cv.char_matrix(data, ctx, fold >= 0)

    fast_pairs = {c: pair_probabilities(x, y, fold, c, f"fast_c{c}") for c in cs}
    fast_outer = {c: outer_probabilities(x, y, fold, c, "base_raw" if c == 0.5
                                         else f"c{c}_raw") for c in cs}
    ngram_pairs = pair_probabilities(xc, y, fold, NGRAM_C, "ngram")
    ngram_outer = outer_probabilities(xc, y, fold, NGRAM_C, "char_raw")

    chosen_probs = np.zeros_like(fast_outer[cs[0]])
    choices = []
    for f in range(tr.FOLDS):
        inner_index = np.flatnonzero((fold >= 0) & (fold != f))
        grid = {}
        for c, w in itertools.product(cs, ws):
            probs = np.zeros((len(inner_index), len(TECHNIQUES)))
            for g in range(tr.FOLDS):
                if g == f:
                    continue
                at = fold[inner_index] == g
                probs[at] = blend(fast_pairs[c][(f, g)], ngram_pairs[(f, g)], w)
            grid[(c, w)] = score(data, probs, inner_index)
        # Ties go to the plainer setting (the reference C, then the smaller weight).
        best = max(grid, key=lambda k: (round(grid[k], 6), k[0] == 0.5, -k[1]))
        here = fold == f
        chosen_probs[here] = blend(fast_outer[best[0]][here], ngram_outer[here], best[1])
        choices.append({"fold": f, "c": best[0], "w": best[1],
                        "inner": round(grid[best], 4),
                        "inner_reference": round(grid[(0.5, 0.0)], 4)})
        log(f"outer {f}: chose C {best[0]} w {best[1]} (inner {grid[best]:.4f} vs "
            f"reference {grid[(0.5, 0.0)]:.4f}); grid " +
            " ".join(f"{c}/{w}:{v:.4f}" for (c, w), v in sorted(grid.items())))

    index = np.flatnonzero(fold >= 0)
    reference = fast_outer[0.5]
    new_hits = article_hits(data, chosen_probs[index], index)
    ref_hits = article_hits(data, reference[index], index)
    per_fold = []
    for f in range(tr.FOLDS):
        rows = np.flatnonzero(fold == f)
        per_fold.append((score(data, chosen_probs[rows], rows), score(data, reference[rows], rows)))
    gains = [a - b for a, b in per_fold]
    articles = sorted(ref_hits)
    diff = np.array([new_hits[a][0] - ref_hits[a][0] for a in articles], dtype=float)
    sizes = np.array([ref_hits[a][1] for a in articles], dtype=float)
    rng = np.random.default_rng(SEED)
    draws = rng.integers(0, len(articles), size=(BOOTSTRAPS, len(articles)))
    boot = diff[draws].sum(1) / sizes[draws].sum(1)
    pooled_new = sum(r for r, _ in new_hits.values()) / sizes.sum()
    pooled_ref = sum(r for r, _ in ref_hits.values()) / sizes.sum()
    summary = {"nested_micro_f1": round(pooled_new, 4), "reference_micro_f1": round(pooled_ref, 4),
               "gain": round(pooled_new - pooled_ref, 4),
               "fold_gains": [round(g, 4) for g in gains],
               "fold_gain_sd": round(float(np.std(gains)), 4),
               "spans_gained": int(diff.sum()), "spans": int(sizes.sum()),
               "bootstrap_win_share": round(float((boot > 0).mean()), 4),
               "bootstrap_95": [round(float(v), 4) for v in np.percentile(boot, [2.5, 97.5])],
               "bootstrap_share_above_fold_sd": round(float((boot > np.std(gains)).mean()), 4),
               "choices": choices}
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
