"""Claim cluster pages of the web app: the biggest clusters, and one cluster's timeline across
outlets (a server-rendered SVG: one row per outlet, one dot per appearance, the first-seen one
ringed), its disputes and the fact-checks matched to its members. Each page has a JSON twin.
No script and no CDN: the chart is SVG markup with a ``<title>`` per dot, and the numbers are
in a table beside it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup

from claimmap.report.safe import escape
from claimmap.server.charts import empty_chart
from claimmap.server.corpus_views import _json, _page, _query
from claimmap.store.queries_clusters import ClusterDetail, Member, cluster_detail, top_clusters

router = APIRouter()
Offset = Annotated[int, Query(ge=0, le=100_000)]
WIDTH, ROW, LEFT, TOP, BOTTOM = 680, 28, 170, 30, 40
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: str | None) -> dt.date | None:
    match = _DAY.match(value or "")
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(0))
    except ValueError:
        return None


def timeline_chart(label: str, members: Sequence[Member], first_claim: str | None) -> Markup:
    """Appearances by day (x) and outlet (rows); undated members are left out of the chart
    (the table lists them)."""
    dated = [(m, d) for m in members if (d := _day(m.published)) is not None]
    if not dated:
        return empty_chart(label, "No member has a publication date.")
    outlets = list(dict.fromkeys(m.outlet or "(no outlet)" for m, _ in dated))
    start = min(d for _, d in dated)
    days = max(1, (max(d for _, d in dated) - start).days)
    height = TOP + ROW * len(outlets) + BOTTOM
    plot_w = WIDTH - LEFT - 20

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - start).days / days

    parts = [f'<svg class="chart timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(label)}</title>"]
    for i, outlet in enumerate(outlets):
        y = TOP + ROW * i + ROW / 2
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - 20}" '
                     f'y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f"{escape(outlet[:28])}</text>")
    last = max(d for _, d in dated)
    for tick, anchor in ((start, "start"), (last, "end")) if last != start else \
            ((start, "middle"),):
        parts.append(f'<text class="tick" x="{x(tick):.1f}" y="{height - BOTTOM + 18}" '
                     f'text-anchor="{anchor}">{tick.isoformat()}</text>')
    for m, d in dated:
        y = TOP + ROW * outlets.index(m.outlet or "(no outlet)") + ROW / 2
        first = m.claim_id == first_claim
        tip = (f"{m.outlet or '(no outlet)'}, {d.isoformat()}"
               f"{' (first seen)' if first else ''}{', copy' if m.copy_of else ''}: {m.text}")
        cls = "dot first" if first else ("dot copy" if m.copy_of else "dot")
        parts.append(f'<circle class="{cls}" cx="{x(d):.1f}" cy="{y:.1f}" '
                     f'r="{8 if first else 6}" fill="{"#b45309" if first else "#1d4ed8"}" '
                     f'stroke="#111827" stroke-width="{2 if first else 0.5}">'
                     f"<title>{escape(tip[:300])}</title></circle>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _top(store: Any, limit: int, offset: int) -> Any:
    return top_clusters(store, limit=limit, offset=offset)


def _detail(store: Any, cluster_id: str) -> ClusterDetail:
    found = cluster_detail(store, cluster_id)
    if found is None:
        raise HTTPException(404, "no such claim cluster in this corpus")
    return found


@router.get("/api/corpus/clusters")
async def api_clusters(request: Request, offset: Offset = 0) -> JSONResponse:
    """Claim clusters by spread over outlets (docs/tracking.md)."""
    return _json(await _query(request, _top, 50, offset))


@router.get("/corpus/clusters", response_class=HTMLResponse, include_in_schema=False)
async def clusters_page(request: Request, offset: Offset = 0) -> HTMLResponse:
    rows = await _query(request, _top, 50, offset)
    return _page(request, "corpus_clusters.html.jinja", clusters=rows, offset=offset,
                 section="clusters", page_title="Claim clusters")


@router.get("/api/corpus/clusters/{cluster_id}")
async def api_cluster(request: Request, cluster_id: str) -> JSONResponse:
    """One cluster: its members in publication order, disputes and fact-checks."""
    return _json(await _query(request, _detail, cluster_id[:200]))


@router.get("/corpus/clusters/{cluster_id}", response_class=HTMLResponse,
            include_in_schema=False)
async def cluster_page(request: Request, cluster_id: str) -> HTMLResponse:
    detail = await _query(request, _detail, cluster_id[:200])
    chart = timeline_chart(f"Where and when this claim appeared: "
                           f"{len(detail.members)} appearances in "
                           f"{detail.cluster.n_outlets} outlets", detail.members,
                           detail.members[0].claim_id if detail.members else None)
    return _page(request, "corpus_cluster.html.jinja", detail=detail, chart=chart,
                 section="clusters", page_title="Claim cluster")
