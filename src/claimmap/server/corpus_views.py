"""Corpus pages over a read-only store, each with a JSON twin under ``/api/corpus``.

- ``/corpus``: articles with facets (outlet, day, technique, actor) and date filters;
- ``/corpus/search?q=``: full text over titles, texts and claims;
- ``/corpus/actors`` and ``/corpus/actors/{id}``: quotes, accusations made and received, a
  timeline chart;
- ``/corpus/outlets`` and ``/corpus/outlets/{name}``: technique rate and sourcing mix per week;
- ``/corpus/articles/{id}``: the article's report, rendered from its stored ClaimMap.

Parameters are validated (lengths, ISO dates, bounded integers) before any query, and every
query binds them; untrusted text (titles, names, outlets) is escaped by the templates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimmap.report.html import environment, report_context
from claimmap.report.serialize import to_json
from claimmap.server.analysis import Busy
from claimmap.server.charts import Series, bar_chart, line_chart
from claimmap.server.corpus_db import CorpusDB, actor_names
from claimmap.store import queries
from claimmap.store.queries_clusters import actor_clusters
from claimmap.store.signals import stored_signals

router = APIRouter()
PAGE_SIZE = 50
ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[str | None, Query(pattern=ISO_DAY, description="ISO date, YYYY-MM-DD")]
Offset = Annotated[int, Query(ge=0, le=100_000)]
Limit = Annotated[int, Query(ge=1, le=200)]
SOURCING = ("author", "named", "vague", "anonymous")
# The corpus navigation (claim clusters: server/cluster_views.py).
SECTIONS: list[tuple[str, str, str]] = [
    ("articles", "/corpus", "Articles"), ("search", "/corpus/search", "Search"),
    ("actors", "/corpus/actors", "Actors"), ("outlets", "/corpus/outlets", "Outlets"),
    ("clusters", "/corpus/clusters", "Claim clusters")]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value: str | None) -> str | None:
    """Control characters out of a text parameter: SQLite's LIKE stops at a NUL, so
    ``name=%00`` would otherwise match every actor."""
    if value is None:
        return None
    return _CONTROL.sub("", value).strip() or None


def _db(request: Request) -> CorpusDB:
    db: CorpusDB = request.app.state.corpus
    return db


async def _query(request: Request, fn: Any, *args: Any) -> Any:
    try:
        return await _db(request).run(fn, *args)
    except Busy as err:
        raise HTTPException(503, str(err), headers={"Retry-After": str(err.retry_after)}) \
            from None


def _json(value: Any) -> JSONResponse:
    return JSONResponse(_plain(value))


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _page(request: Request, template: str, *, status: int = 200, **values: Any) -> HTMLResponse:
    from claimmap.server.views import PAGE_HEADERS

    html = environment().get_template(template).render(
        page_title=values.pop("page_title", "claimmap corpus"), sections=SECTIONS, **values)
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def _week_of(published: str | None) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", published or "")
    if not match:
        return None
    try:
        year, week, _ = dt.date.fromisoformat(match.group(0)).isocalendar()
    except ValueError:
        return None
    return f"{year}-W{week:02d}"


# --- articles and facets ---------------------------------------------------------------

def _filter(outlet: str | None, since: str | None, until: str | None, technique: str | None,
            actor: str | None) -> queries.ArticleFilter:
    return queries.ArticleFilter(outlet=_clean(outlet), since=since or None,
                                 until=until or None, technique=_clean(technique),
                                 actor_id=_clean(actor))


def _articles(store: Any, where: queries.ArticleFilter, offset: int
              ) -> tuple[queries.ArticlePage, dict[str, str]]:
    page = queries.list_articles(store, where, limit=PAGE_SIZE, offset=offset)
    ids = [f.value for f in page.facets.get("actor", [])]
    if where.actor_id:
        ids.append(where.actor_id)
    return page, actor_names(store, ids)


@router.get("/api/corpus/articles")
async def api_articles(request: Request, outlet: Text = None, since: Day = None,
                       until: Day = None, technique: Text = None, actor: Text = None,
                       offset: Offset = 0) -> JSONResponse:
    """A page of stored articles, newest first, with facet counts over the whole filter."""
    where = _filter(outlet, since, until, technique, actor)
    page, _ = await _query(request, _articles, where, offset)
    return _json(page)


@router.get("/corpus", response_class=HTMLResponse, include_in_schema=False)
async def articles_page(request: Request, outlet: Text = None, since: Day = None,
                        until: Day = None, technique: Text = None, actor: Text = None,
                        offset: Offset = 0) -> HTMLResponse:
    where = _filter(outlet, since, until, technique, actor)
    page, names = await _query(request, _articles, where, offset)
    filters = {k: v for k, v in dataclasses.asdict(where).items() if v}
    return _page(request, "corpus_articles.html.jinja", page=page, names=names,
                 filters=filters, offset=offset, size=PAGE_SIZE, section="articles")


# --- search -----------------------------------------------------------------------------

@router.get("/api/corpus/search")
async def api_search(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                     offset: Offset = 0, limit: Limit = 20) -> JSONResponse:
    """Full text over titles, texts and claims; every word must match. Hits carry the id."""
    hits = await _query(request, _search, q, limit, offset)
    return _json({"query": q, "offset": offset, "hits": hits})


def _search(store: Any, q: str, limit: int, offset: int) -> list[queries.SearchHit]:
    return queries.search(store, _clean(q) or "", limit=limit, offset=offset)


@router.get("/corpus/search", response_class=HTMLResponse, include_in_schema=False)
async def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                      offset: Offset = 0) -> HTMLResponse:
    hits = await _query(request, _search, q, PAGE_SIZE, offset) if q.strip() else []
    return _page(request, "corpus_search.html.jinja", q=q, hits=hits, offset=offset,
                 size=PAGE_SIZE, section="search", page_title=f"Search: {q}" if q else "Search")


# --- actors -----------------------------------------------------------------------------

def _actors(store: Any, name: str | None, limit: int) -> list[queries.ActorRow]:
    return queries.list_actors(store, name=_clean(name), limit=limit)


@router.get("/api/corpus/actors")
async def api_actors(request: Request, name: Text = None, limit: Limit = 50) -> JSONResponse:
    """Corpus-wide actors, most quoted first; ``name`` filters by a substring."""
    return _json(await _query(request, _actors, name, limit))


@router.get("/corpus/actors", response_class=HTMLResponse, include_in_schema=False)
async def actors_page(request: Request, name: Text = None) -> HTMLResponse:
    rows = await _query(request, _actors, name, 200)
    return _page(request, "corpus_actors.html.jinja", actors=rows, name=name or "",
                 section="actors", page_title="Actors")


def _profile(store: Any, actor_id: str) -> queries.ActorProfile:
    profile = queries.actor_profile(store, actor_id)
    if profile is None:
        raise HTTPException(404, "no such actor in this corpus")
    return profile


def _profile_and_clusters(store: Any, actor_id: str) -> tuple[queries.ActorProfile, Any]:
    return _profile(store, actor_id), actor_clusters(store, actor_id)


def actor_timeline(profile: queries.ActorProfile) -> tuple[list[str], list[Series]]:
    """Per ISO week: articles naming the actor, their quotes, accusations made and received."""
    counts: dict[str, Counter[str]] = {}
    for week in profile.weeks:
        counts.setdefault(week.value, Counter())["articles"] = week.count
    for name, rows in (("quotes", profile.quotes), ("accuses", profile.accusations_made),
                       ("accused", profile.accusations_received)):
        for row in rows:
            week_key = _week_of(row.published)
            if week_key:
                counts.setdefault(week_key, Counter())[name] += 1
    weeks = sorted(counts)
    names = ("articles", "quotes", "accuses", "accused")
    return weeks, [Series(n, tuple(float(counts[w][n]) for w in weeks)) for n in names]


@router.get("/api/corpus/actors/{actor_id}")
async def api_actor(request: Request, actor_id: str) -> JSONResponse:
    """One actor: quotes, accusations made and received, articles per ISO week."""
    return _json(await _query(request, _profile, actor_id[:200]))


@router.get("/corpus/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
async def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    profile, clusters = await _query(request, _profile_and_clusters, actor_id[:200])
    weeks, series = actor_timeline(profile)
    chart = bar_chart(f"{profile.actor.name}: activity per week", weeks, series,
                      unit="per ISO week")
    return _page(request, "corpus_actor.html.jinja", profile=profile, chart=chart,
                 weeks=weeks, series=series, clusters=clusters, section="actors",
                 page_title=profile.actor.name)


@router.get("/api/corpus/actors/{actor_id}/clusters")
async def api_actor_clusters(request: Request, actor_id: str) -> JSONResponse:
    """The claim clusters an actor asserts (is the source of a member) or denies."""
    _profile_row, clusters = await _query(request, _profile_and_clusters, actor_id[:200])
    return _json(clusters)


# --- outlets ----------------------------------------------------------------------------

@router.get("/api/corpus/outlets")
async def api_outlets(request: Request) -> JSONResponse:
    """Every outlet: articles, words, technique rate per 1,000 words, sourcing mix."""
    return _json(await _query(request, queries.list_outlets))


@router.get("/corpus/outlets", response_class=HTMLResponse, include_in_schema=False)
async def outlets_page(request: Request) -> HTMLResponse:
    rows = await _query(request, queries.list_outlets)
    return _page(request, "corpus_outlets.html.jinja", outlets=rows, sourcing=SOURCING,
                 section="outlets", page_title="Outlets")


def _outlet(store: Any, name: str) -> list[queries.OutletWeek]:
    weeks = queries.outlet_weeks(store, name)
    if not weeks:
        raise HTTPException(404, "no such outlet in this corpus")
    return weeks


def outlet_charts(name: str, weeks: list[queries.OutletWeek]) -> tuple[Any, Any]:
    labels = [w.week for w in weeks]
    rate = line_chart(f"{name}: persuasion techniques per 1,000 words, per week", labels,
                      [Series("techniques per 1,000 words",
                              tuple(w.technique_rate for w in weeks))], unit="per 1,000 words")
    shares = []
    for kind in SOURCING:
        shares.append(Series(kind, tuple(
            round(100.0 * w.sourcing.get(kind, 0) / max(1, sum(w.sourcing.values())), 1)
            for w in weeks)))
    mix = bar_chart(f"{name}: how claims are sourced, per week (% of claims)", labels, shares,
                    unit="% of claims", stacked=True)
    return rate, mix


@router.get("/api/corpus/outlets/{name:path}")
async def api_outlet(request: Request, name: str) -> JSONResponse:
    """One outlet per ISO week: technique rate and sourcing mix."""
    return _json(await _query(request, _outlet, name[:200]))


@router.get("/corpus/outlets/{name:path}", response_class=HTMLResponse, include_in_schema=False)
async def outlet_page(request: Request, name: str) -> HTMLResponse:
    weeks = await _query(request, _outlet, name[:200])
    rate, mix = outlet_charts(name, weeks)
    return _page(request, "corpus_outlet.html.jinja", name=name, weeks=weeks, rate=rate,
                 mix=mix, sourcing=SOURCING, section="outlets", page_title=name)


# --- one article ------------------------------------------------------------------------

def _claimmap(store: Any, article_id: str) -> Any:
    """The stored ClaimMap with the credibility signals the store computed for it."""
    cm = queries.get_claimmap(store, article_id)
    if cm is None:
        raise HTTPException(404, "no such article in this corpus")
    with store.connect() as conn:
        signals = stored_signals(conn, article_id)
    return dataclasses.replace(cm, signals=signals) if signals else cm


@router.get("/api/corpus/articles/{article_id:path}", response_class=Response, responses={
    200: {"description": "The stored ClaimMap", "content": {"application/json": {}}}})
async def api_article(request: Request, article_id: str) -> Response:
    """The stored ClaimMap of one article (schema: docs/claimmap.schema.json)."""
    cm = await _query(request, _claimmap, article_id[:500])
    return Response(to_json(cm, indent=None), media_type="application/json")


@router.get("/corpus/articles/{article_id:path}", response_class=HTMLResponse,
            include_in_schema=False)
async def article_page(request: Request, article_id: str) -> HTMLResponse:
    cm = await _query(request, _claimmap, article_id[:500])
    view = report_context(cm)
    view["corpus_links"] = True
    return _page(request, "corpus_article.html.jinja", view=view,
                 section="articles", page_title=cm.article.title or cm.article.id)


# --- errors as pages ----------------------------------------------------------------------

def install_error_pages(app: FastAPI) -> None:
    """Errors on ``/corpus`` pages answer as a page a person can read (same status and
    headers, Retry-After included); the JSON API keeps FastAPI's JSON errors."""

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not request.url.path.startswith("/corpus"):
            return await http_exception_handler(request, exc)
        page = _page(request, "corpus_error.html.jinja", status=exc.status_code,
                     message=str(exc.detail), section="", page_title=f"Error {exc.status_code}")
        page.headers.update(exc.headers or {})
        return page

    async def on_invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if not request.url.path.startswith("/corpus"):
            return await request_validation_exception_handler(request, exc)
        fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return _page(request, "corpus_error.html.jinja", status=422,
                     message=f"These parameters are not valid here: {fields}.", section="",
                     page_title="Error 422")

    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_invalid)
