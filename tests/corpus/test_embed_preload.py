from __future__ import annotations

import multiprocessing
from pathlib import Path

import numpy as np

from claimmap.embed import cache as cache_module
from claimmap.embed import encoder as encoder_module
from claimmap.embed import load_encoder

TEXTS = ["Unemployment fell to 4.2 percent in March, the ministry said.",
         "Harbour officials said the eastern quay would stay closed for three weeks."]


def _child_vectors(queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    queue.put(load_encoder().encode(TEXTS).tobytes())


def test_embed_preload_then_fork_gives_the_same_bits() -> None:
    # The corpus writer preloads the encoder while the engine loads its pipeline and then
    # forks its workers: the fork waits for the preload, and a vector is the same bits in
    # the parent and in a forked child.
    encoder_module.preload_encoder()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child_vectors, args=(queue,))
    child.start()
    assert encoder_module._preloader is None or not encoder_module._preloader.is_alive()
    theirs = np.frombuffer(queue.get(timeout=120), dtype=np.float32).reshape(len(TEXTS), -1)
    child.join(timeout=60)
    assert child.exitcode == 0
    assert np.array_equal(load_encoder().encode(TEXTS), theirs)


def test_embed_cache_opened_once_per_process_and_path(tmp_path: Path) -> None:
    first = cache_module.open_cache(tmp_path / "a" / "v.sqlite")
    assert cache_module.open_cache(tmp_path / "a" / "v.sqlite") is first
    assert cache_module.open_cache(tmp_path / "b" / "v.sqlite") is not first
    encoder = load_encoder()
    fresh = cache_module.cached_encode(encoder, TEXTS, tmp_path / "a" / "v.sqlite")
    cached = cache_module.cached_encode(encoder, TEXTS[::-1], tmp_path / "a" / "v.sqlite")
    assert np.array_equal(fresh, cached[::-1]) and np.array_equal(fresh, encoder.encode(TEXTS))
