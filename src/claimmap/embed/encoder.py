"""Sentence embeddings: all-MiniLM-L6-v2 run in numpy, mean-pooled and L2-normalised.

    from claimmap.embed import load_encoder
    vectors = load_encoder().encode(["Unemployment fell to 4.2 percent."])  # (1, 384) float32

Nothing is downloaded: the int8 weights and the word-piece vocabulary ship in
``claimmap/embed/data`` (built by ``training/export_embedder.py``). Cosines of two outputs are
plain dot products. Reused by fact-check matching and by claim clustering.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

from claimmap.embed.minilm import Array, BertEncoder, unpack_weights
from claimmap.errors import ModelError

WEIGHTS_FILE = "minilm_l6_int8.npz"
TOKENIZER_FILE = "minilm_tokenizer.json.gz"
DIMENSIONS = 384
# all-MiniLM-L6-v2 was trained on sequences of at most 256 word pieces.
MAX_PIECES = 256


class SentenceEncoder:
    """Texts in, unit vectors out. Batches group texts of similar length to waste no padding."""

    def __init__(self, weights: dict[str, Array], tokenizer_json: str, *,
                 heads: int = 12, layers: int = 6, max_pieces: int = MAX_PIECES,
                 fingerprint: str = "") -> None:
        from tokenizers import Tokenizer

        # Names these weights in caches of vectors (a hash of the shipped file).
        self.fingerprint = fingerprint or "unnamed"

        self.model = BertEncoder(weights, heads=heads, layers=layers)
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.no_padding()  # we pad each batch to its own longest text
        self.tokenizer.enable_truncation(max_pieces)
        self.dimensions = int(weights["embeddings.word_embeddings.weight"].shape[1])

    def pieces(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids of each text, with [CLS] and [SEP], truncated to ``max_pieces``."""
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> Array:
        """(len(texts), 384) float32 rows of unit length (an empty text gives [CLS][SEP]'s)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        ids = self.pieces(texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            length = max(len(ids[i]) for i in rows)
            batch = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.float32)
            for r, i in enumerate(rows):
                batch[r, :len(ids[i])] = ids[i]
                mask[r, :len(ids[i])] = 1.0
            hidden = self.model.forward(batch, mask)
            pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.maximum(norms, 1e-12)
        return out


def _data(name: str) -> bytes:
    try:
        return resources.files("claimmap.embed").joinpath("data", name).read_bytes()
    except FileNotFoundError:
        raise ModelError(f"the sentence embedder file {name} is missing from the "
                            "claimmap package; rebuild it with training/export_embedder.py") \
            from None


@functools.lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    """The shipped encoder, loaded once per process (about 90 MB of float32 in memory)."""
    import hashlib
    import io

    raw = _data(WEIGHTS_FILE)
    with np.load(io.BytesIO(raw)) as packed:
        meta: dict[str, Any] = json.loads(str(packed["meta"]))
        weights = unpack_weights({k: packed[k] for k in packed.files if k != "meta"})
    tokenizer_json = gzip.decompress(_data(TOKENIZER_FILE)).decode("utf-8")
    return SentenceEncoder(weights, tokenizer_json, heads=int(meta["heads"]),
                           layers=int(meta["layers"]),
                           fingerprint="minilm-l6-int8:" + hashlib.sha1(raw).hexdigest()[:16])
