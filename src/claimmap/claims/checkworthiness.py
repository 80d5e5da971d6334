"""Check-worthiness: a linear model over hashed sentence features, numpy only at run time.

Trained by ``training/train_checkworthiness.py`` on ClaimBuster's crowd labels (CFS / UFS /
NFS) and, for ranking debate transcripts, re-weighted with CLEF-2020 Task 5 context features.
The weights ship as ``data/checkworthiness.npz``; see MODELS.md for how they were measured.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimmap.claims.features import N_BUCKETS, TokenTriple, hashed_features
from claimmap.errors import ModelError

DATA = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA / "checkworthiness.npz"
CLASSES = ("CFS", "UFS", "NFS")
# Context features of a debate line, in the order the ranker's weights expect.
CONTEXT_FEATURES = ("cfs", "ufs", "nfs", "prev_cfs", "next_cfs", "clef_score",
                    "system_line", "speaker_share", "n_words_log", "same_speaker_prev")


class CheckworthinessModel:
    """Sentence scores P(CFS), labels, and a debate-context ranking score."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                self.weights = data["weights"].astype(np.float32)
                self.bias = data["bias"].astype(np.float32)
                self.clef_weights = data["clef_weights"].astype(np.float32)
                self.clef_bias = float(data["clef_bias"])
                self.ranker_weights = data["ranker_weights"].astype(np.float32)
                self.ranker_mean = data["ranker_mean"].astype(np.float32)
                self.ranker_scale = data["ranker_scale"].astype(np.float32)
                self.ranker_bias = float(data["ranker_bias"])
                self.meta: dict[str, Any] = json.loads(str(data["meta"]))
        except (OSError, KeyError, ValueError) as err:
            raise ModelError(f"cannot load check-worthiness model {path}: {err}") from None
        if self.weights.shape != (N_BUCKETS, len(CLASSES)):
            raise ModelError(f"{path}: weights have shape {self.weights.shape}, expected "
                             f"({N_BUCKETS}, {len(CLASSES)}); retrain the model")
        self.cfs_threshold = float(self.meta.get("cfs_threshold", 0.5))

    def probabilities(self, sentences: Sequence[Sequence[TokenTriple]]
                      ) -> npt.NDArray[np.float32]:
        """Rows of P(CFS), P(UFS), P(NFS), one per sentence."""
        out = np.zeros((len(sentences), len(CLASSES)), dtype=np.float32)
        for row, tokens in enumerate(sentences):
            index, values = hashed_features(tokens)
            logits = values @ self.weights[index] + self.bias
            logits -= logits.max()
            exp = np.exp(logits)
            out[row] = exp / exp.sum()
        return out

    def clef_scores(self, sentences: Sequence[Sequence[TokenTriple]]
                    ) -> npt.NDArray[np.float32]:
        """Logits of a model fitted on fact-checkers' picks (CLEF), one per sentence."""
        out = np.zeros(len(sentences), dtype=np.float32)
        for row, tokens in enumerate(sentences):
            index, values = hashed_features(tokens)
            out[row] = float(values @ self.clef_weights[index]) + self.clef_bias
        return out

    def label(self, probs: npt.NDArray[np.float32]) -> str:
        """CFS when P(CFS) clears the threshold tuned on dev data, else the likelier other."""
        if float(probs[0]) >= self.cfs_threshold:
            return "CFS"
        return "UFS" if probs[1] > probs[2] else "NFS"

    def rank_debate(self, speakers: Sequence[str],
                    sentences: Sequence[Sequence[TokenTriple]]) -> list[float]:
        """Ranking scores for the lines of one transcript, using the lines around each."""
        if not sentences:
            return []
        features = context_features(speakers, sentences, self.probabilities(sentences),
                                    self.clef_scores(sentences))
        z = (features - self.ranker_mean) / self.ranker_scale
        logits = z @ self.ranker_weights + self.ranker_bias
        return [float(1.0 / (1.0 + math.exp(-float(v)))) for v in logits]


def context_features(speakers: Sequence[str], sentences: Sequence[Sequence[TokenTriple]],
                     probs: npt.NDArray[np.float32],
                     clef: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """One row of CONTEXT_FEATURES per line of a transcript."""
    n = len(sentences)
    counts: dict[str, int] = {}
    for speaker in speakers:
        counts[speaker] = counts.get(speaker, 0) + 1
    rows = np.zeros((n, len(CONTEXT_FEATURES)), dtype=np.float32)
    for i in range(n):
        words = sum(1 for t in sentences[i] if t[0].strip() and t[1] not in ("."))
        rows[i] = (
            probs[i, 0], probs[i, 1], probs[i, 2],
            probs[i - 1, 0] if i > 0 else 0.0,
            probs[i + 1, 0] if i + 1 < n else 0.0,
            clef[i],
            1.0 if speakers[i].strip().upper() == "SYSTEM" else 0.0,
            counts[speakers[i]] / n,
            math.log1p(words),
            1.0 if i > 0 and speakers[i - 1] == speakers[i] else 0.0,
        )
    return rows


@functools.lru_cache(maxsize=2)
def load_model(path: str = "") -> CheckworthinessModel:
    """The shipped model, loaded once."""
    return CheckworthinessModel(Path(path) if path else MODEL_PATH)
