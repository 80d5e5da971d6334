"""Reading claim clusters back: the biggest clusters, and one cluster's timeline across
outlets (what a cluster page or its chart needs). Frozen dataclasses, never rows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from claimmap.store.backend import Store
from claimmap.store.queries_clusters import Cluster, cluster_from_row
from claimmap.store.schema import articles, claim_clusters, claims

# One record for a cluster, whether tracking or the web app reads it.
ClusterRow = Cluster


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


def list_clusters(store: Store, *, status: str | None = None, min_outlets: int = 1,
                  limit: int = 100) -> list[ClusterRow]:
    """Clusters by spread (outlets, then articles), then first seen and id."""
    query = select(claim_clusters).where(claim_clusters.c.n_outlets >= min_outlets)
    if status is not None:
        query = query.where(claim_clusters.c.status == status)
    query = query.order_by(claim_clusters.c.n_outlets.desc(), claim_clusters.c.n_articles.desc(),
                           claim_clusters.c.first_seen, claim_clusters.c.id)
    with store.connect() as conn:
        return [cluster_from_row(r) for r in conn.execute(query.limit(max(0, min(limit, 1000))))]


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
    return cluster_from_row(row), [Appearance(m.id, m.article_id, m.outlet, m.published, m.text,
                                      m.actor_id, m.cluster_status, m.cluster_score,
                                      m.duplicate_of) for m in ordered]
