"""The ONNX graph of the run-time sentence embedder: all-MiniLM-L6-v2's structure, no weights.

    .venv/bin/python training/embedder_graph.py   # rewrites src/claimmap/embed/data/*.onnx

Every weight in the graph is an *external* initializer with no data: at load time
``claimmap.embed.encoder`` hands the shipped int8 weights (``minilm_l6_int8.npz``) to
onnxruntime (``SessionOptions.add_external_initializers``) as they are stored, with their row
scales; the dense layers multiply them in integers (``MatMulInteger``) and the word-piece
table is widened row by row as looked up. So the file is a few kilobytes and the weights ship
once. The names and shapes come from
``claimmap.embed.minilm.graph_weights``, the same function the run time feeds the session from.

Input ``input_ids`` (batch, length) int64 with [CLS] ... [SEP] and no padding (the encoder runs
one text per call); output ``pooled`` (batch, 384): the mean of the last layer over the word
pieces, not yet normalised. Needs the ``onnx`` package (training only).

Two graphs of the same products: ``minilm_l6.onnx`` takes the integer layers' weights shifted
into uint8 (u8 x u8 kernels, exact on every CPU), ``minilm_l6_s8.onnx`` takes them as int8
(u8 x s8 kernels: 1.45x faster on AVX-512 VNNI, where they are exact, but saturating on AVX2
without VNNI). A third, ``matmul_probe.onnx``, is one u8 x s8 product that
``claimmap.embed.kernels`` runs at load to choose between them.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimmap.embed.encoder import GRAPH_FILE, SIGNED_GRAPH_FILE, WEIGHTS_FILE  # noqa: E402
from claimmap.embed.kernels import PROBE_FILE, probe_weights  # noqa: E402
from claimmap.embed.minilm import graph_weights  # noqa: E402

OUT = ROOT / "src" / "claimmap" / "embed" / "data"


def build_graph(shapes: dict[str, tuple[int, ...]], *, heads: int, layers: int,
                signed: bool = False) -> bytes:
    """The embedder's graph; ``signed``: the integer layers take int8 weights (zero point 0)
    instead of uint8 ones (zero point 128)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    hidden = shapes["embeddings.LayerNorm.weight"][0]
    size = hidden // heads
    nodes: list[onnx.NodeProto] = []
    inits: list[onnx.TensorProto] = []
    counter = iter(range(10**6))

    def tmp(prefix: str) -> str:
        return f"{prefix}_{next(counter)}"

    def node(op: str, inputs: list[str], **attrs: object) -> str:
        out = tmp(op.lower())
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def external(name: str, dtype: int = TensorProto.FLOAT) -> str:
        tensor = TensorProto()
        tensor.name = name
        tensor.data_type = dtype
        tensor.dims.extend(shapes[name])
        tensor.data_location = TensorProto.EXTERNAL
        for key, value in (("location", "minilm_l6_int8.npz"), ("offset", "0"),
                           ("length", str((1 if dtype in (TensorProto.INT8,
                                                          TensorProto.UINT8) else 4)
                                      * int(np.prod(shapes[name]))))):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, value
        inits.append(tensor)
        return name

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(value, name))
        return name

    split_shape = const("split_heads", np.array([0, 0, heads, size], dtype=np.int64))
    merge_shape = const("merge_heads", np.array([0, 0, hidden], dtype=np.int64))
    scale = const("attention_scale", np.array(1.0 / np.sqrt(size), dtype=np.float32))
    zero = const("zero", np.array([0], dtype=np.int64))
    axis1 = const("axis1", np.array([1], dtype=np.int64))

    levels = const("levels", np.array(127.0, dtype=np.float32))
    tiny = const("tiny", np.array(1e-8, dtype=np.float32))
    last = const("last_axis", np.array([-1], dtype=np.int64))
    centre = const("centre", np.array(128, dtype=np.uint8))

    def linear(x: str, name: str) -> str:
        if f"{name}.q8_t" not in shapes:
            return node("Add", [node("MatMul", [x, external(f"{name}.weight_t")]),
                                external(f"{name}.bias")])
        # Integer layer: each word piece's activations as symmetric int8 with the piece's own
        # step (its largest magnitude / 127), times the shipped int8 weights exactly, summed
        # in int32; then both steps (the piece's and the weight row's) and the bias in float.
        # The activations travel shifted by 128 as uint8 with zero point 128 (the same
        # numbers), and so do the weights unless ``signed``: onnxruntime's u8 x u8 kernels
        # are exact on every CPU, while its u8 x s8 kernels on AVX2 without VNNI add pairs of
        # products in 16 bits, which saturate.
        # QuantizeLinear per piece (axis 1; one text per call, so the steps are (length,))
        # gives the same bytes as Cast(Round(x / step) + 128) and DequantizeLinear the same
        # floats as Cast(product) * step, in fewer passes (the quantising ops were half of
        # the encoder's time). No Clip: |x| / step never rounds past 127.
        step = node("Reshape", [node("Div", [node("Max", [
            node("ReduceMax", [node("Abs", [x]), last], keepdims=1), tiny]), levels]), last])
        q = node("QuantizeLinear", [x, step, node("Expand", [centre, node("Shape", [step])])],
                 axis=1)
        if signed:
            product = node("MatMulInteger", [q, external(f"{name}.q8_t", TensorProto.INT8),
                                             centre])
        else:
            product = node("MatMulInteger", [q, external(f"{name}.q8_t", TensorProto.UINT8),
                                             centre, centre])
        scaled = node("Mul", [node("DequantizeLinear", [product, step], axis=1),
                              external(f"{name}.scale")])
        return node("Add", [scaled, external(f"{name}.bias")])

    def layer_norm(x: str, name: str) -> str:
        return node("LayerNormalization", [x, external(f"{name}.weight"),
                                           external(f"{name}.bias")], axis=-1, epsilon=1e-12)

    # Embeddings: word pieces + positions 0..length-1 + token type 0, then a layer norm.
    length = node("Gather", [node("Shape", ["input_ids"]), axis1])
    positions = node("Slice", [external("embeddings.position_embeddings.weight"), zero, length,
                               zero])
    pieces = node("Cast", [node("Gather", [external("embeddings.word_embeddings.q8",
                                                     TensorProto.INT8), "input_ids"])],
                  to=TensorProto.FLOAT)
    steps = node("Unsqueeze", [node("Gather", [external("embeddings.word_embeddings.scale"),
                                               "input_ids"]), last])
    x = node("Mul", [pieces, steps])
    x = node("Add", [node("Add", [x, positions]),
                     external("embeddings.token_type_embeddings.row0")])
    x = layer_norm(x, "embeddings.LayerNorm")
    for i in range(layers):
        p = f"encoder.layer.{i}"
        q, k, v = (node("Transpose", [node("Reshape", [linear(x, f"{p}.attention.self.{part}"),
                                                        split_shape])], perm=perm)
                   for part, perm in (("query", [0, 2, 1, 3]), ("key", [0, 2, 3, 1]),
                                      ("value", [0, 2, 1, 3])))
        scores = node("Softmax", [node("Mul", [node("MatMul", [q, k]), scale])], axis=-1)
        context = node("Reshape", [node("Transpose", [node("MatMul", [scores, v])],
                                        perm=[0, 2, 1, 3]), merge_shape])
        x = layer_norm(node("Add", [x, linear(context, f"{p}.attention.output.dense")]),
                       f"{p}.attention.output.LayerNorm")
        inner = linear(x, f"{p}.intermediate.dense")
        # BERT's exact GELU, x * (1 + erf(x / sqrt 2)) / 2, as onnxruntime's own kernel: the
        # same floats as the Erf / Mul / Add chain (0 of 18M differ on random inputs), which
        # onnxruntime did not fuse, in one pass instead of five.
        gelu = node("Gelu", [inner], domain="com.microsoft")
        x = layer_norm(node("Add", [x, linear(gelu, f"{p}.output.dense")]),
                       f"{p}.output.LayerNorm")
    nodes.append(helper.make_node("ReduceMean", [x, axis1], ["pooled"], keepdims=0))
    graph = helper.make_graph(
        nodes, "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", hidden])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18),
                                                    helper.make_opsetid("com.microsoft", 1)],
                              producer_name="claimmap training/embedder_graph.py")
    model.ir_version = 8
    # (onnx.checker would look for the external weights on disk; onnxruntime checks the graph
    # when the encoder loads it, and tests/match/test_embed.py compares it with numpy.)
    return bytes(model.SerializeToString())


def build_probe() -> bytes:
    """One u8 x s8 product, ``a`` (rows, K) uint8 with zero point 128 times the external int8
    ``b`` (K, N) (:func:`claimmap.embed.kernels.probe_weights`), the weights handed over as
    the embedder's are, so onnxruntime takes the same pre-packed kernel."""
    from onnx import TensorProto, helper, numpy_helper

    weights = probe_weights()
    b = TensorProto()
    b.name, b.data_type = "b", TensorProto.INT8
    b.dims.extend(weights.shape)
    b.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "probe"), ("offset", "0"), ("length", str(weights.size))):
        entry = b.external_data.add()
        entry.key, entry.value = key, value
    centre = numpy_helper.from_array(np.array(128, dtype=np.uint8), "centre")
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["a", "b", "centre"], ["product"])],
        "u8 x s8 probe",
        [helper.make_tensor_value_info("a", TensorProto.UINT8, ["rows", weights.shape[0]])],
        [helper.make_tensor_value_info("product", TensorProto.INT32,
                                       ["rows", weights.shape[1]])],
        [b, centre])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)],
                              producer_name="claimmap training/embedder_graph.py")
    model.ir_version = 8
    return bytes(model.SerializeToString())


def write_graphs(out: Path, shapes: dict[str, tuple[int, ...]], *, heads: int,
                 layers: int) -> None:
    """The unsigned and signed embedder graphs and the probe, into ``out``."""
    for file, signed in ((GRAPH_FILE, False), (SIGNED_GRAPH_FILE, True)):
        data = build_graph(shapes, heads=heads, layers=layers, signed=signed)
        (out / file).write_bytes(data)
        print(f"wrote {out / file}: {len(data)} bytes", file=sys.stderr)
    probe = build_probe()
    (out / PROBE_FILE).write_bytes(probe)
    print(f"wrote {out / PROBE_FILE}: {len(probe)} bytes", file=sys.stderr)


def main() -> None:
    import json

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with np.load(io.BytesIO((args.out / WEIGHTS_FILE).read_bytes())) as packed:
        meta = json.loads(str(packed["meta"]))
        arrays = {k: packed[k] for k in packed.files if k != "meta"}
    shapes = {k: tuple(v.shape) for k, v in graph_weights(arrays).items()}
    write_graphs(args.out, shapes, heads=int(meta["heads"]), layers=int(meta["layers"]))


if __name__ == "__main__":
    main()
