"""The typed read API over a store: what the CLI, the web app and claim tracking read.

Every function takes an open :class:`~claimmap.store.backend.Store` (read-only is enough) and
returns frozen dataclasses, never rows, so callers do not depend on SQL. All SQL is built with
SQLAlchemy Core or bound parameters; user input never reaches a query as text.

This module is the one import path; the reads live by concern beside it:

- :mod:`~claimmap.store.query_articles`: :func:`search` full text over titles, texts and
  claims (FTS5 / tsvector), :func:`list_articles` a filtered page with facet counts (outlet,
  day, technique, actor), :func:`get_article` and :func:`get_claimmap` one article;
- :mod:`~claimmap.store.query_actors`: :func:`list_claims` claims filtered by actor, outlet,
  dates and check-worthiness; :func:`list_actors`, :func:`actor_profile` (quotes, accusations
  made and received, weeks);
- :mod:`~claimmap.store.query_outlets`: :func:`list_outlets`, :func:`outlet_weeks` (technique
  rate and sourcing mix per ISO week);
- :mod:`~claimmap.store.query_export`: :func:`iter_claimmap_json`, :func:`iter_table`;
- :func:`stats` and :func:`check` from :mod:`claimmap.store.integrity`.
"""

from __future__ import annotations

from claimmap.store.integrity import IntegrityReport, Stats, check, stats
from claimmap.store.query_actors import (
    AccusationRow,
    ActorProfile,
    ActorRow,
    ClaimFilter,
    ClaimRow,
    QuoteRow,
    actor_profile,
    list_actors,
    list_claims,
)
from claimmap.store.query_articles import (
    MAX_LIMIT,
    ArticleFilter,
    ArticlePage,
    ArticleRow,
    FacetCount,
    SearchHit,
    get_article,
    get_claimmap,
    list_articles,
    search,
)
from claimmap.store.query_export import EXPORT_TABLES, iter_claimmap_json, iter_table
from claimmap.store.query_outlets import OutletRow, OutletWeek, list_outlets, outlet_weeks

__all__ = [
    "EXPORT_TABLES",
    "MAX_LIMIT",
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
