"""Features for headline stance, shared by training and inference so both see the same numbers.

Pure Python and numpy: a word tokenizer, a sentence splitter, our own TF-IDF weighting from a
stored vocabulary, and the hand features of methods.md §3 (similarities, then refuting,
negation and hedge cues read from the body sentences closest to the headline, because summing
the whole body dilutes the one sentence that refutes).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimmap.text import LOOSE
from claimmap.text import sentence_spans as split_sentences

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

STOP = frozenset(
    [
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for",
    "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its",
    "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her",
    "their", "our", "your", "my", "me", "him", "them", "us", "there", "here", "has", "have",
    "had", "do", "does", "did", "so", "than", "then", "too", "very", "can", "will", "would",
    "should", "could", "may", "might", "must", "about", "into", "over", "after", "before",
    "under", "again", "further", "once", "all", "any", "both", "each", "few", "more", "most",
    "other", "some", "such", "only", "own", "same", "just", "also", "not", "no", "nor", "s",
    "t", "which", "who", "whom", "what", "when", "where", "why", "how"
    ]
)

# Words that deny or debunk what was reported (the FNC baseline's idea, our own list).
REFUTE = frozenset(
    [
    "fake", "fakes", "fraud", "fraudulent", "hoax", "hoaxes", "false", "falsely", "deny",
    "denies", "denied", "denying", "denial", "debunk", "debunked", "debunks", "bogus", "untrue",
    "incorrect", "myth", "myths", "retract", "retracted", "retraction", "refute", "refuted",
    "refutes", "dismiss", "dismissed", "dismisses", "reject", "rejected", "rejects", "rumour",
    "rumor", "rumours", "rumors", "fabricated", "fabrication", "satire", "satirical", "prank",
    "pranks", "doubt", "doubts", "doubted", "misleading", "mistaken", "wrong", "nonsense",
    "baseless", "contrary", "insist", "insists", "insisted", "despite"
    ]
)

NEGATION = frozenset(
    [
    "not", "no", "never", "n't", "nothing", "none", "neither", "nor", "without", "nobody",
    "nowhere", "cannot", "isn't", "wasn't", "aren't", "weren't", "didn't", "doesn't", "don't",
    "won't", "hasn't", "haven't", "hadn't", "couldn't", "wouldn't", "shouldn't"
    ]
)

# Distance a writer keeps from a claim: signals of "discuss" rather than "agree".
HEDGE = frozenset(
    [
    "reportedly", "allegedly", "alleged", "claims", "claimed", "claim", "purportedly",
    "purported", "apparently", "unconfirmed", "unverified", "rumoured", "rumored", "may",
    "might", "could", "possibly", "possible", "perhaps", "speculation", "speculate",
    "speculated", "suggests", "suggested", "appears", "appear", "seems", "seem", "unclear",
    "according", "sources", "source", "if", "whether", "report", "reports", "reported",
    "believed", "thought"
    ]
)

# Words of confirmation: what separates "agree" from "discuss".
CONFIRM = frozenset(
    [
    "confirmed", "confirms", "confirm", "confirmation", "announced", "officially", "official",
    "revealed", "shows", "showed", "proves", "proved", "proof", "verified", "indeed", "finally",
    "has", "have"
    ]
)

DENSE_NAMES: tuple[str, ...] = (
    "cos_body",
    "cos_max_sent",
    "cos_top3",
    "cos_lead",
    "overlap_body",
    "overlap_lead",
    "bigram_hits",
    "jaccard",
    "cos_body_sq",
    "cos_max_sq",
    "log_body_len",
    "head_refute",
    "head_hedge",
    "head_question",
    "head_negation",
    "top_refute",
    "top_negation",
    "top_hedge",
    "top_confirm",
    "body_refute",
    "body_negation",
    "body_hedge",
    "body_confirm",
    "top1_refute",
    "top1_negation",
    "top1_hedge",
    "refute_polarity",
    "negation_polarity",
    "lead_refute",
    "lead_hedge",
)


def tokens(text: str) -> list[str]:
    """Lowercased word tokens; curly apostrophes are folded so "isn’t" matches "isn't"."""
    return _WORD.findall(text.lower().replace("’", "'"))


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOP]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of ``text``, stripped of surrounding whitespace.

    The loose rule (any . ! ? before whitespace, or a line break): the model was trained on
    sentences split this way, and it is good enough for ranking sentences by similarity."""
    return split_sentences(text, LOOSE)


SparseVec = dict[int, float]


@dataclass(frozen=True)
class Vectorizer:
    """TF-IDF over a fixed vocabulary: sublinear term frequency, L2-normalised."""

    vocab: Mapping[str, int]
    idf: npt.NDArray[np.float32]

    def vector(self, words: Sequence[str]) -> SparseVec:
        counts = Counter(self.vocab[w] for w in words if w in self.vocab)
        weights = {i: (1.0 + math.log(c)) * float(self.idf[i]) for i, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in weights.values()))
        return {i: v / norm for i, v in weights.items()} if norm > 0 else {}


def cosine(a: SparseVec, b: SparseVec) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[i] for i, v in a.items() if i in b)


@dataclass(frozen=True)
class BodyView:
    """What the features need from a body, computed once and reused for every headline."""

    sentences: tuple[tuple[int, int], ...]
    sentence_words: tuple[tuple[str, ...], ...]
    sentence_vecs: tuple[SparseVec, ...]
    body_vec: SparseVec
    lead_vec: SparseVec
    words: frozenset[str]
    lead_words: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    n_words: int
    rates: tuple[float, float, float, float]
    lead_counts: tuple[float, float]


def _cue_counts(words: Sequence[str]) -> tuple[int, int, int, int]:
    return (
        sum(w in REFUTE for w in words),
        sum(w in NEGATION for w in words),
        sum(w in HEDGE for w in words),
        sum(w in CONFIRM for w in words),
    )


def body_view(body: str, vectorizer: Vectorizer, max_sentences: int = 80) -> BodyView:
    spans = sentence_spans(body)[:max_sentences]
    sentence_words = tuple(tuple(tokens(body[s:e])) for s, e in spans)
    all_words = [w for ws in sentence_words for w in ws]
    lead = [w for ws in sentence_words[:2] for w in ws]
    content = [w for w in all_words if w not in STOP]
    counts = _cue_counts(all_words)
    n = max(1, len(all_words))
    lead_counts = _cue_counts(lead)
    return BodyView(
        sentences=tuple(spans),
        sentence_words=sentence_words,
        sentence_vecs=tuple(
            vectorizer.vector([w for w in ws if w not in STOP]) for ws in sentence_words
        ),
        body_vec=vectorizer.vector(content),
        lead_vec=vectorizer.vector([w for w in lead if w not in STOP]),
        words=frozenset(content),
        lead_words=frozenset(w for w in lead if w not in STOP),
        bigrams=frozenset(itertools.pairwise(content)),
        n_words=len(all_words),
        rates=(100 * counts[0] / n, 100 * counts[1] / n, 100 * counts[2] / n, 100 * counts[3] / n),
        lead_counts=(float(lead_counts[0] > 0), float(lead_counts[2] > 0)),
    )


@dataclass(frozen=True)
class PairFeatures:
    dense: npt.NDArray[np.float64]
    headline_vec: SparseVec
    # TF-IDF of the body sentences closest to the headline, and their indices in the body.
    top_vec: SparseVec
    top_sentences: tuple[int, ...]


def pair_features(
    headline: str, view: BodyView, vectorizer: Vectorizer, top_k: int = 3
) -> PairFeatures:
    head_all = tokens(headline)
    head = [w for w in head_all if w not in STOP]
    head_vec = vectorizer.vector(head)
    sims = [cosine(head_vec, v) for v in view.sentence_vecs]
    order = sorted(range(len(sims)), key=lambda i: (-sims[i], i))[:top_k]
    top_words = [w for i in order for w in view.sentence_words[i]]
    top_vec = vectorizer.vector([w for w in top_words if w not in STOP])
    head_set = set(head)
    cos_body = cosine(head_vec, view.body_vec)
    cos_max = max(sims) if sims else 0.0
    cos_top3 = float(np.mean([sims[i] for i in order])) if order else 0.0
    head_bigrams = set(itertools.pairwise(head))
    h_counts = _cue_counts(head_all)
    t_counts = _cue_counts(top_words)
    top1 = _cue_counts(view.sentence_words[order[0]]) if order else (0, 0, 0, 0)
    n_top = max(1, len(top_words))
    dense = np.array(
        [
            cos_body,
            cos_max,
            cos_top3,
            cosine(head_vec, view.lead_vec),
            len(head_set & view.words) / max(1, len(head_set)),
            len(head_set & view.lead_words) / max(1, len(head_set)),
            len(head_bigrams & view.bigrams) / max(1, len(head_bigrams)),
            len(head_set & view.words) / max(1, len(head_set | view.words)),
            cos_body * cos_body,
            cos_max * cos_max,
            math.log1p(view.n_words),
            float(h_counts[0] > 0),
            float(h_counts[2] > 0),
            float("?" in headline),
            float(h_counts[1] > 0),
            100 * t_counts[0] / n_top,
            100 * t_counts[1] / n_top,
            100 * t_counts[2] / n_top,
            100 * t_counts[3] / n_top,
            *view.rates,
            float(top1[0] > 0),
            float(top1[1] > 0),
            float(top1[2] > 0),
            float((h_counts[0] > 0) != (t_counts[0] > 0)),
            float((h_counts[1] > 0) != (t_counts[1] > 0)),
            *view.lead_counts,
        ],
        dtype=np.float64,
    )
    return PairFeatures(dense, head_vec, top_vec, tuple(order))
