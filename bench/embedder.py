"""The sentence embedder's speed on this CPU: CPU seconds per 1,000 word pieces with the uint8
graph and (where the kernel probe allows it) the int8 graph, and whether the two give the same
bits.

    python bench/embedder.py [--texts 1500] [--repeats 3]

Texts: every fifth verified claim of ../shared/data/clef2020_claim_retrieval (claims, as
tracking embeds them), plus the empty text and one past the 256-piece limit. One thread, one
text per call, as the corpus writer runs it; best of ``--repeats``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT.parent / "shared" / "data" / "clef2020_claim_retrieval" / "verified_claims.docs.tsv"


def main() -> int:
    from claimmap.embed.encoder import build_encoder
    from claimmap.embed.kernels import signed_products_exact

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=1500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with CLAIMS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    texts = [*[r[1] for r in rows[::5]][: args.texts], "", "A " * 300]
    probe = signed_products_exact()
    kinds = [("uint8", False)] + ([("int8", True)] if probe else [])
    report: dict[str, object] = {"texts": len(texts), "signed_kernel_exact": probe}
    vectors = {}
    for name, signed in kinds:
        encoder = build_encoder(signed=signed)
        pieces = sum(len(p) for p in encoder.pieces(texts))
        best = float("inf")
        for _ in range(args.repeats):
            started = time.process_time()
            vectors[name] = encoder.encode(texts)
            best = min(best, time.process_time() - started)
        report["word_pieces"] = pieces
        report[f"{name}_cpu_s"] = round(best, 3)
        report[f"{name}_cpu_s_per_1000_pieces"] = round(best / pieces * 1000, 4)
    if probe:
        report["same_bits"] = bool(np.array_equal(vectors["uint8"], vectors["int8"]))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
