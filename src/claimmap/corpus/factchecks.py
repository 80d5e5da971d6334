"""Fact-checks in the corpus store: import them, and match them against stored claims.

Matching runs both ways: on import (new fact-checks against every stored claim) and after
``corpus add`` (new claims against every stored fact-check, :func:`match_new_claims`). Rows go
to ``factcheck_matches`` (claim, fact-check, score, method, rank); a claim's rows of this
method are replaced whole in one transaction, so a rerun never leaves stale matches.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, insert, select

from claimmap.corpus.signals import refresh_signals
from claimmap.embed import cached_encode, load_encoder
from claimmap.match import METHOD, FactCheckIndex
from claimmap.match.claimreview import ImportedFactCheck
from claimmap.settings import load_settings
from claimmap.store.backend import Store, StoreError
from claimmap.store.schema import claims, factcheck_matches, factchecks
from claimmap.store.write import utc_now
from claimmap.types import FactCheck

_COLUMNS = ("claim_reviewed", "rating", "rating_value", "reviewer", "reviewer_url", "url",
            "date_published", "claimant", "language", "format")
# FactCheck fields the table has no column for travel in ``raw``'s sidecar key.
_EXTRA = ("title", "best_rating", "worst_rating", "source_id")


@dataclasses.dataclass(frozen=True, slots=True)
class ImportResult:
    inserted: int
    unchanged: int
    matches: int


def put_factchecks(store: Store, records: Sequence[ImportedFactCheck]) -> tuple[int, int]:
    """Insert fact-checks not stored yet (by id); (inserted, already stored)."""
    if store.read_only:
        raise StoreError("the store was opened read-only")
    now = utc_now()
    inserted = unchanged = 0
    with store.begin() as conn:
        for record in records:
            fc = record.factcheck
            if conn.execute(select(factchecks.c.id).where(factchecks.c.id == fc.id)).first():
                unchanged += 1
                continue
            extra = {k: getattr(fc, k) for k in _EXTRA}
            raw = json.dumps({"record": json.loads(record.raw), "claimmap": extra},
                             ensure_ascii=False)
            conn.execute(insert(factchecks).values(
                id=fc.id, source=record.source, raw=raw, imported_at=now,
                **{k: getattr(fc, k) for k in _COLUMNS}))
            inserted += 1
    return inserted, unchanged


def stored_factchecks(store: Store) -> list[FactCheck]:
    with store.connect() as conn:
        return factchecks_in(conn)


def factchecks_in(conn: Connection) -> list[FactCheck]:
    rows = conn.execute(select(factchecks).order_by(factchecks.c.id)).mappings().all()
    out = []
    for row in rows:
        try:
            extra = json.loads(row["raw"]).get("claimmap", {})
        except (ValueError, AttributeError):
            extra = {}
        values = {k: row[k] for k in _COLUMNS}
        values.update({k: extra.get(k) for k in _EXTRA})
        out.append(FactCheck(id=row["id"], **values))
    return out


def _index(store: Store, cache: Path | None) -> FactCheckIndex:
    return _index_of(stored_factchecks(store), cache)


def _index_of(found: list[FactCheck], cache: Path | None) -> FactCheckIndex:
    encoder = load_encoder()
    claim_vectors = cached_encode(encoder, [f.claim_reviewed for f in found], cache)
    title_vectors = cached_encode(encoder, [f.title or f.claim_reviewed for f in found], cache)
    return FactCheckIndex(found, claim_vectors=claim_vectors, title_vectors=title_vectors,
                          encoder=encoder, pairs=load_settings().factcheck_pairs)


def _search(index: FactCheckIndex, ids: list[str], texts: list[str], per_claim: int,
            min_score: float | None, cache: Path | None) -> list[dict[str, object]]:
    threshold = index.ranker.accept_threshold if min_score is None else min_score
    def encode(part: Sequence[str]) -> np.ndarray[Any, Any]:
        return cached_encode(index.encoder, list(part), cache)

    hits = index.search(texts, k=per_claim, min_confidence=threshold, encode=encode)
    now = utc_now()
    return [dict(claim_id=cid, factcheck_id=index.factchecks[h.row].id,
                 score=round(h.confidence, 4), method=METHOD, rank=h.rank, created_at=now)
            for cid, found in zip(ids, hits, strict=True) for h in found]


def _replace_matches(conn: Connection, ids: list[str], new_rows: list[dict[str, object]]
                     ) -> set[str]:
    """Replace these claims' rows of this method; the articles whose matches changed."""
    touched: set[str] = set()
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        touched.update(conn.execute(
            select(claims.c.article_id).join(factcheck_matches,
                                             factcheck_matches.c.claim_id == claims.c.id)
            .where(factcheck_matches.c.claim_id.in_(part),
                   factcheck_matches.c.method == METHOD)).scalars())
        conn.execute(delete(factcheck_matches).where(factcheck_matches.c.claim_id.in_(part),
                                                     factcheck_matches.c.method == METHOD))
    if new_rows:
        conn.execute(insert(factcheck_matches), new_rows)
        new_ids = sorted({str(r["claim_id"]) for r in new_rows})
        for start in range(0, len(new_ids), 500):
            touched.update(conn.execute(select(claims.c.article_id).where(
                claims.c.id.in_(new_ids[start:start + 500]))).scalars())
    return touched


def match_claims(store: Store, *, article_ids: Sequence[str] | None = None,
                 min_score: float | None = None, per_claim: int = 3,
                 cache: Path | None = None) -> int:
    """Match stored claims (of ``article_ids``, or all) against every stored fact-check and
    replace their ``factcheck_matches`` rows; the number of rows written. The credibility
    signals of every article whose matches changed are recomputed in the same transaction."""
    if store.read_only:
        raise StoreError("the store was opened read-only")
    stmt = select(claims.c.id, claims.c.text).order_by(claims.c.id)
    if article_ids is not None:
        if not article_ids:
            return 0
        stmt = stmt.where(claims.c.article_id.in_(list(article_ids)))
    with store.connect() as conn:
        rows = conn.execute(stmt).all()
    if not rows:
        return 0
    index = _index(store, cache)
    ids = [r.id for r in rows]
    new_rows = _search(index, ids, [r.text for r in rows], per_claim, min_score, cache)
    with store.begin() as conn:
        refresh_signals(conn, _replace_matches(conn, ids, new_rows))
    return len(new_rows)


class ArticleMatcher:
    """For the corpus writer: each new article's claims against the stored fact-checks, in
    the article's own transaction (so a run killed after storing an article has matched it
    too, and a resume has nothing left to match). The index is built once, on first use;
    with no fact-check stored it does nothing."""

    def __init__(self, store: Store, *, cache: Path | None = None) -> None:
        self.store = store
        self.cache = cache
        self._index: FactCheckIndex | None = None
        self._empty: bool | None = None

    def _ready(self, conn: Connection) -> FactCheckIndex | None:
        # Read through the writer's own connection: a second one would wait on its lock.
        if self._empty is None:
            self._empty = conn.execute(select(factchecks.c.id).limit(1)).first() is None
            if not self._empty:
                self._index = _index_of(factchecks_in(conn), self.cache)
        return self._index

    def match_in(self, conn: Connection, article_id: str) -> tuple[int, set[str]]:
        """(rows written, articles whose matches changed) for one stored article."""
        index = self._ready(conn)
        if index is None:
            return 0, set()
        rows = conn.execute(select(claims.c.id, claims.c.text)
                            .where(claims.c.article_id == article_id)
                            .order_by(claims.c.id)).all()
        if not rows:
            return 0, set()
        ids = [r.id for r in rows]
        new_rows = _search(index, ids, [r.text for r in rows], 3, None, self.cache)
        return len(new_rows), _replace_matches(conn, ids, new_rows)


def match_new_claims(store: Store, article_ids: Sequence[str], *,
                     cache: Path | None = None) -> int:
    """The claims of these articles against the stored fact-checks. Does nothing (0) when
    the store holds no fact-check."""
    with store.connect() as conn:
        if conn.execute(select(factchecks.c.id).limit(1)).first() is None:
            return 0
    return match_claims(store, article_ids=article_ids, cache=cache)


def import_factchecks(store: Store, records: Sequence[ImportedFactCheck], *,
                      match: bool = True, cache: Path | None = None) -> ImportResult:
    inserted, unchanged = put_factchecks(store, records)
    matches = match_claims(store, cache=cache) if match else 0
    return ImportResult(inserted, unchanged, matches)


@dataclasses.dataclass(frozen=True, slots=True)
class MatchRow:
    claim_id: str
    article_id: str
    claim: str
    factcheck_id: str
    claim_reviewed: str
    rating: str | None
    reviewer: str | None
    url: str | None
    score: float
    rank: int | None


def list_matches(store: Store, *, limit: int = 200) -> list[MatchRow]:
    """Stored matches, best first, with the fact-checker's rating verbatim."""
    stmt = (select(factcheck_matches.c.claim_id, claims.c.article_id,
                   claims.c.text.label("claim"), factcheck_matches.c.factcheck_id,
                   factchecks.c.claim_reviewed, factchecks.c.rating, factchecks.c.reviewer,
                   factchecks.c.url, factcheck_matches.c.score, factcheck_matches.c.rank)
            .join(claims, claims.c.id == factcheck_matches.c.claim_id)
            .join(factchecks, factchecks.c.id == factcheck_matches.c.factcheck_id)
            .order_by(factcheck_matches.c.score.desc(), factcheck_matches.c.claim_id)
            .limit(max(1, min(limit, 10_000))))
    with store.connect() as conn:
        return [MatchRow(**r._asdict()) for r in conn.execute(stmt)]
