"""Sentence embeddings: all-MiniLM-L6-v2 run by onnxruntime, mean-pooled and L2-normalised.

    from claimmap.embed import load_encoder
    vectors = load_encoder().encode(["Unemployment fell to 4.2 percent."])  # (1, 384) float32

Nothing is downloaded: the int8 weights, the graph (structure only) and the word-piece
vocabulary ship in ``claimmap/embed/data`` (``training/export_embedder.py`` and
``training/embedder_graph.py``). Cosines of two outputs are plain dot products. Used by
fact-check matching and by claim clustering.

The dense layers multiply in integers (``claimmap.embed.minilm.INTEGER_LAYERS``): the int8
weights as shipped times each word piece's activations rounded to int8, 2.3x faster than
float products. Where onnxruntime's u8 x s8 kernels are exact (``claimmap.embed.kernels``:
CPUs with VNNI) the weights go in as int8, 1.45x faster again; elsewhere as uint8 shifted by
128. Both give every product exactly, so the vectors are the same bits either way.

Each text is run alone, at its own length (no padding), and every vector is
rounded to float16 precision: a text's vector is then the same bits whichever batch, process
or cache it came from, so what tracking stores does not depend on where its vectors were
computed.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import os
import threading
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

from claimmap.embed.minilm import Array, graph_weights, unpack_weights
from claimmap.errors import ModelError

WEIGHTS_FILE = "minilm_l6_int8.npz"
GRAPH_FILE = "minilm_l6.onnx"
SIGNED_GRAPH_FILE = "minilm_l6_s8.onnx"
TOKENIZER_FILE = "minilm_tokenizer.json.gz"
DIMENSIONS = 384
# all-MiniLM-L6-v2 was trained on sequences of at most 256 word pieces.
MAX_PIECES = 256


def canonical(vectors: Array) -> Array:
    """Vectors at float16 precision (as the vector cache stores them), as float32."""
    out: Array = np.asarray(vectors, dtype=np.float32).astype(np.float16).astype(np.float32)
    return out


class SentenceEncoder:
    """Texts in, unit vectors out (one onnxruntime session, one thread)."""

    def __init__(self, packed: dict[str, Array], tokenizer_json: str, graph: bytes, *,
                 max_pieces: int = MAX_PIECES, fingerprint: str = "",
                 threads: int = 1, signed: bool = False) -> None:
        """``graph``: :data:`SIGNED_GRAPH_FILE`'s if ``signed``, else :data:`GRAPH_FILE`'s."""
        from tokenizers import Tokenizer

        from claimmap.embed.kernels import cpu_session

        # Names these weights and this run time in caches of vectors.
        self.fingerprint = fingerprint or "unnamed"
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_pieces)
        self.dimensions = int(packed["q8:embeddings.word_embeddings.weight"].shape[1])
        # The arrays must outlive the session: onnxruntime reads them in place.
        self._arrays = graph_weights(packed, signed=signed)
        self.signed = signed
        try:
            self.session = cpu_session(graph, self._arrays, threads=threads)
        except Exception as err:  # onnxruntime raises its own untyped errors
            raise ModelError(f"cannot load the sentence embedder graph: {err}") from None

    def pieces(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids of each text, with [CLS] and [SEP], truncated to ``max_pieces``."""
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str]) -> Array:
        """(len(texts), 384) float32 rows of unit length (an empty text gives [CLS][SEP]'s)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, ids in enumerate(self.pieces(texts)):
            pooled = self.session.run(None, {"input_ids": np.array([ids], dtype=np.int64)})[0]
            out[row] = pooled[0] / max(float(np.linalg.norm(pooled[0])), 1e-12)
        return canonical(out)


def _data(name: str) -> bytes:
    try:
        return resources.files("claimmap.embed").joinpath("data", name).read_bytes()
    except FileNotFoundError:
        raise ModelError(f"the sentence embedder file {name} is missing from the "
                            "claimmap package; rebuild it with training/export_embedder.py") \
            from None


def load_packed() -> tuple[dict[str, Array], dict[str, Any], bytes]:
    """The shipped file's arrays as stored (int8 matrices and their row scales), its
    ``meta``, and the file itself."""
    import io

    raw = _data(WEIGHTS_FILE)
    with np.load(io.BytesIO(raw)) as file:
        meta: dict[str, Any] = json.loads(str(file["meta"]))
        packed = {k: file[k] for k in file.files if k != "meta"}
    return packed, meta, raw


def load_weights() -> tuple[dict[str, Array], dict[str, Any], bytes]:
    """The shipped weights widened to float32 (the numpy reference's), ``meta``, the file."""
    packed, meta, raw = load_packed()
    return unpack_weights(packed), meta, raw


def load_tokenizer_json() -> str:
    return gzip.decompress(_data(TOKENIZER_FILE)).decode("utf-8")


def load_word_table() -> tuple[Array, Array]:
    """MiniLM's word-piece table as shipped: int8 rows, (30522, 384), and a float32 scale per
    row. The accurate profile's encoder was fine-tuned with this table frozen and reads it from
    here rather than shipping a second copy (11.8 MB)."""
    import io

    with np.load(io.BytesIO(_data(WEIGHTS_FILE))) as file:
        rows: Array = file["q8:embeddings.word_embeddings.weight"]
        scales: Array = file["scale:embeddings.word_embeddings.weight"].astype(np.float32)
    return rows, scales


def graph_inputs(table: tuple[Array, Array], ids: Sequence[Sequence[int]],
                 types: Sequence[Sequence[int]]) -> dict[str, Array]:
    """The feeds of a MiniLM graph that starts after the word lookup (the accurate profile's
    encoder, the fact-check pair model): the word vectors of each input's pieces from
    ``table`` (``load_word_table``), right-padded to the longest input, with the mask and
    the token types (zeros where an input gives none)."""
    width = max(len(x) for x in ids)
    id_rows = np.zeros((len(ids), width), np.int64)
    mask = np.zeros((len(ids), width), np.int64)
    type_rows = np.zeros((len(ids), width), np.int64)
    for r, (piece_ids, piece_types) in enumerate(zip(ids, types, strict=True)):
        k = len(piece_ids)
        id_rows[r, :k] = piece_ids
        mask[r, :k] = 1
        if piece_types:
            type_rows[r, :k] = piece_types[:k]
    rows, scales = table
    embeds = rows[id_rows].astype(np.float32) * scales[id_rows][..., None]
    return {"embeds": embeds, "mask": mask, "types": type_rows}


_LOAD_LOCK = threading.Lock()
_preloader: threading.Thread | None = None


def load_encoder() -> SentenceEncoder:
    """The shipped encoder, loaded once per process (about 25 MB of weights in memory: int8
    as shipped, the word pieces' table widened row by row as looked up)."""
    with _LOAD_LOCK:  # a preloading thread and the caller never load it twice
        return _load_encoder()


@functools.lru_cache(maxsize=1)
def _load_encoder() -> SentenceEncoder:
    from claimmap.embed.kernels import signed_products_exact

    return build_encoder(signed=signed_products_exact())


def build_encoder(*, signed: bool = False) -> SentenceEncoder:
    """A new encoder over the shipped files; ``signed``: int8 weights and the u8 x s8 kernels,
    only where :func:`claimmap.embed.kernels.signed_products_exact` says they are exact."""
    import hashlib

    packed, _meta, raw = load_packed()
    graph = _data(GRAPH_FILE)
    # Named by the weights and the exact graph: the signed graph gives the same bits, so
    # vectors cached by either serve both.
    digest = hashlib.sha1(raw + graph).hexdigest()[:16]
    return SentenceEncoder(packed, load_tokenizer_json(),
                           _data(SIGNED_GRAPH_FILE) if signed else graph,
                           fingerprint=f"minilm-l6-int8-ort:{digest}", signed=signed)


def _warm() -> None:
    # Whatever goes wrong here, the caller that needs the encoder meets it again itself.
    with contextlib.suppress(Exception):
        encoder = load_encoder()
        # One run plans onnxruntime's memory. Word pieces by hand: the tokenizer's batch
        # call would start its thread pool in a process that is about to fork.
        ids = [encoder.tokenizer.token_to_id("[CLS]"), encoder.tokenizer.token_to_id("[SEP]")]
        encoder.session.run(None, {"input_ids": np.array([ids], dtype=np.int64)})


def preload_encoder() -> None:
    """Load the encoder in a background thread, so that a process that will need it (the
    corpus writer) loads it while it waits for its first results rather than after. A fork
    waits for the thread first (``os.register_at_fork``), so no child starts mid-load."""
    global _preloader
    with _LOAD_LOCK:
        if _preloader is not None or _load_encoder.cache_info().currsize:
            return
        _preloader = threading.Thread(target=_warm, name="claimmap-encoder-preload",
                                      daemon=True)
    _preloader.start()


def _join_preloader() -> None:
    if _preloader is not None and _preloader.is_alive():
        _preloader.join()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_join_preloader)
