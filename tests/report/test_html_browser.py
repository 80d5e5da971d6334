"""The report in a real browser (Debian chromium via Playwright), opened from file://."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimmap.api import analyze
from claimmap.ingest.text import from_text
from claimmap.report.html import render_html, speaker_styles
from claimmap.types import ClaimMap

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "claimmap" / "examples" / \
    "harbour-strike.txt"

pytestmark = pytest.mark.slow

# Highlights on screen, counted once each however many segments they were cut into.
COUNT_BY_KIND = """() => {
  const counts = {};
  const keys = new Set([...document.querySelectorAll('.m[data-refs]')]
    .flatMap(e => e.dataset.refs.split(' ')));
  keys.forEach(k => {
    const kind = document.getElementById(k.replace(/^(a\\d+-)/, '$1d-')).dataset.kind;
    counts[kind] = (counts[kind] || 0) + 1;
  });
  return counts;
}"""


@pytest.fixture()
def open_report(browser: Any, page_watch: Any) -> Any:
    """``open_report(path, width)``: a page on ``path``, with every request URL and every
    console error, page error or dialog recorded."""
    def open_page(path: Path, width: int = 1400) -> tuple[Any, list[str], list[str]]:
        page, problems, requests = page_watch(browser, width, 1000)
        page.goto(path.as_uri())
        return page, requests, problems
    return open_page


def _report(nlp: Any, text: str, name: str, tmp_path: Path) -> tuple[ClaimMap, Path]:
    cm = analyze(from_text(text, id=name), nlp=nlp)
    path = tmp_path / f"{name}.html"
    path.write_text(render_html(cm), encoding="utf-8")
    return cm, path


def test_html_browser_example_shows_speakers_and_highlights(
        nlp: Any, open_report: Any, artifacts: Path, tmp_path: Path) -> None:
    cm, path = _report(nlp, EXAMPLE.read_text(encoding="utf-8"), "harbour-strike", tmp_path)
    page, requests, errors = open_report(path)
    legend = page.locator(".legend .speaker-key").evaluate_all(
        "els => els.map(e => e.getAttribute('data-speaker'))")
    assert legend == [s.name for s in speaker_styles(cm).values()]
    assert {"Marta Ellison", "Tomas Berg"} <= set(legend)
    # One initials badge per quote, in the headline or the body.
    assert page.locator(".report h2 .badge, .report .article .badge").count() == len(cm.quotes)
    shown = page.evaluate(COUNT_BY_KIND)
    assert shown.get("quote", 0) == len(cm.quotes)
    assert shown.get("cue", 0) == sum(1 for q in cm.quotes if q.cue is not None)
    assert shown.get("speaker", 0) == sum(1 for q in cm.quotes if q.speaker.mention)
    assert shown.get("claim", 0) == len(cm.claims)
    assert shown.get("technique", 0) == len(cm.techniques)
    page.screenshot(path=str(artifacts / "report-harbour-strike.png"), full_page=True)
    # Nothing but the file itself was loaded, and the script ran without errors.
    assert all(url.startswith("file:") for url in requests)
    assert errors == []
    page.close()


def test_html_browser_details_show_on_focus_and_hover(
        nlp: Any, open_report: Any, artifacts: Path, tmp_path: Path) -> None:
    _, path = _report(nlp, EXAMPLE.read_text(encoding="utf-8"), "harbour-strike", tmp_path)
    page, _, errors = open_report(path)
    tip = page.locator(".tip")
    for _ in range(40):  # Tab past the skip link to the first highlight
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('m')"):
            break
    assert page.evaluate("() => document.activeElement.classList.contains('m')")
    assert tip.is_visible()
    assert "Speaker" in tip.inner_text() or "Cue" in tip.inner_text()
    page.keyboard.press("Tab")
    assert tip.is_visible()
    page.screenshot(path=str(artifacts / "report-focus.png"))
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    page.locator(".article .m.quote").first.hover()
    assert tip.is_visible() and "Quote" in tip.inner_text()
    assert page.locator(".m.on").count() >= 1
    assert errors == []
    page.close()


def test_html_browser_prints(nlp: Any, open_report: Any, artifacts: Path, tmp_path: Path) -> None:
    _, path = _report(nlp, EXAMPLE.read_text(encoding="utf-8"), "harbour-strike", tmp_path)
    page, _, _ = open_report(path)
    page.emulate_media(media="print")
    assert page.locator(".layout").evaluate("e => getComputedStyle(e).display") == "block"
    pdf = page.pdf(path=str(artifacts / "report-print.pdf"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.close()


def test_html_browser_russia_speakers_in_distinct_colours(
        nlp: Any, open_report: Any, artifacts: Path, tmp_path: Path, russia_text: str) -> None:
    cm, path = _report(nlp, russia_text, "russia-isis-accusation", tmp_path)
    page, requests, errors = open_report(path)
    styles = {s.name: s for s in speaker_styles(cm).values()}
    konashenkov = next(s for n, s in styles.items() if "Konashenkov" in n)
    dillon = next(s for n, s in styles.items() if "Dillon" in n)

    def fills(style: Any) -> set[str]:
        return set(page.locator(f".article .m.quote.sp{style.colour}").evaluate_all(
            "els => els.map(e => getComputedStyle(e).backgroundColor)"))

    assert len(fills(konashenkov)) == 1 and fills(konashenkov) != fills(dillon)
    for style in (konashenkov, dillon):
        assert style.actor is not None
        badges = page.locator(".report h2 .badge, .report .article .badge").evaluate_all(
            "els => els.map(e => e.textContent)")
        quotes = sum(1 for q in cm.quotes if q.speaker.actor_id == style.actor.id)
        assert quotes >= 2 and badges.count(style.initials) == quotes  # one badge per quote
    vague_rows = page.locator("tr.actor.vague").count()
    unresolved = sum(1 for s in speaker_styles(cm).values() if s.actor is None)
    assert vague_rows == unresolved + sum(1 for a in cm.actors
                                          if a.kind in ("vague", "anonymous"))
    assert vague_rows >= 1
    page.screenshot(path=str(artifacts / "report-russia.png"), full_page=True)
    assert all(url.startswith("file:") for url in requests) and errors == []
    page.close()


def test_html_browser_payload_article_runs_nothing(
        nlp: Any, open_report: Any, artifacts: Path, tmp_path: Path, xss_text: str) -> None:
    cm, path = _report(nlp, xss_text, "payloads", tmp_path)
    page, requests, errors = open_report(path)
    marker = page.evaluate("() => typeof window.alert")
    assert marker == "function"
    for segment in page.locator(".m").all()[:60]:
        segment.hover()
    for _ in range(30):
        page.keyboard.press("Tab")
    page.screenshot(path=str(artifacts / "report-payloads.png"), full_page=True)
    assert errors == []  # no dialog, no blocked inline script, no script error
    assert page.locator("script").count() == 1
    assert page.locator("iframe, img, svg[onload]").count() == 0
    assert all(url.startswith("file:") for url in requests)
    assert len(cm.quotes) >= 1
    page.close()


def _layer_styles(page: Any) -> dict[str, str]:
    """How the first mark of each kind looks now (the property its layer switches)."""
    return page.evaluate("""() => {
      const look = (sel, prop) => {
        const el = document.querySelector(sel);
        return el ? getComputedStyle(el)[prop] : 'absent';
      };
      return {
        quote: look('.article .m.quote:not(.claim):not(.technique)', 'backgroundColor'),
        claim: look('.article .m.claim.cw-high', 'boxShadow'),
        technique: look('.article .m.technique', 'textDecorationLine'),
        badge: look('.article .badge', 'display'),
      };
    }""")


def test_html_browser_layers_one_on_by_default(
        nlp: Any, open_report: Any, artifacts: Path, tmp_path: Path) -> None:
    cm, path = _report(nlp, EXAMPLE.read_text(encoding="utf-8"), "harbour-strike", tmp_path)
    assert cm.quotes and cm.claims and cm.techniques
    page, requests, errors = open_report(path)
    switches = page.locator("input.layer").evaluate_all(
        "els => els.map(e => [e.dataset.layer, e.checked])")
    assert switches == [["quotes", True], ["claims", False], ["techniques", False],
                        ["disputes", False]]
    # The legend says what each layer's marks mean.
    for layer, words in (("quotes", "who is quoted"), ("claims", "check-worthy"),
                         ("techniques", "persuasion technique"), ("disputes", "accuses")):
        assert words in page.locator(f".layer-row[data-layer={layer}]").inner_text()
    off = _layer_styles(page)
    assert off["quote"] != "rgba(0, 0, 0, 0)" and off["badge"] != "none"
    assert off["claim"] == "none" and off["technique"] == "none"
    # With only quotes on, Tab reaches quote marks only.
    for _ in range(12):
        page.keyboard.press("Tab")
        layers = page.evaluate("() => document.activeElement.dataset.startLayers || ''")
        assert layers == "" or "quotes" in layers.split()
    page.check("input.layer[data-layer=claims]")
    page.check("input.layer[data-layer=techniques]")
    page.uncheck("input.layer[data-layer=quotes]")
    on = _layer_styles(page)
    assert on["claim"] != "none" and on["technique"] == "underline"
    assert on["quote"] == "rgba(0, 0, 0, 0)" and on["badge"] == "none"
    page.screenshot(path=str(artifacts / "report-layers-claims-techniques.png"), full_page=True)
    assert all(url.startswith("file:") for url in requests) and errors == []
    page.close()


@pytest.mark.parametrize("layer", ["claims", "techniques", "disputes", "quotes"])
def test_html_browser_panel_entry_jumps_to_its_mark(
        nlp: Any, open_report: Any, tmp_path: Path, layer: str) -> None:
    _, path = _report(nlp, EXAMPLE.read_text(encoding="utf-8"), "harbour-strike", tmp_path)
    page, _, errors = open_report(path, width=1000)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    link = page.locator(f"aside a.goto[data-layer={layer}]").last
    key = link.get_attribute("href")[1:]
    link.click()
    assert page.locator(f"input.layer[data-layer={layer}]").is_checked()
    active = page.evaluate("() => [document.activeElement.dataset.starts || '', "
                           "document.activeElement.getBoundingClientRect().top, innerHeight]")
    assert key in active[0].split()
    assert 0 <= active[1] <= active[2]  # scrolled into view
    assert page.locator(".tip").is_visible()
    assert page.url.endswith("#" + key)
    assert errors == []
    page.close()
