"""The corpus writer alone: analyse N bench bodies once, then replay their outcomes through
``Writer`` into a fresh store in this process, with the CPU seconds of each part.

    python bench/writer_profile.py [--n 150] [--repeats 3] [--warm] [--profile]

``--warm``: a vector cache filled by a first replay (the encoder then never runs, which
leaves the writer's own work). The analysed outcomes are kept in ``--outcomes`` (default
/tmp/claimmap-writer-outcomes-N.pkl) so later runs skip the analysis. Compare two trees by
running this script with ``PYTHONPATH=<other tree>/src``: the outcomes file is the same.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import os
import pickle
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_data import build

PARTS = [  # (module, owner class or None, function, label)
    ("claimmap.corpus.writer", None, "put_article", "put_article"),
    ("claimmap.store.fts", None, "index_article", "put_article: search rows"),
    ("claimmap.corpus.tracking", None, "track_article", "tracking"),
    ("claimmap.corpus.tracking.track", "Tracker", "_copies", "tracking: copies"),
    ("claimmap.corpus.tracking.track", None, "make_claim", "tracking: claim features"),
    ("claimmap.corpus.tracking.state", "TrackerState", "candidates", "tracking: blocking"),
    ("claimmap.embed.encoder", "SentenceEncoder", "encode", "tracking: encoder"),
    ("claimmap.corpus.tracking.track", "Tracker", "_denials", "tracking: denials"),
    ("claimmap.corpus.tracking.track", None, "refresh_cluster", "tracking: cluster rows"),
    ("claimmap.corpus.signals", None, "refresh_signals", "signals"),
]


def outcomes(n: int, path: Path) -> list[Any]:
    if path.exists():
        with path.open("rb") as handle:
            return list(pickle.load(handle))
    from claimmap.corpus.engine import WorkItem
    from claimmap.corpus.inputs import iter_inputs
    from claimmap.corpus.local import LocalEngine
    from claimmap.store.write import content_hash

    data = path.with_suffix(".jsonl")
    build(data, n, bad=False)
    items = [WorkItem(seq, rec.source, rec.position, rec.article, content_hash(rec.article))
             for seq, rec in enumerate(r for inp in iter_inputs([data], max_chars=2_000_000)
                                       for r in inp.records if r.article is not None)]
    got = list(LocalEngine(2).run(items))
    with path.open("wb") as handle:
        pickle.dump(got, handle)
    return got


def instrument(seconds: collections.Counter[str]) -> None:
    import importlib

    for module_name, owner_name, name, label in PARTS:
        module = importlib.import_module(module_name)
        owner = getattr(module, owner_name) if owner_name else module
        original = getattr(owner, name)

        def timed(*args: Any, _f: Any = original, _label: str = label, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return _f(*args, **kwargs)
            finally:
                seconds[_label] += time.process_time() - started

        setattr(owner, name, functools.wraps(original)(timed))


def replay(got: list[Any], work: Path, warm: Path | None) -> float:
    from claimmap.corpus.writer import Writer
    from claimmap.embed import load_encoder
    from claimmap.store.backend import open_store

    cache = work / "vectors"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    if warm is not None:
        shutil.copy(warm, cache / "vectors.sqlite")
    os.environ["CLAIMMAP_CACHE_DIR"] = str(cache)
    for old in work.glob("store.db*"):
        old.unlink()
    store = open_store(work / "store.db")
    load_encoder()  # loaded before the clock starts, as corpus add preloads it
    writer = Writer(store, track=True, match_factchecks=True, preload=False)
    started = time.process_time()
    for outcome in got:
        writer.write(outcome)
    took = time.process_time() - started
    store.close()
    from claimmap.embed.cache import _close_all

    _close_all()  # the cache's WAL into its file, so a copy of it is whole
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warm", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile one more replay")
    parser.add_argument("--outcomes", type=Path)
    args = parser.parse_args()
    got = outcomes(args.n, args.outcomes or
                   Path(tempfile.gettempdir()) / f"claimmap-writer-outcomes-{args.n}.pkl")
    work = Path(tempfile.mkdtemp(prefix="claimmap-writer-"))
    warm = None
    if args.warm:
        replay(got, work, None)
        warm = work / "warm.sqlite"
        shutil.copy(work / "vectors" / "vectors.sqlite", warm)
    seconds: collections.Counter[str] = collections.Counter()
    instrument(seconds)
    totals = []
    for _ in range(args.repeats):
        totals.append(replay(got, work, warm))
    parts = {label: round(value / args.repeats, 3) for label, value in seconds.items()}
    print(json.dumps({"articles": len(got), "warm": args.warm,
                      "writer_cpu_s": [round(t, 3) for t in totals],
                      "median": round(statistics.median(totals), 3),
                      "parts_mean_cpu_s": parts}, indent=2))
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(replay, got, work, warm)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
