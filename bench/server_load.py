"""The web app under load, on loopback: latency of one 1,000-word article, then many clients.

    python bench/server_load.py [--concurrency 20] [--duration 30] [--json]

Starts ``claimmap serve``'s app in a uvicorn subprocess on a free 127.0.0.1 port, waits
until the spaCy pipeline has loaded, and warms it with three requests. Then:

1. latency: ``--repeat`` sequential ``POST /api/analyze`` calls with a 1,000-word article
   (our own example article, repeated until it reaches 1,000 words), median and max;
2. load: ``--concurrency`` client threads post the example article back to back for
   ``--duration`` seconds; every non-200 answer or transport error counts as an error;
3. memory: the server's RSS (``/proc/<pid>/status`` VmRSS) sampled every 0.5 s during the
   load; "growth" is the mean of the last fifth of samples minus the mean of the first fifth.

Nothing leaves the machine: the server binds 127.0.0.1 and every loop is bounded by time.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "src" / "claimmap" / "examples" / "harbour-strike.txt"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def article_of(words: int) -> str:
    """The example article's body repeated to ``words`` words, ending on a full sentence."""
    text = EXAMPLE.read_text(encoding="utf-8")
    title, _, body = text.partition("\n\n")
    long = "\n\n".join([title, *[body.strip()] * (words // len(body.split()) + 2)])
    cut = [m.end() for m in re.finditer(r"\S+", long)][words - 1]
    end = min((i for i in (long.find(".", cut), long.find("\n", cut)) if i >= 0),
              default=len(long))
    return long[:end + 1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    env_code = ("import uvicorn; from claimmap.server.app import create_app; "
                "from claimmap.settings import load_settings; "
                f"uvicorn.run(create_app(load_settings(server_workers={workers})), "
                f"host='127.0.0.1', port={port}, log_level='warning')")
    return subprocess.Popen([sys.executable, "-c", env_code])


def wait_ready(client: httpx.Client, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if client.get("/api/health").json().get("pipeline_loaded"):
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not become ready")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run(concurrency: int, duration: float, repeat: int, workers: int) -> dict[str, Any]:
    port = free_port()
    server = start_server(port, workers)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            wait_ready(client)
            example = EXAMPLE.read_text(encoding="utf-8")
            long_text = article_of(1000)
            for _ in range(3):
                client.post("/api/analyze", json={"text": long_text}).raise_for_status()
            single = []
            for _ in range(repeat):
                start = time.perf_counter()
                client.post("/api/analyze", json={"text": long_text}).raise_for_status()
                single.append(time.perf_counter() - start)

        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + duration

        def worker() -> None:
            with httpx.Client(base_url=base, timeout=120) as own:
                while time.monotonic() < stop_at:
                    start = time.perf_counter()
                    try:
                        response = own.post("/api/analyze", json={"text": example})
                        ok = response.status_code == 200
                        problem = "" if ok else f"HTTP {response.status_code}"
                    except httpx.HTTPError as err:
                        ok, problem = False, type(err).__name__
                    with lock:
                        latencies.append(time.perf_counter() - start)
                        if not ok:
                            errors.append(problem)

        rss: list[int] = [rss_kib(server.pid)]
        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            time.sleep(0.5)
            rss.append(rss_kib(server.pid))
        elapsed = time.monotonic() - began
        fifth = max(1, len(rss) // 5)
        return {
            "server_workers": workers,
            "article_words": len(long_text.split()),
            "single_median_s": round(statistics.median(single), 3),
            "single_max_s": round(max(single), 3),
            "load_concurrency": concurrency,
            "load_seconds": round(elapsed, 1),
            "load_requests": len(latencies),
            "load_errors": len(errors),
            "load_error_kinds": sorted(set(errors)),
            "load_rps": round(len(latencies) / elapsed, 2),
            "load_p50_s": round(percentile(latencies, 0.5), 3),
            "load_p95_s": round(percentile(latencies, 0.95), 3),
            "rss_start_mib": round(rss[0] / 1024, 1),
            "rss_max_mib": round(max(rss) / 1024, 1),
            "rss_end_mib": round(rss[-1] / 1024, 1),
            "rss_growth_mib": round((statistics.mean(rss[-fifth:])
                                     - statistics.mean(rss[:fifth])) / 1024, 1),
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--repeat", type=int, default=10,
                        help="Sequential 1,000-word requests timed after warm-up.")
    parser.add_argument("--workers", type=int, default=2, help="server_workers setting.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args()
    result = run(args.concurrency, args.duration, args.repeat, args.workers)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
