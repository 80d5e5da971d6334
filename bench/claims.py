"""What the claims stage adds to ``analyze_many``: attribution alone vs attribution + claims.

    python bench/claims.py [--polnear DIR] [--limit N] [--repeat R] [--json]

Both pipelines are loaded and warmed before the clock starts, then timed in the same process,
alternating A/B/A/B for ``--repeat`` rounds so machine load (2 shared cores) hits both alike;
the best round of each is compared. The issue's bar: claims add at most 30 %.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev"
BAR = 0.30


def load_texts(folder: Path, limit: int) -> list[str]:
    paths = sorted((folder / "text").glob("*.txt"))[:limit]
    if not paths:
        sys.exit(f"bench/claims.py: no texts under {folder}/text")
    return [p.read_text(encoding="utf-8") for p in paths]


def timed(texts: list[str], options: Any, nlp: Any) -> float:
    from claimmap.api import analyze_many

    started = time.perf_counter()
    for _ in analyze_many(texts, nlp=nlp, options=options):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from claimmap.api import get_pipeline
    from claimmap.settings import Options

    texts = load_texts(args.polnear, args.limit)
    off = {"rhetoric": False, "stance": False, "disputes": False}
    base_options = Options(attribution=True, claims=False, **off)
    claims_options = Options(attribution=True, claims=True, **off)
    base_nlp = get_pipeline(base_options)
    claims_nlp = get_pipeline(claims_options)
    if "claimmap_claims" not in claims_nlp.pipe_names:
        sys.exit("bench/claims.py: the pipeline has no claimmap_claims component")
    for nlp, options in ((base_nlp, base_options), (claims_nlp, claims_options)):
        timed(texts[:2], options, nlp)  # warm up: model loads, caches
    base_times, claims_times = [], []
    for _ in range(args.repeat):
        base_times.append(timed(texts, base_options, base_nlp))
        claims_times.append(timed(texts, claims_options, claims_nlp))
    base, with_claims = min(base_times), min(claims_times)
    overhead = with_claims / base - 1.0
    result = {
        "texts": len(texts), "words": sum(len(t.split()) for t in texts),
        "attribution_s": round(base, 3), "attribution_claims_s": round(with_claims, 3),
        "overhead": round(overhead, 4), "bar": BAR, "passes": overhead <= BAR,
        "rounds": args.repeat,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['texts']} texts, {result['words']} words, best of {args.repeat}")
        print(f"attribution alone:    {base:.2f} s")
        print(f"attribution + claims: {with_claims:.2f} s")
        print(f"claims add {overhead:.1%} (bar {BAR:.0%}): "
              f"{'ok' if result['passes'] else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
