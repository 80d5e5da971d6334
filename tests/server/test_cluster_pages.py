"""Claim cluster pages: the timeline across outlets (server-rendered SVG), its disputes and
fact-checks, the JSON twins, and the actor page's links to the clusters an actor asserts or
denies; hostile text escaped; in chromium, the chart renders with no request off the box."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from claimmap.corpus.signals import refresh_signals
from claimmap.corpus.tracking import track_article
from claimmap.server.app import create_app
from claimmap.settings import load_settings
from claimmap.store import open_store
from claimmap.store.schema import disputes, factcheck_matches, factchecks
from claimmap.store.write import put_article
from claimmap.types import (
    Actor,
    Article,
    Certainty,
    Checkworthiness,
    Claim,
    ClaimMap,
    Provenance,
    Quote,
    Sourcing,
    Speaker,
    TextSpan,
)

PROV = Provenance("0", "3.8", "en_test", "0", "cfg")
CLAIM = "The Orrin shipyard will close in March, costing 400 jobs."
EVIL = '<script>alert("out")</script> Post'
OUTLETS = ["Harbour Times", EVIL, "Valley Courier"]


def _span(text: str, needle: str) -> TextSpan:
    start = text.index(needle)
    return TextSpan.of(text, start, start + len(needle))


def cluster_map(i: int) -> ClaimMap:
    speaker = "Mira Voss"
    text = f"{speaker} said it in a statement on day {i}. {CLAIM} Talks go on.\n"
    voss = Actor("a1", speaker, "person", role="minister", mentions=(_span(text, speaker),))
    quote = Quote("q1", "indirect", _span(text, CLAIM), _span(text, "said"), "say",
                  Speaker("a1", _span(text, speaker)))
    claim = Claim("c1", _span(text, CLAIM), Checkworthiness("CFS", 0.9), "prediction",
                  Certainty("asserted"), Sourcing("named", actor_id="a1", quote_id="q1"))
    article = Article(f"yard-{i}", text, title=f"Shipyard news {i}", outlet=OUTLETS[i],
                      published=f"2026-11-{3 + 2 * i:02d}")
    return ClaimMap(article, PROV, actors=(voss,), quotes=(quote,), claims=(claim,))


@pytest.fixture(scope="module")
def cluster_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clusters") / "clusters.db"
    with open_store(path) as store:
        for i in range(3):
            cm = cluster_map(i)
            with store.begin() as conn:
                put_article(conn, cm, source="test")
                track_article(conn, cm.article.id)
                refresh_signals(conn, [cm.article.id], known=cm)
        with store.begin() as conn:
            conn.execute(insert(factchecks).values(
                id="fc1", claim_reviewed="Orrin shipyard to shut in March", format="claimreview",
                rating="Half True <b>(dates unclear)</b>", reviewer="Dock Check",
                url="javascript:alert(1)", raw="{}", imported_at="2026-11-10T00:00:00Z"))
            conn.execute(insert(disputes).values(
                id="xd1", article_id="yard-2", kind="numeric_conflict", a="yard-2#c1",
                b="yard-0#c1", other_article_id="yard-0", actors="[]", evidence=CLAIM,
                start=None, end=None, score=0.7, scope="corpus"))
            conn.execute(insert(factcheck_matches).values(
                claim_id="yard-1#c1", factcheck_id="fc1", score=0.8, method="test", rank=1,
                created_at="2026-11-10T00:00:00Z"))
    return path


def _app(db: Path) -> Any:
    return create_app(load_settings(server_processes=False), store=open_store(db, read_only=True),
                      warm=False)


def _get(app: Any, url: str) -> httpx.Response:
    import asyncio
    import concurrent.futures

    async def main() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(url)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def _cluster_id(app: Any) -> str:
    rows = _get(app, "/api/corpus/clusters").json()
    assert len(rows) == 1
    return str(rows[0]["id"])


def test_cluster_pages_timeline_members_disputes_and_factchecks(cluster_db: Path,
                                                                html_audit: Any) -> None:
    app = _app(cluster_db)
    cid = _cluster_id(app)
    data = _get(app, f"/api/corpus/clusters/{cid}").json()
    members = data["members"]
    assert [m["article_id"] for m in members] == ["yard-0", "yard-1", "yard-2"]
    assert data["cluster"]["n_outlets"] == 3 and data["cluster"]["first_outlet"] == OUTLETS[0]
    assert data["factchecks"][0]["rating"] == "Half True <b>(dates unclear)</b>"  # verbatim
    assert [(d["kind"], d["article_id"], d["other_article_id"]) for d in data["disputes"]] == \
        [("numeric_conflict", "yard-2", "yard-0")]
    page = _get(app, f"/corpus/clusters/{cid}").text
    assert page.count('<circle class="dot') == 3 and page.count('class="dot first"') == 1
    assert "Timeline across outlets" in page and "2026-11-03" in page
    assert "Disputes (1)" in page and "numeric conflict" in page
    assert "Half True &lt;b&gt;(dates unclear)&lt;/b&gt;" in page
    assert 'href="javascript:' not in page  # a feed's script URL never becomes a link
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;out&#34;)" in page
    assert html_audit(page)[0] == []
    listing = _get(app, "/corpus/clusters").text
    assert f'href="/corpus/clusters/{cid}"' in listing
    assert _get(app, "/corpus/clusters/nope").status_code == 404
    assert _get(app, "/api/corpus/clusters/nope").status_code == 404


def test_cluster_pages_actor_page_links_the_clusters_they_assert(cluster_db: Path) -> None:
    app = _app(cluster_db)
    cid = _cluster_id(app)
    actors = _get(app, "/api/corpus/actors?name=Mira").json()
    actor_id = next(a["id"] for a in actors if a["name"] == "Mira Voss")
    rows = _get(app, f"/api/corpus/actors/{actor_id}/clusters").json()
    assert [(r["cluster"]["id"], r["role"]) for r in rows] == [(cid, "asserts")]
    page = _get(app, f"/corpus/actors/{actor_id}").text
    assert f'href="/corpus/clusters/{cid}"' in page and "asserts" in page


def test_cluster_pages_json_has_no_markup_injected(cluster_db: Path) -> None:
    app = _app(cluster_db)
    raw = _get(app, f"/api/corpus/clusters/{_cluster_id(app)}").text
    assert json.loads(raw)["members"][1]["outlet"] == EVIL


@pytest.mark.slow
def test_cluster_pages_browser_renders_the_chart_offline(cluster_db: Path, browser: Any,
                                                        artifacts: Path, live_app: Any,
                                                        page_watch: Any) -> None:
    with live_app(_app(cluster_db)) as url:
        page, problems, requests = page_watch(browser, 1200, 900)
        page.goto(url + "/corpus/clusters")
        page.locator("a.cluster-link").first.click()
        page.wait_for_selector("svg.timeline")
        dots = page.locator("svg.timeline circle")
        assert dots.count() == 3
        box = page.locator("svg.timeline").bounding_box()
        assert box is not None and box["width"] > 300  # drawn, not collapsed
        assert "first seen" in (dots.first.locator("title").text_content() or "")
        page.screenshot(path=str(artifacts / "cluster-timeline.png"), full_page=True)
        assert problems == []
        assert all(r.startswith(url) for r in requests)  # nothing off the box
