"""Which of onnxruntime's integer kernels multiply exactly on this CPU.

    from claimmap.embed.kernels import signed_products_exact
    signed_products_exact()  # True on AVX-512 VNNI / AVX-VNNI CPUs, False on plain AVX2

The embedder's dense layers are ``MatMulInteger`` of uint8 activations (zero point 128) by
int8 weights. onnxruntime's u8 x u8 kernels are exact everywhere. Its u8 x s8 kernels are 1.45x
faster on CPUs with VNNI (products summed four at a time into int32) but on AVX2 without VNNI
they add pairs of products in 16 bits, which saturate. Rather than read CPU flags (names
differ by vendor, OS and architecture), one small product with the worst cases is run through
onnxruntime's own kernel at load and compared with numpy: the fast kernel is used only where
it gave every product exactly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]

PROBE_FILE = "matmul_probe.onnx"
# K as in the embedder's narrower layers; N enough for the planted columns plus random ones.
PROBE_DEPTH = 384
PROBE_COLUMNS = 16


def probe_weights() -> Array:
    """(K, N) int8: columns of +127, of -127, alternating signs, then seeded random ones."""
    rng = np.random.default_rng(20261203)
    weights = rng.integers(-127, 128, size=(PROBE_DEPTH, PROBE_COLUMNS)).astype(np.int8)
    weights[:, 0] = 127
    weights[:, 1] = -127
    weights[:, 2] = np.where(np.arange(PROBE_DEPTH) % 2 == 0, 127, -127)
    return weights


def probe_inputs() -> list[Array]:
    """uint8 activations (zero point 128): the extremes that overflow 16-bit pair sums
    (255 and 1, i.e. +127 and -127, against +-127 weights), zeros, and seeded random rows; one
    single row (onnxruntime's vector path) and a block of 33 rows (its matrix path)."""
    rng = np.random.default_rng(3)
    block = rng.integers(1, 256, size=(33, PROBE_DEPTH)).astype(np.uint8)
    block[0], block[1], block[2] = 255, 1, 128
    block[3] = np.where(np.arange(PROBE_DEPTH) % 2 == 0, 255, 1)
    return [np.full((1, PROBE_DEPTH), 255, dtype=np.uint8), block]


def exact_products(a: Array, b: Array) -> Array:
    """What every product must be: (a - 128) @ b in int64."""
    out: Array = (a.astype(np.int64) - 128) @ b.astype(np.int64)
    return out


def products_exact(multiply: Callable[[Array], Array]) -> bool:
    """``multiply(a)`` (a kernel's (a - 128) @ probe_weights()) is exact on every probe."""
    weights = probe_weights()
    for a in probe_inputs():
        got = np.asarray(multiply(a))
        if got.shape != (a.shape[0], weights.shape[1]) or \
                not np.array_equal(got.astype(np.int64), exact_products(a, weights)):
            return False
    return True


def cpu_session(graph: bytes, arrays: dict[str, Array], *, threads: int = 1) -> Any:
    """An onnxruntime CPU session of ``graph`` with ``arrays`` as its external initializers,
    ``threads`` intra-op threads and one inter-op thread, as the embedder and the probe run.
    The arrays must outlive the session: onnxruntime reads them in place."""
    import onnxruntime as ort  # type: ignore[import-untyped]

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    options.add_external_initializers(
        list(arrays), [ort.OrtValue.ortvalue_from_numpy(a) for a in arrays.values()])
    return ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


def file_session(path: str | Path, *, threads: int = 1) -> Any:
    """An onnxruntime CPU session of the graph file at ``path``, with ``threads`` intra-op
    threads and one inter-op thread (the accurate encoder, the fact-check pair model)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


@functools.lru_cache(maxsize=1)
def signed_products_exact() -> bool:
    """onnxruntime's u8 x s8 ``MatMulInteger`` (pre-packed constant weights, one thread, as the
    embedder runs it) gives every probe product exactly on this CPU. False if it cannot run."""
    try:
        graph = resources.files("claimmap.embed").joinpath("data", PROBE_FILE).read_bytes()
        weights = {"b": probe_weights()}
        session = cpu_session(graph, weights)
        return products_exact(lambda a: session.run(None, {"a": a})[0])
    except Exception:  # no probe, or onnxruntime refuses it: the exact kernels everywhere
        return False
