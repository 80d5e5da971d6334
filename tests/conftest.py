"""The one conftest: shared fixtures and helpers for every test module."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import claimmap.nlp.extensions  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "src" / "claimmap" / "examples" / "harbour-strike.txt"
RUSSIA = SHARED / "examples" / "russia-isis-accusation.txt"
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite golden ClaimMaps from the current output.")


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full claimmap pipeline, loaded once for the session."""
    from claimmap.api import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def nlp_blank() -> Language:
    return spacy.blank("en")


def make_doc(words: list[str], *, spaces: list[bool] | None = None,
             heads: list[int] | None = None, deps: list[str] | None = None,
             pos: list[str] | None = None, tags: list[str] | None = None,
             ents: list[str] | None = None, sent_starts: list[bool] | None = None) -> Doc:
    """A hand-built Doc: heads are absolute token indices, ents IOB strings ("B-PERSON")."""
    vocab = spacy.blank("en").vocab
    return Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
               ents=ents, sent_starts=sent_starts)


@pytest.fixture()
def doc_builder():  # type: ignore[no-untyped-def]
    """``make_doc`` as a fixture, so test modules need not import the conftest."""
    return make_doc


@pytest.fixture()
def russia_text() -> str:
    if not RUSSIA.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    return RUSSIA.read_text(encoding="utf-8")


ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's chromium driven by Playwright; skips when either is missing.

    Module-scoped: Playwright's sync API keeps an event loop running while it is open,
    which would break ``asyncio.run`` in whatever tests come after it.
    """
    import shutil

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """``app`` under uvicorn in a thread on a free loopback port; yields its URL once
    ``/api/health`` answers, and stops the server on leaving."""
    import httpx

    uvicorn = pytest.importorskip("uvicorn")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
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
        server.should_exit = True
        pytest.fail("uvicorn did not start within 30 s")
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def watch_page(browser: Any, width: int = 1300, height: int = 900
               ) -> tuple[Any, list[str], list[str]]:
    """A new chromium page and two lists it fills: problems (console errors, page errors,
    dialogs, which an XSS payload would open) and every URL it requested."""
    page = browser.new_page(viewport={"width": width, "height": height})
    problems: list[str] = []
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    return page, problems, requests


@pytest.fixture(scope="session")
def live_app():  # type: ignore[no-untyped-def]
    """``serve_app`` as a fixture: ``with live_app(app) as url: ...``."""
    return serve_app


def process_descendants(pid: int, *, living: bool = False) -> set[int]:
    """Every process below ``pid`` now, read from /proc (``living``: zombies left out)."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if not (living and stat[0] == "Z"):
            kids.setdefault(int(stat[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in kids.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.fixture(scope="session")
def descendants():  # type: ignore[no-untyped-def]
    """``process_descendants`` as a fixture: ``descendants(pid, living=True)``."""
    return process_descendants


@pytest.fixture(scope="session")
def page_watch():  # type: ignore[no-untyped-def]
    """``watch_page`` as a fixture: ``page, problems, requests = page_watch(browser)``."""
    return watch_page


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """tests/artifacts/ (gitignored): screenshots from browser tests, to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


XSS_PAYLOADS = (
    '<script>alert("x1")</script>',
    '"onmouseover="alert(\'x2\')" x="',
    "' onfocus='alert(3)' autofocus '",
    "</textarea><script>alert(4)</script>",
    "javascript:alert(5)",
    '<img src=x onerror="alert(6)">',
    "</p></div></main><iframe src=javascript:alert(7)></iframe>",
    "{{ 7 * 7 }} {% raw %} ${alert(8)}",
    "<!-- --><svg onload=alert(9)>",
)

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "path", "circle", "line"}


@pytest.fixture(scope="session")
def html_audit():  # type: ignore[no-untyped-def]
    """``audit(html) -> (problems, tags)``: markup that would run or break, for XSS tests.

    Problems: any on* attribute, javascript: URLs, scripts other than the page's own one,
    frames or embeds, and end tags that do not close the element that is open.
    """
    from html.parser import HTMLParser

    class Audit(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.problems: list[str] = []
            self.tags: list[tuple[str, dict[str, str | None]]] = []
            self.stack: list[str] = []
            self.scripts = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append((tag, dict(attrs)))
            for name, value in attrs:
                if name.lower().startswith("on"):
                    self.problems.append(f"<{tag} {name}=...>")
                if name in ("href", "src", "action", "formaction", "xlink:href") and value \
                        and value.strip().lower().startswith("javascript:"):
                    self.problems.append(f"<{tag} {name}={value!r}>")
            if tag in ("iframe", "object", "embed", "img", "base", "frame"):
                self.problems.append(f"<{tag}>")
            if tag == "script":
                self.scripts += 1
            if tag not in _VOID:
                self.stack.append(tag)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.handle_starttag(tag, attrs)
            if tag not in _VOID and self.stack and self.stack[-1] == tag:
                self.stack.pop()

        def handle_endtag(self, tag: str) -> None:
            if tag in _VOID:
                return
            if not self.stack or self.stack[-1] != tag:
                self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
                return
            self.stack.pop()

    def audit(html: str) -> tuple[list[str], list[tuple[str, dict[str, str | None]]]]:
        parser = Audit()
        parser.feed(html)
        parser.close()
        problems = list(parser.problems)
        if parser.scripts != 1:
            problems.append(f"{parser.scripts} script elements (expected our one)")
        if parser.stack:
            problems.append(f"unclosed elements: {parser.stack}")
        return problems, parser.tags

    return audit


@pytest.fixture(scope="session")
def xss_text() -> str:
    """A fictional news article whose quotes, names and headline carry XSS payloads."""
    lines = ['Mayor <script>alert("h")</script> Says "Bridge" Will Open', ""]
    for i, payload in enumerate(XSS_PAYLOADS):
        lines.append(f'Councillor Anna Brecht{i} said "{payload} is the plan" on Monday.')
        lines.append("")
    lines.append(f"The mayor told reporters that {XSS_PAYLOADS[1]} would not happen.")
    return "\n".join(lines) + "\n"


# --- Corpus store: the same tests on SQLite and, when a server is given, PostgreSQL ---------
# CLAIMMAP_TEST_POSTGRES is an admin URL (.ci/postgres starts a throwaway cluster and sets it);
# each test gets a database of its own, dropped afterwards.
POSTGRES_ADMIN_URL = os.environ.get("CLAIMMAP_TEST_POSTGRES", "")
_postgres_skips: list[str] = []


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh store's ``--db`` value on each backend (a SQLite path or a postgresql URL)."""
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    if not POSTGRES_ADMIN_URL:
        _postgres_skips.append(request.node.nodeid)
        pytest.skip("PostgreSQL store tests skipped: set CLAIMMAP_TEST_POSTGRES "
                    "(.ci/run starts a throwaway cluster)")
    import uuid

    import psycopg

    name = f"claimmap_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _postgres_skips:
        terminalreporter.write_line(
            f"NOTE: {len(_postgres_skips)} PostgreSQL store test(s) SKIPPED: no server "
            "(set CLAIMMAP_TEST_POSTGRES=postgresql://user@host:port/db; .ci/run does)",
            yellow=True, bold=True)


def make_claimmap(article_id: str = "a1", *, text: str | None = None,
                  outlet: str | None = "Harbour Herald", published: str | None = "2026-11-30",
                  title: str | None = "Strike talks stall", extra: str = "") -> Any:
    """A hand-built ClaimMap: a minister's quote and claim, a union's denial, an accusation,
    a technique and a dispute, with offsets that index ``text``."""
    from claimmap.types import (
        Accusation,
        Actor,
        Article,
        Certainty,
        Checkworthiness,
        Claim,
        ClaimMap,
        Dispute,
        Provenance,
        Quote,
        Sourcing,
        Speaker,
        Technique,
        TextSpan,
    )

    text = text or ("Minister Anna Berg said the harbour strike cost 40 million kroner. "
                    "The Dock Workers Union denied it and accused Berg of scaremongering.")
    text += extra

    def span(fragment: str) -> TextSpan:
        start = text.index(fragment)
        return TextSpan.of(text, start, start + len(fragment))

    import re

    found = re.search(r"the harbour strike cost [\d.]+ million kroner", text)
    figure = found.group() if found else text[: text.index(".")]
    berg = Actor("actor_1", "Anna Berg", "person", role="Minister",
                 mentions=(span("Anna Berg"), span("Berg of")))
    union = Actor("actor_2", "Dock Workers Union", "organisation",
                  mentions=(span("Dock Workers Union"),))
    quote = Quote("q1", "indirect", span(figure),
                  span("said"), "say", Speaker("actor_1", span("Anna Berg")))
    denial = Quote("q2", "indirect", span("it"), span("denied"), "deny",
                   Speaker("actor_2", span("Dock Workers Union")))
    claim = Claim("c1", span(figure),
                  Checkworthiness("CFS", 0.91), "statistic", Certainty("asserted"),
                  Sourcing("named", "actor_1", "q1"))
    technique = Technique("t1", span("scaremongering"), "Name_Calling,Labeling", 0.8,
                          actor_id="actor_2", quote_id="q2")
    dispute = Dispute("d1", "denial", "q2", "q1", ("actor_2", "actor_1"), span("denied"), 0.9)
    accusation = Accusation("actor_2", "actor_1", span("scaremongering"), quote_id="q2")
    article = Article(id=article_id, text=text, title=title, outlet=outlet,
                      published=published, url=f"https://news.example/{article_id}")
    return ClaimMap(article=article, provenance=Provenance("0.1", "3.8.0", "en_core_web_sm",
                                                           "3.8.0", "abc123"),
                    actors=(berg, union), quotes=(quote, denial), claims=(claim,),
                    techniques=(technique,), disputes=(dispute,), accusations=(accusation,))


@pytest.fixture()
def claimmap_builder():  # type: ignore[no-untyped-def]
    """``make_claimmap`` as a fixture."""
    return make_claimmap
