"""The web app in-process (httpx ASGITransport, no port): API, limits, form and escaping."""

from __future__ import annotations

import asyncio
import concurrent.futures
import subprocess
import sys
from collections.abc import Awaitable, Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from claimmap.server.app import create_app
from claimmap.settings import load_settings
from claimmap.types import ClaimMap

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "claimmap" / "examples" / \
    "harbour-strike.txt"


def _run(app: Any, go: Callable[[httpx.AsyncClient], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await go(client)

    # On a fresh thread: asyncio.run refuses to start inside a running loop (Playwright's).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def _app(**settings: Any) -> Any:
    return create_app(load_settings(**{"server_processes": False, **settings}), warm=False)


def test_app_health_answers_before_the_pipeline_loads() -> None:
    response = _run(_app(), lambda c: c.get("/api/health"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["pipeline_loaded"] is False


def test_app_import_does_not_load_spacy() -> None:
    code = ("import sys, claimmap.server.app, claimmap.server.views, claimmap.report.html; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "False"


def test_app_page_offers_paste_upload_and_examples() -> None:
    response = _run(_app(), lambda c: c.get("/"))
    assert response.status_code == 200
    html = response.text
    assert '<textarea id="text" name="text"' in html and 'type="file"' in html
    assert '<option value="harbour-strike"' in html
    assert "script-src 'sha256-" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_app_openapi_lists_the_api() -> None:
    spec = _run(_app(), lambda c: c.get("/openapi.json")).json()
    assert {"/api/analyze", "/api/health"} <= set(spec["paths"])
    assert _run(_app(), lambda c: c.get("/docs")).status_code == 200


def test_app_rejects_oversize_bodies_with_413() -> None:
    app = _app(max_request_bytes=1000)
    big = {"text": "The mayor said so. " * 100}
    response = _run(app, lambda c: c.post("/api/analyze", json=big))
    assert response.status_code == 413
    assert "1000 byte limit" in response.json()["detail"]

    async def chunked(client: httpx.AsyncClient) -> httpx.Response:
        async def body() -> Any:
            for _ in range(20):
                yield b"x" * 100
        return await client.post("/analyze", content=body(),
                                  headers={"content-type": "application/x-www-form-urlencoded"})

    assert _run(app, chunked).status_code == 413
    upload = {"file": ("big.txt", b"word " * 400, "text/plain")}
    assert _run(app, lambda c: c.post("/analyze", files=upload)).status_code == 413


@pytest.mark.parametrize(("name", "data", "media"), [
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    ("notes.pdf", b"%PDF-1.7 text", "application/pdf"),
    ("sneaky.txt", b"\x00\x01\x02\x03binary", "text/plain"),
    ("article.txt", b"plain words", "application/zip"),
])
def test_app_rejects_non_text_uploads_with_415(name: str, data: bytes, media: str) -> None:
    files = {"file": (name, data, media)}
    response = _run(_app(), lambda c: c.post("/analyze", files=files))
    assert response.status_code == 415
    assert 'role="alert"' in response.text


def test_app_api_needs_exactly_one_of_text_or_html() -> None:
    for body in ({}, {"text": "a", "html": "<p>a</p>"}, {"title": "only"}):
        response = _run(_app(), lambda c, b=body: c.post("/api/analyze", json=b))
        assert response.status_code == 422


def test_app_form_refuses_unknown_examples() -> None:
    response = _run(_app(), lambda c: c.post("/analyze", data={"example": "../../etc/passwd"}))
    assert response.status_code == 422
    assert "no bundled example" in response.text


@pytest.mark.slow
def test_app_api_analyze_returns_the_claimmap(nlp: Any) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    response = _run(_app(), lambda c: c.post("/api/analyze",
                                             json={"text": text, "id": "harbour"}))
    assert response.status_code == 200
    cm = ClaimMap.from_dict(response.json())
    assert cm.article.text == text and cm.article.id == "harbour"
    assert cm.quotes
    for quote in cm.quotes:
        assert text[quote.content.start:quote.content.end] == quote.content.text


@pytest.mark.slow
def test_app_api_analyze_reads_html_and_keeps_the_title(nlp: Any) -> None:
    page = ("<html><head><title>Ferry news</title></head><body><article><p>The harbour "
            "chief Ida Lund said the ferry would sail on Monday after repairs.</p><p>Per "
            "Holm, the operator's director, said the repairs were finished.</p></article>"
            "</body></html>")
    body = {"html": page, "title": "Ferry Sails Monday"}
    response = _run(_app(), lambda c: c.post("/api/analyze", json=body))
    assert response.status_code == 200
    assert response.json()["article"]["title"] == "Ferry Sails Monday"
    assert "Ida Lund" in response.json()["article"]["text"]


@pytest.mark.slow
def test_app_serves_concurrent_requests(nlp: Any) -> None:
    # Room for all six (2 running, 4 waiting); a full queue is test_app_limits' subject.
    app = _app(server_workers=2, server_queue=4)
    text = EXAMPLE.read_text(encoding="utf-8")

    async def many(client: httpx.AsyncClient) -> list[int]:
        calls = [client.post("/api/analyze", json={"text": text}) for _ in range(6)]
        calls.append(client.get("/api/health"))
        return [r.status_code for r in await asyncio.gather(*calls)]

    assert _run(app, many) == [200] * 7


class _Textarea(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.value = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "textarea"

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.value += data


@pytest.mark.slow
def test_app_form_payload_article_is_inert(nlp: Any, xss_text: str, html_audit: Any) -> None:
    response = _run(_app(), lambda c: c.post("/analyze", data={"text": xss_text}))
    assert response.status_code == 200
    problems, _tags = html_audit(response.text)
    assert problems == []
    # The pasted text comes back whole inside the textarea: `</textarea>` did not escape it.
    parser = _Textarea()
    parser.feed(response.text)
    assert parser.value.replace("\r\n", "\n") == xss_text
    assert 'class="report"' in response.text


@pytest.mark.slow
def test_app_form_renders_examples_and_uploads(nlp: Any) -> None:
    by_example = _run(_app(), lambda c: c.post("/analyze", data={"example": "harbour-strike"}))
    assert by_example.status_code == 200
    assert by_example.text.count('class="badge sp') > 3
    upload = {"file": ("ferry.txt", EXAMPLE.read_bytes(), "text/plain")}
    by_upload = _run(_app(), lambda c: c.post("/analyze", files=upload))
    assert by_upload.status_code == 200
    assert 'data-article-id="ferry"' in by_upload.text
    html_page = b"<html><body><p>The mayor said the bridge would open in May.</p></body></html>"
    upload = {"file": ("bridge.html", html_page, "text/html")}
    assert _run(_app(), lambda c: c.post("/analyze", files=upload)).status_code == 200


def test_app_analysis_failure_is_a_clean_500(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimmap.server.analysis import Analyzer

    def broken(self: Analyzer, job: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(Analyzer, "run", broken)
    api = _run(_app(), lambda c: c.post("/api/analyze", json={"text": "The mayor said so."}))
    assert api.status_code == 500 and "secret" not in api.text
    page = _run(_app(), lambda c: c.post("/analyze", data={"text": "The mayor said so."}))
    assert page.status_code == 500 and 'role="alert"' in page.text and "secret" not in page.text


def test_app_too_long_text_is_413_and_empty_text_422() -> None:
    app = _app(max_chars=50)
    long = _run(app, lambda c: c.post("/api/analyze", json={"text": "word " * 30}))
    assert long.status_code == 413
    empty = _run(app, lambda c: c.post("/api/analyze", json={"text": "   "}))
    assert empty.status_code == 422


@pytest.mark.slow
def test_app_form_download_is_the_standalone_report(nlp: Any) -> None:
    data = {"example": "harbour-strike", "download": "1"}
    response = _run(_app(), lambda c: c.post("/analyze", data=data))
    assert response.status_code == 200
    assert response.headers["content-disposition"] == \
        'attachment; filename="harbour-strike.claimmap.html"'
    assert "<form" not in response.text and 'data-article-id="harbour-strike"' in response.text
