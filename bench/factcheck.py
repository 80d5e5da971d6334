"""Fact-check matching speed: embedding claims, and matching them against 10k fact-checks.

    python bench/factcheck.py [--claims N] [--repeat N] [--no-pairs] [--json]

Queries are CLEF-2020 train tweets (cleaned as the matcher cleans them); the index is the
10,375 CLEF verified claims with vectors from the cache (``~/.cache/claimmap``; the first run
embeds them). Timed: the encoder alone on every text a query needs (the cleaned tweet, the
same without a copied tweet's author, its sentences: 3.6 distinct texts per train tweet, one
for an article's one-sentence claim), and the index search alone on ready vectors (BM25,
cosines, candidate features, both logistic models, and the pair model over the first
candidates unless ``--no-pairs``), each the fastest of ``--repeat`` rounds, since other load on
a shared machine only ever slows a run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "clef2020_claim_retrieval"


def main() -> None:
    from claimmap.embed import cached_encode, load_encoder
    from claimmap.match import FactCheckIndex
    from claimmap.match.clef import read_queries, read_vclaims, vclaim_factcheck
    from claimmap.match.index import query_vectors

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pairs", action="store_true",
                        help="the re-ranker alone, without the pair model")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    encoder = load_encoder()
    factchecks = [vclaim_factcheck(v) for v in read_vclaims(DATA / "verified_claims.docs.tsv")]
    claim_vectors = cached_encode(encoder, [f.claim_reviewed for f in factchecks], progress=True)
    title_vectors = cached_encode(encoder, [f.title or f.claim_reviewed for f in factchecks],
                                  progress=True)
    t0 = time.perf_counter()
    index = FactCheckIndex(factchecks, claim_vectors=claim_vectors, title_vectors=title_vectors,
                           encoder=encoder, pairs=not args.no_pairs)
    build = time.perf_counter() - t0
    tweets = list(read_queries(DATA / "train" / "tweets.queries.tsv").values())[:args.claims]
    # Every text the matcher embeds per query (the cleaned query, the one without a copied
    # tweet's author, its sentences) is encoded fresh each round; the search then reads them.
    seen: dict[str, Any] = {}

    def encode(texts: Sequence[str]) -> Any:
        vectors = encoder.encode(list(texts))
        seen.update(zip(texts, vectors, strict=True))
        return vectors

    encode_best = search_best = float("inf")
    for _ in range(args.repeat):
        seen.clear()
        t0 = time.perf_counter()
        query_vectors(tweets, encode, keep_author=index.ranker.keep_author)
        encode_best = min(encode_best, time.perf_counter() - t0)
        t0 = time.perf_counter()
        index.search(tweets, k=20, encode=lambda texts: np.stack([seen[t] for t in texts]))
        search_best = min(search_best, time.perf_counter() - t0)
    result = {
        "factchecks": len(index), "claims": len(tweets), "pairs": index.pairs is not None,
        "index_build_s": round(build, 2),
        "encode_ms_per_claim": round(1000 * encode_best / len(tweets), 2),
        "search_ms_per_claim": round(1000 * search_best / len(tweets), 2),
        "total_ms_per_claim": round(1000 * (encode_best + search_best) / len(tweets), 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
