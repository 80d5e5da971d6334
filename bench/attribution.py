"""Speed and memory of ``analyze_many`` beside the bare spaCy parse of the same texts.

    python bench/attribution.py [--polnear DIR] [--limit N] [--n-process 1 2] [--json]

Each stage (bare parse or claimmap, at each worker count) runs in a fresh subprocess, so
its peak RSS is its own and no stage profits from another's warm caches. Inside a stage the
pipeline is loaded and warmed on two texts before the clock starts; the timed run covers
ingest (claimmap only), the parse, our components and the ClaimMap build. The bare parse
is ``claimmap.nlp.pipeline.load_base()``: the stock pipeline as claimmap configures it,
without any analysis component. Words are whitespace-separated tokens of the texts.

Peak RSS is ``getrusage``'s high-water mark: of the stage's main process, and of its largest
worker when there are workers (forked workers share pages with the parent, so main +
n x worker is an upper bound of what the stage held at once).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev"
# bare: the spaCy parse alone; attribution: analyze_many with only the attribution stage
# (issue 2's bar); claimmap: analyze_many with every stage.
STAGES = ("bare", "attribution", "claimmap")


def load_texts(folder: Path, limit: int | None) -> list[str]:
    paths = sorted((folder / "text").glob("*.txt"))
    if limit is not None:
        paths = paths[:limit]
    return [p.read_text(encoding="utf-8") for p in paths]


def _rss_mb(who: int) -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(who).ru_maxrss / 1024


def run_stage(stage: str, texts: list[str], n_process: int) -> dict[str, Any]:
    """Time one stage in this process; returns seconds and peak RSS."""
    from claimmap.settings import load_settings

    settings = load_settings()
    started = time.perf_counter()
    if stage == "bare":
        from claimmap.nlp.pipeline import load_base

        nlp = load_base(settings.model)
        list(nlp.pipe(texts[:2]))
    else:
        from claimmap.api import analyze_many, get_pipeline
        from claimmap.settings import Options

        options = (Options(claims=False, rhetoric=False, stance=False, disputes=False)
                   if stage == "attribution" else Options())
        nlp = get_pipeline(options, settings=settings)
        list(analyze_many(texts[:2], nlp=nlp, options=options, settings=settings))
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    if stage == "bare":
        count = sum(1 for _ in nlp.pipe(texts, n_process=n_process,
                                        batch_size=settings.batch_size))
    else:
        count = sum(1 for _ in analyze_many(texts, nlp=nlp, options=options,
                                            settings=settings, n_process=n_process))
    seconds = time.perf_counter() - started
    assert count == len(texts)
    return {"stage": stage, "n_process": n_process, "pipeline": list(nlp.pipe_names),
            "seconds": seconds, "load_seconds": load_seconds,
            "peak_rss_mb": _rss_mb(resource.RUSAGE_SELF),
            "peak_rss_worker_mb": _rss_mb(resource.RUSAGE_CHILDREN) if n_process > 1 else 0.0}


def _spawn(stage: str, args: argparse.Namespace, n_process: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--stage", stage, "--polnear", str(args.polnear),
               "--n-process", str(n_process)]
    if args.limit is not None:
        command += ["--limit", str(args.limit)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench: stage {stage} (n_process={n_process}) failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_DATA,
                        help="PolNeAR-style folder whose text/*.txt are analysed.")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N texts.")
    parser.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1,
                        help="Run every stage this many times (rounds interleave the stages) "
                        "and keep each stage's fastest run: other load on the machine only "
                        "ever slows a run down.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    args = parser.parse_args()

    texts = load_texts(args.polnear, args.limit)
    if not texts:
        sys.exit(f"bench: no texts in {args.polnear / 'text'}")
    if args.stage:
        print(json.dumps(run_stage(args.stage, texts, args.n_process[0])))
        return

    words = sum(len(t.split()) for t in texts)
    load_before = os.getloadavg()[0]
    best: dict[tuple[str, int], dict[str, Any]] = {}
    for round_ in range(1, max(1, args.repeat) + 1):
        for n_process in args.n_process:
            for stage in STAGES:
                print(f"bench: round {round_}, {stage}, n_process={n_process} ...",
                      file=sys.stderr)
                row = _spawn(stage, args, n_process)
                key = (stage, n_process)
                if key not in best or row["seconds"] < best[key]["seconds"]:
                    best[key] = row
    rows = [best[(stage, n)] for n in args.n_process for stage in STAGES]
    for row in rows:
        row["articles_per_s"] = len(texts) / row["seconds"]
        row["words_per_s"] = words / row["seconds"]
    # Shared machines: the load average says how far the numbers can be trusted.
    load = {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count()}
    ratios: dict[str, dict[str, float]] = {}
    for n_process in args.n_process:
        by_stage = {r["stage"]: r for r in rows if r["n_process"] == n_process}
        ratios[str(n_process)] = {
            stage: by_stage[stage]["seconds"] / by_stage["bare"]["seconds"]
            for stage in STAGES if stage != "bare"}
    if args.json:
        print(json.dumps({"data": str(args.polnear), "articles": len(texts), "words": words,
                          "repeat": args.repeat, "load_average": load,
                          "rows": rows, "time_ratio_over_bare": ratios}))
        return
    print(f"{len(texts)} articles, {words} words from {args.polnear}; best of {args.repeat}; "
          f"load average {load['before']} -> {load['after']} on {load['cpus']} CPUs")
    print(f"{'stage':<12}{'procs':>6}{'seconds':>9}{'art/s':>8}{'words/s':>9}"
          f"{'RSS MB':>8}{'worker MB':>10}{'load s':>8}")
    for r in rows:
        print(f"{r['stage']:<12}{r['n_process']:>6}{r['seconds']:>9.2f}"
              f"{r['articles_per_s']:>8.1f}{r['words_per_s']:>9.0f}{r['peak_rss_mb']:>8.0f}"
              f"{r['peak_rss_worker_mb']:>10.0f}{r['load_seconds']:>8.1f}")
    for n_process, by_stage in ratios.items():
        for stage, ratio in by_stage.items():
            print(f"{stage} / bare parse time, n_process={n_process}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
