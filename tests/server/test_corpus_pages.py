"""Corpus pages and their JSON twins over a small store of hand-built ClaimMaps.

The store holds hostile text on purpose (script tags in titles, actor names and outlets), and
every parameter of every corpus route is tried with injection strings.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from markupsafe import escape

from claimmap.corpus.signals import refresh_signals
from claimmap.server.app import create_app
from claimmap.settings import load_settings
from claimmap.store import open_store
from claimmap.store.write import put_article
from claimmap.types import (
    Accusation,
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
    Technique,
    TextSpan,
)

PROV = Provenance("0", "3.8", "en_test", "0", "cfg")
EVIL_OUTLET = '<script>alert("outlet")</script> Gazette'
EVIL_ACTOR = '<script>alert("actor")</script> Vance'
EVIL_TITLE = '<img src=x onerror=alert("title")> Harbour <script>alert(1)</script> Deal'
INJECTIONS = ("' OR '1'='1", '" OR ""="', "1; DROP TABLE articles; --", "x') UNION SELECT "
              "name, sql, 1, 1 FROM sqlite_master --", "%' --", "\\'; --", "NEAR(a b)",
              "* OR title:*", '"unbalanced', "<script>alert(9)</script>", "../../etc/passwd",
              "%00", "\u0000", "'; ATTACH DATABASE '/tmp/x' AS x; --")


def _span(text: str, needle: str) -> TextSpan:
    start = text.index(needle)
    return TextSpan.of(text, start, start + len(needle))


def corpus_map(i: int, outlet: str, published: str, speaker: str, title: str) -> ClaimMap:
    text = (f"{title}\n\n{speaker} said the port deal number {i} would cut fees by 40 percent. "
            f"Mayor Ida Lund accused {speaker} of hiding the contract. Critics called the "
            "plan a disgraceful betrayal of the harbour workers.\n")
    actors = (Actor("a1", speaker, "person", mentions=(_span(text, speaker),)),
              Actor("a2", "Ida Lund", "person", role="mayor",
                    mentions=(_span(text, "Ida Lund"),)))
    claim_text = f"the port deal number {i} would cut fees by 40 percent"
    quote = Quote("q1", "indirect", _span(text, claim_text), _span(text, "said"), "say",
                  Speaker("a1", _span(text, speaker)))
    claim = Claim("c1", _span(text, claim_text), Checkworthiness("CFS", 0.9), "statistic",
                  Certainty("asserted"), Sourcing("named", actor_id="a1", quote_id="q1"))
    technique = Technique("t1", _span(text, "disgraceful betrayal"), "loaded_language", 0.8)
    accusation = Accusation("a2", "a1", _span(text, "hiding the contract"))
    article = Article(f"art-{i}", text, title=title, outlet=outlet, published=published,
                      title_span=_span(text, title))
    return ClaimMap(article, PROV, actors=actors, quotes=(quote,), claims=(claim,),
                    techniques=(technique,), accusations=(accusation,))


def corpus_maps() -> list[ClaimMap]:
    maps = []
    for i in range(12):
        outlet = EVIL_OUTLET if i % 3 == 0 else ("Harbour Times" if i % 3 == 1 else "Coast/News")
        day = f"2026-11-{2 + i * 2:02d}"
        speaker = EVIL_ACTOR if i % 2 else "Tomas Berg"
        title = EVIL_TITLE if i == 0 else f"Port deal update {i}"
        maps.append(corpus_map(i, outlet, day, speaker, title))
    return maps


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with open_store(path) as store, store.begin() as conn:
        for cm in corpus_maps():
            put_article(conn, cm, source="test")
            refresh_signals(conn, [cm.article.id], known=cm)  # as the corpus writer does
    return path


def _app(db: Path, **settings: Any) -> Any:
    return create_app(load_settings(**{"server_processes": False, **settings}),
                      store=open_store(db, read_only=True),
                      warm=False)


def _run(app: Any, go: Callable[[httpx.AsyncClient], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await go(client)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def _get(app: Any, url: str, **params: Any) -> httpx.Response:
    # params only when given: an empty dict would drop a query already in the URL.
    return _run(app, lambda c: c.get(url, params=params or None))  # type: ignore[no-any-return]


def _table_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _actor_id(app: Any, name: str) -> str:
    rows = _get(app, "/api/corpus/actors", name=name).json()
    return str(next(r["id"] for r in rows if r["name"] == name))


def test_corpus_articles_page_lists_with_facets(corpus_db: Path, html_audit: Any) -> None:
    app = _app(corpus_db)
    page = _get(app, "/corpus")
    assert page.status_code == 200
    assert page.text.count('data-article-id="art-') == 12
    for facet in ("outlet", "technique", "actor", "day"):
        assert f'data-facet="{facet}"' in page.text
    assert "Harbour Times" in page.text and "loaded language" in page.text
    problems, _ = html_audit(page.text)
    assert problems == []
    data = _get(app, "/api/corpus/articles", outlet="Harbour Times").json()
    assert data["total"] == 4 and {a["outlet"] for a in data["articles"]} == {"Harbour Times"}
    assert {f["value"] for f in data["facets"]["outlet"]} == {"Harbour Times"}
    narrowed = _get(app, "/api/corpus/articles", since="2026-11-10", until="2026-11-16").json()
    assert sorted(a["published"] for a in narrowed["articles"]) == [
        "2026-11-10", "2026-11-12", "2026-11-14", "2026-11-16"]
    by_technique = _get(app, "/api/corpus/articles", technique="loaded_language").json()
    assert by_technique["total"] == 12
    berg = _actor_id(app, "Tomas Berg")
    assert _get(app, "/api/corpus/articles", actor=berg).json()["total"] == 6
    filtered = _get(app, "/corpus", actor=berg)
    assert "actor: Tomas Berg" in filtered.text


def test_corpus_search_finds_by_two_words(corpus_db: Path) -> None:
    app = _app(corpus_db)
    data = _get(app, "/api/corpus/search", q="deal number 7").json()
    assert data["hits"] and {h["article_id"] for h in data["hits"]} == {"art-7"}
    page = _get(app, "/corpus/search", q="disgraceful betrayal")
    assert page.status_code == 200 and page.text.count('data-article-id="art-') >= 12
    empty = _get(app, "/corpus/search", q="zebra")
    assert "Nothing matches" in empty.text


def test_corpus_actor_page_has_quotes_accusations_and_a_timeline(corpus_db: Path,
                                                                 html_audit: Any) -> None:
    app = _app(corpus_db)
    berg = _actor_id(app, "Tomas Berg")
    page = _get(app, f"/corpus/actors/{berg}")
    assert page.status_code == 200
    assert "Quotes (6)" in page.text and "Accusations received (6)" in page.text
    assert '<svg class="chart"' in page.text and page.text.count('<rect class="cbar"') >= 4
    lund = _actor_id(app, "Ida Lund")
    lund_page = _get(app, f"/corpus/actors/{lund}")
    assert "Accusations made (12)" in lund_page.text
    profile = _get(app, f"/api/corpus/actors/{berg}").json()
    assert len(profile["quotes"]) == 6 and len(profile["accusations_received"]) == 6
    assert profile["weeks"]
    assert html_audit(page.text)[0] == []
    assert _get(app, "/corpus/actors/no-such-actor").status_code == 404


def test_corpus_outlet_page_charts_rate_and_sourcing(corpus_db: Path, html_audit: Any) -> None:
    app = _app(corpus_db)
    listing = _get(app, "/corpus/outlets")
    assert listing.status_code == 200 and "Coast/News" in listing.text
    assert 'href="/corpus/outlets/Coast%2FNews"' in listing.text
    page = _get(app, "/corpus/outlets/Coast%2FNews")
    assert page.status_code == 200
    assert page.text.count('<svg class="chart"') == 2 and "<polyline" in page.text
    assert "per 1,000 words" in page.text and "named" in page.text
    weeks = _get(app, "/api/corpus/outlets/Coast%2FNews").json()
    assert weeks and all(w["outlet"] == "Coast/News" for w in weeks)
    assert sum(w["articles"] for w in weeks) == 4
    assert html_audit(page.text)[0] == []
    assert _get(app, "/corpus/outlets/Nowhere").status_code == 404


def test_corpus_article_page_is_the_report(corpus_db: Path, html_audit: Any) -> None:
    app = _app(corpus_db)
    page = _get(app, "/corpus/articles/art-3")
    assert page.status_code == 200
    assert 'class="report"' in page.text and "input" in page.text and 'class="layer"' in page.text
    assert html_audit(page.text)[0] == []
    cm = ClaimMap.from_dict(_get(app, "/api/corpus/articles/art-3").json())
    assert cm.article.id == "art-3" and len(cm.quotes) == 1
    assert _get(app, "/corpus/articles/missing").status_code == 404


def test_corpus_article_page_shows_its_stored_signals(corpus_db: Path, html_audit: Any) -> None:
    app = _app(corpus_db)
    cm = ClaimMap.from_dict(_get(app, "/api/corpus/articles/art-1").json())
    signals = {s.name: s for s in cm.signals}
    assert signals["sourcing_mix"].counts["named"] == 1
    assert signals["originality"].scope == "corpus"
    assert signals["sourcing_mix"].evidence[0].span == cm.claims[0].span
    page = _get(app, "/corpus/articles/art-1").text
    assert "Credibility signals" in page and "not a score of the article" in page
    assert str(escape(signals["sourcing_mix"].summary)) in page
    assert "&lt;script&gt;alert(&#34;actor&#34;)" in page  # the evidence note, escaped
    assert html_audit(page)[0] == []


@pytest.mark.parametrize("url", ["/corpus", "/corpus/outlets", "/corpus/actors",
                                 "/corpus/search?q=harbour", "/corpus/articles/art-0",
                                 "/corpus/outlets/{outlet}", "/corpus/actors/{actor}"])
def test_corpus_untrusted_text_is_escaped(corpus_db: Path, html_audit: Any, url: str) -> None:
    app = _app(corpus_db)
    from urllib.parse import quote

    url = url.format(outlet=quote(EVIL_OUTLET, safe=""), actor=_actor_id(app, EVIL_ACTOR))
    page = _get(app, url)
    assert page.status_code == 200, url
    problems, _ = html_audit(page.text)
    assert problems == [], url
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(" in page.text


PARAMS = {
    "/api/corpus/articles": ("outlet", "technique", "actor", "since", "until", "offset"),
    "/corpus": ("outlet", "technique", "actor", "since", "until", "offset"),
    "/api/corpus/search": ("q", "offset", "limit"),
    "/corpus/search": ("q", "offset"),
    "/api/corpus/actors": ("name", "limit"),
    "/corpus/actors": ("name",),
}


@pytest.mark.parametrize("payload", INJECTIONS)
def test_corpus_injection_strings_in_every_parameter(corpus_db: Path, payload: str) -> None:
    before = _table_counts(corpus_db)
    app = _app(corpus_db)
    # A bare NUL is dropped (control characters are), which leaves no filter at all.
    literal = payload != "\u0000"
    for url, names in PARAMS.items():
        for name in names:
            response = _get(app, url, **{name: payload})
            # Bad dates and numbers are refused; text is matched literally, never run.
            assert response.status_code in (200, 422), (url, name, response.text)
            if response.status_code == 200 and url == "/api/corpus/articles" and literal \
                    and name != "offset":
                assert response.json()["total"] == 0, (name, payload)
            if response.status_code == 200 and url == "/api/corpus/actors" and literal \
                    and name == "name":
                assert response.json() == [], (name, payload)
            if url == "/api/corpus/search" and name == "q" and response.status_code == 200:
                assert all(h["article_id"].startswith("art-") for h in response.json()["hits"])
    for template in ("/api/corpus/articles/{}", "/corpus/articles/{}", "/api/corpus/actors/{}",
                     "/corpus/actors/{}", "/api/corpus/outlets/{}", "/corpus/outlets/{}"):
        from urllib.parse import quote

        response = _get(app, template.format(quote(payload, safe="")))
        assert response.status_code in (404, 422), (template, payload)
    assert _table_counts(corpus_db) == before


def test_corpus_store_is_opened_read_only(corpus_db: Path) -> None:
    app = _app(corpus_db)
    store = app.state.corpus.store
    assert store.read_only
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with pytest.raises(OperationalError), store.connect() as conn:
        conn.execute(text("DELETE FROM articles"))


def test_corpus_slow_query_is_cut_off_with_503(corpus_db: Path) -> None:
    app = _app(corpus_db, request_timeout=1)
    db = app.state.corpus

    def slow(store: Any) -> Any:
        from sqlalchemy import text

        with store.connect() as conn:  # a query that would run for minutes
            return conn.execute(text(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
                "SELECT count(*) FROM n")).scalar()

    from claimmap.server.analysis import Busy

    async def go() -> None:
        await db.run(slow)

    with pytest.raises(Busy):
        asyncio.run(go())


def test_corpus_pages_absent_without_a_store() -> None:
    app = create_app(load_settings(server_processes=False), warm=False)
    assert _get(app, "/corpus").status_code == 404
    assert _get(app, "/api/corpus/search", q="x").status_code == 404
    spec = json.loads(_get(app, "/openapi.json").text)
    assert not any(p.startswith("/api/corpus") for p in spec["paths"])


# --- in chromium ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_server(corpus_db: Path, live_app: Any) -> Any:
    """The corpus app under uvicorn on a free loopback port (no pipeline needed)."""
    with live_app(_app(corpus_db)) as url:
        yield url


@pytest.fixture()
def browse(browser: Any, page_watch: Any) -> Any:
    def open_page(url: str) -> tuple[Any, list[str], list[str]]:
        page, problems, requests = page_watch(browser)
        page.goto(url)
        return page, problems, requests
    return open_page


@pytest.mark.slow
def test_corpus_browser_facets_search_and_report(corpus_server: str, browse: Any,
                                                 artifacts: Path) -> None:
    page, problems, requests = browse(corpus_server + "/corpus")
    assert page.locator("tr[data-article-id]").count() == 12
    page.screenshot(path=str(artifacts / "corpus-articles.png"), full_page=True)
    page.locator("section[data-facet=outlet] a", has_text="Harbour Times").click()
    page.wait_for_url("**/corpus?outlet=Harbour+Times")
    outlets = page.locator("tr[data-article-id] td:nth-child(2)").all_inner_texts()
    assert outlets == ["Harbour Times"] * 4
    page.locator(".chip a").click()  # remove the filter
    assert page.locator("tr[data-article-id]").count() == 12
    page.fill("#corpus-q", "deal number 7")
    page.click("form.quick-search button")
    page.wait_for_selector("ol.hits")
    assert page.locator("ol.hits li").first.get_attribute("data-article-id") == "art-7"
    page.locator("ol.hits a.article-link").first.click()
    page.wait_for_selector(".report[data-article-id=art-7]")
    page.locator("aside a.goto[data-layer=techniques]").first.evaluate(
        "a => a.closest('details').open = true")
    page.locator("aside a.goto[data-layer=techniques]").first.click()
    assert page.locator("input.layer[data-layer=techniques]").is_checked()
    # The evil title and outlet show as text; nothing ran.
    page.goto(corpus_server + "/corpus/articles/art-0")
    assert "<script>alert(1)</script>" in page.locator("h2.headline").inner_text()
    assert EVIL_OUTLET in page.locator("p.back").inner_text()
    assert page.locator("script").count() == 1
    assert problems == []
    assert all(u.startswith(corpus_server) for u in requests)


@pytest.mark.slow
def test_corpus_browser_actor_and_outlet_charts(corpus_server: str, browse: Any,
                                                artifacts: Path) -> None:
    page, problems, requests = browse(corpus_server + "/corpus/actors")
    page.locator("table.actors-list a", has_text="Vance").click()
    page.wait_for_selector("svg.chart")
    assert EVIL_ACTOR in page.locator("h2.actor-name").inner_text()
    box = page.locator("svg.chart").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    heights = page.locator("svg.chart rect.cbar").evaluate_all(
        "els => els.map(e => e.getBBox().height)")
    assert heights and max(heights) > 50  # bars drawn to scale, not flattened by CSS
    page.screenshot(path=str(artifacts / "corpus-actor.png"), full_page=True)
    page.goto(corpus_server + "/corpus/outlets")
    page.locator("table.outlets a", has_text="Gazette").click()
    page.wait_for_selector("svg.chart")
    assert EVIL_OUTLET in page.locator("h2.outlet-name").inner_text()
    assert page.locator("svg.chart").count() == 2
    stacked = page.locator("svg.chart").nth(1).locator("rect.cbar").evaluate_all(
        "els => els.map(e => e.getBBox().height)")
    assert max(stacked) > 100  # one sourcing kind fills the week
    page.screenshot(path=str(artifacts / "corpus-outlet.png"), full_page=True)
    assert problems == []
    assert all(u.startswith(corpus_server) for u in requests)


def test_corpus_errors_are_pages_and_the_api_stays_json(corpus_db: Path) -> None:
    app = _app(corpus_db)
    missing = _get(app, "/corpus/articles/<script>alert(1)</script>")
    assert missing.status_code == 404 and 'role="alert"' in missing.text
    assert "no such article" in missing.text and "<script>alert(1)" not in missing.text
    bad_date = _get(app, "/corpus", since="yesterday")
    assert bad_date.status_code == 422 and "since" in bad_date.text and "<html" in bad_date.text
    api = _get(app, "/api/corpus/articles/nope")
    assert api.status_code == 404 and api.json()["detail"] == "no such article in this corpus"
    assert _get(app, "/api/corpus/articles", since="yesterday").json()["detail"]


def test_corpus_serve_without_a_store_is_a_one_line_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimmap.cli import app as cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no store at" in result.output and "Traceback" not in result.output


def test_corpus_home_page_links_the_corpus(corpus_db: Path) -> None:
    assert 'href="/corpus"' in _get(_app(corpus_db), "/").text
    plain = create_app(load_settings(server_processes=False), warm=False)
    assert 'href="/corpus"' not in _get(plain, "/").text
