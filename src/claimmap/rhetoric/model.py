"""The trained rhetoric model: span identification (SI), then technique classification (TC).

SI: a lexical score per sentence, revised by the article's mean and the neighbouring
sentences; then a CRF over the sentence's tokens, whose features include that score, gives
each token the probability of lying inside a span; a last small regression joins the sentence
score and the token probabilities into the sentence's final score. A span is a run of tokens
over ``token_threshold``, and a sentence (trimmed to its tokens over ``trim_threshold``) when
its final score reaches ``sentence_threshold``. TC: a softmax over the 14 techniques for each
span. Peaks: single words inside found spans that TC, asked about the word alone, confidently
calls loaded language or name calling. numpy and crfsuite only.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from claimmap.crf import read_model
from claimmap.errors import ModelError
from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.features import (
    hash_features,
    sentence_features,
    sentence_tags,
    span_features,
    tagger_features,
)
from claimmap.rhetoric.linear import HashedLinear, softmax, unpack
from claimmap.rhetoric.rarity import TOP_BAND, WordRarity
from claimmap.rhetoric.text import (
    QUOTE_CHARS,
    STOP_WORDS,
    TECHNIQUES,
    Token,
    normalise,
    tokens_within,
)
from claimmap.rhetoric.vectors import WordVectors, load_vectors

MODEL_FILE = "rhetoric.npz"
PARAMS_FILE = "rhetoric.json"
TAGGER_FILE = "rhetoric_si.crfsuite"
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
    # A flagged sentence keeps only its stretch from the first to the last token at least
    # this likely (0 keeps the whole sentence): the task's spans are mostly clauses.
    trim_threshold: float = 0.0


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


def stack_features(revised: float, marginals: Sequence[float]) -> list[float]:
    """What the final sentence score sees: the revised sentence score and the CRF's token
    probabilities (their peak, mean and share over one half), as logits, and the length."""
    m = np.asarray(marginals, dtype=np.float64)
    if not len(m):
        m = np.zeros(1)
    logits = _logit(np.array([revised, m.max(), m.mean()]))
    return [*map(float, logits), float((m > 0.5).mean()), float(np.log(len(m)))]


class Scored(NamedTuple):
    """Per sentence of an article: the final score, each token's probability of lying
    inside a span, and the revised lexical score the tagger saw."""
    sentences: list[float]
    tokens: list[list[float]]
    revised: list[float]


class SpanTagger:
    """The CRF that scores tokens: crfsuite's model file, scored in numpy (``crf.py``: the
    same probabilities as crfsuite's tagger, to the bit). Stateless, so threads share it."""

    def __init__(self, path: Path, vectors: WordVectors | None = None) -> None:
        self.path = path
        self.crf = read_model(path)
        self.outside = self.crf.labels.index("O")
        self.vectors = vectors
        # The word vector's dimensions follow the feature names in every token's item
        # (``WordVectors.tagger_items``): their weights, in that order.
        self.vector_weights = (np.stack([self.crf.state[self.crf.rows[name]]
                                         for name in vectors.names])
                               if vectors is not None else None)
        if vectors is not None:
            vectors.rounded()  # made now, before any fork, so worker processes share it

    def inside_probabilities(self, sentences: Sequence[tuple[Sequence[Token],
                                                             Sequence[Sequence[str]]]]
                             ) -> list[list[float]]:
        """P(token inside a span) for each token of each sentence, given as (tokens, each
        token's feature names)."""
        kept = [(toks, names) for toks, names in sentences if names]
        if not kept:
            return [[] for _ in sentences]
        dense = None
        if self.vectors is not None and self.vector_weights is not None:
            values = np.concatenate([self.vectors.tagger_values(toks) for toks, _ in kept])
            dense = (values, self.vector_weights)
        state = self.crf.state_scores([n for _, names in kept for n in names], dense)
        outside = self.crf.marginals(state, [len(names) for _, names in kept])[:, self.outside]
        inside = (1.0 - outside).tolist()
        out: list[list[float]] = []
        at = 0
        for _, names in sentences:
            out.append(inside[at:at + len(names)])
            at += len(names)
        return out


def _worth_keeping(fragment: str) -> bool:
    """At least one word of two letters that is not a stop word ("S" of "U.S." is not)."""
    return any(w.lower() not in STOP_WORDS for w in _WORD.findall(fragment))


def _is_question(toks: Sequence[Token]) -> bool:
    closing = [t.text for t in toks if t.text not in QUOTE_CHARS and t.text not in ")]"]
    return bool(closing) and closing[-1] == "?"


def _run_span(toks: Sequence[Token], run: list[int],
              probs: Sequence[float]) -> tuple[int, int, float]:
    return toks[run[0]].start, toks[run[-1]].end, float(np.mean([probs[j] for j in run]))


@dataclasses.dataclass(frozen=True, slots=True)
class PeakParams:
    token_threshold: float = 0.3
    label_threshold: float = 0.8
    # Commonest frequency band a peak word may be in (TOP_BAND: any). Common words called
    # loaded ("face", "very") are mostly wrong: 7-10 % right out of fold in bands 4-5.
    max_band: int = TOP_BAND


class RhetoricModel:
    def __init__(self, arrays: dict[str, Any], params: dict[str, Any],
                 tagger_path: Path, vectors: WordVectors | None = None) -> None:
        self.sentence: HashedLinear = unpack(arrays, "sentence")
        self.tagger = SpanTagger(tagger_path, vectors)
        # Word vectors feed the tagger and, through their sentence mean, the sentence model.
        self.vectors = vectors
        # Corpus counts of the vector table's words (older models have none).
        counts = arrays.get("word_counts")
        self.rarity = (WordRarity(vectors.row, counts)
                       if vectors is not None and counts is not None and len(counts) else None)
        self.sentence_dense = np.asarray(arrays.get("sentence_dense", np.zeros(0)),
                                         dtype=np.float32).reshape(-1)
        # (vector dims x techniques): the span's mean word vector in the technique model.
        self.technique_dense = np.asarray(arrays.get("technique_dense", np.zeros((0, 0))),
                                          dtype=np.float32)
        self.technique: HashedLinear = unpack(arrays, "technique")
        self.context_coef = np.asarray(arrays["context_coef"], dtype=np.float64).reshape(-1)
        self.context_bias = float(np.asarray(arrays["context_bias"]).reshape(-1)[0])
        self.labels: tuple[str, ...] = tuple(params.get("labels", TECHNIQUES))
        self.si = SiParams(**params.get("si", {}))
        # No stack (while training): the final sentence score is the revised one.
        stack = params.get("sentence_stack") or {}
        self.stack_coef = np.asarray(stack.get("coef", []), dtype=np.float64)
        self.stack_bias = float(stack.get("bias", 0.0))
        self.peaks = PeakParams(**params.get("peaks", {}))
        # Log-prior shifts per technique, fitted on out-of-fold predictions in training.
        self.offsets = np.exp(np.asarray(params.get("technique_offsets", [0.0] * len(
            self.labels)), dtype=np.float32))

    def sentence_scores(self, ctx: ArticleContext) -> tuple[list[float], str]:
        """Each sentence's propaganda score and the article's tag: the lexical score is
        revised by the article's mean and the neighbours' (propaganda comes in clusters and
        some outlets use far more of it)."""
        rows = [hash_features(sentence_features(ctx.text, toks, self.rarity))
                for toks in ctx.tokens]
        if not rows:
            return [], article_bucket(0.0)
        z = self.sentence.logits(rows)[:, 0].astype(np.float64)
        if self.vectors is not None and len(self.sentence_dense):
            dense = np.stack([self.vectors.mean(toks) for toks in ctx.tokens])
            z += dense @ self.sentence_dense
        lexical = 1.0 / (1.0 + np.exp(-z))
        return ([float(p) for p in revise(lexical, self.context_coef, self.context_bias)],
                article_bucket(float(lexical.mean())))

    def raw_scores(self, ctx: ArticleContext) -> Scored:
        """Sentence scores before the final stack, and the tagger's token probabilities."""
        sent_scores, sentences = self.scored_inputs(ctx)
        per_sentence = self.tagger.inside_probabilities(sentences)
        return Scored(sent_scores, per_sentence, sent_scores)

    def scored_inputs(self, ctx: ArticleContext
                      ) -> tuple[list[float], list[tuple[list[Token], list[list[str]]]]]:
        """The revised sentence scores, and per sentence (tokens, each token's feature names)
        as the tagger reads them (the accurate profile's second tagger extends the names)."""
        sent_scores, article_tag = self.sentence_scores(ctx)
        sentences = []
        for k, toks in enumerate(ctx.tokens):
            tags = [*sentence_tags(ctx.text, toks), sentence_bucket(sent_scores[k]),
                    article_tag]
            sentences.append((toks, tagger_features(toks, tags, self.rarity)))
        return sent_scores, sentences

    def stacked(self, raw: Scored) -> Scored:
        if not len(self.stack_coef):
            return raw
        rows = np.array([stack_features(r, m) for r, m in zip(raw.revised, raw.tokens,
                                                               strict=True)])
        if not len(rows):
            return raw
        final = 1.0 / (1.0 + np.exp(-(rows @ self.stack_coef + self.stack_bias)))
        return Scored([float(p) for p in final], raw.tokens, raw.revised)

    def score_tokens(self, ctx: ArticleContext) -> Scored:
        """Each sentence's final score and its tokens' probabilities of lying in a span."""
        return self.stacked(self.raw_scores(ctx))

    def find_spans(self, ctx: ArticleContext, si: SiParams | None = None,
                   scored: Scored | None = None) -> list[tuple[int, int, float]]:
        """Propaganda spans ``(start, end, score)``, sorted. Token runs and whole sentences
        are both kept, so a loaded word inside a flagged sentence keeps its own span (the
        task's SI score merges overlaps itself)."""
        si = si or self.si
        sent_scores, token_scores, _ = scored or self.score_tokens(ctx)
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
                likely = [j for j in range(len(toks)) if probs[j] >= si.trim_threshold]
                first, last = (likely[0], likely[-1]) if likely else (0, len(toks) - 1)
                if _is_question(toks):
                    # A question's doubt lies in its asking ("Is it ..."), the very words
                    # trimming would cut: PTC marks rhetorical questions whole.
                    first, last = 0, len(toks) - 1
                found.append((toks[first].start, toks[last].end, sent_scores[k]))
        unique: dict[tuple[int, int], float] = {}
        for start, end, score in found:
            if _worth_keeping(ctx.text[start:end]):
                unique[(start, end)] = max(score, unique.get((start, end), 0.0))
        return sorted((s, e, p) for (s, e), p in unique.items())

    def peak_words(self, ctx: ArticleContext, spans: Sequence[tuple[int, int, float]],
                   scored: Scored,
                   peaks: PeakParams | None = None) -> list[tuple[int, int, str, float]]:
        """Single words inside found spans that the technique model, asked about the word
        alone, calls loaded language or name calling with confidence: PTC marks those as
        one- or two-word spans, while SI tends to flag the whole sentence around them."""
        peaks = peaks or self.peaks
        candidates: list[tuple[int, int, float]] = []
        for k, toks in enumerate(ctx.tokens):
            for token, prob in zip(toks, scored.tokens[k], strict=True):
                if (prob >= peaks.token_threshold and len(token.text) > 3
                        and token.text.isalpha() and token.text.lower() not in STOP_WORDS
                        and token.pos in _CONTENT_POS
                        and (self.rarity is None or self.rarity.band(token.text) <= peaks.max_band)
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

    def technique_logits(self, ctx: ArticleContext, spans: Sequence[tuple[int, int]]
                         ) -> np.ndarray[Any, np.dtype[np.float32]]:
        """The technique model's logits before its offsets (``self.labels`` order)."""
        rows, inner = technique_inputs(ctx, spans)
        z = self.technique.logits(rows)
        if self.vectors is not None and self.technique_dense.size and rows:
            z = z + self.span_vectors(inner) @ self.technique_dense
        return z

    def span_vectors(self, inner: Sequence[Sequence[Token]]
                     ) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Each span's mean word vector (the technique model's dense input)."""
        if self.vectors is None:
            raise ModelError("the rhetoric model carries no word vectors")
        return np.stack([self.vectors.mean(t) for t in inner])

    def classify(self, ctx: ArticleContext,
                 spans: Sequence[tuple[int, int]]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Technique probabilities, one row per span, columns in ``self.labels`` order."""
        probs = softmax(self.technique_logits(ctx, spans)) * self.offsets
        out: np.ndarray[Any, np.dtype[np.float32]] = probs / probs.sum(axis=1, keepdims=True)
        return out


def technique_inputs(ctx: ArticleContext, spans: Sequence[tuple[int, int]]
                     ) -> tuple[list[list[int]], list[list[Token]]]:
    """Per span, its hashed technique features and the tokens inside it."""
    norms = [normalise(ctx.text[s:e]) for s, e in spans]
    # Distinct spans only: the same offsets listed twice are one span with two labels.
    siblings = Counter(normalise(ctx.text[s:e]) for s, e in dict.fromkeys(spans))
    rows, inner = [], []
    for (start, end), norm in zip(spans, norms, strict=True):
        window, toks = ctx.window(start, end)
        total, earlier = ctx.repeats(start, end)
        repeats = (total, earlier, siblings[norm] - 1 if norm else 0)
        rows.append(hash_features(span_features(ctx.text, start, end, window, repeats, toks)))
        inner.append(tokens_within(toks, start, end))
    return rows, inner


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
    vectors = load_vectors(package) if params.get("word_vectors") else None
    # Package data lies on disk (setuptools installs unzipped), as crfsuite needs a path.
    return RhetoricModel(arrays, params, Path(str(root / TAGGER_FILE)), vectors)
