"""Reading claim clusters back: the biggest clusters, and one cluster's timeline across
outlets (what a cluster page or its chart needs). Frozen dataclasses, never rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from claimmap.store.backend import Store
from claimmap.store.schema import articles, claim_clusters, claims


@dataclass(frozen=True, slots=True)
class ClusterRow:
    id: str
    text: str
    status: str
    method: str
    first_seen: str | None
    first_article_id: str | None
    first_outlet: str | None
    last_seen: str | None
    n_claims: int
    n_articles: int
    n_outlets: int
    n_days: int
    asserted_by: tuple[str, ...]
    denied_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Appearance:
    """One member claim: where and when it appeared, how it was linked."""

    claim_id: str
    article_id: str
    outlet: str | None
    published: str | None
    text: str
    actor_id: str | None
    status: str | None
    score: float | None
    duplicate_of: str | None


def _cluster(r: Any) -> ClusterRow:
    return ClusterRow(r.id, r.text, r.status, r.method, r.first_seen, r.first_article_id,
                      r.first_outlet, r.last_seen, int(r.n_claims), int(r.n_articles),
                      int(r.n_outlets), int(r.n_days), tuple(json.loads(r.asserted_by or "[]")),
                      tuple(json.loads(r.denied_by or "[]")))


def list_clusters(store: Store, *, status: str | None = None, min_outlets: int = 1,
                  limit: int = 100) -> list[ClusterRow]:
    """Clusters by spread (outlets, then articles), then first seen and id."""
    query = select(claim_clusters).where(claim_clusters.c.n_outlets >= min_outlets)
    if status is not None:
        query = query.where(claim_clusters.c.status == status)
    query = query.order_by(claim_clusters.c.n_outlets.desc(), claim_clusters.c.n_articles.desc(),
                           claim_clusters.c.first_seen, claim_clusters.c.id)
    with store.connect() as conn:
        return [_cluster(r) for r in conn.execute(query.limit(max(0, min(limit, 1000))))]


def cluster_timeline(store: Store, cluster_id: str) -> tuple[ClusterRow, list[Appearance]] | None:
    """The cluster and its members in publication order, or None when there is no such id."""
    with store.connect() as conn:
        row = conn.execute(select(claim_clusters)
                           .where(claim_clusters.c.id == cluster_id)).first()
        if row is None:
            return None
        members = conn.execute(
            select(claims.c.id, claims.c.article_id, articles.c.outlet, articles.c.published,
                   articles.c.added_at, claims.c.text, claims.c.actor_id,
                   claims.c.cluster_status, claims.c.cluster_score, articles.c.duplicate_of)
            .join(articles, articles.c.id == claims.c.article_id)
            .where(claims.c.cluster_id == cluster_id)).all()
    ordered = sorted(members, key=lambda m: (m.published or m.added_at, m.article_id, m.id))
    return _cluster(row), [Appearance(m.id, m.article_id, m.outlet, m.published, m.text,
                                      m.actor_id, m.cluster_status, m.cluster_score,
                                      m.duplicate_of) for m in ordered]
