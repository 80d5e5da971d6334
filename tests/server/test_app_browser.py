"""The web app in a real browser: uvicorn on a free loopback port, chromium via Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimmap.server.app import create_app
from claimmap.settings import load_settings

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "claimmap" / "examples" / \
    "harbour-strike.txt"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live_server(nlp: Any, live_app: Any) -> Iterator[str]:
    """The app served by uvicorn in a thread; the URL it answers on."""
    with live_app(create_app(load_settings(server_processes=False), warm=True)) as url:
        yield url


@pytest.fixture()
def page_of(browser: Any, page_watch: Any) -> Any:
    def open_page() -> tuple[Any, list[str]]:
        page, problems, _ = page_watch(browser, 1400, 1000)
        return page, problems
    return open_page


def test_app_browser_paste_analyse_highlight(live_server: str, page_of: Any,
                                             artifacts: Path) -> None:
    page, problems = page_of()
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


def test_app_browser_example_and_upload(live_server: str, page_of: Any,
                                        tmp_path: Path) -> None:
    page, problems = page_of()
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


def test_app_browser_payload_article_runs_nothing(live_server: str, page_of: Any,
                                                  artifacts: Path, xss_text: str) -> None:
    page, problems = page_of()
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


def test_app_browser_rejects_binary_upload(live_server: str, page_of: Any,
                                           tmp_path: Path) -> None:
    page, _ = page_of()
    page.goto(live_server + "/")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    page.set_input_files("input[type=file]", str(binary))
    with page.expect_response(lambda r: r.url.endswith("/analyze")) as info:
        page.click("#analyse")
    assert info.value.status == 415
    assert "binary" in page.locator("[role=alert]").inner_text()
    page.close()


def test_app_browser_layers_and_jumps(live_server: str, page_of: Any, artifacts: Path) -> None:
    page, problems = page_of()
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
