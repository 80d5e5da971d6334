"""The web app in a real browser: uvicorn on a free loopback port, chromium via Playwright."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from claimmap.server.app import create_app
from claimmap.settings import load_settings

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "claimmap" / "examples" / \
    "harbour-strike.txt"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def live_server(nlp: Any) -> Iterator[str]:
    """The app served by uvicorn in a thread; the URL it answers on."""
    uvicorn = pytest.importorskip("uvicorn")
    port = _free_port()
    app = create_app(load_settings(server_processes=False), warm=True)
    config = uvicorn.Config(app, host="127.0.0.1",
                            port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        pytest.fail("uvicorn did not start within 30 s")
    yield url
    server.should_exit = True
    thread.join(timeout=10)


def _page(browser: Any) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    return page, problems


def test_app_browser_paste_analyse_highlight(live_server: str, browser: Any,
                                             artifacts: Path) -> None:
    page, problems = _page(browser)
    page.goto(live_server + "/")
    page.fill("#text", EXAMPLE.read_text(encoding="utf-8"))
    page.click("#analyse")
    page.wait_for_selector(".report .article .m.quote")
    assert page.locator(".report .badge").count() > 5
    speakers = page.locator(".legend .speaker-key").evaluate_all(
        "els => els.map(e => e.getAttribute('data-speaker'))")
    assert {"Marta Ellison", "Tomas Berg"} <= set(speakers)
    page.locator(".article .m.quote").first.hover()
    assert page.locator(".tip").is_visible()
    page.screenshot(path=str(artifacts / "app-paste.png"), full_page=True)
    assert problems == []
    page.close()


def test_app_browser_example_and_upload(live_server: str, browser: Any,
                                        tmp_path: Path) -> None:
    page, problems = _page(browser)
    page.goto(live_server + "/")
    page.select_option("select[name=example]", "harbour-strike")
    page.click("#analyse")
    page.wait_for_selector(".report[data-article-id=harbour-strike]")
    upload = tmp_path / "ferry-news.txt"
    upload.write_text("Ferry Sails Again\n\nThe harbour chief Ida Lund said the ferry "
                      "would sail on Monday.\n", encoding="utf-8")
    page.goto(live_server + "/")
    page.set_input_files("input[type=file]", str(upload))
    page.click("#analyse")
    page.wait_for_selector(".report[data-article-id=ferry-news]")
    assert "Ferry Sails Again" in page.locator("h2.headline").inner_text()
    assert problems == []
    page.close()


def test_app_browser_payload_article_runs_nothing(live_server: str, browser: Any,
                                                  artifacts: Path, xss_text: str) -> None:
    page, problems = _page(browser)
    page.goto(live_server + "/")
    page.fill("#text", xss_text)
    page.click("#analyse")
    page.wait_for_selector(".report")
    # The textarea holds the pasted text whole: `</textarea>` did not break out of it.
    assert page.input_value("#text").replace("\r\n", "\n") == xss_text
    for segment in page.locator(".m").all()[:60]:
        segment.hover()
    page.screenshot(path=str(artifacts / "app-payloads.png"), full_page=True)
    assert page.locator("script").count() == 1
    assert page.locator("iframe, img").count() == 0
    assert problems == []
    page.close()


def test_app_browser_rejects_binary_upload(live_server: str, browser: Any,
                                           tmp_path: Path) -> None:
    page, _ = _page(browser)
    page.goto(live_server + "/")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    page.set_input_files("input[type=file]", str(binary))
    with page.expect_response(lambda r: r.url.endswith("/analyze")) as info:
        page.click("#analyse")
    assert info.value.status == 415
    assert "binary" in page.locator("[role=alert]").inner_text()
    page.close()


def test_app_browser_layers_and_jumps(live_server: str, browser: Any, artifacts: Path) -> None:
    page, problems = _page(browser)
    page.goto(live_server + "/")
    page.select_option("select[name=example]", "harbour-strike")
    page.click("#analyse")
    page.wait_for_selector(".report[data-article-id=harbour-strike]")
    assert page.locator("input.layer:checked").evaluate_all(
        "els => els.map(e => e.dataset.layer)") == ["quotes"]
    claim = page.locator(".article .m.claim.cw-high").first
    assert claim.evaluate("e => getComputedStyle(e).boxShadow") == "none"
    link = page.locator("aside a.goto[data-layer=claims]").first
    key = link.get_attribute("href")[1:]
    link.click()
    assert page.locator("input.layer[data-layer=claims]").is_checked()
    assert key in page.evaluate("() => document.activeElement.dataset.starts || ''").split()
    assert claim.evaluate("e => getComputedStyle(e).boxShadow") != "none"
    page.screenshot(path=str(artifacts / "app-layers.png"))
    assert problems == []
    page.close()


def test_app_browser_docs_render_offline(live_server: str, browser: Any) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert "/api/analyze" in page.locator(".swagger-ui").inner_text()
    assert requests and all(url.startswith(live_server) for url in requests)
    page.close()
