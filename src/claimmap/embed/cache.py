"""A persistent cache of sentence vectors, keyed by the text and the encoder's weights.

Embedding 10,000 fact-checks takes minutes on a laptop CPU; the cache makes that a one-time
cost per text. One SQLite file (default ``~/.cache/claimmap/vectors.sqlite``, or
``$CLAIMMAP_CACHE_DIR/vectors.sqlite``); float16 rows, which is the precision the encoder
gives, so a cached vector is the same bits as a fresh one.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import sqlite3
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claimmap.embed.encoder import SentenceEncoder
from claimmap.embed.minilm import Array


def default_cache_path() -> Path:
    root = os.environ.get("CLAIMMAP_CACHE_DIR")
    base = Path(root) if root else Path.home() / ".cache" / "claimmap"
    return base / "vectors.sqlite"


def _key(model: str, text: str) -> str:
    return hashlib.sha1(f"{model}\x1f{text}".encode()).hexdigest()


class VectorCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_cache_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One thread at a time (``_lock``), whichever thread: the writer's and an import's.
        self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
        self._lock = threading.Lock()
        # A cache: losing the last rows in a crash costs a re-embedding, so no fsync per
        # commit (tracking commits once per article).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, "
                         "vector BLOB NOT NULL)")

    def close(self) -> None:
        self._db.close()

    def encode(self, encoder: SentenceEncoder, texts: Sequence[str], *,
               chunk: int = 256, progress: bool = False) -> Array:
        """``encoder.encode(texts)``, reading what is cached and storing what was not."""
        with self._lock:
            return self._encode(encoder, texts, chunk, progress)

    def _encode(self, encoder: SentenceEncoder, texts: Sequence[str], chunk: int,
                progress: bool) -> Array:
        keys = [_key(encoder.fingerprint, t) for t in texts]
        found: dict[str, Array] = {}
        unique = sorted(set(keys))
        for start in range(0, len(unique), 500):
            part = unique[start:start + 500]
            marks = ",".join("?" * len(part))
            for key, blob in self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})", part):
                found[key] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
        missing = sorted({t for t, k in zip(texts, keys, strict=True) if k not in found})
        for start in range(0, len(missing), chunk):
            part = missing[start:start + chunk]
            vectors = encoder.encode(part)
            rows = []
            for text, vector in zip(part, vectors, strict=True):
                key = _key(encoder.fingerprint, text)
                found[key] = vector
                rows.append((key, vector.astype(np.float16).tobytes()))
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
            if progress:
                done = min(start + chunk, len(missing))
                sys.stderr.write(f"claimmap: embedded {done}/{len(missing)} texts "
                                 f"(cached in {self.path})\n")
        out = np.zeros((len(texts), encoder.dimensions), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out


# Open caches of this process by path: opening and closing one per call cost a WAL
# checkpoint each time (tracking calls once per article). Keyed by process id too: a forked
# child must not use its parent's SQLite connection.
_OPEN: dict[tuple[str, int], VectorCache] = {}
_OPEN_LOCK = threading.Lock()


def open_cache(path: Path | None = None) -> VectorCache:
    """This process's cache at ``path`` (the default one when None), opened once."""
    resolved = path or default_cache_path()
    key = (str(resolved), os.getpid())
    with _OPEN_LOCK:
        cache = _OPEN.get(key)
        if cache is None:
            cache = _OPEN[key] = VectorCache(resolved)
        return cache


@atexit.register
def _close_all() -> None:
    with _OPEN_LOCK:
        for (_, pid), cache in _OPEN.items():
            if pid == os.getpid():
                cache.close()
        _OPEN.clear()


def cached_encode(encoder: SentenceEncoder, texts: Sequence[str],
                  path: Path | None = None, *, progress: bool = False) -> Array:
    """Encode through the cache at ``path``; falls back to plain encoding if it cannot open."""
    try:
        cache = open_cache(path)
    except (OSError, sqlite3.Error):
        return encoder.encode(texts)
    return cache.encode(encoder, texts, progress=progress)
