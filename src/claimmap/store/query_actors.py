"""Reads about people: claims by actor and outlet, corpus-wide actors, one actor's profile.

:mod:`claimmap.store.queries` re-exports all of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select

from claimmap.store.backend import Store
from claimmap.store.query_articles import FacetCount, clamp_limit
from claimmap.store.schema import accusations, actors, article_actors, articles, claims, quotes


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
            .order_by(claims.c.checkworthiness.desc(), claims.c.id).limit(clamp_limit(f.top)))
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
    n_articles = (select(func.count(func.distinct(article_actors.c.article_id)))
                  .where(article_actors.c.actor_id == actors.c.id).scalar_subquery())
    n_quotes = (select(func.count()).select_from(quotes)
                .where(quotes.c.actor_id == actors.c.id).scalar_subquery())
    n_claims = (select(func.count()).select_from(claims)
                .where(claims.c.actor_id == actors.c.id).scalar_subquery())
    stmt = (select(actors.c.id, actors.c.name, actors.c.kind, n_articles.label("articles"),
                   n_quotes.label("quotes"), n_claims.label("claims"), actors.c.first_seen)
            .order_by(n_quotes.desc(), n_articles.desc(), actors.c.name)
            .limit(clamp_limit(limit)))
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
            .limit(clamp_limit(limit)))]
        acc = select(*acc_cols).join(articles, articles.c.id == accusations.c.article_id)
        made = [AccusationRow(**r._asdict()) for r in conn.execute(
            acc.where(accusations.c.accuser_id == actor_id).order_by(*by_date)
            .limit(clamp_limit(limit)))]
        received = [AccusationRow(**r._asdict()) for r in conn.execute(
            acc.where(accusations.c.accused_id == actor_id).order_by(*by_date)
            .limit(clamp_limit(limit)))]
        n = func.count(func.distinct(articles.c.id))
        weeks = [FacetCount(str(w), int(c)) for w, c in conn.execute(
            select(articles.c.published_week, n)
            .where(articles.c.id.in_(select(article_actors.c.article_id)
                                     .where(article_actors.c.actor_id == actor_id)),
                   articles.c.published_week.is_not(None))
            .group_by(articles.c.published_week).order_by(articles.c.published_week))]
    return ActorProfile(found[0], said, made, received, weeks)
