"""Reads about outlets: articles, words, technique rate and sourcing mix, overall or per week.

:mod:`claimmap.store.queries` re-exports all of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from claimmap.store.backend import Store
from claimmap.store.schema import articles, claims


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
