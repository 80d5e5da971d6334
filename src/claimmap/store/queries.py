"""The typed read API over a store: what the CLI, the web app and claim tracking read.

Every function takes an open :class:`~claimmap.store.backend.Store` (read-only is enough) and
returns frozen dataclasses, never rows, so callers do not depend on SQL. All SQL is built with
SQLAlchemy Core or bound parameters; user input never reaches a query as text.

- :func:`search` full text over titles, texts and claims (FTS5 / tsvector), hits carry the
  article id;
- :func:`list_articles` a filtered page of articles with facet counts (outlet, day, technique,
  actor); :func:`get_article` and :func:`get_claimmap` one article;
- :func:`list_claims` claims filtered by actor, outlet, dates and check-worthiness;
- :func:`list_actors`, :func:`actor_profile` (quotes, accusations made and received, weeks);
- :func:`list_outlets`, :func:`outlet_weeks` (technique rate and sourcing mix per ISO week);
- :func:`stats` and :func:`check` (re-exported from :mod:`claimmap.store.integrity`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true

from claimmap.store import fts
from claimmap.store.backend import Store
from claimmap.store.integrity import IntegrityReport, Stats, check, stats
from claimmap.store.schema import (
    accusations,
    actors,
    articles,
    claimmaps,
    claims,
    quotes,
    techniques,
)
from claimmap.store.write import decode_claimmap_json
from claimmap.types import ClaimMap

__all__ = [
    "EXPORT_TABLES",
    "AccusationRow",
    "ActorProfile",
    "ActorRow",
    "ArticleFilter",
    "ArticlePage",
    "ArticleRow",
    "ClaimFilter",
    "ClaimRow",
    "FacetCount",
    "IntegrityReport",
    "OutletRow",
    "OutletWeek",
    "QuoteRow",
    "SearchHit",
    "Stats",
    "actor_profile",
    "check",
    "get_article",
    "get_claimmap",
    "iter_claimmap_json",
    "iter_table",
    "list_actors",
    "list_articles",
    "list_claims",
    "list_outlets",
    "outlet_weeks",
    "search",
    "stats",
]

MAX_LIMIT = 1000


def _limit(n: int) -> int:
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
        raw = fts.search_pieces(conn, query, limit=_limit(limit), offset=max(0, offset))
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
    from claimmap.store.schema import article_actors

    return select(article_actors.c.article_id).where(article_actors.c.actor_id == actor_id)


def list_articles(store: Store, where: ArticleFilter | None = None, *, limit: int = 50,
                  offset: int = 0, facets: bool = True) -> ArticlePage:
    """A page of articles (newest published first) and facet counts over the whole filter."""
    from claimmap.store.schema import article_actors

    conds = _article_conditions(where or ArticleFilter())
    cond = and_(*conds) if conds else None
    with store.connect() as conn:
        count = select(func.count()).select_from(articles)
        page = (select(*_ARTICLE_COLUMNS)
                .order_by(articles.c.published_day.desc(), articles.c.id)
                .limit(_limit(limit)).offset(max(0, offset)))
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


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """``actor`` is an actor id or a name (case-insensitive); dates are ISO days."""

    actor: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    min_checkworthiness: float = 0.0
    top: int = 50


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: str
    article_id: str
    text: str
    start: int
    end: int
    checkworthiness: float
    type: str
    certainty: str
    sourcing: str
    actor_id: str | None
    actor: str | None
    outlet: str | None
    published: str | None
    cluster_id: str | None


def _actor_match(value: str) -> ColumnElement[bool]:
    return or_(actors.c.id == value, func.lower(actors.c.name) == value.strip().lower())


def list_claims(store: Store, where: ClaimFilter | None = None) -> list[ClaimRow]:
    """Claims, most check-worthy first."""
    f = where or ClaimFilter()
    stmt = (select(claims.c.id, claims.c.article_id, claims.c.text, claims.c.start,
                   claims.c.end, claims.c.checkworthiness, claims.c.type, claims.c.certainty,
                   claims.c.sourcing, claims.c.actor_id, actors.c.name.label("actor"),
                   articles.c.outlet, articles.c.published, claims.c.cluster_id)
            .join(articles, articles.c.id == claims.c.article_id)
            .outerjoin(actors, actors.c.id == claims.c.actor_id)
            .where(claims.c.checkworthiness >= f.min_checkworthiness)
            .order_by(claims.c.checkworthiness.desc(), claims.c.id).limit(_limit(f.top)))
    if f.actor:
        stmt = stmt.where(claims.c.actor_id.in_(select(actors.c.id).where(_actor_match(f.actor))))
    if f.outlet:
        stmt = stmt.where(articles.c.outlet == f.outlet)
    if f.since:
        stmt = stmt.where(articles.c.published_day >= f.since)
    if f.until:
        stmt = stmt.where(articles.c.published_day <= f.until)
    with store.connect() as conn:
        return [ClaimRow(**r._asdict()) for r in conn.execute(stmt)]


@dataclass(frozen=True, slots=True)
class ActorRow:
    id: str
    name: str
    kind: str
    articles: int
    quotes: int
    claims: int
    first_seen: str


def list_actors(store: Store, *, name: str | None = None, limit: int = 50,
                actor_id: str | None = None) -> list[ActorRow]:
    """Corpus-wide actors, most quoted first; ``name`` filters by a substring."""
    from claimmap.store.schema import article_actors

    n_articles = (select(func.count(func.distinct(article_actors.c.article_id)))
                  .where(article_actors.c.actor_id == actors.c.id).scalar_subquery())
    n_quotes = (select(func.count()).select_from(quotes)
                .where(quotes.c.actor_id == actors.c.id).scalar_subquery())
    n_claims = (select(func.count()).select_from(claims)
                .where(claims.c.actor_id == actors.c.id).scalar_subquery())
    stmt = (select(actors.c.id, actors.c.name, actors.c.kind, n_articles.label("articles"),
                   n_quotes.label("quotes"), n_claims.label("claims"), actors.c.first_seen)
            .order_by(n_quotes.desc(), n_articles.desc(), actors.c.name)
            .limit(_limit(limit)))
    if actor_id is not None:
        stmt = stmt.where(actors.c.id == actor_id)
    if name:
        pattern = "%" + name.lower().replace("\\", "\\\\").replace("%", "\\%") \
            .replace("_", "\\_") + "%"
        stmt = stmt.where(func.lower(actors.c.name).like(pattern, escape="\\"))
    with store.connect() as conn:
        return [ActorRow(**r._asdict()) for r in conn.execute(stmt)]


@dataclass(frozen=True, slots=True)
class QuoteRow:
    id: str
    article_id: str
    text: str
    kind: str
    cue: str | None
    cue_class: str
    published: str | None
    outlet: str | None


@dataclass(frozen=True, slots=True)
class AccusationRow:
    id: str
    article_id: str
    accuser_id: str | None
    accuser: str | None
    accused_id: str | None
    accused: str | None
    text: str
    published: str | None
    outlet: str | None


@dataclass(frozen=True, slots=True)
class ActorProfile:
    """One actor: what they said, whom they accused, who accused them, articles per week."""

    actor: ActorRow
    quotes: list[QuoteRow]
    accusations_made: list[AccusationRow]
    accusations_received: list[AccusationRow]
    weeks: list[FacetCount]


def actor_profile(store: Store, actor_id: str, *, limit: int = 200) -> ActorProfile | None:
    from claimmap.store.schema import article_actors

    found = list_actors(store, actor_id=actor_id, limit=1)
    if not found:
        return None
    acc_cols = (accusations.c.id, accusations.c.article_id, accusations.c.accuser_id,
                accusations.c.accuser, accusations.c.accused_id, accusations.c.accused,
                accusations.c.text, articles.c.published, articles.c.outlet)
    by_date = (articles.c.published_day.desc(), articles.c.id)
    with store.connect() as conn:
        said = [QuoteRow(**r._asdict()) for r in conn.execute(
            select(quotes.c.id, quotes.c.article_id, quotes.c.text, quotes.c.kind, quotes.c.cue,
                   quotes.c.cue_class, articles.c.published, articles.c.outlet)
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(quotes.c.actor_id == actor_id).order_by(*by_date, quotes.c.start)
            .limit(_limit(limit)))]
        acc = select(*acc_cols).join(articles, articles.c.id == accusations.c.article_id)
        made = [AccusationRow(**r._asdict()) for r in conn.execute(
            acc.where(accusations.c.accuser_id == actor_id).order_by(*by_date)
            .limit(_limit(limit)))]
        received = [AccusationRow(**r._asdict()) for r in conn.execute(
            acc.where(accusations.c.accused_id == actor_id).order_by(*by_date)
            .limit(_limit(limit)))]
        n = func.count(func.distinct(articles.c.id))
        weeks = [FacetCount(str(w), int(c)) for w, c in conn.execute(
            select(articles.c.published_week, n)
            .where(articles.c.id.in_(select(article_actors.c.article_id)
                                     .where(article_actors.c.actor_id == actor_id)),
                   articles.c.published_week.is_not(None))
            .group_by(articles.c.published_week).order_by(articles.c.published_week))]
    return ActorProfile(found[0], said, made, received, weeks)


@dataclass(frozen=True, slots=True)
class OutletWeek:
    """One outlet in one ISO week (``week`` is ``"all"`` for the whole corpus).

    ``technique_rate`` is persuasion techniques per 1,000 words; ``sourcing`` counts claims by
    sourcing kind (author, named, vague, anonymous).
    """

    outlet: str
    week: str
    articles: int
    words: int
    techniques: int
    technique_rate: float
    sourcing: dict[str, int]


OutletRow = OutletWeek


def _outlet_rows(store: Store, outlet: str | None, by_week: bool) -> list[OutletWeek]:
    week = articles.c.published_week if by_week else None
    keys = [articles.c.outlet] + ([week] if week is not None else [])
    base = select(*keys, func.count().label("n"), func.sum(articles.c.words).label("words"),
                  func.sum(articles.c.n_techniques).label("tech")) \
        .where(articles.c.outlet.is_not(None)).group_by(*keys).order_by(*keys)
    src = (select(*keys, claims.c.sourcing, func.count().label("n"))
           .join(articles, articles.c.id == claims.c.article_id)
           .where(articles.c.outlet.is_not(None)).group_by(*keys, claims.c.sourcing))
    if outlet is not None:
        base, src = base.where(articles.c.outlet == outlet), src.where(articles.c.outlet == outlet)
    with store.connect() as conn:
        mix: dict[tuple[str, str], dict[str, int]] = {}
        for r in conn.execute(src):
            wk = (r.published_week or "undated") if by_week else "all"
            mix.setdefault((r.outlet, wk), {})[str(r.sourcing)] = int(r.n)
        out = []
        for r in conn.execute(base):
            wk = (r.published_week or "undated") if by_week else "all"
            words, tech = int(r.words or 0), int(r.tech or 0)
            out.append(OutletWeek(str(r.outlet), wk, int(r.n), words, tech,
                                  round(1000.0 * tech / words, 3) if words else 0.0,
                                  mix.get((r.outlet, wk), {})))
    return out


def list_outlets(store: Store) -> list[OutletWeek]:
    """Every outlet over the whole corpus (``week == "all"``)."""
    return _outlet_rows(store, None, by_week=False)


def outlet_weeks(store: Store, outlet: str | None = None) -> list[OutletWeek]:
    """Technique rate and sourcing mix per ISO week, for one outlet or all of them."""
    return _outlet_rows(store, outlet, by_week=True)


def iter_claimmap_json(store: Store, *, batch: int = 500) -> Iterator[str]:
    """Every stored ClaimMap as its JSON text, by article id (streamed in batches)."""
    last = ""
    while True:
        with store.connect() as conn:
            rows = list(conn.execute(select(claimmaps.c.article_id, claimmaps.c.json_zlib)
                                     .where(claimmaps.c.article_id > last)
                                     .order_by(claimmaps.c.article_id).limit(batch)))
        if not rows:
            return
        for row in rows:
            yield decode_claimmap_json(row.json_zlib)
        last = str(rows[-1].article_id)


EXPORT_TABLES = ("articles", "claims", "quotes", "techniques", "disputes", "accusations",
                 "actors", "outlets", "errors", "article_revisions", "claim_clusters",
                 "factchecks", "factcheck_matches")


def iter_table(store: Store, name: str, *, with_text: bool = False) -> Iterator[dict[str, Any]]:
    """Rows of one table as dicts, in primary-key order (``articles.text`` only on request)."""
    from claimmap.store.schema import metadata

    if name not in EXPORT_TABLES:
        raise ValueError(f"unknown table {name!r}")
    table = metadata.tables[name]
    cols = [c for c in table.c if with_text or not (name == "articles" and c.name == "text")]
    with store.connect() as conn:
        for row in conn.execute(select(*cols).order_by(*table.primary_key.columns)):
            yield dict(row._mapping)
