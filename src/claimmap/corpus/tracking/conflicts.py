"""Disputes across articles, and reading them back.

- ``numeric_conflict``: two claims in different articles, from different outlets or sources,
  about one quantity (same topic, close wording, no other entity) whose figures cannot both be
  true ("12 soldiers died" / "at least 40 were killed");
- ``contradiction``: the same claim with its polarity flipped ("the port will close" / "will
  not close"), kept out of each other's cluster but linked here;
- ``denial``: a denial by an actor in one article answering an accusation against that actor
  in another.

Rows go to ``disputes`` with ``scope = 'corpus'``, ``article_id`` the later article and
``other_article_id`` the earlier.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select

from claimmap.corpus.tracking.features import Figure
from claimmap.quantities import clash
from claimmap.store.backend import Store
from claimmap.store.schema import accusations, articles, claims, disputes, quotes

CORPUS_KINDS = ("numeric_conflict", "contradiction", "denial")


def quantity_clash(a: tuple[Figure, ...], b: tuple[Figure, ...]) -> tuple[Figure, Figure,
                                                                           float] | None:
    """The most distant pair of same-topic figures that cannot both hold, if any; a shared
    topic whose figures agree somewhere means the claims do not clash."""
    best: tuple[Figure, Figure, float] | None = None
    topics = {f.topic for f in a} & {f.topic for f in b}
    for topic in sorted(t for t in topics if t):
        pairs = [(x, y, clash(x, y)) for x in a if x.topic == topic
                 for y in b if y.topic == topic]
        if any(score == 0.0 for _, _, score in pairs):
            continue
        top = max(pairs, key=lambda p: p[2])
        if best is None or top[2] > best[2]:
            best = top
    return best


@dataclass(frozen=True, slots=True)
class Side:
    article_id: str
    outlet: str | None
    published: str | None
    row_id: str | None
    text: str
    actor_id: str | None
    figures: list[str]


@dataclass(frozen=True, slots=True)
class CorpusDispute:
    """One cross-article dispute with both sides as stored."""

    id: str
    kind: str
    score: float
    evidence: str | None
    a: Side
    b: Side

    def as_dict(self) -> dict[str, Any]:
        def side(s: Side) -> dict[str, Any]:
            return {"article_id": s.article_id, "outlet": s.outlet, "published": s.published,
                    "id": s.row_id, "text": s.text, "actor_id": s.actor_id,
                    "figures": s.figures}
        return {"id": self.id, "kind": self.kind, "score": self.score,
                "evidence": self.evidence, "a": side(self.a), "b": side(self.b)}


def _figures(quantities: str | None) -> list[str]:
    try:
        rows = json.loads(quantities or "[]")
    except ValueError:
        return []
    out = []
    for q in rows if isinstance(rows, list) else []:
        span = q.get("span") if isinstance(q, dict) else None
        if isinstance(span, dict) and span.get("text"):
            out.append(str(span["text"]))
    return out


def _side(conn: Connection, row_id: str | None, article_id: str) -> Side:
    art = conn.execute(select(articles.c.outlet, articles.c.published)
                       .where(articles.c.id == article_id)).first()
    outlet = art.outlet if art else None
    published = art.published if art else None
    claim = conn.execute(select(claims.c.text, claims.c.actor_id, claims.c.quantities)
                         .where(claims.c.id == row_id)).first() if row_id else None
    if claim is not None:
        return Side(article_id, outlet, published, row_id, claim.text, claim.actor_id,
                    _figures(claim.quantities))
    quote = conn.execute(select(quotes.c.text, quotes.c.actor_id)
                         .where(quotes.c.id == row_id)).first() if row_id else None
    if quote is not None:
        return Side(article_id, outlet, published, row_id, quote.text, quote.actor_id, [])
    acc = conn.execute(select(accusations.c.text, accusations.c.accuser_id)
                       .where(accusations.c.id == row_id)).first() if row_id else None
    if acc is not None:
        return Side(article_id, outlet, published, row_id, acc.text, acc.accuser_id, [])
    return Side(article_id, outlet, published, row_id, "", None, [])


def list_conflicts(store: Store, *, kinds: tuple[str, ...] = CORPUS_KINDS,
                   article_id: str | None = None, limit: int = 1000) -> list[CorpusDispute]:
    """Cross-article disputes, strongest first (then by id), with both sides' texts."""
    with store.connect() as conn:
        query = select(disputes).where(disputes.c.scope == "corpus",
                                       disputes.c.kind.in_(kinds))
        if article_id is not None:
            query = query.where(or_(disputes.c.article_id == article_id,
                                    disputes.c.other_article_id == article_id))
        rows = conn.execute(query.order_by(disputes.c.score.desc(), disputes.c.id)
                            .limit(max(0, limit))).all()
        return [CorpusDispute(r.id, r.kind, round(float(r.score), 4), r.evidence,
                              _side(conn, r.a, r.article_id),
                              _side(conn, r.b, r.other_article_id or r.article_id))
                for r in rows]

