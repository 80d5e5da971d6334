"""Where the analysis spends its time: each pipeline component, one process, CPU seconds.

    python bench/speed_profile.py [--polnear DIR] [--limit N] [--top K] [--json]

Runs the full pipeline component by component over the texts (PolNeAR dev by default): each
spaCy component batched (``pipe``, batch 64) and one Doc at a time, each claimmap stage one Doc
at a time, timing the CPU of each (``time.process_time``); the ClaimMap build (``from_doc``)
and the Doc round trip a worker adds (``to_bytes`` / ``from_bytes``) are timed too. Then each
claimmap stage runs again under cProfile and its ``--top`` functions by own time are listed.
Times are ms per 1,000 words (whitespace words of the texts).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--no-cprofile", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from spacy.tokens import Doc

    from claimmap.api import get_pipeline, prepare_doc, to_article
    from claimmap.claimmap import from_doc, provenance_for
    from claimmap.settings import Options, load_settings

    paths = sorted((args.polnear / "text").glob("*.txt"))[: args.limit]
    if not paths:
        sys.exit(f"speed_profile: no texts under {args.polnear}/text")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(t.split()) for t in texts)
    per_k = 1e6 / words  # seconds -> ms per 1,000 words
    settings, options = load_settings(), Options()
    nlp = get_pipeline(options, settings)
    warm = [prepare_doc(nlp, to_article(t, settings=settings)) for t in texts[:2]]
    for _ in nlp.pipe(warm):
        pass

    started = time.process_time()
    articles = [to_article(t, settings=settings) for t in texts]
    ingest_s = time.process_time() - started
    started = time.process_time()
    docs = [prepare_doc(nlp, a) for a in articles]
    tokenize_s = time.process_time() - started
    batched: dict[str, float] = {}
    single: dict[str, float] = {}
    stock = [name for name, _ in nlp.pipeline
             if not name.startswith("claimmap_") or name == "claimmap_paragraphs"]
    singles = [Doc(nlp.vocab).from_bytes(d.to_bytes()) for d in docs]
    ours = [(name, c) for name, c in nlp.pipeline if name not in stock]
    for name, component in nlp.pipeline:
        if name not in stock:
            continue
        started = time.process_time()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=64))
        else:
            docs = [component(d) for d in docs]
        batched[name] = time.process_time() - started
        started = time.process_time()
        singles = [component(d) for d in singles]
        single[name] = time.process_time() - started
    # Our components run Doc by Doc, each Doc through all of them, as in the pipeline (their
    # per-Doc caches see the Doc they were made for).
    profilers = {name: cProfile.Profile() for name, _ in ours}
    for name, _ in ours:
        single[name] = 0.0
    # The first round is timed; the second (the Docs of the one-Doc runs) profiled.
    for rounds, profiled in ((docs, False), (singles, True)):
        if profiled and args.no_cprofile:
            break
        for i, doc in enumerate(rounds):
            for name, component in ours:
                started = time.process_time()
                if profiled:
                    profilers[name].enable()
                doc = component(doc)
                if profiled:
                    profilers[name].disable()
                else:
                    single[name] += time.process_time() - started
            rounds[i] = doc
    provenance = provenance_for(nlp.meta, nlp.pipe_names)
    started = time.process_time()
    for article, doc in zip(articles, docs, strict=True):
        from_doc(article, doc, provenance, options.min_checkworthiness)
    build_s = time.process_time() - started
    started = time.process_time()
    blobs = [d.to_bytes() for d in docs]
    to_bytes_s = time.process_time() - started
    started = time.process_time()
    for blob in blobs:
        Doc(nlp.vocab).from_bytes(blob)
    from_bytes_s = time.process_time() - started

    rows = {"ingest": ingest_s, "tokenizer": tokenize_s,
            **{f"{k} (batched)": v for k, v in batched.items() if k in stock},
            **{f"{k} (one Doc)": v for k, v in single.items() if k in stock},
            **{k: v for k, v in single.items() if k not in stock},
            "from_doc": build_s, "Doc.to_bytes": to_bytes_s, "Doc.from_bytes": from_bytes_s}
    ms = {k: round(v * per_k, 1) for k, v in rows.items()}
    profiles: dict[str, str] = {}
    if not args.no_cprofile:
        for name, profiler in profilers.items():
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("tottime").print_stats(args.top)
            profiles[name] = out.getvalue()
    if args.json:
        print(json.dumps({"articles": len(texts), "words": words, "ms_per_1000_words": ms,
                          "pipeline": nlp.pipe_names}))
        return
    print(f"{len(texts)} articles, {words} words; CPU ms per 1,000 words, one process; "
          f"load average {os.getloadavg()[0]:.2f}")
    for name, value in ms.items():
        print(f"  {name:<28}{value:>8.1f}")
    ours_ms = sum(v for k, v in ms.items()
                  if (k.startswith("claimmap_") and "(" not in k) or k == "from_doc")
    spacy_ms = sum(v for k, v in ms.items() if k.endswith("(batched)")) + ms["tokenizer"]
    print(f"  {'claimmap stages + from_doc':<28}{ours_ms:>8.1f}")
    print(f"  {'spaCy, batched':<28}{spacy_ms:>8.1f}")
    for name, text in profiles.items():
        lines = [line for line in text.splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
        print(f"\n== {name} (cProfile, top {args.top} by own time)")
        for line in lines[start:start + args.top + 1]:
            print("  " + line.replace(str(ROOT / "src") + "/", "")
                  .replace(str(Path(sys.prefix)), "<venv>"))


if __name__ == "__main__":
    main()
