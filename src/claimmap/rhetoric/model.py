"""The trained rhetoric model: span identification (SI), then technique classification (TC).

SI: a lexical score per sentence, revised by the article's mean and the neighbouring
sentences; then a score per token that sees the sentence's and the article's. A span is a run
of tokens over ``token_threshold``, and a whole sentence when its revised score reaches
``sentence_threshold``. TC: a softmax over the 14 techniques for each span. Peaks: single words
inside found spans that TC, asked about the word alone, confidently calls loaded language or
name calling. All linear over hashed features; numpy only.
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
from claimmap.rhetoric.text import STOP_WORDS, TECHNIQUES, Token, normalise

MODEL_FILE = "rhetoric.npz"
PARAMS_FILE = "rhetoric.json"
_WORD = re.compile(r"\w\w+")
# Parts of speech a loaded word can have; "" when the Doc was not tagged.
_CONTENT_POS = frozenset(("ADJ", "ADV", "NOUN", "VERB", "PROPN", ""))
_WORD_TECHNIQUES = frozenset(("Loaded_Language", "Name_Calling,Labeling"))


@dataclasses.dataclass(frozen=True, slots=True)
class SiParams:
    token_threshold: float = 0.35
    sentence_threshold: float = 0.45
    # Tokens below the threshold that may sit inside one span (one stray "the").
    max_gap: int = 1


def sentence_bucket(score: float) -> str:
    return f"sp={min(9, int(score * 10))}"


def article_bucket(mean_score: float) -> str:
    return f"ap={min(9, int(mean_score * 10))}"


def _logit(p: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    q = np.clip(p, 1e-4, 1 - 1e-4)
    out: np.ndarray[Any, Any] = np.log(q / (1 - q))
    return out


def context_features(lexical: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Per sentence: its own logit, the article mean, the previous and next sentence (the
    mean at the edges) and log(number of sentences)."""
    logits = _logit(lexical)
    mean = float(logits.mean())
    prev = np.concatenate(([mean], logits[:-1]))
    nxt = np.concatenate((logits[1:], [mean]))
    size = np.full_like(logits, np.log(len(logits)))
    return np.stack([logits, np.full_like(logits, mean), prev, nxt, size], axis=1)


def revise(lexical: np.ndarray[Any, Any], coef: np.ndarray[Any, Any],
           bias: float) -> np.ndarray[Any, Any]:
    z = context_features(lexical) @ coef + bias
    out: np.ndarray[Any, Any] = 1.0 / (1.0 + np.exp(-z))
    return out


def _worth_keeping(fragment: str) -> bool:
    """At least one word of two letters that is not a stop word ("S" of "U.S." is not)."""
    return any(w.lower() not in STOP_WORDS for w in _WORD.findall(fragment))


def _run_span(toks: Sequence[Token], run: list[int],
              probs: Sequence[float]) -> tuple[int, int, float]:
    return toks[run[0]].start, toks[run[-1]].end, float(np.mean([probs[j] for j in run]))


@dataclasses.dataclass(frozen=True, slots=True)
class PeakParams:
    token_threshold: float = 0.3
    label_threshold: float = 0.8


class RhetoricModel:
    def __init__(self, arrays: dict[str, Any], params: dict[str, Any]) -> None:
        self.sentence: HashedLinear = unpack(arrays, "sentence")
        self.token: HashedLinear = unpack(arrays, "token")
        self.technique: HashedLinear = unpack(arrays, "technique")
        self.context_coef = np.asarray(arrays["context_coef"], dtype=np.float64).reshape(-1)
        self.context_bias = float(np.asarray(arrays["context_bias"]).reshape(-1)[0])
        self.labels: tuple[str, ...] = tuple(params.get("labels", TECHNIQUES))
        self.si = SiParams(**params.get("si", {}))
        self.peaks = PeakParams(**params.get("peaks", {}))
        # Log-prior shifts per technique, fitted on out-of-fold predictions in training.
        self.offsets = np.exp(np.asarray(params.get("technique_offsets", [0.0] * len(
            self.labels)), dtype=np.float32))

    def sentence_scores(self, ctx: ArticleContext) -> tuple[list[float], str]:
        """Each sentence's propaganda score and the article's tag: the lexical score is
        revised by the article's mean and the neighbours' (propaganda comes in clusters and
        some outlets use far more of it)."""
        rows = [hash_features(sentence_words(ctx.text, toks)) for toks in ctx.tokens]
        lexical = self.sentence.probabilities(rows).astype(np.float64)
        if not len(lexical):
            return [], article_bucket(0.0)
        return ([float(p) for p in revise(lexical, self.context_coef, self.context_bias)],
                article_bucket(float(lexical.mean())))

    def score_tokens(self, ctx: ArticleContext) -> tuple[list[float], list[list[float]]]:
        """Sentence scores, and each sentence's token scores (which see the sentence's)."""
        sent_scores, article_tag = self.sentence_scores(ctx)
        rows: list[list[int]] = []
        for k, toks in enumerate(ctx.tokens):
            tags = [*sentence_tags(ctx.text, toks), sentence_bucket(sent_scores[k]),
                    article_tag]
            rows.extend(hash_features(f) for f in token_features(toks, tags))
        flat = [float(p) for p in self.token.probabilities(rows)]
        per_sentence = []
        i = 0
        for toks in ctx.tokens:
            per_sentence.append(flat[i:i + len(toks)])
            i += len(toks)
        return sent_scores, per_sentence

    def find_spans(self, ctx: ArticleContext, si: SiParams | None = None,
                   scored: tuple[list[float], list[list[float]]] | None = None,
                   ) -> list[tuple[int, int, float]]:
        """Propaganda spans ``(start, end, score)``, sorted. Token runs and whole sentences
        are both kept, so a loaded word inside a flagged sentence keeps its own span (the
        task's SI score merges overlaps itself)."""
        si = si or self.si
        sent_scores, token_scores = scored or self.score_tokens(ctx)
        found: list[tuple[int, int, float]] = []
        for k, toks in enumerate(ctx.tokens):
            probs = token_scores[k]
            run: list[int] = []
            gap = 0
            for j in range(len(toks)):
                if probs[j] >= si.token_threshold:
                    run.append(j)
                    gap = 0
                elif run:
                    gap += 1
                    if gap > si.max_gap:
                        found.append(_run_span(toks, run, probs))
                        run, gap = [], 0
            if run:
                found.append(_run_span(toks, run, probs))
            if toks and sent_scores[k] >= si.sentence_threshold:
                found.append((toks[0].start, toks[-1].end, sent_scores[k]))
        unique: dict[tuple[int, int], float] = {}
        for start, end, score in found:
            if _worth_keeping(ctx.text[start:end]):
                unique[(start, end)] = max(score, unique.get((start, end), 0.0))
        return sorted((s, e, p) for (s, e), p in unique.items())

    def peak_words(self, ctx: ArticleContext, spans: Sequence[tuple[int, int, float]],
                   scored: tuple[list[float], list[list[float]]],
                   peaks: PeakParams | None = None) -> list[tuple[int, int, str, float]]:
        """Single words inside found spans that the technique model, asked about the word
        alone, calls loaded language or name calling with confidence: PTC marks those as
        one- or two-word spans, while SI tends to flag the whole sentence around them."""
        peaks = peaks or self.peaks
        candidates: list[tuple[int, int, float]] = []
        for k, toks in enumerate(ctx.tokens):
            for token, prob in zip(toks, scored[1][k], strict=True):
                if (prob >= peaks.token_threshold and len(token.text) > 3
                        and token.text.isalpha() and token.text.lower() not in STOP_WORDS
                        and token.pos in _CONTENT_POS
                        and any(s <= token.start and token.end <= e for s, e, _ in spans)):
                    candidates.append((token.start, token.end, prob))
        if not candidates:
            return []
        probs = self.classify(ctx, [(s, e) for s, e, _ in candidates])
        out = []
        for (start, end, prob), row in zip(candidates, probs, strict=True):
            best = int(np.argmax(row))
            if self.labels[best] in _WORD_TECHNIQUES and row[best] >= peaks.label_threshold:
                out.append((start, end, self.labels[best], prob * float(row[best])))
        return out

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
        probs = self.technique.probabilities(rows) * self.offsets
        out: np.ndarray[Any, np.dtype[np.float32]] = probs / probs.sum(axis=1, keepdims=True)
        return out


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
