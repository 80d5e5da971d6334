# ruff: noqa: E402  (BLAS threads are set before numpy is imported)
"""Claim tracking on a planted corpus: the bars, and the cost of tracking in ``corpus add``.

    python bench/tracking.py --split test                 # build, store with tracking, score
    python bench/tracking.py --split test --speed         # also time analyze_many alone
    python bench/tracking.py --split dev --db dev.db --retrack --confirmed 0.8 ...

Stores with the local engine (one process unless --workers) and tracks each article in the
writer path right after it is stored (:func:`claimmap.corpus.tracking.track_article`). The
speed ratio is (corpus add with tracking) / (analyze_many over the same articles).
"""

from __future__ import annotations

import os

# One BLAS thread for both runs: on a shared machine extra threads mostly spin (the encoder
# used 2.4x the CPU with two threads as with one, for the same vectors).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tracking_data import build, write

from claimmap.corpus import run as corpus_run
from claimmap.corpus.tracking import (
    TrackingSettings,
    list_conflicts,
    retrack,
    track_article,
)
from claimmap.store import open_store
from claimmap.store.schema import articles, claims

TRACK_SECONDS = [0.0]
TRACK_CPU = [0.0]


def time_tracking(settings: TrackingSettings) -> None:
    """Time the writer's own tracking call (it tracks each article in its transaction), with
    these settings. Calling track_article again after the writer would re-track every
    article against a store that already holds it, rebuilding the tracker each time."""
    import claimmap.corpus.writer as writer_module

    def timed(conn: Any, article_id: str) -> Any:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return track_article(conn, article_id, settings)
        finally:
            TRACK_SECONDS[0] += time.perf_counter() - started
            TRACK_CPU[0] += time.process_time() - cpu

    writer_module.track_article = timed  # type: ignore[assignment]


def store_corpus(jsonl: Path, db: Path, settings: TrackingSettings,
                 workers: int) -> tuple[float, float]:
    from claimmap.corpus.inputs import iter_inputs
    from claimmap.corpus.local import LocalEngine

    time_tracking(settings)
    started, cpu = time.perf_counter(), time.process_time()
    with open_store(db) as store, LocalEngine(workers) as engine:
        report = corpus_run.add_to_store(iter_inputs([jsonl]), store, engine)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"stored {report.inserted} articles ({report.errors} errors) in {seconds:.1f} s; "
          f"tracking {TRACK_SECONDS[0]:.1f} s", file=sys.stderr)
    return seconds, cpu


def analyze_only(jsonl: Path, workers: int) -> tuple[float, float]:
    from claimmap.api import analyze_many, get_pipeline
    from claimmap.types import Article

    nlp = get_pipeline()
    items = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    arts = [Article(id=r["id"], text=r["text"], outlet=r.get("outlet"),
                    published=r.get("published"), url=r.get("url")) for r in items]
    started, cpu = time.perf_counter(), time.process_time()
    for _ in analyze_many(arts, nlp=nlp, n_process=workers):
        pass
    return time.perf_counter() - started, time.process_time() - cpu


def _planted_claim(conn: Any, article_id: str, span: list[int]) -> Any:
    rows = conn.execute(claims.select().where(claims.c.article_id == article_id)).all()
    best, overlap = None, 0
    for r in rows:
        o = min(r.end, span[1]) - max(r.start, span[0])
        if o > overlap:
            best, overlap = r, o
    return best


def score(db: Path, gold: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with open_store(db, read_only=True) as store, store.connect() as conn:
        roots = {r.id: r.duplicate_of or r.id
                 for r in conn.execute(articles.select().with_only_columns(
                     articles.c.id, articles.c.duplicate_of))}
        out["planted_articles_not_stored"] = sorted(
            a for group in gold["wire"] for a in group if a not in roots) + sorted(
            a for a in gold["spans"] if a not in roots)
        roots.update({a: f"missing:{a}" for g in gold["wire"] for a in g if a not in roots})
        wire_ok = sum(len({roots[a] for a in group}) == 1 for group in gold["wire"])
        out["wire_groups_one_root"] = f"{wire_ok}/{len(gold['wire'])}"
        out["wire_root_is_original"] = sum(roots[g[1]] == g[0] == roots[g[2]]
                                           for g in gold["wire"])
        planted_ids = {a for g in gold["wire"] for a in g}
        out["other_articles_marked_copies"] = sum(
            1 for a, r in roots.items() if r != a and a not in planted_ids)
        spans = gold["spans"]

        def claim_of(aid: str) -> Any:
            return _planted_claim(conn, aid, spans[aid]) if aid in roots else None

        triple_clusters: list[set[str | None]] = []
        triples_ok = triples_any = 0
        missing = 0
        for ids in gold["triples"]:
            rows = [claim_of(a) for a in ids]
            missing += sum(r is None for r in rows)
            clusters = {r.cluster_id if r is not None else None for r in rows}
            statuses = {r.cluster_status if r is not None else None for r in rows}
            triple_clusters.append(clusters)
            if len(clusters) == 1 and None not in clusters:
                triples_any += 1
                if statuses == {"confirmed"}:
                    triples_ok += 1
        out["triples_one_confirmed_cluster"] = f"{triples_ok}/{len(gold['triples'])}"
        out["triples_one_cluster_any_status"] = triples_any
        out["planted_sentences_not_a_claim"] = missing
        joined = []
        for near in gold["near_misses"]:
            row = claim_of(near["id"])
            cluster = row.cluster_id if row is not None else None
            if cluster is not None and cluster in triple_clusters[near["triple"]]:
                joined.append(near["id"])
        out["near_misses_kept_apart"] = f"{len(gold['near_misses']) - len(joined)}/" \
                                        f"{len(gold['near_misses'])}"
        out["near_misses_joined"] = joined
    found = list_conflicts(store_open(db), limit=100000)
    pairs = {(d.kind, frozenset((d.a.article_id, d.b.article_id))) for d in found}
    conflicts_ok = sum(("numeric_conflict", frozenset(p)) in pairs for p in gold["conflicts"])
    out["conflicts_found"] = f"{conflicts_ok}/{len(gold['conflicts'])}"
    denials_ok = sum(("denial", frozenset(p)) in pairs for p in gold["denials"])
    out["denials_found"] = f"{denials_ok}/{len(gold['denials'])}"
    kinds: dict[str, int] = {}
    for d in found:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    out["corpus_disputes_by_kind"] = kinds
    return out


def store_open(db: Path) -> Any:
    return open_store(db, read_only=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=["dev", "test"], default="test")
    parser.add_argument("--n", type=int, default=None, help="background bodies")
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--speed", action="store_true", help="also time analyze_many alone")
    parser.add_argument("--first", type=int, default=None,
                        help="store only the first N records (of the shuffled corpus)")
    parser.add_argument("--retrack", action="store_true", help="re-track an existing --db")
    for name in ("suggested", "confirmed", "same_quantity", "denial"):
        parser.add_argument(f"--{name.replace('_', '-')}", type=float, default=None)
    args = parser.parse_args()
    settings = TrackingSettings()
    changes = {k: getattr(args, k) for k in ("suggested", "confirmed", "same_quantity", "denial")
               if getattr(args, k) is not None}
    settings = replace(settings, **changes)
    records, gold = build(args.split, args.n)
    if args.first is not None:
        records = records[:args.first]
    tmp = Path(tempfile.mkdtemp(prefix="claimmap-tracking-"))
    os.environ.setdefault("CLAIMMAP_CACHE_DIR", str(tmp / "cache"))
    db = args.db or tmp / f"{args.split}.db"
    result: dict[str, Any] = {"split": args.split, "articles": len(records),
                              "settings": {k: getattr(settings, k) for k in
                                           ("suggested", "confirmed", "same_quantity",
                                            "denial")}}
    if args.retrack:
        started = time.perf_counter()
        retrack(db, settings)
        result["retrack_seconds"] = round(time.perf_counter() - started, 1)
    else:
        jsonl = tmp / f"{args.split}.jsonl"
        write(records, jsonl)
        if db.exists():
            db.unlink()
        # CPU seconds as well as wall: on a shared machine the wall ratio is noise.
        wall, cpu = store_corpus(jsonl, db, settings, args.workers)
        result["corpus_add_seconds"], result["corpus_add_cpu"] = round(wall, 1), round(cpu, 1)
        result["tracking_seconds"] = round(TRACK_SECONDS[0], 1)
        result["tracking_cpu"] = round(TRACK_CPU[0], 1)
        if args.speed:
            wall, cpu = analyze_only(jsonl, args.workers)
            result["analyze_many_seconds"] = round(wall, 1)
            result["analyze_many_cpu"] = round(cpu, 1)
            result["ratio_wall"] = round(result["corpus_add_seconds"] / wall, 3)
            result["ratio_cpu"] = round(result["corpus_add_cpu"] / cpu, 3)
    if args.first is None:
        result.update(score(db, gold))
    result["db"] = str(db)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
