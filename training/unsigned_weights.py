"""Rewrite a dynamically quantised ONNX graph so its integer products are exact on every CPU.

    .venv/bin/python training/unsigned_weights.py src/claimmap/accurate/data/encoder.int8.onnx

``onnxruntime.quantization.quantize_dynamic(weight_type=QInt8)`` gives ``MatMulInteger``
nodes of uint8 activations times int8 weights. onnxruntime's u8 x s8 kernels for AVX2 without
VNNI add pairs of products in 16 bits (``vpmaddubsw``), which saturate, so on such machines
the outputs drift from those of the machine the profile was calibrated on. Each int8 weight
matrix with zero point 0 becomes the same numbers shifted by 128 into uint8 with zero point
128; the u8 x u8 kernels widen to 16 bits before multiplying and are exact everywhere (on the
AVX2 machine measured, as fast). Rewrites the file in place; a graph already rewritten is
left as it is. Needs the ``onnx`` package (training only).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np


def unsigned_weights(path: Path) -> int:
    """Rewrite ``path``; the number of weight matrices changed."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    inits = {i.name: i for i in model.graph.initializer}
    changed = 0
    for node in model.graph.node:
        if node.op_type != "MatMulInteger" or len(node.input) < 4:
            continue
        weight, zero = inits.get(node.input[1]), inits.get(node.input[3])
        if weight is None or zero is None or weight.data_type != onnx.TensorProto.INT8:
            continue
        if numpy_helper.to_array(zero).any():
            raise SystemExit(f"{node.name}: int8 weights with a non-zero zero point")
        shifted = (numpy_helper.to_array(weight).astype(np.int16) + 128).astype(np.uint8)
        weight.CopyFrom(numpy_helper.from_array(shifted, weight.name))
        zero.CopyFrom(numpy_helper.from_array(np.array(128, dtype=np.uint8), zero.name))
        changed += 1
    if changed:
        onnx.save(model, str(path))
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path)
    args = parser.parse_args()
    print(f"{args.graph}: {unsigned_weights(args.graph)} weight matrices now uint8",
          file=sys.stderr)


if __name__ == "__main__":
    main()
