"""The MiniLM-L6 weights, and a BERT forward pass in numpy that is the reference for the
run-time graph.

The weights are all-MiniLM-L6-v2's (Apache-2.0), shipped as an int8 copy with one scale per
matrix row (``training/export_embedder.py``); they are widened to float32 once, at load.
At run time onnxruntime evaluates them (``claimmap.embed.encoder``, graph from
``training/embedder_graph.py``); the numpy pass here is what that graph is checked against
(tests), what the export measures the int8 copy with, and what training scripts that need
the transformer's hidden states (``training/word_vectors.py``) run. Padding is masked in
attention and in the mean pooling, so a sentence embeds the same alone or in a batch of
longer ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]

# Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): BERT's exact GELU without scipy.
_P = 0.3275911
_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def _erf(x: Array) -> Array:
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + _P * a)
    poly = t * (_A[0] + t * (_A[1] + t * (_A[2] + t * (_A[3] + t * _A[4]))))
    out: Array = sign * (1.0 - poly * np.exp(-a * a))
    return out


def gelu(x: Array) -> Array:
    out: Array = 0.5 * x * (1.0 + _erf(x * np.float32(1.0 / np.sqrt(2.0))))
    return out.astype(np.float32, copy=False)


def layer_norm(x: Array, weight: Array, bias: Array, eps: float = 1e-12) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: Array = (x - mean) / np.sqrt(var + eps) * weight + bias
    return out


class BertEncoder:
    """Inference-only BERT: ``forward(ids, mask)`` gives the last layer, (batch, length, hidden)."""

    def __init__(self, weights: dict[str, Array], heads: int, layers: int, *,
                 integer_layers: tuple[str, ...] = ()) -> None:
        self.w = weights
        self.heads = heads
        self.layers = layers
        # The layers whose inputs are rounded as the run-time graph's integer layers round
        # them (``INTEGER_LAYERS``; none for the float model training scripts need).
        self.integer_layers = integer_layers
        # Linear weights transposed once so each call is a plain x @ W.
        self._t = {k[: -len(".weight")]: np.ascontiguousarray(v.T)
                   for k, v in weights.items()
                   if k.startswith("encoder.") and k.endswith(".weight") and v.ndim == 2}

    def _linear(self, x: Array, name: str) -> Array:
        # One 2-d GEMM: numpy runs a 3-d @ 2-d product as a loop of small ones.
        weight = self._t[name]
        flat = x.reshape(-1, x.shape[-1])
        if integer_layer(name, self.integer_layers):
            flat = round_rows(flat)
        flat = flat @ weight + self.w[f"{name}.bias"]
        out: Array = flat.reshape(*x.shape[:-1], weight.shape[1])
        return out

    def forward(self, ids: Array, mask: Array) -> Array:
        w = self.w
        batch, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        hidden = x.shape[-1]
        size = hidden // self.heads
        # Pad keys get a large negative score, so no query attends to them.
        key_bias = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(size))
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def split(t: Array) -> Array:
                return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

            q = split(self._linear(x, f"{p}.attention.self.query"))
            k = split(self._linear(x, f"{p}.attention.self.key"))
            v = split(self._linear(x, f"{p}.attention.self.value"))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + key_bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = layer_norm(x + self._linear(context, f"{p}.attention.output.dense"),
                           w[f"{p}.attention.output.LayerNorm.weight"],
                           w[f"{p}.attention.output.LayerNorm.bias"])
            inner = gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = layer_norm(x + self._linear(inner, f"{p}.output.dense"),
                           w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"])
        return x


def round_rows(x: Array) -> Array:
    """Each row rounded to one of 255 levels of its own step (largest magnitude / 127): what
    an integer layer multiplies, as float32."""
    step = np.maximum(np.abs(x).max(axis=-1, keepdims=True), np.float32(1e-8)) / \
        np.float32(127.0)
    out: Array = (np.clip(np.rint(x / step), -127, 127) * step).astype(np.float32)
    return out


def mean_pool(hidden: Array, mask: Array) -> Array:
    """Mean of ``hidden`` over the unmasked positions, L2-normalised: the sentence vector."""
    pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
    out: Array = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return out.astype(np.float32)


def reference_encode(model: BertEncoder, ids: list[list[int]], batch_size: int = 32) -> Array:
    """Sentence vectors of word-piece id lists through the numpy pass (sorted by length and
    padded per batch)."""
    out = np.zeros((len(ids), model.w["embeddings.LayerNorm.weight"].shape[0]),
                   dtype=np.float32)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        length = max(len(ids[i]) for i in rows)
        batch = np.zeros((len(rows), length), dtype=np.int64)
        mask = np.zeros((len(rows), length), dtype=np.float32)
        for r, i in enumerate(rows):
            batch[r, :len(ids[i])] = ids[i]
            mask[r, :len(ids[i])] = 1.0
        out[rows] = mean_pool(model.forward(batch, mask), mask)
    return out


# The dense layers (named after "encoder.layer.N.") that the run-time graph multiplies in
# integers: the int8 weights as shipped, times each word piece's activations rounded to int8
# with the piece's own step. All six: 2.3x faster than float32 products, and the planted
# tracking dev set and CLEF cross-validation unchanged (MODELS.md has the trials).
INTEGER_LAYERS: tuple[str, ...] = ("attention.self.query", "attention.self.key",
                                   "attention.self.value", "attention.output.dense",
                                   "intermediate.dense", "output.dense")


def integer_layer(name: str, layers: tuple[str, ...] = INTEGER_LAYERS) -> bool:
    """``name`` ("encoder.layer.3.output.dense") is one of the integer dense layers."""
    parts = name.split(".", 3)
    return len(parts) == 4 and parts[0] == "encoder" and parts[3] in layers


def graph_weights(packed: dict[str, Array], *,
                  layers: tuple[str, ...] | None = None,
                  signed: bool = False) -> dict[str, Array]:
    """The arrays the ONNX graph takes as external initializers, by name, from the shipped
    file's arrays (``pack_weights``): the integer layers' int8 matrices transposed and
    shifted by 128 into uint8 (``{layer}.q8_t``, ``x @ W``; left int8 if ``signed``, for the
    signed graph) with their row scales (``{layer}.scale``), the other matrices widened to
    float32 and transposed (``{layer}.weight_t``), the token-type row of segment 0, the rest
    as stored."""
    layers = INTEGER_LAYERS if layers is None else layers
    out: dict[str, Array] = {}
    for name, value in packed.items():
        if name.startswith("scale:"):
            continue
        if name.startswith("q8:"):
            base = name[3:]
            scale = packed[f"scale:{base}"]
            layer = base[: -len(".weight")]
            if base.startswith("encoder.") and base.endswith(".weight") and \
                    integer_layer(layer, layers):
                # Shifted by 128 into uint8 (zero point 128 in the graph): the same numbers,
                # multiplied by onnxruntime's u8 x u8 kernels. Its u8 x s8 kernels on AVX2
                # without VNNI add pairs of products in 16 bits, which saturate; the signed
                # graph takes the int8 as stored, only where they do not.
                out[f"{layer}.q8_t"] = np.ascontiguousarray(value.T) if signed else \
                    np.ascontiguousarray((value.T.astype(np.int16) + 128).astype(np.uint8))
                out[f"{layer}.scale"] = np.ascontiguousarray(scale, dtype=np.float32)
            elif base.startswith("encoder.") and base.endswith(".weight"):
                out[f"{layer}.weight_t"] = np.ascontiguousarray(dequantize_rows(value, scale).T)
            elif base == "embeddings.word_embeddings.weight":
                # Widened in the graph, row by row as looked up: the same float32 products
                # as ``dequantize_rows``, without 47 MB of float32 in memory.
                out["embeddings.word_embeddings.q8"] = value
                out["embeddings.word_embeddings.scale"] = np.ascontiguousarray(
                    scale, dtype=np.float32)
            else:
                out[base] = dequantize_rows(value, scale)
        elif name == "embeddings.token_type_embeddings.weight":
            out["embeddings.token_type_embeddings.row0"] = np.ascontiguousarray(
                value[0], dtype=np.float32)
        else:
            out[name] = np.ascontiguousarray(value, dtype=np.float32)
    return out


def quantize_rows(matrix: Array) -> tuple[Array, Array]:
    """Symmetric int8 with one float32 scale per row: row = q * scale."""
    peak = np.abs(matrix).max(axis=1, keepdims=True)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(matrix / scale), -127, 127).astype(np.int8)
    return q, scale[:, 0]


def dequantize_rows(q: Array, scale: Array) -> Array:
    out: Array = q.astype(np.float32) * scale[:, None]
    return out


def pack_weights(weights: dict[str, Array]) -> dict[str, Array]:
    """The arrays of the shipped file: 2-d matrices as int8 + row scales, the rest float32."""
    packed: dict[str, Array] = {}
    for name, value in weights.items():
        if name.startswith("pooler.") or name.endswith("position_ids"):
            continue  # mean pooling needs neither
        value = value.astype(np.float32)
        if value.ndim == 2 and name != "embeddings.token_type_embeddings.weight":
            q, scale = quantize_rows(value)
            packed[f"q8:{name}"] = q
            packed[f"scale:{name}"] = scale
        else:
            packed[name] = value
    return packed


def unpack_weights(packed: dict[str, Array]) -> dict[str, Array]:
    weights: dict[str, Array] = {}
    for name, value in packed.items():
        if name.startswith("q8:"):
            base = name[3:]
            weights[base] = dequantize_rows(value, packed[f"scale:{base}"])
        elif not name.startswith("scale:"):
            weights[name] = value.astype(np.float32)
    return weights
