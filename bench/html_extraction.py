"""Body F1 and byline rate of ``from_html`` against plain ``trafilatura.extract``, same run.

    python bench/html_extraction.py [--split dev|test] [--json] [--pages]

Pages: tests/data/pages/<split>/ (our own fictional articles in four layouts; see build.py
there). Also times both per page (CPU-independent wall time, best of three), so the cost of
the isolated worker and the fallback extraction is visible.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from claimmap.errors import ClaimmapError
from claimmap.eval.extraction import Page, load_pages, score_pages, summary

ROOT = Path(__file__).resolve().parent.parent


def ours(html: str) -> tuple[str | None, str | None, str | None]:
    from claimmap.ingest.html import from_html

    try:
        article = from_html(html)
    except ClaimmapError:
        return None, None, None
    return article.text, article.byline, article.published


def plain_trafilatura(html: str) -> tuple[str | None, str | None, str | None]:
    import trafilatura

    body = trafilatura.extract(html)
    meta = trafilatura.extract_metadata(html)
    if meta is None:
        return body, None, None
    return body, meta.author, meta.date


def per_page_seconds(pages: list[Page], extract: object, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for page in pages:
            extract(page.html)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best / len(pages)


def _workers_cpu() -> float:
    from claimmap.ingest.worker import POOL

    return sum(w._cpu_seconds() or 0.0 for w in POOL.idle)


def cpu_per_page(pages: list[Page], rounds: int = 5) -> tuple[float, float]:
    """CPU seconds per page, ours isolated (this process plus the worker) and in-process:
    unlike wall time, not swayed by other jobs on the machine. Best of ``rounds``."""
    import os

    ours(pages[0].html)  # a warm worker in the pool
    isolated, in_process = float("inf"), float("inf")
    for _ in range(rounds):
        started, worker_started = time.process_time(), _workers_cpu()
        for page in pages:
            ours(page.html)
        isolated = min(isolated, time.process_time() - started + _workers_cpu()
                       - worker_started)
        os.environ["CLAIMMAP_HTML_ISOLATE"] = "0"
        started = time.process_time()
        for page in pages:
            ours(page.html)
        in_process = min(in_process, time.process_time() - started)
        os.environ.pop("CLAIMMAP_HTML_ISOLATE")
    return isolated / len(pages), in_process / len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("dev", "test", "hand"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--pages", action="store_true", help="print every page's score")
    args = parser.parse_args()
    pages = load_pages(ROOT / "tests" / "data" / "pages" / args.split)
    result = {}
    for name, extract in (("claimmap", ours), ("trafilatura", plain_trafilatura)):
        scores = score_pages(pages, extract)
        result[name] = summary(scores)
        result[name]["all"]["seconds_per_page"] = per_page_seconds(pages, extract)
        if args.pages:
            for s in scores:
                print(f"{name:12} {s.name:32} P={s.precision:.3f} R={s.recall:.3f} "
                      f"F1={s.f1:.3f} byline={int(s.byline)} refused={int(s.refused)}")
    # The worker's cost: the same extraction in-process, alternating rounds with the isolated
    # one so that load from other jobs falls on both alike; the best round of each counts.
    import os

    isolated, in_process = float("inf"), float("inf")
    for _ in range(5):
        isolated = min(isolated, per_page_seconds(pages, ours, rounds=1))
        os.environ["CLAIMMAP_HTML_ISOLATE"] = "0"
        in_process = min(in_process, per_page_seconds(pages, ours, rounds=1))
        os.environ.pop("CLAIMMAP_HTML_ISOLATE")
    result["claimmap"]["all"]["seconds_per_page"] = isolated
    result["claimmap"]["all"]["seconds_per_page_in_process"] = in_process
    cpu_isolated, cpu_in_process = cpu_per_page(pages)
    result["claimmap"]["all"]["cpu_seconds_per_page"] = cpu_isolated
    result["claimmap"]["all"]["cpu_seconds_per_page_in_process"] = cpu_in_process
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"{len(pages)} pages ({args.split})")
    for name, groups in result.items():
        for layout, row in groups.items():
            extra = (f"  {row['seconds_per_page'] * 1000:.1f} ms/page"
                     if "seconds_per_page" in row else "")
            print(f"{name:12} {layout:9} n={row['pages']:<3.0f} F1={row['f1']:.3f} "
                  f"(P={row['precision']:.3f} R={row['recall']:.3f}) "
                  f"byline={row['byline']:.0%} date={row['date']:.0%} "
                  f"refused={row['refused']:.0f}{extra}")
    overhead = (result["claimmap"]["all"]["seconds_per_page"]
                - result["claimmap"]["all"]["seconds_per_page_in_process"])
    cpu = result["claimmap"]["all"]
    print(f"CPU per page: isolated {cpu['cpu_seconds_per_page'] * 1000:.2f} ms, in-process "
          f"{cpu['cpu_seconds_per_page_in_process'] * 1000:.2f} ms (overhead "
          f"{(cpu['cpu_seconds_per_page'] - cpu['cpu_seconds_per_page_in_process']) * 1000:.2f}"
          " ms)")
    print(f"isolated worker overhead (wall): {overhead * 1000:.2f} ms/page "
          f"(in-process {result['claimmap']['all']['seconds_per_page_in_process'] * 1000:.1f}"
          " ms/page)")


if __name__ == "__main__":
    main()
