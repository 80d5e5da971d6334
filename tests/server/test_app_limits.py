"""The server under pressure: a bounded analysis queue, time limits, offline /docs."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from claimmap.server.analysis import Analyzer
from claimmap.server.app import create_app
from claimmap.settings import load_settings


def _run(app: Any, go: Callable[[httpx.AsyncClient], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await go(client)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def _app(**settings: Any) -> Any:
    return create_app(load_settings(**{"server_processes": False, **settings}), warm=False)


@pytest.fixture()
def blocked(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Analyzer.run waits on this event (set it to let jobs finish) and returns a bare map."""
    from claimmap.types import Article, ClaimMap, Provenance

    gate = threading.Event()

    def run(self: Analyzer, job: Any) -> ClaimMap:
        gate.wait(timeout=20)
        return ClaimMap(Article(job.id, job.text or ""), Provenance("0", "0", "m", "0", "c"))

    monkeypatch.setattr(Analyzer, "run", run)
    yield gate
    gate.set()


def test_app_full_queue_answers_503_with_retry_after_at_once(blocked: threading.Event) -> None:
    app = _app(server_workers=1, server_queue=1)

    async def go(client: httpx.AsyncClient) -> tuple[list[httpx.Response], float, Any]:
        first = [asyncio.create_task(client.post("/api/analyze", json={"text": f"a {i}"}))
                 for i in range(2)]
        await asyncio.sleep(0.3)  # both admitted: one running, one waiting
        start = time.perf_counter()
        refused = await client.post("/api/analyze", json={"text": "one too many"})
        page = await client.post("/analyze", data={"text": "one too many"})
        took = time.perf_counter() - start
        health = (await client.get("/api/health")).json()
        blocked.set()
        return [refused, page, *await asyncio.gather(*first)], took, health

    (refused, page, *served), took, health = _run(app, go)
    assert refused.status_code == 503 and int(refused.headers["retry-after"]) >= 1
    assert "queue is full" in refused.json()["detail"]
    assert page.status_code == 503 and page.headers["retry-after"] and 'role="alert"' in page.text
    assert took < 1.0  # refused at once, not after waiting
    assert health["analysis_queue"] == {"in_flight": 2, "capacity": 2}
    assert [r.status_code for r in served] == [200, 200]


def test_app_slow_analysis_times_out_and_keeps_its_slot(blocked: threading.Event) -> None:
    app = _app(server_workers=1, server_queue=1, request_timeout=1)
    analyzer: Analyzer = app.state.analyzer

    async def go(client: httpx.AsyncClient) -> tuple[httpx.Response, int]:
        response = await client.post("/api/analyze", json={"text": "slow"})
        return response, analyzer.in_flight

    response, still_running = _run(app, go)
    assert response.status_code == 503 and response.headers["retry-after"]
    assert "longer than 1 s" in response.json()["detail"]
    assert still_running == 1  # the thread still works, so its slot is still taken
    blocked.set()
    deadline = time.monotonic() + 5
    while analyzer.in_flight and time.monotonic() < deadline:
        time.sleep(0.05)
    assert analyzer.in_flight == 0


def test_app_stalled_upload_is_cut_off_with_503() -> None:
    app = _app(request_timeout=1)

    async def stalled(client: httpx.AsyncClient) -> httpx.Response:
        async def body() -> Any:
            yield b"text=The+mayor+said"
            await asyncio.sleep(10)
            yield b"+more"
        return await client.post("/analyze", content=body(), headers={
            "content-type": "application/x-www-form-urlencoded"})

    start = time.perf_counter()
    response = _run(app, stalled)
    assert response.status_code == 503 and response.headers["retry-after"]
    assert time.perf_counter() - start < 6


def test_app_docs_served_without_a_cdn() -> None:
    app = _app()
    page = _run(app, lambda c: c.get("/docs"))
    assert page.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text.replace(
        "https://fastapi.tiangolo.com", "")
    script = _run(app, lambda c: c.get("/docs-assets/swagger-ui-bundle.js"))
    assert script.status_code == 200 and len(script.content) > 100_000
    assert _run(app, lambda c: c.get("/redoc")).status_code == 404
    assert 'href="/docs"' in _run(app, lambda c: c.get("/")).text


def test_app_docs_off_without_the_assets(monkeypatch: pytest.MonkeyPatch) -> None:
    import claimmap.server.docs as docs

    monkeypatch.setattr(docs, "_assets", lambda: None)
    app = _app()
    assert _run(app, lambda c: c.get("/docs")).status_code == 404
    assert _run(app, lambda c: c.get("/openapi.json")).status_code == 200
    assert 'href="/openapi.json"' in _run(app, lambda c: c.get("/")).text


@pytest.mark.slow
def test_app_worker_processes_analyse_and_recover_from_a_crash(nlp: Any) -> None:
    import os
    import signal

    app = create_app(load_settings(server_processes=True, server_workers=1), warm=False)
    analyzer: Analyzer = app.state.analyzer
    body = {"text": "Harbour chief Ida Lund said the ferry would sail on Monday."}
    try:
        first = _run(app, lambda c: c.post("/api/analyze", json=body))
        assert first.status_code == 200 and first.json()["quotes"]
        assert analyzer.loaded
        procs = analyzer._procs
        assert procs is not None
        for pid in list(procs._processes):  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        refused = _run(app, lambda c: c.post("/api/analyze", json=body))
        assert refused.status_code == 503 and refused.headers["retry-after"]
        again = _run(app, lambda c: c.post("/api/analyze", json=body))
        assert again.status_code == 200 and analyzer.in_flight == 0
    finally:
        analyzer.close()


def test_app_queue_shortens_when_analyses_are_slow(blocked: threading.Event) -> None:
    app = _app(server_workers=1, server_queue=4, request_timeout=10)
    analyzer: Analyzer = app.state.analyzer
    analyzer._mean_s = 6.0  # recent analyses took 6 s: a second round would end after 12 s

    async def go(client: httpx.AsyncClient) -> tuple[httpx.Response, list[httpx.Response]]:
        running = asyncio.create_task(client.post("/api/analyze", json={"text": "first"}))
        await asyncio.sleep(0.3)
        refused = await client.post("/api/analyze", json={"text": "second"})
        blocked.set()
        return refused, [await running]

    refused, served = _run(app, go)
    assert refused.status_code == 503 and int(refused.headers["retry-after"]) >= 6
    assert "would take about 12 s" in refused.json()["detail"]
    assert [r.status_code for r in served] == [200]


@pytest.mark.slow
def test_app_worker_processes_end_with_the_server() -> None:
    """SIGKILL the server: its analysis workers must not live on as orphans."""
    import signal
    import subprocess
    import sys

    code = ("import time; from claimmap.server.app import create_app; "
            "from claimmap.settings import load_settings; "
            "app = create_app(load_settings(server_processes=True, server_workers=2)); "
            "app.state.analyzer.warm_up().result(timeout=300); "
            "print(' '.join(map(str, app.state.analyzer._procs._processes)), flush=True); "
            "time.sleep(300)")
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        pids = [int(p) for p in server.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(p) for p in pids)
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
