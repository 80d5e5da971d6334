"""The trained rhetoric model: span identification (SI), then technique classification (TC).

SI: a sentence-level propaganda score plus a per-token score (which sees the sentence score);
a span is a run of tokens over ``token_threshold``, and a whole sentence when the sentence score
reaches ``sentence_threshold``. TC: a softmax over the 14 techniques for each span.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.features import (
    hash_features,
    sentence_tags,
    sentence_words,
    span_features,
    token_features,
)
from claimmap.rhetoric.linear import HashedLinear, unpack
from claimmap.rhetoric.text import STOP_WORDS, TECHNIQUES, normalise

MODEL_FILE = "rhetoric.npz"
PARAMS_FILE = "rhetoric.json"
_WORD = re.compile(r"\w")


@dataclasses.dataclass(frozen=True, slots=True)
class SiParams:
    token_threshold: float = 0.35
    sentence_threshold: float = 0.45
    # Tokens below the threshold that may sit inside one span (one stray "the").
    max_gap: int = 1


def sentence_bucket(score: float) -> str:
    return f"sp={min(9, int(score * 10))}"


def merge(spans: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Union of overlapping spans; the merged span keeps the highest score."""
    out: list[tuple[int, int, float]] = []
    for start, end, score in sorted(spans):
        if out and start <= out[-1][1]:
            last = out[-1]
            out[-1] = (last[0], max(last[1], end), max(last[2], score))
        else:
            out.append((start, end, score))
    return out


def _worth_keeping(fragment: str) -> bool:
    return bool(_WORD.search(fragment)) and fragment.lower() not in STOP_WORDS


class RhetoricModel:
    def __init__(self, arrays: dict[str, Any], params: dict[str, Any]) -> None:
        self.sentence: HashedLinear = unpack(arrays, "sentence")
        self.token: HashedLinear = unpack(arrays, "token")
        self.technique: HashedLinear = unpack(arrays, "technique")
        self.labels: tuple[str, ...] = tuple(params.get("labels", TECHNIQUES))
        self.si = SiParams(**params.get("si", {}))

    def sentence_scores(self, ctx: ArticleContext) -> list[float]:
        rows = [hash_features(sentence_words(ctx.text, toks)) for toks in ctx.tokens]
        return [float(p) for p in self.sentence.probabilities(rows)]

    def find_spans(self, ctx: ArticleContext,
                   si: SiParams | None = None) -> list[tuple[int, int, float]]:
        """Propaganda spans ``(start, end, score)``, sorted. Token runs and whole sentences
        are both kept, so a loaded word inside a flagged sentence keeps its own span (the
        task's SI score merges overlaps itself)."""
        si = si or self.si
        sent_scores = self.sentence_scores(ctx)
        rows: list[list[int]] = []
        owners: list[int] = []
        for k, toks in enumerate(ctx.tokens):
            tags = [*sentence_tags(ctx.text, toks), sentence_bucket(sent_scores[k])]
            rows.extend(hash_features(f) for f in token_features(toks, tags))
            owners.extend([k] * len(toks))
        probs = self.token.probabilities(rows)
        found: list[tuple[int, int, float]] = []
        i = 0
        for k, toks in enumerate(ctx.tokens):
            start_i = i
            run: list[int] = []
            gap = 0
            for j in range(len(toks)):
                if probs[start_i + j] >= si.token_threshold:
                    run.append(j)
                    gap = 0
                elif run:
                    gap += 1
                    if gap > si.max_gap:
                        found.append(self._run_span(toks, run, probs, start_i))
                        run, gap = [], 0
            if run:
                found.append(self._run_span(toks, run, probs, start_i))
            i += len(toks)
            if toks and sent_scores[k] >= si.sentence_threshold:
                found.append((toks[0].start, toks[-1].end, sent_scores[k]))
        unique: dict[tuple[int, int], float] = {}
        for start, end, score in found:
            if _worth_keeping(ctx.text[start:end]):
                unique[(start, end)] = max(score, unique.get((start, end), 0.0))
        return sorted((s, e, p) for (s, e), p in unique.items())

    @staticmethod
    def _run_span(toks: Sequence[Any], run: list[int], probs: np.ndarray[Any, Any],
                  offset: int) -> tuple[int, int, float]:
        score = float(np.mean([probs[offset + j] for j in run]))
        return toks[run[0]].start, toks[run[-1]].end, score

    def classify(self, ctx: ArticleContext,
                 spans: Sequence[tuple[int, int]]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Technique probabilities, one row per span, columns in ``self.labels`` order."""
        norms = [normalise(ctx.text[s:e]) for s, e in spans]
        # Distinct spans only: the same offsets listed twice are one span with two labels.
        siblings = Counter(normalise(ctx.text[s:e]) for s, e in dict.fromkeys(spans))
        rows = []
        for (start, end), norm in zip(spans, norms, strict=True):
            window, toks = ctx.window(start, end)
            total, earlier = ctx.repeats(start, end)
            repeats = (total, earlier, siblings[norm] - 1 if norm else 0)
            rows.append(hash_features(span_features(ctx.text, start, end, window, repeats,
                                                    toks)))
        return self.technique.probabilities(rows)


def label_spans(probs: np.ndarray[Any, Any], spans: Sequence[tuple[int, int]],
                labels: Sequence[str]) -> list[tuple[str, float]]:
    """Best technique per span; a span listed again gets its next best unused technique."""
    used: dict[tuple[int, int], set[int]] = {}
    out = []
    for row, key in zip(probs, spans, strict=True):
        taken = used.setdefault(key, set())
        for k in np.argsort(-row):
            if int(k) not in taken:
                taken.add(int(k))
                out.append((labels[int(k)], float(row[k])))
                break
    return out


@functools.lru_cache(maxsize=2)
def load_model(package: str = "claimmap.rhetoric.data") -> RhetoricModel:
    root = resources.files(package)
    with resources.as_file(root / MODEL_FILE) as path, np.load(path) as npz:
        arrays = {k: npz[k] for k in npz.files}
    params = json.loads((root / PARAMS_FILE).read_text(encoding="utf-8"))
    return RhetoricModel(arrays, params)
