"""Reading claim clusters back: the biggest clusters, and one cluster's timeline across
outlets (what a cluster page or its chart needs). The store's read queries do the work; these
are tracking's names for them."""

from __future__ import annotations

from sqlalchemy import select

from claimmap.store.backend import Store
from claimmap.store.queries_clusters import (
    Cluster,
    Member,
    cluster_from_row,
    cluster_members,
    top_clusters,
)
from claimmap.store.schema import claim_clusters

# One record for a cluster and one for a member, whether tracking or the web app reads them.
ClusterRow = Cluster
Appearance = Member


def list_clusters(store: Store, *, status: str | None = None, min_outlets: int = 1,
                  limit: int = 100) -> list[ClusterRow]:
    """Clusters by spread (outlets, then articles), then first seen and id."""
    if limit <= 0:
        return []
    return top_clusters(store, limit=limit, status=status, min_outlets=min_outlets,
                        most=1000)


def cluster_timeline(store: Store, cluster_id: str) -> tuple[ClusterRow, list[Appearance]] | None:
    """The cluster and its members in publication order, or None when there is no such id."""
    with store.connect() as conn:
        row = conn.execute(select(claim_clusters)
                           .where(claim_clusters.c.id == cluster_id)).first()
        if row is None:
            return None
        return cluster_from_row(row), list(cluster_members(conn, cluster_id))
