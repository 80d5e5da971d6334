"""Read queries for claim clusters (what the web app's cluster and actor pages show): one
cluster's members in publication order, the disputes that touch them, the fact-checks matched
to them, and the clusters an actor asserts or denies. Frozen dataclasses, parameterised SQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select

from claimmap.store.backend import Store
from claimmap.store.schema import (
    articles,
    claim_clusters,
    claims,
    disputes,
    factcheck_matches,
    factchecks,
)


@dataclass(frozen=True, slots=True)
class Cluster:
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
class Member:
    claim_id: str
    article_id: str
    outlet: str | None
    published: str | None
    text: str
    actor_id: str | None
    status: str | None
    score: float | None
    copy_of: str | None  # the member's article is a syndicated copy of this one


@dataclass(frozen=True, slots=True)
class ClusterDispute:
    kind: str
    score: float
    article_id: str
    other_article_id: str | None
    text: str  # the member's side
    other_text: str | None


@dataclass(frozen=True, slots=True)
class ClusterFactCheck:
    claim_id: str
    article_id: str
    claim_reviewed: str
    rating: str | None  # verbatim
    reviewer: str | None
    url: str | None
    date_published: str | None
    score: float


@dataclass(frozen=True, slots=True)
class ClusterDetail:
    cluster: Cluster
    members: tuple[Member, ...]
    disputes: tuple[ClusterDispute, ...]
    factchecks: tuple[ClusterFactCheck, ...]
    actor_names: dict[str, str]


@dataclass(frozen=True, slots=True)
class ActorCluster:
    cluster: Cluster
    role: str  # "asserts" or "denies"


def cluster_from_row(r: Any) -> Cluster:
    """A ``claim_clusters`` row as a Cluster (its actor lists are JSON in the row)."""
    return Cluster(r.id, r.text, r.status, r.method, r.first_seen, r.first_article_id,
                   r.first_outlet, r.last_seen, int(r.n_claims), int(r.n_articles),
                   int(r.n_outlets), int(r.n_days), tuple(json.loads(r.asserted_by or "[]")),
                   tuple(json.loads(r.denied_by or "[]")))


def top_clusters(store: Store, *, limit: int = 50, offset: int = 0, status: str | None = None,
                 min_outlets: int = 0, most: int = 500) -> list[Cluster]:
    """Clusters by spread: outlets, then articles, then first seen and id; ``limit`` is
    held to 1..``most``. ``status`` and ``min_outlets`` filter (by default nothing is left
    out: a cluster of articles without an outlet has no outlets)."""
    query = select(claim_clusters)
    if min_outlets > 0:
        query = query.where(claim_clusters.c.n_outlets >= min_outlets)
    if status is not None:
        query = query.where(claim_clusters.c.status == status)
    query = (query.order_by(claim_clusters.c.n_outlets.desc(), claim_clusters.c.n_articles.desc(),
                            claim_clusters.c.first_seen, claim_clusters.c.id)
             .limit(max(1, min(limit, most))).offset(max(0, offset)))
    with store.connect() as conn:
        return [cluster_from_row(r) for r in conn.execute(query)]


def cluster_members(conn: Connection, cluster_id: str) -> tuple[Member, ...]:
    """A cluster's member claims in publication order (undated ones by when they were added)."""
    rows = conn.execute(
        select(claims.c.id, claims.c.article_id, articles.c.outlet, articles.c.published,
               articles.c.added_at, claims.c.text, claims.c.actor_id,
               claims.c.cluster_status, claims.c.cluster_score, articles.c.duplicate_of)
        .join(articles, articles.c.id == claims.c.article_id)
        .where(claims.c.cluster_id == cluster_id)).all()
    rows = sorted(rows, key=lambda m: (m.published or m.added_at, m.article_id, m.id))
    return tuple(Member(m.id, m.article_id, m.outlet, m.published, m.text, m.actor_id,
                        m.cluster_status, m.cluster_score, m.duplicate_of) for m in rows)


def cluster_detail(store: Store, cluster_id: str) -> ClusterDetail | None:
    from claimmap.store.schema import actors

    with store.connect() as conn:
        row = conn.execute(select(claim_clusters)
                           .where(claim_clusters.c.id == cluster_id)).first()
        if row is None:
            return None
        members = cluster_members(conn, cluster_id)
        ids = [m.claim_id for m in members]
        texts = {m.claim_id: m.text for m in members}
        found: list[ClusterDispute] = []
        # Through the members' articles (indexed), then the members' own rows.
        in_articles = sorted({m.article_id for m in members})
        for d in conn.execute(select(disputes).where(
                or_(disputes.c.article_id.in_(in_articles),
                    disputes.c.other_article_id.in_(in_articles)))
                .order_by(disputes.c.score.desc(), disputes.c.id)):
            if d.a not in texts and d.b not in texts:
                continue
            mine, theirs = (d.a, d.b) if d.a in texts else (d.b, d.a)
            other_text = texts.get(theirs or "") or conn.execute(
                select(claims.c.text).where(claims.c.id == theirs)).scalar_one_or_none()
            found.append(ClusterDispute(d.kind, float(d.score), d.article_id,
                                        d.other_article_id, texts.get(mine or "", d.evidence
                                                                      or ""), other_text))
        checks = tuple(
            ClusterFactCheck(r.claim_id, r.article_id, r.claim_reviewed, r.rating, r.reviewer,
                             r.url, r.date_published, float(r.score))
            for r in conn.execute(
                select(factcheck_matches.c.claim_id, claims.c.article_id,
                       factchecks.c.claim_reviewed, factchecks.c.rating, factchecks.c.reviewer,
                       factchecks.c.url, factchecks.c.date_published, factcheck_matches.c.score)
                .join(claims, claims.c.id == factcheck_matches.c.claim_id)
                .join(factchecks, factchecks.c.id == factcheck_matches.c.factcheck_id)
                .where(factcheck_matches.c.claim_id.in_(ids))
                .order_by(factcheck_matches.c.score.desc(), factcheck_matches.c.claim_id)))
        cluster = cluster_from_row(row)
        wanted = sorted({*cluster.asserted_by, *cluster.denied_by,
                         *(m.actor_id for m in members if m.actor_id)})
        names = {r.id: r.name for r in conn.execute(
            select(actors.c.id, actors.c.name).where(actors.c.id.in_(wanted)))}
    return ClusterDetail(cluster, members, tuple(found), checks, names)


def actor_clusters(store: Store, actor_id: str, *, limit: int = 100) -> list[ActorCluster]:
    """Clusters whose members the actor is the source of, or that the actor denies."""
    # asserted_by / denied_by are JSON lists of ids: match the quoted id, as a parameter.
    needle = f"%{json.dumps(actor_id)}%"
    query = (select(claim_clusters)
             .where(or_(claim_clusters.c.asserted_by.like(needle),
                        claim_clusters.c.denied_by.like(needle)))
             .order_by(claim_clusters.c.n_outlets.desc(), claim_clusters.c.first_seen,
                       claim_clusters.c.id).limit(max(1, min(limit, 500))))
    out = []
    with store.connect() as conn:
        for r in conn.execute(query):
            cluster = cluster_from_row(r)
            # LIKE found a candidate; the decoded list decides (ids may contain % or _).
            if actor_id in cluster.asserted_by:
                out.append(ActorCluster(cluster, "asserts"))
            if actor_id in cluster.denied_by:
                out.append(ActorCluster(cluster, "denies"))
    return out
