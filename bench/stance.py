"""What headline stance and disputes add to ``analyze_many``, measured in one run.

    python bench/stance.py [--fnc1 DIR] [--limit N] [--repeat N] [--json]

Articles are FNC-1 training bodies, each with the first headline paired with it as its
title (so the stance component has work to do). Two pipelines are loaded in this process:
every analysis component but stance and disputes ("base"), and all of them ("full"). Both are
warmed on two articles, then timed over the same articles in interleaved rounds; each keeps
its fastest round, since other load on a shared machine only ever slows a run. The issue's
bar: full / base <= 1.20. The two components are also timed alone on the parsed Docs, a
figure the machine's load disturbs far less than the whole-pipeline ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "fnc1"


def load_articles(folder: Path, limit: int) -> list[Any]:
    from claimmap.eval.stance import read_bodies, read_stances
    from claimmap.types import Article

    bodies = read_bodies(folder / "train_bodies.csv")
    titles: dict[str, str] = {}
    for pair in read_stances(folder / "train_stances.csv"):
        titles.setdefault(pair.body_id, pair.headline)
    ids = sorted(bodies, key=int)[:limit]
    return [Article(id=f"fnc1-{i}", text=bodies[i], title=titles.get(i)) for i in ids]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fnc1", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args()

    from claimmap.api import analyze_many, get_pipeline
    from claimmap.settings import Options

    articles = load_articles(args.fnc1, args.limit)
    if not articles:
        sys.exit(f"bench: no articles in {args.fnc1}")
    options = {"base": Options(stance=False, disputes=False), "full": Options()}
    pipelines = {name: get_pipeline(opts) for name, opts in options.items()}
    for name, nlp in pipelines.items():
        list(analyze_many(articles[:2], nlp=nlp, options=options[name]))
    load_before = os.getloadavg()[0]
    best: dict[str, float] = {}
    found = {"stance": 0, "disputes": 0, "accusations": 0}
    for round_ in range(1, max(1, args.repeat) + 1):
        for name, nlp in pipelines.items():
            print(f"bench: round {round_}, {name} ...", file=sys.stderr)
            started = time.perf_counter()
            maps = list(analyze_many(articles, nlp=nlp, options=options[name]))
            seconds = time.perf_counter() - started
            best[name] = min(best.get(name, seconds), seconds)
            if name == "full":
                found = {"stance": sum(cm.stance is not None for cm in maps),
                         "disputes": sum(len(cm.disputes) for cm in maps),
                         "accusations": sum(len(cm.accusations) for cm in maps)}
    # The direct cost: our two components alone, rerun on already parsed Docs.
    from claimmap.api import prepare_doc

    full = pipelines["full"]
    docs = list(full.pipe(prepare_doc(full, a) for a in articles))
    component_ms = {}
    for pipe_name in ("claimmap_stance", "claimmap_disputes"):
        component = full.get_pipe(pipe_name)
        started = time.perf_counter()
        for doc in docs:
            component(doc)
        component_ms[pipe_name] = 1000 * (time.perf_counter() - started) / len(docs)
    ratio = best["full"] / best["base"]
    extra_ms = 1000 * (best["full"] - best["base"]) / len(articles)
    result = {"articles": len(articles), "words": sum(len(a.text.split()) for a in articles),
              "repeat": args.repeat, "seconds": best, "ratio_full_over_base": ratio,
              "extra_ms_per_article": extra_ms, "component_ms_per_article": component_ms,
              "found": found,
              "pipelines": {n: list(p.pipe_names) for n, p in pipelines.items()},
              "load_average": {"before": round(load_before, 2),
                               "after": round(os.getloadavg()[0], 2),
                               "cpus": os.cpu_count()}}
    if args.json:
        print(json.dumps(result))
        return
    print(f"{len(articles)} FNC-1 articles, best of {args.repeat}; load average "
          f"{result['load_average']['before']} -> {result['load_average']['after']}")
    for name in ("base", "full"):
        print(f"  {name:<5} {best[name]:7.2f} s  {', '.join(pipelines[name].pipe_names)}")
    print(f"full / base: {ratio:.3f}x ({extra_ms:+.1f} ms per article; bar <= 1.20x)")
    for pipe_name, ms in component_ms.items():
        print(f"  {pipe_name}: {ms:.2f} ms per article (rerun on parsed Docs)")
    print(f"found: {found}")


if __name__ == "__main__":
    main()
