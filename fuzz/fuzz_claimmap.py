"""Coverage-guided fuzzing of ingest and analysis (atheris over libFuzzer).

    make fuzz                       # 100,000 inputs, niced
    CLAIMMAP_HTML_ISOLATE=0 make fuzz   # HTML extraction in-process, so coverage sees it
    python fuzz/fuzz_claimmap.py -runs=N -max_len=4096 fuzz/.corpus fuzz/seeds

The first byte of an input picks how it is read (text, HTML, JSON lines, or sniffed); the rest
is the document's bytes. Each document read goes through the whole analysis. Anything but a
ClaimMap whose spans index its text, or one of our own errors, is a crash: the input is saved
under fuzz/found/ with its traceback and the run goes on (so one run counts them all). An
input taking over 10 s is a hang, saved the same way; so is an HTML page the worker's time
cap had to stop. fuzz/found/summary.json holds the counts, rewritten as the run goes.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
import traceback
from pathlib import Path

import atheris

# Everything of ours is imported here, stage modules (loaded with the pipeline) and the HTML
# extraction included, so coverage guides the search through all of it. The extraction runs
# in the worker process unless CLAIMMAP_HTML_ISOLATE=0; only in-process is it covered.
with atheris.instrument_imports(include=["claimmap"]):
    import claimmap.ingest.extract  # noqa: F401
    from claimmap.api import analyze, get_pipeline
    from claimmap.errors import ClaimmapError
    from claimmap.ingest.sources import load_bytes
    from claimmap.types import ClaimMap, TextSpan

    NLP = get_pipeline()

FOUND = Path(__file__).resolve().parent / "found"
SUFFIXES = (".txt", ".html", ".jsonl", "")
HANG_S = 10.0
STATS = {"inputs": 0, "documents": 0, "analysed": 0, "clear_errors": 0, "crashes": 0,
         "hangs": 0, "worker_time_caps": 0, "slowest_s": 0.0, "started": time.time()}


def _spans(value: object) -> list[TextSpan]:
    import dataclasses

    out: list[TextSpan] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, TextSpan):
            out.append(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return out


def _check(claim_map: ClaimMap) -> None:
    text = claim_map.article.text
    for span in _spans(claim_map):
        if not (0 <= span.start <= span.end <= len(text)) or text[span.start:span.end] \
                != span.text:
            raise AssertionError(f"span {span!r} does not index the text")


def _save(kind: str, data: bytes, detail: str) -> None:
    FOUND.mkdir(exist_ok=True)
    name = f"{kind}-{hashlib.sha1(data).hexdigest()[:12]}"
    (FOUND / f"{name}.bin").write_bytes(data)
    (FOUND / f"{name}.txt").write_text(detail, encoding="utf-8")


def _write_summary() -> None:
    FOUND.mkdir(exist_ok=True)
    summary = dict(STATS, elapsed_s=round(time.time() - float(STATS["started"]), 1))
    (FOUND / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    STATS["inputs"] = int(STATS["inputs"]) + 1
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    started = time.monotonic()
    try:
        for loaded in load_bytes(data[1:], name="fuzz", suffix=suffix, max_chars=100_000,
                                 article_id="fuzz"):
            STATS["documents"] = int(STATS["documents"]) + 1
            if loaded.article is None:
                STATS["clear_errors"] = int(STATS["clear_errors"]) + 1
                if "took over" in str(loaded.error):
                    STATS["worker_time_caps"] = int(STATS["worker_time_caps"]) + 1
                    _save("timecap", data, str(loaded.error))
                continue
            try:
                claim_map = analyze(loaded.article, nlp=NLP)
            except ClaimmapError:
                STATS["clear_errors"] = int(STATS["clear_errors"]) + 1
                continue
            _check(claim_map)
            STATS["analysed"] = int(STATS["analysed"]) + 1
    except Exception:  # every escape is a finding; keep going to count them all
        STATS["crashes"] = int(STATS["crashes"]) + 1
        _save("crash", data, traceback.format_exc())
        _write_summary()
    elapsed = time.monotonic() - started
    STATS["slowest_s"] = max(float(STATS["slowest_s"]), round(elapsed, 2))
    if elapsed > HANG_S:
        STATS["hangs"] = int(STATS["hangs"]) + 1
        _save("hang", data, f"{elapsed:.1f} s")
    if int(STATS["inputs"]) % 100 == 0:
        _write_summary()
        if int(STATS["inputs"]) % 5000 == 0:
            print(f"fuzz: {STATS}", file=sys.stderr, flush=True)


def main() -> None:
    import atexit

    _write_summary()
    atexit.register(_write_summary)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
