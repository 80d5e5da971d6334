"""What the tracker keeps in memory between articles: every tracked body's shingles, every
claim's features and cluster, a term index for blocking, and the vectors embedded so far.

It is rebuilt from the store whenever it may be stale (a new process, an article revised, rows
written by someone else), so the store stays the only truth.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Connection, select

from claimmap.corpus.tracking.features import (
    ClaimFeatures,
    claim_features,
    normalise,
    normalised_key,
    text_key,
)
from claimmap.corpus.tracking.settings import TrackingSettings
from claimmap.corpus.tracking.syndication import CopyIndex
from claimmap.store.schema import articles, claims

Array = np.ndarray[Any, Any]


@dataclass(slots=True)
class ArticleState:
    id: str
    order: tuple[str, str, str]  # (published or added, added, id): what "first seen" means
    outlet: str | None
    root: str | None  # duplicate_of
    key: str = ""  # the normalised body's hash


@dataclass(slots=True)
class ClaimState:
    id: str
    article_id: str
    text: str
    features: ClaimFeatures
    actor_id: str | None
    type: str
    cluster_id: str | None = None
    status: str | None = None
    label: str = "CFS"  # check-worthiness label
    # block_terms(features), made once: blocking read it for every candidate of every later
    # claim. Never mutated (the set, not a copy, so its iteration order is a fresh one's).
    block: set[str] = field(default_factory=set)


def order_key(published: str | None, added_at: str, article_id: str) -> tuple[str, str, str]:
    return (published or added_at, added_at, article_id)


@dataclass
class TrackerState:
    settings: TrackingSettings
    copies: CopyIndex = field(init=False)
    articles: dict[str, ArticleState] = field(default_factory=dict)
    body_keys: dict[str, str] = field(default_factory=dict)  # normalised body -> first id
    claims: dict[str, ClaimState] = field(default_factory=dict)
    claim_order: dict[str, int] = field(default_factory=dict)
    exact: dict[str, str] = field(default_factory=dict)  # normalised claim -> first claim id
    postings: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    vectors: dict[str, Array] = field(default_factory=dict)  # by claim text key
    # Blocking weights while no claim is added (an article's claims are all blocked against
    # the same state): each term's IDF weight, and each claim's total weight.
    _idf: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    _weight: dict[str, float] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.copies = CopyIndex(self.settings.copy_rule)

    # -- building -----------------------------------------------------------------------
    def add_article(self, state: ArticleState, text: str) -> None:
        normalised = normalise(text)
        state.key = normalised_key(normalised)
        self.articles[state.id] = state
        self.body_keys.setdefault(state.key, state.id)
        self.copies.best_copy(text, add_as=state.id, normalised=normalised)

    def add_claim(self, claim: ClaimState) -> None:
        self._idf.clear()  # every weight depends on the number of claims
        self._weight.clear()
        self.claims[claim.id] = claim
        self.claim_order[claim.id] = len(self.claim_order)
        self.exact.setdefault(claim.features.key, claim.id)
        for term in claim.block:
            self.postings[term].append(claim.id)

    @classmethod
    def load(cls, conn: Connection, settings: TrackingSettings, *,
             exclude: str | None = None) -> TrackerState:
        """The state after every stored article but ``exclude``, from the store's rows."""
        state = cls(settings)
        rows = conn.execute(select(articles.c.id, articles.c.text, articles.c.outlet,
                                   articles.c.published, articles.c.added_at,
                                   articles.c.duplicate_of)
                            .order_by(articles.c.added_at, articles.c.id)).all()
        for row in rows:
            if row.id == exclude:
                continue
            state.add_article(ArticleState(row.id, order_key(row.published, row.added_at,
                                                             row.id),
                                           row.outlet, row.duplicate_of), row.text)
        claim_rows = conn.execute(select(claims.c.id, claims.c.article_id, claims.c.text,
                                         claims.c.quantities, claims.c.actor_id, claims.c.type,
                                         claims.c.cluster_id, claims.c.cluster_status,
                                         claims.c.checkworthiness_label, articles.c.added_at)
                                  .join(articles, articles.c.id == claims.c.article_id)
                                  .order_by(articles.c.added_at, claims.c.article_id,
                                            claims.c.start, claims.c.id)).all()
        for c in claim_rows:
            if c.article_id == exclude:
                continue
            state.add_claim(make_claim(c.id, c.article_id, c.text, c.quantities, c.actor_id,
                                       c.type, c.cluster_id, c.cluster_status,
                                       c.checkworthiness_label))
        return state

    # -- blocking -----------------------------------------------------------------------
    def candidates(self, features: ClaimFeatures, article_id: str,
                   block: set[str] | None = None) -> list[str]:
        """Earlier claims of other articles sharing enough key terms, best first.

        Shared terms are IDF-weighted, scaled so a term no other claim has weighs 1; a
        candidate needs ``min_shared`` of them, a shared weight of ``min_weight`` and
        ``min_overlap`` of the lighter claim's weight.
        """
        s = self.settings
        total = max(1, len(self.claims))
        cap = max(50, int(s.common_share * total))
        scale = math.log(1.0 + total)
        known = self._idf  # kept until the next claim is added: candidates share terms

        def idf(term: str) -> float:
            weight = known.get(term)
            if weight is None:
                posting = self.postings.get(term)
                weight = known[term] = 0.0 if not posting or len(posting) > cap else \
                    math.log(1.0 + total / len(posting)) / scale
            return weight

        mine = block if block is not None else block_terms(features)
        weights = {t: idf(t) for t in mine}
        own = sum(weights.values())
        scores: dict[str, float] = defaultdict(float)
        shared: dict[str, int] = defaultdict(int)
        for term, weight in weights.items():
            if weight <= 0.0:
                continue
            for cid in self.postings[term]:
                scores[cid] += weight
                shared[cid] += 1
        ranked = [cid for cid in scores if shared[cid] >= s.min_shared
                  and scores[cid] >= s.min_weight
                  and self.claims[cid].article_id != article_id
                  and self.claims[cid].label in s.embed_labels]
        ranked.sort(key=lambda cid: (-scores[cid], self.claim_order[cid]))
        out = []
        totals = self._weight
        for cid in ranked:
            theirs = totals.get(cid)
            if theirs is None:
                theirs = totals[cid] = sum(idf(t) for t in self.claims[cid].block)
            if scores[cid] >= s.min_overlap * min(own, theirs):
                out.append(cid)
                if len(out) >= s.candidates:
                    break
        return out

    # -- vectors ------------------------------------------------------------------------
    def ensure_vectors(self, texts: Sequence[str]) -> None:
        self._embed({t: text_key(t) for t in texts})

    def ensure_claim_vectors(self, claims: Sequence[ClaimState]) -> None:
        """:meth:`ensure_vectors` of the claims' texts, by the keys their features carry."""
        self._embed({c.text: c.features.key for c in claims})

    def _embed(self, keys: dict[str, str]) -> None:
        """Embed each text (of ``keys``, text -> its key) whose key has no vector yet."""
        missing = sorted(t for t, key in keys.items() if key not in self.vectors)
        if not missing:
            return
        from claimmap.embed import cached_encode, load_encoder

        encoder = load_encoder()
        vecs = cached_encode(encoder, missing) if self.settings.vector_cache \
            else encoder.encode(missing)
        for text, vec in zip(missing, vecs, strict=True):
            self.vectors[keys[text]] = vec

    def cosine(self, a: str, b: str) -> float:
        """Cosine of two embedded texts."""
        return float(np.dot(self.vectors[text_key(a)], self.vectors[text_key(b)]))

    def claim_cosine(self, a: ClaimState, b: ClaimState) -> float:
        """Cosine of two embedded claims (their features carry the text key)."""
        return float(np.dot(self.vectors[a.features.key], self.vectors[b.features.key]))


def block_terms(features: ClaimFeatures) -> set[str]:
    return set(features.terms) | {f"#{f}" for f in features.figures} | \
        {f"@{e}" for e in features.entities}


def make_claim(claim_id: str, article_id: str, text: str, quantities: str | None,
               actor_id: str | None, claim_type: str, cluster_id: str | None = None,
               status: str | None = None, label: str = "CFS") -> ClaimState:
    try:
        figures = json.loads(quantities or "[]")
    except ValueError:
        figures = []
    if not isinstance(figures, list):
        figures = []
    features = claim_features(text, [q for q in figures if isinstance(q, dict)])
    return ClaimState(claim_id, article_id, text, features, actor_id, claim_type, cluster_id,
                      status, label, block_terms(features))
