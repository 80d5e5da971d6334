"""Experiments for the fact-check re-ranker that the training script does not run: BM25
settings and fields, and a learning curve. Nothing is written but the log.

    .venv/bin/python training/factcheck_sweep.py bm25 [--grid K1:B,..] [--c 3]
    .venv/bin/python training/factcheck_sweep.py curve [--fractions 0.5,0.75,1] [--c 3]
    .venv/bin/python training/factcheck_sweep.py curve --with-dev   # over the 997 train+dev
    .venv/bin/python training/factcheck_sweep.py depth [--depths 150,200]

Both score by 5-fold CV MAP@5 on the same hash folds as ``train_factcheck_ranker.py``, with
the shipped settings otherwise (depth 100, author kept, no-match copies in training).

``bm25``: the three BM25 indexes (claim + title, claim, title) rebuilt with each ``k1``/``b``,
or with the retrieval and fused-score index over the claim alone (``field``). To keep the
sweep cheap on a shared machine, the adapted-cosine column uses the cross-fitted maps of the
default setting (trained on the default candidates); only the BM25 candidates and columns
change, so a win here is retrained end to end before it is shipped. ``depth`` does the same
for the number of candidates taken from each retriever (100 shipped).

``curve``: fold f's ranker *and* query map fitted on a fixed share (by a hash of the tweet
id, so each smaller share is inside the larger) of the other folds' tweets: whether more
tweets help.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from train_factcheck_ranker import (  # noqa: E402
    DATA,
    FOLDS,
    Split,
    collection,
    fit,
    fold_of,
    ranked,
)

from claimmap.eval.factcheck import score_run  # noqa: E402
from claimmap.match.bm25 import BM25  # noqa: E402
from claimmap.match.clef import read_qrels, read_queries  # noqa: E402
from claimmap.match.index import FactCheckIndex  # noqa: E402
from claimmap.match.text import terms  # noqa: E402

Array = np.ndarray[Any, Any]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def share_of(tweet_id: str) -> float:
    """A fixed number in [0, 1) per tweet, independent of its fold's hash."""
    return int(hashlib.md5(tweet_id.encode()).hexdigest(), 16) % 10_000 / 10_000


def cv(groups: list[tuple[str, Array, Array, Array, bool]], qrels: dict[str, set[str]],
       vclaim_ids: list[str], c: float, fraction: float = 1.0) -> dict[str, float]:
    run: dict[str, list[str]] = {}
    for fold in range(FOLDS):
        held = [g for g in groups if fold_of(g[0]) == fold]
        rest = [g for g in groups if fold_of(g[0]) != fold and share_of(g[0]) < fraction]
        run.update(ranked(fit(rest, c, True), held, vclaim_ids)[0])
    return score_run(run, qrels)


def cross_fitted(split: Split, index: FactCheckIndex, fraction: float = 1.0
                 ) -> dict[str, Array]:
    adapter_of: dict[str, Array] = {}
    for fold in range(FOLDS):
        w = split.fit_adapter(index, [q for q in split.ids if fold_of(q) != fold
                                      and share_of(q) < fraction])
        adapter_of.update({q: w for q in split.ids if fold_of(q) == fold})
    return adapter_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=("bm25", "curve", "depth"))
    parser.add_argument("--depths", default="150")
    parser.add_argument("--grid", default="0.9:0.4,1.2:0.4,1.5:0.75,2.0:0.75,"
                                           "1.2:1.0,0.6:0.75,field")
    parser.add_argument("--fractions", default="0.5,0.75,1")
    parser.add_argument("--c", type=float, default=3.0)
    parser.add_argument("--with-dev", action="store_true")
    args = parser.parse_args()

    index, _, vclaim_ids, row_of = collection()
    queries = read_queries(DATA / "train" / "tweets.queries.tsv")
    qrels = read_qrels(DATA / "train" / "tweet-vclaim-pairs.qrels")
    if args.with_dev:
        queries = {**queries, **read_queries(DATA / "dev" / "tweets.queries.tsv")}
        qrels = {**qrels, **read_qrels(DATA / "dev" / "tweet-vclaim-pairs.qrels")}
    log(f"{len(queries)} tweets")
    split = Split(index, queries, qrels, 100, True, row_of, no_match=True)
    adapters = cross_fitted(split, index)
    split.set_adapted(index, adapters)
    base = cv(split.groups, qrels, vclaim_ids, args.c)
    log(f"default: CV MAP@5 {base['map@5']:.4f} MAP@1 {base['map@1']:.4f} "
        f"recall {split.recall:.4f}")

    if args.what == "curve":
        for fraction in [float(f) for f in args.fractions.split(",")]:
            if fraction < 1.0:
                split.set_adapted(index, cross_fitted(split, index, fraction))
            else:
                split.set_adapted(index, adapters)
            scores = cv(split.groups, qrels, vclaim_ids, args.c, fraction)
            log(f"fraction {fraction}: CV MAP@5 {scores['map@5']:.4f} "
                f"MAP@1 {scores['map@1']:.4f}")
        return

    if args.what == "depth":
        for depth in [int(d) for d in args.depths.split(",")]:
            trial = Split(index, queries, qrels, depth, True, row_of, no_match=True)
            trial.set_adapted(index, adapters)
            scores = cv(trial.groups, qrels, vclaim_ids, args.c)
            log(f"depth {depth}: CV MAP@5 {scores['map@5']:.4f} MAP@1 {scores['map@1']:.4f} "
                f"recall {trial.recall:.4f}")
        return

    claims = [fc.claim_reviewed for fc in index.factchecks]
    titles = [fc.title or fc.claim_reviewed for fc in index.factchecks]
    both = [terms(f"{c} {t}" if t != c else c) for c, t in zip(claims, titles, strict=True)]
    claim_terms = [terms(c) for c in claims]
    title_terms = [terms(t) for t in titles]
    for setting in args.grid.split(","):
        if setting == "field":
            index.bm25 = BM25(claim_terms)
            index.bm25_claim = BM25(claim_terms)
            index.bm25_title = BM25(title_terms)
        else:
            k1, b = (float(v) for v in setting.split(":"))
            index.bm25 = BM25(both, k1=k1, b=b)
            index.bm25_claim = BM25(claim_terms, k1=k1, b=b)
            index.bm25_title = BM25(title_terms, k1=k1, b=b)
        trial = Split(index, queries, qrels, 100, True, row_of, no_match=True)
        trial.set_adapted(index, adapters)
        scores = cv(trial.groups, qrels, vclaim_ids, args.c)
        log(f"bm25 {setting}: CV MAP@5 {scores['map@5']:.4f} MAP@1 {scores['map@1']:.4f} "
            f"recall {trial.recall:.4f}")


if __name__ == "__main__":
    main()
