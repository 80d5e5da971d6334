from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimmap.embed import ExactIndex, VectorCache, load_encoder
from claimmap.embed.minilm import dequantize_rows, gelu, quantize_rows

SENTENCES = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The girl is carrying a baby.",
    "Unemployment fell to 4.2 percent in March, the ministry said.",
    "The ministry said joblessness dropped to 4.2 percent in March.",
]


def test_embed_vectors_are_unit_length_and_batch_invariant() -> None:
    encoder = load_encoder()
    batch = encoder.encode(SENTENCES)
    assert batch.shape == (5, 384) and batch.dtype == np.float32
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=2e-3)
    alone = np.stack([encoder.encode([s])[0] for s in SENTENCES])
    # The same bits whatever else is in the call: tracking's clusters must not depend on
    # which process or batch embedded a claim.
    assert np.array_equal(alone, batch)
    assert np.array_equal(batch, batch.astype(np.float16).astype(np.float32))
    assert encoder.encode([]).shape == (0, 384)


def test_embed_onnx_graph_matches_the_numpy_reference() -> None:
    from claimmap.embed.encoder import load_weights
    from claimmap.embed.minilm import INTEGER_LAYERS, BertEncoder, reference_encode

    encoder = load_encoder()
    weights, meta, _ = load_weights()
    # The reference rounds the integer layers' inputs as the graph does, then multiplies in
    # float: the same numbers up to float32 rounding.
    model = BertEncoder(weights, heads=int(meta["heads"]), layers=int(meta["layers"]),
                        integer_layers=INTEGER_LAYERS)
    texts = [*SENTENCES, "", "A " * 300]  # empty, and one past the 256-piece limit
    reference = reference_encode(model, encoder.pieces(texts))
    onnx = encoder.encode(texts)
    agreement = (onnx * reference).sum(axis=1)
    # Mostly equal to float16 rounding; where float32 noise moves an input across a rounding
    # boundary the two drift apart a little (worst on the 256-piece text). How often that
    # happens depends on the CPU's float kernels (on an AVX-512 VNNI machine: median 0.99973,
    # minimum 0.9978), so the bar is set for any machine; a wrong scale or layer falls far
    # below it.
    assert np.median(agreement) > 0.9995 and agreement.min() > 0.995


def test_embed_paraphrases_are_nearer_than_unrelated_sentences() -> None:
    v = load_encoder().encode(SENTENCES)
    sims = v @ v.T
    assert sims[0, 1] > 0.6 > sims[0, 2]
    assert sims[3, 4] > 0.7 and sims[3, 4] > sims[3, 0] + 0.5


def test_embed_shipped_int8_copy_agrees_with_float32() -> None:
    from importlib import resources

    path = resources.files("claimmap.embed").joinpath("data", "minilm_l6_int8.npz")
    with path.open("rb") as handle, np.load(handle) as packed:
        meta = json.loads(str(packed["meta"]))
    # Measured by training/export_embedder.py on CLEF-2020 claims and tweets.
    assert meta["cosine_int8_vs_fp32_mean"] >= 0.999
    assert meta["cosine_int8_vs_fp32_min"] >= 0.995


def test_embed_row_quantization_round_trip_and_gelu() -> None:
    rng = np.random.default_rng(0)
    m = rng.normal(size=(8, 16)).astype(np.float32)
    q, scale = quantize_rows(m)
    assert q.dtype == np.int8 and np.abs(dequantize_rows(q, scale) - m).max() < scale.max()
    x = np.linspace(-4, 4, 9, dtype=np.float32)
    from math import erf, sqrt
    exact = np.array([0.5 * t * (1 + erf(t / sqrt(2))) for t in x])
    assert np.abs(gelu(x) - exact).max() < 1e-5


def test_embed_exact_index_returns_best_first() -> None:
    index = ExactIndex(3)
    index.add(["a", "b"], np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float32))
    index.add(["c"], np.array([[0.6, 0.8, 0]], dtype=np.float32))
    [hits] = index.search(np.array([1.0, 0.1, 0.0]), k=2)
    assert [h[0] for h in hits] == ["a", "c"] and len(index) == 3
    with pytest.raises(ValueError):
        index.add(["d"], np.zeros((1, 4)))


def test_embed_vector_cache_round_trip(tmp_path: Path) -> None:
    encoder = load_encoder()
    cache = VectorCache(tmp_path / "v.sqlite")
    first = cache.encode(encoder, SENTENCES[:2])
    again = cache.encode(encoder, SENTENCES[:2] + SENTENCES[:1])
    cache.close()
    # float16 storage loses nothing: the encoder already rounds to it.
    assert np.array_equal(first, again[:2]) and np.array_equal(first, encoder.encode(SENTENCES[:2]))
    assert np.array_equal(again[2], again[0])


def test_embed_round_rows_keeps_each_row_within_half_a_step() -> None:
    from claimmap.embed.minilm import round_rows

    rng = np.random.default_rng(1)
    x = (rng.normal(size=(4, 384)) * np.array([[0.1], [1.0], [30.0], [0.0]])).astype(np.float32)
    rounded = round_rows(x)
    step = np.abs(x).max(axis=1, keepdims=True) / 127.0
    assert np.all(np.abs(rounded - x) <= step / 2 + 1e-6)
    assert all(len(np.unique(row)) <= 255 for row in rounded)
    assert np.array_equal(rounded[3], x[3])  # an all-zero row stays zero


def test_embed_integer_layers_reach_onnxruntime_as_unsigned_weights() -> None:
    # u8 x s8 products saturate on AVX2 CPUs without VNNI (pairs summed in 16 bits); the
    # graph takes the same numbers shifted into uint8, whose kernels are exact everywhere.
    from claimmap.embed.encoder import load_packed
    from claimmap.embed.minilm import graph_weights

    packed, _, _ = load_packed()
    arrays = graph_weights(packed)
    layers = [k for k in arrays if k.endswith(".q8_t")]
    assert len(layers) == 36 and all(arrays[k].dtype == np.uint8 for k in layers)
    name = "encoder.layer.0.attention.self.query"
    signed = packed[f"q8:{name}.weight"].T.astype(np.int16)
    assert np.array_equal(arrays[f"{name}.q8_t"].astype(np.int16) - 128, signed)


def test_embed_signed_weights_are_the_shipped_int8_transposed() -> None:
    from claimmap.embed.encoder import load_packed
    from claimmap.embed.minilm import graph_weights

    packed, _, _ = load_packed()
    arrays = graph_weights(packed, signed=True)
    layers = [k for k in arrays if k.endswith(".q8_t")]
    assert len(layers) == 36 and all(arrays[k].dtype == np.int8 for k in layers)
    name = "encoder.layer.5.output.dense"
    assert np.array_equal(arrays[f"{name}.q8_t"], packed[f"q8:{name}.weight"].T)


def _pair_saturating(a: np.ndarray) -> np.ndarray:
    # What u8 x s8 kernels do on AVX2 without VNNI: unsigned activations times signed weights,
    # adjacent products summed into saturating int16, then the zero point taken off.
    from claimmap.embed.kernels import probe_weights

    w = probe_weights().astype(np.int64)
    products = a.astype(np.int64)[:, :, None] * w[None, :, :]
    pairs = np.clip(products[:, 0::2, :] + products[:, 1::2, :], -32768, 32767)
    return np.asarray(pairs.sum(axis=1) - 128 * w.sum(axis=0)[None, :])


def test_embed_kernel_probe_rejects_saturating_pair_sums() -> None:
    from claimmap.embed.kernels import exact_products, probe_weights, products_exact

    assert products_exact(lambda a: exact_products(a, probe_weights()))
    assert not products_exact(_pair_saturating)
    assert not products_exact(lambda a: exact_products(a, probe_weights())[:, :-1])


def test_embed_signed_graph_gives_the_same_bits_where_the_probe_allows_it() -> None:
    from claimmap.embed.encoder import build_encoder
    from claimmap.embed.kernels import signed_products_exact

    assert load_encoder().signed == signed_products_exact()
    if not signed_products_exact():
        pytest.skip("this CPU's u8 x s8 kernels are not exact (AVX2 without VNNI)")
    texts = [*SENTENCES, "", "A " * 300, "Prices rose 7.9 percent, the bureau said on Friday."]
    unsigned, signed = build_encoder(signed=False), build_encoder(signed=True)
    assert unsigned.fingerprint == signed.fingerprint  # one vector cache serves both
    assert np.array_equal(unsigned.encode(texts), signed.encode(texts))
