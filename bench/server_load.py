"""The web app under load on loopback: analyses and corpus searches from many clients at once.

    python bench/server_load.py [--clients 50] [--duration 60] [--articles 2000] [--json]

1. Builds a corpus store in a temporary folder: the example article is analysed once, then
   ``--articles`` copies are stored under their own ids, outlets and dates, each with a few
   words of its own appended so searches rank and differ.
2. Starts ``claimmap serve --db STORE`` (a subprocess, 127.0.0.1, a free port), waits until
   the pipeline has loaded, and warms it.
3. ``--clients`` threads send requests back to back for ``--duration`` seconds: 30% are
   ``POST /api/analyze`` with a ~1,000-word article (a fresh one each time), 70% are
   ``GET /api/corpus/search?q=``, a fifth of them hostile (SQL and FTS injection, script tags,
   NULs, 400-character runs). A client that gets 503 waits its Retry-After (at most 5 s), as a
   polite client does; ``--no-backoff`` retries at once instead.
4. The RSS of the server and its analysis worker processes (``/proc/<pid>/status``) is
   sampled every 0.5 s; afterwards health, one analysis and one search must still answer 200.

The bars of issue 16 are checked and printed with the figures: no connection errors, no 5xx
except 503 with Retry-After, search p99 < 1.5 s, successful analyses p99 < 15 s, >= 60
analyses served, memory growth < 150 MB, healthy afterwards. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "src" / "claimmap" / "examples" / "harbour-strike.txt"
OUTLETS = ("Harbour Times", "Coast Daily", "The Northern Post", "Veldmark Radio", "Dock Review",
           "Evening Ledger", "Port Weekly", "Channel Nine", "The Observer Sheet", "Tide News",
           "Morning Wire", "Quay Gazette", "Union Voice", "Market Journal", "City Desk")
EXTRA = ("ferry", "tariff", "customs", "pension", "crane", "container", "budget", "strike",
         "ballot", "inspector", "contract", "harbour", "council", "ministry", "freight")
HOSTILE = ("' OR '1'='1", "1; DROP TABLE articles; --", "x') UNION SELECT sql FROM "
           "sqlite_master --", 'NEAR(strike union, 2)', "* OR title:*", '"unbalanced',
           "<script>alert(1)</script>", "%00 strike", "\u0000", "strike AND NOT harbour",
           "a" * 400, "strike " * 60, "'; ATTACH DATABASE '/tmp/x' AS x; --", "ünïcödé 港口",
           "-", "((((((", "harbour* OR -strike")
NORMAL = ("strike", "harbour strike", "port authority", "rival shipping", "union fund",
          "bank records", "Marta Ellison", "Tomas Berg", "walkout", "cranes", "ferry tariff",
          "commercial attack", "greedy bosses")
BARS = {"search_p99_s": 1.5, "analysis_p99_s": 15.0, "analyses_min": 60, "rss_growth_mb": 150}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def article_of(words: int, salt: str = "") -> str:
    """The example article's body repeated to ``words`` words, ending on a full sentence."""
    text = EXAMPLE.read_text(encoding="utf-8")
    title, _, body = text.partition("\n\n")
    long = "\n\n".join([title, *[body.strip()] * (words // len(body.split()) + 2)])
    cut = [m.end() for m in re.finditer(r"\S+", long)][words - 1]
    end = min((i for i in (long.find(".", cut), long.find("\n", cut)) if i >= 0),
              default=len(long))
    return long[:end + 1] + (f"\n\nReported as item {salt}." if salt else "")


def build_store(path: Path, n: int, seed: int = 7) -> None:
    """``n`` stored articles made from one analysis of the example article."""
    from claimmap.api import analyze, get_pipeline
    from claimmap.ingest.text import from_text
    from claimmap.store import open_store
    from claimmap.store.write import put_article

    rng = random.Random(seed)
    base = analyze(from_text(EXAMPLE.read_text(encoding="utf-8"), id="base"),
                   nlp=get_pipeline())
    with open_store(path) as store, store.begin() as conn:
        for i in range(n):
            words = " ".join(rng.sample(EXTRA, 3))
            article = dataclasses.replace(
                base.article, id=f"bench-{i:06d}", outlet=OUTLETS[i % len(OUTLETS)],
                published=f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}",
                text=base.article.text + f"\nFiled under {words} {i}.\n")
            put_article(conn, dataclasses.replace(base, article=article), source="bench")


def _own_rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids += [int(k) for k in (task / "children").read_text().split()]
    except OSError:
        pass
    return kids


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of the server and every process under it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        own = 0.0
    return own + sum(cpu_seconds(kid) for kid in _children(pid))


def rss_kib(pid: int) -> int:
    """RSS of the server and every process under it (its analysis workers)."""
    return _own_rss_kib(pid) + sum(rss_kib(kid) for kid in _children(pid))


def start_server(port: int, db: Path, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "claimmap", "serve", "--db", str(db),
                             "--port", str(port), "--workers", str(workers)])


def wait_ready(client: httpx.Client, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if client.get("/api/health").json().get("pipeline_loaded"):
                return
        except (httpx.TransportError, ValueError):
            pass
        time.sleep(0.3)
    raise SystemExit("server did not become ready")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


@dataclasses.dataclass
class Record:
    kind: str
    status: int  # 0 for a transport error
    seconds: float
    retry_after: bool
    error: str = ""


def client_loop(base: str, stop_at: float, seed: int, backoff: bool,
                out: list[Record], lock: threading.Lock) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as client:
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            analyse = rng.random() < 0.3
            start = time.perf_counter()
            try:
                if analyse:
                    kind = "analyze"
                    text = article_of(1000, salt=f"{seed}-{n}")
                    response = client.post("/api/analyze", json={"text": text})
                else:
                    q = rng.choice(HOSTILE) if rng.random() < 0.2 else rng.choice(NORMAL)
                    kind = "search"
                    response = client.get("/api/corpus/search", params={"q": q})
                record = Record(kind, response.status_code, time.perf_counter() - start,
                                "retry-after" in response.headers)
            except httpx.HTTPError as err:
                record = Record(kind, 0, time.perf_counter() - start, False, type(err).__name__)
            with lock:
                out.append(record)
            if record.status == 503 and backoff:
                try:
                    wait = float(response.headers.get("retry-after", "1"))
                except ValueError:
                    wait = 1.0
                time.sleep(min(wait, 5.0, max(0.0, stop_at - time.monotonic())))


def summarise(records: list[Record], elapsed: float) -> dict[str, Any]:
    search = [r for r in records if r.kind == "search"]
    analyses = [r for r in records if r.kind == "analyze"]
    ok_analyses = [r.seconds for r in analyses if r.status == 200]
    bad_5xx = [r for r in records if r.status >= 500 and not (r.status == 503 and r.retry_after)]
    statuses: dict[str, int] = {}
    for r in records:
        key = f"{r.kind} {r.status or r.error}"
        statuses[key] = statuses.get(key, 0) + 1
    return {
        "load_seconds": round(elapsed, 1),
        "requests": len(records),
        "statuses": dict(sorted(statuses.items())),
        "connection_errors": sum(1 for r in records if r.status == 0),
        "bad_5xx": len(bad_5xx),
        "search_requests": len(search),
        "search_p50_s": round(percentile([r.seconds for r in search], 0.5), 3),
        "search_p99_s": round(percentile([r.seconds for r in search], 0.99), 3),
        "search_ok_p99_s": round(percentile([r.seconds for r in search if r.status == 200],
                                            0.99), 3),
        "analyses_served": len(ok_analyses),
        "analyses_refused_503": sum(1 for r in analyses if r.status == 503),
        "analysis_p50_s": round(percentile(ok_analyses, 0.5), 3),
        "analysis_p99_s": round(percentile(ok_analyses, 0.99), 3),
    }


def run(clients: int, duration: float, n_articles: int, workers: int,
        backoff: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="claimmap-bench-") as tmp:
        db = Path(tmp) / "corpus.db"
        began = time.perf_counter()
        build_store(db, n_articles)
        build_s = time.perf_counter() - began
        port = free_port()
        server = start_server(port, db, workers)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                wait_ready(client)
                for i in range(3):
                    client.post("/api/analyze",
                                json={"text": article_of(1000, f"warm{i}")}).raise_for_status()
                    client.get("/api/corpus/search", params={"q": "strike"}).raise_for_status()
                # Both worker processes busy once, so both are up before memory is measured.
                with concurrent.futures.ThreadPoolExecutor(workers * 2) as pool:
                    warm = [pool.submit(client.post, "/api/analyze",
                                        json={"text": article_of(1000, f"par{i}")})
                            for i in range(workers * 2)]
                    for done in warm:
                        done.result().raise_for_status()
                single = []
                for i in range(5):
                    start = time.perf_counter()
                    client.post("/api/analyze",
                                json={"text": article_of(1000, f"one{i}")}).raise_for_status()
                    single.append(time.perf_counter() - start)
            records: list[Record] = []
            lock = threading.Lock()
            rss_before = rss_kib(server.pid)
            cpu_before = cpu_seconds(server.pid)
            load_before = os.getloadavg()[0]
            rss = [rss_before]
            stop_at = time.monotonic() + duration
            threads = [threading.Thread(target=client_loop,
                                        args=(base, stop_at, i, backoff, records, lock))
                       for i in range(clients)]
            start = time.monotonic()
            for thread in threads:
                thread.start()
            while any(t.is_alive() for t in threads):
                time.sleep(0.5)
                rss.append(rss_kib(server.pid))
            elapsed = time.monotonic() - start
            cpu_used = cpu_seconds(server.pid) - cpu_before
            load_after = os.getloadavg()[0]
            with httpx.Client(base_url=base, timeout=60) as client:
                healthy = (client.get("/api/health").status_code == 200
                           and client.post("/api/analyze", json={"text": article_of(1000)})
                           .status_code == 200
                           and client.get("/api/corpus/search", params={"q": "strike"})
                           .status_code == 200)
            fifth = max(1, len(rss) // 5)
            result = {
                "clients": clients, "server_workers": workers, "stored_articles": n_articles,
                "store_build_s": round(build_s, 1), "backoff": backoff,
                "article_words": len(article_of(1000).split()),
                "single_analysis_median_s": round(statistics.median(single), 3),
                **summarise(records, elapsed),
                "rss_before_mib": round(rss_before / 1024, 1),
                "rss_max_mib": round(max(rss) / 1024, 1),
                "rss_end_mib": round(rss[-1] / 1024, 1),
                "rss_growth_mib": round((statistics.mean(rss[-fifth:]) - rss_before) / 1024, 1),
                "healthy_after": healthy,
                # The machine is shared: how much CPU the server actually got, and the load.
                "server_cpu_cores_used": round(cpu_used / elapsed, 2),
                "machine_cores": os.cpu_count(),
                "load_average_before_after": [round(load_before, 1), round(load_after, 1)],
            }
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    result["bars"] = {
        "no_connection_errors": result["connection_errors"] == 0,
        "no_5xx_but_503_with_retry_after": result["bad_5xx"] == 0,
        "search_p99_under_1.5s": result["search_p99_s"] < BARS["search_p99_s"],
        "analysis_p99_under_15s": result["analysis_p99_s"] < BARS["analysis_p99_s"],
        "at_least_60_analyses": result["analyses_served"] >= BARS["analyses_min"],
        "rss_growth_under_150MB": max(result["rss_growth_mib"],
                                      result["rss_max_mib"] - result["rss_before_mib"])
        * 1.048576 < BARS["rss_growth_mb"],
        "healthy_afterwards": result["healthy_after"],
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--articles", type=int, default=2000, help="Stored articles.")
    parser.add_argument("--workers", type=int, default=2, help="Analysis threads.")
    parser.add_argument("--no-backoff", action="store_true",
                        help="Retry at once after a 503 instead of waiting its Retry-After.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args()
    result = run(args.clients, args.duration, args.articles, args.workers, not args.no_backoff)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:>26}: {value}")


if __name__ == "__main__":
    main()
