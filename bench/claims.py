"""What the claims stage adds to ``analyze_many``: attribution alone vs attribution + claims.

    python bench/claims.py [--polnear DIR] [--limit N] [--repeat R] [--json]

Both pipelines are loaded and warmed before the clock starts, then timed in the same process,
alternating A/B/A/B for ``--repeat`` rounds; the best round of each is compared. Times are CPU
seconds of this process (``time.process_time``): on 2 cores shared with other jobs, wall time
swings more than the difference we measure. A second measure times the claims component alone
on the Docs attribution already annotated, so its share does not drown in parse noise. The
issue's bar: claims add at most 30 %.
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

    started = time.process_time()
    for _ in analyze_many(texts, nlp=nlp, options=options):
        pass
    return time.process_time() - started


def component_time(texts: list[str], base_nlp: Any, claims_nlp: Any) -> float:
    """CPU seconds of the claims component alone over Docs attribution has annotated."""
    from claimmap.api import prepare_doc
    from claimmap.types import Article

    component = claims_nlp.get_pipe("claimmap_claims")
    docs = [base_nlp(prepare_doc(base_nlp, Article(id=str(i), text=t)))
            for i, t in enumerate(texts)]
    started = time.process_time()
    for doc in docs:
        component(doc)
    return time.process_time() - started


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
    alone = min(component_time(texts, base_nlp, claims_nlp) for _ in range(args.repeat))
    share = alone / base
    result = {
        "texts": len(texts), "words": sum(len(t.split()) for t in texts),
        "attribution_cpu_s": round(base, 3), "attribution_claims_cpu_s": round(with_claims, 3),
        "overhead": round(overhead, 4), "claims_component_cpu_s": round(alone, 3),
        "component_share": round(share, 4), "bar": BAR,
        "passes": max(overhead, share) <= BAR, "rounds": args.repeat,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['texts']} texts, {result['words']} words, best of {args.repeat}")
        print(f"attribution alone:    {base:.2f} CPU s")
        print(f"attribution + claims: {with_claims:.2f} CPU s  (+{overhead:.1%})")
        print(f"claims component alone: {alone:.2f} CPU s = {share:.1%} of attribution alone")
        print(f"bar {BAR:.0%}: {'ok' if result['passes'] else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
