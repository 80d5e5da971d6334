"""The pair model of fact-check matching: a MiniLM-L6 cross-encoder that reads a claim and a
fact-check together (``[CLS] claim [SEP] fact-check claim. title [SEP]``) and gives the pair a
logit. The index adds ``weight`` x that logit to the re-ranker's logit over the re-ranker's
first ``top`` candidates (both chosen by cross-validation in training/factcheck_cross.py).

The graph is the encoder after the word lookup, int8, run by onnxruntime; the word table and
the word pieces are the tracking embedder's (training kept the table frozen, so one copy
ships). The head, ``top`` and ``weight`` are in ``factcheck_cross.json``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from claimmap.embed.encoder import graph_inputs
from claimmap.errors import ModelError
from claimmap.match.features import Array
from claimmap.types import FactCheck

GRAPH_FILE = "factcheck_cross.int8.onnx"
SETTINGS_FILE = "factcheck_cross.json"
MAX_PIECES = 128
BATCH = 32


def pair_text(factcheck: FactCheck) -> str:
    """The fact-check side of a pair: its claim, then its title when that says more."""
    claim = factcheck.claim_reviewed.strip()
    title = (factcheck.title or "").strip()
    if not title or title == claim:
        return claim
    if claim and claim[-1] not in ".!?":
        claim += "."
    return f"{claim} {title}"


class CrossEncoder:
    """The shipped pair model (``load_cross``), or one read from ``directory``."""

    def __init__(self, directory: Path | None = None, threads: int = 1) -> None:
        try:
            import onnxruntime  # type: ignore[import-untyped]  # noqa: F401 (a clear error)
            from tokenizers import Tokenizer
        except ImportError as err:
            raise ModelError(f"fact-check pair scoring needs onnxruntime and tokenizers ({err})"
                             ) from None
        from claimmap.embed.encoder import load_tokenizer_json, load_word_table
        from claimmap.embed.kernels import file_session

        base = directory or _shipped_dir()
        try:
            settings: dict[str, Any] = json.loads(
                (base / SETTINGS_FILE).read_text(encoding="utf-8"))
            self.session = file_session(base / GRAPH_FILE, threads=threads)
        except (OSError, ValueError, RuntimeError) as err:
            raise ModelError(f"cannot load the fact-check pair model: {err}") from None
        try:
            self.top = int(settings["top"])
            self.weight = float(settings["weight"])
            self.head_w = np.asarray(settings["head_w"], np.float32)
            self.head_b = float(settings["head_b"])
        except (KeyError, TypeError, ValueError) as err:
            raise ModelError(f"{SETTINGS_FILE} lacks a setting ({err})") from None
        if self.head_w.shape != (384,) or self.top < 1:
            raise ModelError(f"{SETTINGS_FILE} holds a head of the wrong shape")
        self.tokenizer = Tokenizer.from_str(load_tokenizer_json())
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_PIECES, strategy="longest_first")
        self.table = load_word_table()

    def logits(self, pairs: Sequence[tuple[str, str]]) -> Array:
        """One logit per (claim, fact-check text) pair; higher is a better match."""
        out = np.zeros(len(pairs), np.float32)
        if not pairs:
            return out
        encodings = self.tokenizer.encode_batch([(a, b) for a, b in pairs])
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for k in range(0, len(order), BATCH):
            rows = order[k:k + BATCH]
            feeds = graph_inputs(self.table, [encodings[i].ids for i in rows],
                                 [encodings[i].type_ids for i in rows])
            (states,) = self.session.run(None, feeds)
            out[rows] = states[:, 0] @ self.head_w + self.head_b
        return out


def reorder_top(rows: Array, logits: Array, order: Array, pair_logits: Array,
                weight: float) -> Array:
    """``order`` (indices into ``rows``, best first) with its first ``len(pair_logits)``
    re-ordered by ranker logit + ``weight`` x pair logit (ties: the lower row first)."""
    top = order[:len(pair_logits)]
    combined = logits[top] + weight * pair_logits
    again = top[np.lexsort((rows[top], -combined))]
    result: Array = np.concatenate([again, order[len(top):]])
    return result


def _shipped_dir() -> Path:
    return Path(str(resources.files("claimmap.match").joinpath("data")))


def shipped_cross_exists() -> bool:
    data = _shipped_dir()
    return (data / GRAPH_FILE).is_file() and (data / SETTINGS_FILE).is_file()


@functools.lru_cache(maxsize=1)
def load_cross() -> CrossEncoder | None:
    """The shipped pair model, loaded once per process; None when the package has none, and
    matching is the re-ranker's alone."""
    if not shipped_cross_exists():
        return None
    return CrossEncoder()
