"""Reads about articles: full-text search, filtered pages with facet counts, one article.

Rows are frozen dataclasses, never SQL rows; every query is SQLAlchemy Core with bound
parameters. :mod:`claimmap.store.queries` re-exports all of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, true

from claimmap.store import fts
from claimmap.store.backend import Store
from claimmap.store.schema import article_actors, articles, claimmaps, techniques
from claimmap.store.write import decode_claimmap_json
from claimmap.types import ClaimMap

MAX_LIMIT = 1000


def clamp_limit(n: int) -> int:
    """A caller's page size, kept between 0 and :data:`MAX_LIMIT`."""
    return max(0, min(int(n), MAX_LIMIT))


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One match: which article, which piece (``title``, ``text`` or ``claim``), a snippet."""

    article_id: str
    kind: str
    claim_id: str | None
    snippet: str
    score: float
    title: str | None
    outlet: str | None
    published: str | None


def search(store: Store, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Articles and claims containing every word of ``query`` (stemmed), best first."""
    with store.connect() as conn:
        raw = fts.search_pieces(conn, query, limit=clamp_limit(limit), offset=max(0, offset))
        ids = sorted({h.article_id for h in raw})
        meta = {r.id: r for r in conn.execute(
            select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published)
            .where(articles.c.id.in_(ids)))} if ids else {}
    hits = []
    for h in raw:
        m = meta.get(h.article_id)
        hits.append(SearchHit(h.article_id, h.kind, h.ref, h.snippet, h.score,
                              m.title if m else None, m.outlet if m else None,
                              m.published if m else None))
    return hits


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    byline: str | None
    duplicate_of: str | None
    words: int
    n_quotes: int
    n_claims: int
    n_techniques: int
    n_disputes: int
    added_at: str


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Every field narrows the set; ``None`` means no filter. Dates are ISO ``YYYY-MM-DD``."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    technique: str | None = None
    actor_id: str | None = None


@dataclass(frozen=True, slots=True)
class ArticlePage:
    total: int
    articles: list[ArticleRow]
    # Facet name (outlet, day, technique, actor) -> the 20 commonest values in the filtered set.
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)


_ARTICLE_COLUMNS = [articles.c[name] for name in ArticleRow.__slots__]


def _article_conditions(f: ArticleFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.outlet:
        conds.append(articles.c.outlet == f.outlet)
    if f.since:
        conds.append(articles.c.published_day >= f.since)
    if f.until:
        conds.append(articles.c.published_day <= f.until)
    if f.technique:
        conds.append(articles.c.id.in_(select(techniques.c.article_id)
                                       .where(techniques.c.technique == f.technique)))
    if f.actor_id:
        conds.append(articles.c.id.in_(_actor_article_ids(f.actor_id)))
    return conds


def _actor_article_ids(actor_id: str) -> Select[Any]:
    return select(article_actors.c.article_id).where(article_actors.c.actor_id == actor_id)


def list_articles(store: Store, where: ArticleFilter | None = None, *, limit: int = 50,
                  offset: int = 0, facets: bool = True) -> ArticlePage:
    """A page of articles (newest published first) and facet counts over the whole filter."""
    conds = _article_conditions(where or ArticleFilter())
    cond = and_(*conds) if conds else None
    with store.connect() as conn:
        count = select(func.count()).select_from(articles)
        page = (select(*_ARTICLE_COLUMNS)
                .order_by(articles.c.published_day.desc(), articles.c.id)
                .limit(clamp_limit(limit)).offset(max(0, offset)))
        if cond is not None:
            count, page = count.where(cond), page.where(cond)
        total = int(conn.execute(count).scalar_one())
        rows = [ArticleRow(**r._asdict()) for r in conn.execute(page)]
        found: dict[str, list[FacetCount]] = {}
        if facets:
            # Unfiltered facets read the covering indexes alone; filtered ones the subset.
            ids = select(articles.c.id).where(cond) if cond is not None else None

            def scope(column: Any) -> ColumnElement[bool]:
                return column.in_(ids) if ids is not None else true()

            specs = {
                "outlet": (articles.c.outlet, scope(articles.c.id)),
                "day": (articles.c.published_day, scope(articles.c.id)),
                "technique": (techniques.c.technique, scope(techniques.c.article_id)),
                "actor": (article_actors.c.actor_id, scope(article_actors.c.article_id)),
            }
            for name, (column, within) in specs.items():
                n = func.count(func.distinct(column.table.c.article_id
                                             if "article_id" in column.table.c
                                             else column.table.c.id))
                stmt = (select(column, n.label("n")).where(within, column.is_not(None))
                        .group_by(column).order_by(n.desc(), column).limit(20))
                found[name] = [FacetCount(str(v), int(c)) for v, c in conn.execute(stmt)]
    return ArticlePage(total, rows, found)


def get_article(store: Store, article_id: str) -> ArticleRow | None:
    with store.connect() as conn:
        row = conn.execute(select(*_ARTICLE_COLUMNS)
                           .where(articles.c.id == article_id)).first()
    return ArticleRow(**row._asdict()) if row else None


def get_claimmap(store: Store, article_id: str) -> ClaimMap | None:
    """The stored ClaimMap of one article, as analysis produced it."""
    with store.connect() as conn:
        data = conn.execute(select(claimmaps.c.json_zlib)
                            .where(claimmaps.c.article_id == article_id)).scalar_one_or_none()
    return ClaimMap.from_dict(json.loads(decode_claimmap_json(data))) if data else None
