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


def ours(html: str) -> tuple[str | None, str | None]:
    from claimmap.ingest.html import from_html

    try:
        article = from_html(html)
    except ClaimmapError:
        return None, None
    return article.text, article.byline


def plain_trafilatura(html: str) -> tuple[str | None, str | None]:
    import trafilatura

    body = trafilatura.extract(html)
    meta = trafilatura.extract_metadata(html)
    return body, meta.author if meta is not None else None


def per_page_seconds(pages: list[Page], extract: object, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for page in pages:
            extract(page.html)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best / len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("dev", "test"))
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
    # The worker's cost: the same extraction in-process, timed the same way.
    import os

    os.environ["CLAIMMAP_HTML_ISOLATE"] = "0"
    in_process = per_page_seconds(pages, ours)
    os.environ.pop("CLAIMMAP_HTML_ISOLATE")
    result["claimmap"]["all"]["seconds_per_page_in_process"] = in_process
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
                  f"byline={row['byline']:.0%} refused={row['refused']:.0f}{extra}")
    overhead = (result["claimmap"]["all"]["seconds_per_page"]
                - result["claimmap"]["all"]["seconds_per_page_in_process"])
    print(f"isolated worker overhead: {overhead * 1000:.2f} ms/page "
          f"(in-process {result['claimmap']['all']['seconds_per_page_in_process'] * 1000:.1f}"
          " ms/page)")


if __name__ == "__main__":
    main()
