"""Embeddings of CLEF-2020 texts, cached by text so reruns and experiments skip the encoder.

    .venv/bin/python training/factcheck_cache.py   # fills the cache for the verified claims

The cache (``training/cache/factcheck/embeddings.npz``) is a speed-up only: every vector in it
is what ``claimmap.embed.load_encoder().encode`` returns for its text.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CACHE = ROOT / "training" / "cache" / "factcheck" / "embeddings.npz"
Array = np.ndarray[Any, Any]


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _load() -> dict[str, Array]:
    if not CACHE.exists():
        return {}
    with np.load(CACHE) as data:
        return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))


def _save(cache: dict[str, Array]) -> None:
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(cache)
    tmp = CACHE.with_suffix(".tmp.npz")
    np.savez(tmp, keys=np.array(keys), vectors=np.stack([cache[k] for k in keys]))
    tmp.replace(CACHE)


def embed_cached(texts: Sequence[str], chunk: int = 512) -> Array:
    from claimmap.embed import load_encoder

    cache = _load()
    missing = sorted({t for t in texts if _key(t) not in cache})
    if missing:
        encoder = load_encoder()
        for start in range(0, len(missing), chunk):
            part = missing[start:start + chunk]
            for text, vector in zip(part, encoder.encode(part), strict=True):
                cache[_key(text)] = vector
            _save(cache)
            print(f"[{time.strftime('%H:%M:%S')}] embedded {start + len(part)}/{len(missing)}",
                  file=sys.stderr)
    return np.stack([cache[_key(t)] for t in texts]) if texts else np.zeros((0, 384), np.float32)


def main() -> None:
    from claimmap.match.clef import read_vclaims

    vclaims = read_vclaims(ROOT.parent / "shared" / "data" / "clef2020_claim_retrieval"
                           / "verified_claims.docs.tsv")
    embed_cached([v.claim for v in vclaims] + [v.title for v in vclaims])


if __name__ == "__main__":
    main()
