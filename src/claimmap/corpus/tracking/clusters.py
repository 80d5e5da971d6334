"""A claim cluster's row, recomputed from its members: first seen, spread, who asserts it and
who denies it. Everything here is derived from stored rows, so it is the same however often
and in whatever process it runs."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, or_, select, update

from claimmap.corpus.tracking.features import text_key
from claimmap.store.schema import articles, claim_clusters, claims, disputes

# Claim types that do not assert the claim's content.
_NOT_ASSERTING = frozenset({"denial", "opinion"})

# Statements built once: tracking runs these for every clustered claim (building and keying a
# new statement per call cost more than running it).
_MEMBERS = (select(claims.c.id, claims.c.text, claims.c.actor_id, claims.c.type,
                   claims.c.cluster_status, claims.c.article_id, articles.c.outlet,
                   articles.c.published, articles.c.published_day, articles.c.added_at,
                   articles.c.duplicate_of)
            .join(articles, articles.c.id == claims.c.article_id)
            .where(claims.c.cluster_id == bindparam("cid")))
_EXISTS = select(claim_clusters.c.id).where(claim_clusters.c.id == bindparam("cid"))
_DROP = delete(claim_clusters).where(claim_clusters.c.id == bindparam("cid"))
# Its SET clause is the columns each call passes (no values() given).
_UPDATE = update(claim_clusters).where(claim_clusters.c.id == bindparam("cid"))
_INSERT = insert(claim_clusters)
_CONTRADICTED = select(disputes.c.a, disputes.c.b).where(
    disputes.c.scope == "corpus", disputes.c.kind == "contradiction",
    or_(disputes.c.a.in_(bindparam("ids_a", expanding=True)),
        disputes.c.b.in_(bindparam("ids_b", expanding=True))))
_ACTORS_OF = select(claims.c.actor_id).where(claims.c.id.in_(bindparam("ids", expanding=True)))
_SET_CLUSTER = update(claims).where(claims.c.id == bindparam("claim")).values(
    cluster_id=bindparam("cluster"), cluster_status=bindparam("status"),
    cluster_score=bindparam("score"))


def refresh_cluster(conn: Connection, cluster_id: str) -> None:
    """Rewrite ``claim_clusters`` row ``cluster_id`` from its member claims (or drop it)."""
    rows = conn.execute(_MEMBERS, {"cid": cluster_id}).all()
    exists = conn.execute(_EXISTS, {"cid": cluster_id}).first() is not None
    if not rows:
        if exists:
            conn.execute(_DROP, {"cid": cluster_id})
        return
    confirmed = [r for r in rows if r.cluster_status == "confirmed"]
    members = confirmed if len(confirmed) >= 2 else list(rows)
    status = "confirmed" if len(confirmed) >= 2 else "suggested"

    def when(r: Any) -> tuple[str, str, str, str]:
        added = str(r.added_at)
        return (r.published or added, added, str(r.article_id), str(r.id))

    members.sort(key=when)
    first, last = members[0], members[-1]
    keys = {text_key(r.text) for r in members}
    roots = {r.duplicate_of or r.article_id for r in members}
    method = "exact" if len(keys) == 1 else "minhash" if len(roots) == 1 else "embedding"
    asserted = sorted({r.actor_id for r in members
                       if r.actor_id and r.type not in _NOT_ASSERTING})
    member_ids = [r.id for r in members]
    denied = _deniers(conn, member_ids)
    denied |= {r.actor_id for r in members if r.actor_id and r.type == "denial"}
    # Updated in place: deleting the row would null its members' cluster_id (ON DELETE).
    values = dict(
        text=first.text, method=method, status=status,
        first_claim_id=first.id, first_article_id=first.article_id,
        first_outlet=first.outlet, first_seen=when(first)[0],
        n_claims=len(members), n_articles=len({r.article_id for r in members}),
        n_outlets=len({r.outlet for r in members if r.outlet}),
        updated_at=max(str(r.added_at) for r in rows), last_seen=when(last)[0],
        n_days=len({r.published_day for r in members if r.published_day}),
        asserted_by=json.dumps(asserted), denied_by=json.dumps(sorted(denied - set(asserted))))
    if exists:
        conn.execute(_UPDATE, {"cid": cluster_id, **values})
    else:
        conn.execute(_INSERT, {"id": cluster_id, **values})


def _deniers(conn: Connection, member_ids: list[str]) -> set[str]:
    """Actors of claims that contradict a member (the same claim, negated)."""
    if not member_ids:
        return set()
    found: set[str] = set()
    for start in range(0, len(member_ids), 500):
        part = member_ids[start:start + 500]
        rows = conn.execute(_CONTRADICTED, {"ids_a": part, "ids_b": part}).all()
        others = {r.b if r.a in part else r.a for r in rows}
        if others:
            found |= {a for a in conn.execute(_ACTORS_OF, {"ids": sorted(others)}).scalars()
                      if a}
    return found


def set_claim_cluster(conn: Connection, claim_id: str, cluster_id: str | None,
                      status: str | None, score: float | None) -> None:
    conn.execute(_SET_CLUSTER, {"claim": claim_id, "cluster": cluster_id, "status": status,
                                "score": None if score is None else round(score, 4)})
