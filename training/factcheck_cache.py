"""Embeddings of CLEF-2020 texts, through the run time's vector cache, so training, experiments
and ``claimmap eval factcheck`` embed each text once between them.

    .venv/bin/python training/factcheck_cache.py   # fills the cache for the verified claims

The cache is ``claimmap.embed.VectorCache`` (``~/.cache/claimmap/vectors.sqlite`` or
``$CLAIMMAP_CACHE_DIR``): a speed-up only, since every vector in it is what
``claimmap.embed.load_encoder().encode`` returns for its text.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

Array = np.ndarray[Any, Any]


@functools.lru_cache(maxsize=1)
def _encoder() -> Any:
    from claimmap.embed import load_encoder

    return load_encoder()


def embed_cached(texts: Sequence[str]) -> Array:
    from claimmap.embed import cached_encode

    if not texts:
        return np.zeros((0, 384), np.float32)
    return cached_encode(_encoder(), list(texts), progress=True)


def main() -> None:
    from claimmap.match.clef import read_queries, read_vclaims

    data = ROOT.parent / "shared" / "data" / "clef2020_claim_retrieval"
    vclaims = read_vclaims(data / "verified_claims.docs.tsv")
    embed_cached([v.claim for v in vclaims] + [v.title or v.claim for v in vclaims])
    for split in ("train", "dev"):
        embed_cached(list(read_queries(data / split / "tweets.queries.tsv").values()))


if __name__ == "__main__":
    main()
