"""Cost of the accurate profile: ``analyze_many`` with ``Options(profile="accurate")`` beside
the fast profile and the bare spaCy parse of the same texts, in the same run.

    python bench/accurate.py [--polnear DIR] [--limit N] [--n-process 2] [--repeat 1]

Each stage runs in a fresh subprocess (see bench/attribution.py, whose timing this reuses);
the issue's bar is accurate / bare parse <= 3.5 with n_process=2 on PolNeAR dev.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attribution import DEFAULT_DATA, load_texts

STAGES = ("bare", "fast", "accurate")


def run_stage(stage: str, texts: list[str], n_process: int) -> dict[str, Any]:
    from claimmap.settings import Options, load_settings

    settings = load_settings()
    if stage == "bare":
        from claimmap.nlp.pipeline import load_base

        nlp = load_base(settings.model)
        list(nlp.pipe(texts[:2]))
        started, cpu_started = time.perf_counter(), cpu_seconds()
        count = sum(1 for _ in nlp.pipe(texts, n_process=n_process,
                                        batch_size=settings.batch_size))
    else:
        from claimmap.api import analyze_many, get_pipeline

        options = Options(profile=stage)
        nlp = get_pipeline(options, settings=settings)
        list(analyze_many(texts[:2], nlp=nlp, options=options, settings=settings))
        started, cpu_started = time.perf_counter(), cpu_seconds()
        count = sum(1 for _ in analyze_many(texts, nlp=nlp, options=options,
                                            settings=settings, n_process=n_process))
    assert count == len(texts)
    return {"stage": stage, "n_process": n_process, "seconds": time.perf_counter() - started,
            "cpu_seconds": cpu_seconds() - cpu_started}


def cpu_seconds() -> float:
    """User + system CPU of this process and its reaped children (the n_process workers)."""
    own, children = (resource.getrusage(resource.RUSAGE_SELF),
                     resource.getrusage(resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = load_texts(args.polnear, args.limit)
    if args.stage:
        print(json.dumps(run_stage(args.stage, texts, args.n_process)))
        return
    best: dict[str, float] = {}
    best_cpu: dict[str, float] = {}
    load = [os.getloadavg()[0]]
    for _ in range(max(1, args.repeat)):
        for stage in STAGES:
            command = [sys.executable, __file__, "--stage", stage, "--polnear",
                       str(args.polnear), "--n-process", str(args.n_process)]
            if args.limit is not None:
                command += ["--limit", str(args.limit)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                sys.exit(f"bench: {stage} failed:\n{done.stderr}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            seconds, cpu = result["seconds"], result["cpu_seconds"]
            best[stage] = min(best.get(stage, seconds), seconds)
            best_cpu[stage] = min(best_cpu.get(stage, cpu), cpu)
            print(f"bench: {stage} {seconds:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
    load.append(os.getloadavg()[0])
    words = sum(len(t.split()) for t in texts)
    print(json.dumps({"texts": len(texts), "words": words, "n_process": args.n_process,
                      "seconds": best, "load_average": load,
                      "ratio_over_bare": {s: round(best[s] / best["bare"], 2) for s in best},
                      "cpu_seconds": best_cpu,
                      "cpu_ratio_over_bare": {s: round(best_cpu[s] / best_cpu["bare"], 2)
                                              for s in best_cpu}}))


if __name__ == "__main__":
    main()
