"""Tracking one stored article against everything stored before it, and replaying a store.

    from claimmap.corpus.tracking import track_article, retrack
    with store.begin() as conn:        # the writer's transaction, right after put_article
        put_article(conn, cm)
        track_article(conn, cm.article.id)
    retrack("corpus.db")               # clear tracking results and replay every article

Per article: (1) exact or syndicated copy -> ``articles.duplicate_of`` its first-seen copy;
(2) each claim -> an earlier claim it restates (exact text, or cosine over the gate) and so a
``claim_clusters`` row; (3) cross-article disputes. Deterministic: the same articles stored in
the same order give the same rows, and :func:`retrack` replays in storage order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from claimmap.corpus.tracking.clusters import refresh_cluster, set_claim_cluster
from claimmap.corpus.tracking.conflicts import quantity_clash
from claimmap.corpus.tracking.denials import (
    accusations_of,
    denials_of,
    may_answer,
    same_party,
    surnames,
)
from claimmap.corpus.tracking.features import Figure, gate, normalise, normalised_key
from claimmap.corpus.tracking.settings import TrackingSettings
from claimmap.corpus.tracking.state import (
    ArticleState,
    ClaimState,
    TrackerState,
    make_claim,
    order_key,
)
from claimmap.errors import ClaimmapError
from claimmap.store.schema import articles, claim_clusters, claims, disputes
from claimmap.types import ClaimMap, make_id

# Statements built once (SQLAlchemy then finds each compiled form in its cache instead of
# building and keying a new statement per call: about 40-70 us a call, several calls per
# claim).
_STORED = select(func.count()).select_from(articles)
_ARTICLE = select(articles.c.id, articles.c.text, articles.c.outlet, articles.c.published,
                  articles.c.added_at, articles.c.duplicate_of, articles.c.duplicate_method,
                  articles.c.duplicate_score).where(articles.c.id == bindparam("aid"))
_CLAIMS = (select(claims.c.id, claims.c.text, claims.c.quantities, claims.c.actor_id,
                  claims.c.type, claims.c.checkworthiness_label)
           .where(claims.c.article_id == bindparam("aid"))
           .order_by(claims.c.start, claims.c.id))
_SET_COPY = update(articles).where(articles.c.id == bindparam("aid")).values(
    duplicate_of=bindparam("root"), duplicate_method=bindparam("how"),
    duplicate_score=bindparam("score"))
_CLUSTER_ID = select(claim_clusters.c.id).where(claim_clusters.c.id == bindparam("cid"))
_NEW_CLUSTER = insert(claim_clusters).values(
    id=bindparam("cid"), text="", method="exact", status="suggested", updated_at="")
_DISPUTE_ID = select(disputes.c.id).where(disputes.c.id == bindparam("did"))
_NEW_DISPUTE = insert(disputes)


class TrackingError(ClaimmapError):
    """An article cannot be tracked (it is not in the store)."""


@dataclass
class TrackResult:
    article_id: str
    duplicate_of: str | None = None
    duplicate_method: str | None = None
    clustered: int = 0
    suggested: int = 0
    disputes: int = 0
    touched: set[str] = field(default_factory=set)
    # Other stored articles whose copies or cross-article disputes changed (their
    # credibility signals need recomputing).
    related: set[str] = field(default_factory=set)


def cluster_id_for(founder_claim_id: str) -> str:
    return make_id("cluster", founder_claim_id)


class Tracker:
    """Holds the in-memory state for one store; see :func:`track_article`."""

    def __init__(self, settings: TrackingSettings | None = None) -> None:
        self.settings = settings or TrackingSettings()
        self.state: TrackerState | None = None
        self._lock = threading.Lock()

    def _state_for(self, conn: Connection, article_id: str, replay: bool) -> TrackerState:
        state = self.state
        if state is not None and article_id not in state.articles:
            if replay:
                return state
            stored = int(conn.execute(_STORED).scalar_one())
            if stored == len(state.articles) + 1:
                return state
        self.state = TrackerState.load(conn, self.settings, exclude=article_id)
        return self.state

    def track(self, conn: Connection, article_id: str, *, replay: bool = False,
              denials: bool = True) -> TrackResult:
        with self._lock:
            try:
                return self._track(conn, article_id, replay, denials)
            except BaseException:
                self.state = None  # the transaction may roll back: rebuild next time
                raise

    # -- the steps ------------------------------------------------------------------------
    def _track(self, conn: Connection, aid: str, replay: bool, denials: bool) -> TrackResult:
        row = conn.execute(_ARTICLE, {"aid": aid}).first()
        if row is None:
            raise TrackingError(f"no article {aid!r} in the store")
        st = self._state_for(conn, aid, replay)
        result = TrackResult(aid)
        self._copies(conn, st, row, result)
        new_claims = [make_claim(c.id, aid, c.text, c.quantities, c.actor_id, c.type,
                                 label=c.checkworthiness_label)
                      for c in conn.execute(_CLAIMS, {"aid": aid}).all()]
        self._claims(conn, st, new_claims, result)
        if denials:
            result.disputes += self._denials(conn, st, aid, result)
        for cluster in sorted(result.touched):
            refresh_cluster(conn, cluster)
        for claim in new_claims:
            st.add_claim(claim)
        return result

    def _copies(self, conn: Connection, st: TrackerState, row: Any,
                result: TrackResult) -> None:
        aid, text = str(row.id), str(row.text)
        order = order_key(row.published, str(row.added_at), aid)
        normalised = normalise(text)  # once for the body's key and its shingles
        key = normalised_key(normalised)
        first_same = st.body_keys.get(key)
        match = st.copies.best_copy(text, add_as=aid, normalised=normalised)
        target = first_same if first_same is not None else \
            match.article_id if match is not None else None
        me = ArticleState(aid, order, row.outlet, None, key)
        st.articles[aid] = me
        st.body_keys.setdefault(key, aid)
        if target is None:
            # Most articles are nobody's copy and were stored so: no update to make.
            if (row.duplicate_of, row.duplicate_method, row.duplicate_score) != \
                    (None, None, None):
                conn.execute(_SET_COPY, {"aid": aid, "root": None, "how": None,
                                         "score": None})
            return
        root_id = st.articles[target].root or target
        root = st.articles[root_id]
        if order < root.order:
            # The new article was published before the group's root: it becomes the root.
            members = sorted(a.id for a in st.articles.values() if a.root == root_id)
            for member in [root_id, *members]:
                st.articles[member].root = aid
                self._point(conn, st, member, aid)
                result.related.add(member)
            conn.execute(_SET_COPY, {"aid": aid, "root": None, "how": None, "score": None})
        else:
            me.root = root_id
            self._point(conn, st, aid, root_id)
            result.related.add(root_id)
            result.duplicate_of = root_id
            result.duplicate_method = "exact" if st.articles[root_id].key == key else "minhash"

    @staticmethod
    def _point(conn: Connection, st: TrackerState, copy: str, root: str) -> None:
        """``copy`` is a copy of ``root``: say how (the same normalised body, or shingles)."""
        exact = st.articles[copy].key == st.articles[root].key
        conn.execute(_SET_COPY, {"aid": copy, "root": root,
                                 "how": "exact" if exact else "minhash",
                                 "score": 1.0 if exact else st.copies.jaccard(copy, root)})

    def _claims(self, conn: Connection, st: TrackerState, new: list[ClaimState],
                result: TrackResult) -> None:
        s = self.settings
        outlet = st.articles[new[0].article_id].outlet if new else None
        plans: list[tuple[ClaimState, str | None, list[tuple[ClaimState, str | None]]]] = []
        to_embed: list[ClaimState] = []
        for claim in new:
            exact = st.exact.get(claim.features.key)
            if exact is not None and st.claims[exact].article_id == claim.article_id:
                exact = None
            # An exact restating needs no vector; its figures were compared when the first
            # wording was tracked.
            cands = [] if exact is not None or claim.label not in self.settings.embed_labels \
                else st.candidates(claim.features, claim.article_id, claim.block)
            # The gate first: a candidate it parts for good (another entity, the opposite
            # direction, a figure that does not clash) needs no cosine, so no vector. That
            # leaves the outcome as it is and embeds far fewer texts.
            needed = [(other, reason) for other, reason in
                      ((st.claims[c], gate(claim.features, st.claims[c].features))
                       for c in cands)
                      if reason is None or reason == "negation"
                      or self._clash(st, claim, other, reason, outlet) is not None]
            plans.append((claim, exact, needed))
            if needed:
                to_embed.append(claim)
                to_embed.extend(other for other, _ in needed)
        st.ensure_claim_vectors(to_embed)
        for claim, exact, needed in plans:
            best: tuple[ClaimState, float] | None = None
            conflicts: dict[str, tuple[ClaimState, float]] = {}
            if exact is not None:
                best = (st.claims[exact], 1.0)
            for other, reason in needed:
                cos = st.claim_cosine(claim, other)
                if reason is None and cos >= s.suggested and exact is None and \
                        (best is None or cos > best[1]):
                    best = (other, cos)
                elif reason == "negation" and cos >= s.suggested:
                    result.disputes += self._dispute(
                        conn, "contradiction", claim, other, cos, claim.text, result)
                clash = self._clash(st, claim, other, reason, outlet) \
                    if cos >= s.same_quantity else None
                if clash is not None:
                    score = round(cos * (0.5 + 0.5 * clash[2]), 4)
                    seen = conflicts.get(other.article_id)
                    if seen is None or score > seen[1]:
                        conflicts[other.article_id] = (other, score)
            for other, score in conflicts.values():
                result.disputes += self._dispute(conn, "numeric_conflict", claim, other, score,
                                                 claim.text, result)
            if best is not None:
                self._join(conn, claim, best[0], best[1], result)

    @staticmethod
    def _clash(st: TrackerState, claim: ClaimState, other: ClaimState, reason: str | None,
               outlet: str | None) -> tuple[Figure, Figure, float] | None:
        """A numeric conflict but for the cosine: figures of one quantity that cannot both
        hold, from another outlet or another source, and nothing but the figures apart."""
        if not (reason is None or reason.startswith("other figure")):
            return None
        if not (claim.features.quantities and other.features.quantities):
            return None
        if st.articles[other.article_id].outlet == outlet and other.actor_id == claim.actor_id:
            return None
        return quantity_clash(claim.features.quantities, other.features.quantities)

    def _join(self, conn: Connection, claim: ClaimState, other: ClaimState, cos: float,
              result: TrackResult) -> None:
        status = "confirmed" if cos >= self.settings.confirmed else "suggested"
        if other.cluster_id is None:
            other.cluster_id, other.status = cluster_id_for(other.id), status
            self._ensure_cluster_row(conn, other.cluster_id)
            set_claim_cluster(conn, other.id, other.cluster_id, status, cos)
        elif other.status != "confirmed":
            if status == "confirmed" and other.cluster_id == cluster_id_for(other.id):
                other.status = "confirmed"  # the founder, now confirmed by a close restating
                set_claim_cluster(conn, other.id, other.cluster_id, "confirmed", cos)
            else:
                status = "suggested"  # no confirmed link through a suggested member
        claim.cluster_id, claim.status = other.cluster_id, status
        set_claim_cluster(conn, claim.id, claim.cluster_id, status, cos)
        result.touched.add(other.cluster_id)
        if status == "confirmed":
            result.clustered += 1
        else:
            result.suggested += 1

    @staticmethod
    def _ensure_cluster_row(conn: Connection, cluster_id: str) -> None:
        # claims.cluster_id is a foreign key: the row must exist before members point at it.
        if conn.execute(_CLUSTER_ID, {"cid": cluster_id}).first() is None:
            conn.execute(_NEW_CLUSTER, {"cid": cluster_id})

    def _dispute(self, conn: Connection, kind: str, mine: ClaimState | str,
                 theirs: ClaimState | str, score: float, evidence: str,
                 result: TrackResult, *, article: str | None = None,
                 other_article: str | None = None, actors: list[str] | None = None) -> int:
        a = mine.id if isinstance(mine, ClaimState) else mine
        b = theirs.id if isinstance(theirs, ClaimState) else theirs
        aid = mine.article_id if isinstance(mine, ClaimState) else article
        oid = theirs.article_id if isinstance(theirs, ClaimState) else other_article
        dispute_id = make_id("xdispute", kind, a, b)
        if conn.execute(_DISPUTE_ID, {"did": dispute_id}).first():
            return 0
        if actors is None:
            actors = sorted({x.actor_id for x in (mine, theirs)
                             if isinstance(x, ClaimState) and x.actor_id})
        if oid is not None:
            result.related.add(oid)
        conn.execute(_NEW_DISPUTE, dict(
            id=dispute_id, article_id=aid, kind=kind, a=a, b=b, other_article_id=oid,
            actors=_json(actors), evidence=evidence, start=None, end=None,
            score=round(float(score), 4), scope="corpus"))
        if kind == "contradiction":
            for side in (mine, theirs):
                if isinstance(side, ClaimState) and side.cluster_id:
                    result.touched.add(side.cluster_id)
        return 1

    def _denials(self, conn: Connection, st: TrackerState, aid: str,
                 result: TrackResult) -> int:
        """Denials here answering accusations elsewhere, and accusations here that earlier
        denials answered: the same actor (accused = denier, by id or by name), close
        wording."""
        mine_denials = denials_of(conn, article_id=aid)
        mine_accusations = accusations_of(conn, article_id=aid)
        deniers = sorted({d[2] for d in mine_denials if d[2]})
        accused = sorted({x[2] for x in mine_accusations if x[2]})
        # Nothing here to answer or be answered: no need to look elsewhere.
        theirs_accusations = accusations_of(
            conn, accused=deniers, names=surnames(d[4] for d in mine_denials),
            not_article=aid) if mine_denials else []
        theirs_denials = denials_of(
            conn, actors=accused, names=surnames(x[5] for x in mine_accusations),
            not_article=aid) if mine_accusations else []
        pairs = [(d, x) for d in mine_denials for x in theirs_accusations
                 if same_party(d[2], d[4], x[2], x[5])]
        pairs += [(d, x) for x in mine_accusations for d in theirs_denials
                  if same_party(d[2], d[4], x[2], x[5])]
        if not pairs:
            return 0
        st.ensure_vectors([t for d, x in pairs for t in (d[3], x[3])])
        found = 0
        for denial, accusation in pairs:
            cos = st.cosine(denial[3], accusation[3])
            if cos < self.settings.denial:
                continue
            here_is_denial = denial[1] == aid
            mine, theirs = (denial, accusation) if here_is_denial else (accusation, denial)
            found += self._dispute(conn, "denial", mine[0], theirs[0], cos, denial[3], result,
                                   article=aid, other_article=theirs[1],
                                   actors=sorted({a for a in (denial[2], accusation[4]) if a}))
        return found


def _json(value: object) -> str:
    import json

    return json.dumps(value)


_TRACKERS: dict[tuple[str, TrackingSettings], Tracker] = {}
_TRACKERS_LOCK = threading.Lock()


def tracker_for(conn: Connection, settings: TrackingSettings | None = None) -> Tracker:
    settings = settings or TrackingSettings()
    key = (conn.engine.url.render_as_string(hide_password=True), settings)
    with _TRACKERS_LOCK:
        tracker = _TRACKERS.get(key)
        if tracker is None:
            tracker = _TRACKERS[key] = Tracker(settings)
        return tracker


def track_article(conn: Connection, article_id: str,
                  settings: TrackingSettings | None = None, *,
                  known: ClaimMap | None = None) -> TrackResult:
    """Track the stored article ``article_id`` against every article stored before it, in
    the caller's transaction. Call it right after the article is stored; ``known``: its
    ClaimMap when the caller has it (an article with no denial and no accusation then skips
    the look-ups for them)."""
    return tracker_for(conn, settings).track(
        conn, article_id, denials=known is None or may_answer(known))


Progress = Callable[[int, int], None]


def clear_tracking(conn: Connection) -> None:
    conn.execute(update(claims).values(cluster_id=None, cluster_status=None,
                                       cluster_score=None))
    conn.execute(claim_clusters.delete())
    conn.execute(disputes.delete().where(disputes.c.scope == "corpus"))
    conn.execute(update(articles).values(duplicate_of=None, duplicate_method=None,
                                         duplicate_score=None))


def retrack(db: str | Path | None, settings: TrackingSettings | None = None, *,
            progress: Progress | None = None) -> int:
    """Clear every tracking result in the store at ``db`` and track all its articles again,
    in storage order (added_at, id); returns the number of articles tracked."""
    from claimmap.store.backend import open_store

    store = open_store(db)
    try:
        tracker = Tracker(settings)
        with store.begin() as conn:
            clear_tracking(conn)
            ids = list(conn.execute(select(articles.c.id)
                                    .order_by(articles.c.added_at, articles.c.id)).scalars())
        tracker.state = TrackerState(tracker.settings)
        for n, aid in enumerate(ids, 1):
            with store.begin() as conn:
                tracker.track(conn, str(aid), replay=True)
            if progress is not None:
                progress(n, len(ids))
        from claimmap.corpus.signals import refresh_signals

        with store.begin() as conn:  # copies and disputes may have changed for any of them
            refresh_signals(conn, [str(a) for a in ids])
        return len(ids)
    finally:
        store.close()
