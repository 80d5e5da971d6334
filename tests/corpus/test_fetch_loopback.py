"""Fetching against a local HTTP server on loopback (no other network)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from claimmap.corpus.fetch import FetchError, FetchPolicy, feed_links, fetch, fetch_inputs

PAGE = (b"<html><head><title>Harbour strike ends</title></head><body><article><h1>Harbour "
        b"strike ends</h1><p>The Dock Workers Union said on Monday that the strike at the "
        b"harbour was over after three weeks of talks with the port authority.</p><p>Minister "
        b"Anna Berg said the settlement would cost the port 40 million kroner over two years, "
        b"a figure the union disputed.</p></article></body></html>")


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        base = f"http://127.0.0.1:{port}"
        routes = {
            "/news/strike.html": (200, "text/html", PAGE),
            "/big": (200, "text/plain", b"x" * 50_000),
            "/feed.xml": (200, "application/rss+xml", (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
                f"<link>{base}/</link><item><title>Strike</title>"
                f"<link>{base}/news/strike.html</link></item></channel></rss>").encode()),
            "/sitemap.xml": (200, "application/xml", (
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9"><url><loc>{base}/news/strike.html</loc></url>'
                "</urlset>").encode()),
        }
        if self.path.startswith("/loop"):
            n = int(self.path.removeprefix("/loop") or 0)
            self.send_response(302)
            self.send_header("Location", f"/loop{n + 1}")
            self.end_headers()
            return
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/news/strike.html")
            self.end_headers()
            return
        status, kind, body = routes.get(self.path, (404, "text/plain", b"missing"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if self.path != "/big":  # no length: the cap must hold while reading
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


OPEN = FetchPolicy(timeout=5, allow_private=True)


def test_fetch_refuses_loopback_private_and_link_local_by_default(server: str) -> None:
    for url in (f"{server}/news/strike.html", "http://10.1.2.3/x", "http://169.254.169.254/",
                "http://[::1]/", "http://localhost/"):
        with pytest.raises(FetchError, match="private, loopback or link-local"):
            fetch(url, FetchPolicy(timeout=2))
    with pytest.raises(FetchError, match="only http and https"):
        fetch("file:///etc/passwd", OPEN)


def test_fetch_follows_redirects_up_to_the_limit(server: str) -> None:
    page = fetch(f"{server}/moved", OPEN)
    assert page.url.endswith("/news/strike.html") and b"Harbour" in page.body
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(f"{server}/loop0", FetchPolicy(timeout=5, max_redirects=3, allow_private=True))


def test_fetch_byte_cap_and_http_errors(server: str) -> None:
    with pytest.raises(FetchError, match="over the limit"):
        fetch(f"{server}/big", FetchPolicy(timeout=5, max_bytes=10_000, allow_private=True))
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/nothing", OPEN)


def test_fetch_feed_and_sitemap_links(server: str) -> None:
    for path in ("/feed.xml", "/sitemap.xml"):
        page = fetch(server + path, OPEN)
        links, nested = feed_links(page.url, page.body.decode())
        assert links == [f"{server}/news/strike.html"] and nested == []


def test_fetch_inputs_give_articles_and_error_records(server: str) -> None:
    inputs = list(fetch_inputs([f"{server}/news/strike.html", f"{server}/nothing"],
                               [f"{server}/feed.xml"], OPEN))
    records = [r for i in inputs for r in i.records]
    articles = [r.article for r in records if r.article is not None]
    assert [a.url for a in articles] == [f"{server}/news/strike.html"] * 2
    assert "Dock Workers Union" in articles[0].text
    assert [r.error for r in records if r.error] == [f"{server}/nothing: HTTP 404"]


def test_fetch_cli_refuses_loopback_without_allow_private(server: str, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from claimmap.cli import app

    result = CliRunner().invoke(app, ["corpus", "add", "--url", f"{server}/news/strike.html",
                                      "--db", str(tmp_path / "c.db"), "--quiet"])
    assert result.exit_code == 1
    assert "--allow-private" in result.output
