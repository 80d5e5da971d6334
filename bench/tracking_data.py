"""Build a planted corpus for the claim-tracking bars: real FNC-1 bodies over 15 synthetic
outlets, with our planted material (bench/tracking_planted.py) hosted in further bodies, and 30
wire stories each republished twice (a dateline and a footer line added; a paragraph dropped
and another footer). ``dev`` and ``test`` use disjoint bodies and disjoint planted sentences.

    python bench/tracking_data.py OUT.jsonl GOLD.json [--split test] [--n 1000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tracking_planted import DATELINES, FOOTERS, planted

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
OUTLETS = [f"{name} {kind}" for name, kind in zip(
    ["Harbour", "Northern", "Valley", "Capital", "Coastal", "Evening", "Morning", "Metro",
     "Highland", "Riverside", "Union", "Lakeside", "Citizen", "Frontier", "Civic"],
    ["Herald", "Post", "Times", "Courier", "Gazette", "Star", "Tribune", "Daily", "Ledger",
     "Observer", "Record", "Chronicle", "Sentinel", "Voice", "Journal"], strict=True)]
START = dt.date(2026, 11, 2)
# Slices of the FNC-1 bodies (80+ words) per split: background, wire originals, hosts.
SLICES = {"test": ((0, 1000), (1000, 1100), (1100, 1180)),
          "dev": ((1180, 1480), (1480, 1540), (1540, 1589))}


def fnc_bodies() -> list[str]:
    out = []
    with (SHARED / "fnc1" / "train_bodies.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = row["articleBody"].strip()
            if len(text.split()) >= 80:
                out.append(text)
    return out


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def build(split: str = "test", n: int | None = None, seed: int = 11
          ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rng = random.Random(seed)
    bodies = fnc_bodies()
    (b0, b1), (w0, w1), (h0, h1) = SLICES[split]
    if n is not None:
        b1 = b0 + min(n, b1 - b0)
    records: list[dict[str, Any]] = []
    gold: dict[str, Any] = {"split": split, "wire": [], "triples": [], "near_misses": [],
                            "conflicts": [], "denials": []}

    def add(rid: str, text: str, outlet: int, day: int, hour: int = 9) -> dict[str, Any]:
        when = dt.datetime.combine(START + dt.timedelta(days=day), dt.time(hour % 24))
        record = {"id": rid, "text": text, "outlet": OUTLETS[outlet % len(OUTLETS)],
                  "published": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "url": f"https://news.example/{rid}"}
        records.append(record)
        return record

    for i, text in enumerate(bodies[b0:b1]):
        add(f"{split}-bg-{i:05d}", text, i, rng.randrange(28), rng.randrange(24))
    wire_pool = [t for t in bodies[w0:w1] if len(paragraphs(t)) >= 4][:30]
    for i, text in enumerate(wire_pool):
        paras = paragraphs(text)
        day = rng.randrange(25)
        outlet = rng.randrange(15)
        orig = f"{split}-wire-{i:02d}"
        add(orig, "\n\n".join(paras), outlet, day, 6)
        copy_a = DATELINES[i % len(DATELINES)] + "\n\n".join(paras) + "\n\n" + \
            FOOTERS[i % len(FOOTERS)]
        drop = 1 + rng.randrange(len(paras) - 2)
        copy_b = "\n\n".join(p for j, p in enumerate(paras) if j != drop) + "\n\n" + \
            FOOTERS[(i + 1) % len(FOOTERS)]
        add(f"{orig}-a", copy_a, outlet + 1 + rng.randrange(7), day, 10)
        add(f"{orig}-b", copy_b, outlet + 8 + rng.randrange(6), day + rng.randrange(3), 14)
        gold["wire"].append([orig, f"{orig}-a", f"{orig}-b"])
    hosts = iter(bodies[h0:h1])

    def host(rid: str, sentence: str, outlet: int, day: int) -> dict[str, Any]:
        paras = paragraphs(next(hosts))
        text = paras[0] + "\n\n" + sentence + "\n\n" + "\n\n".join(paras[1:])
        start = len(paras[0]) + 2
        record = add(rid, text, outlet, day, 8 + rng.randrange(10))
        record["_span"] = [start, start + len(sentence)]
        return record

    p = planted(split)
    spans: dict[str, list[int]] = {}
    for t, wordings in enumerate(p["triples"]):
        ids = []
        day = rng.randrange(20)
        for k, sentence in enumerate(wordings):
            rid = f"{split}-triple-{t}-{k}"
            spans[rid] = host(rid, sentence, 3 * t + 5 * k, day + k)["_span"]
            ids.append(rid)
        gold["triples"].append(ids)
    for m, (t, kind, sentence) in enumerate(p["near_misses"]):
        rid = f"{split}-near-{m}-{kind}"
        spans[rid] = host(rid, sentence, 2 * m + 1, rng.randrange(24))["_span"]
        gold["near_misses"].append({"id": rid, "triple": t, "kind": kind})
    for c, (first, second) in enumerate(p["conflicts"]):
        day = rng.randrange(24)
        a, b = f"{split}-conflict-{c}-a", f"{split}-conflict-{c}-b"
        spans[a] = host(a, first, c, day)["_span"]
        spans[b] = host(b, second, c + 7, day + 1)["_span"]
        gold["conflicts"].append([a, b])
    for d, (accusation, denial) in enumerate(p["denials"]):
        day = rng.randrange(24)
        a, b = f"{split}-accuse-{d}", f"{split}-deny-{d}"
        spans[a] = host(a, accusation, d + 2, day)["_span"]
        spans[b] = host(b, denial, d + 9, day + 1)["_span"]
        gold["denials"].append([a, b])
    for record in records:
        record.pop("_span", None)
    gold["spans"] = spans
    # Storage order is not publication order: shuffle so copies may arrive before originals.
    rng.shuffle(records)
    return records, gold


def write(records: list[dict[str, Any]], out: Path) -> None:
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                   encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--split", choices=["dev", "test"], default="test")
    parser.add_argument("--n", type=int, default=None, help="background bodies (at most)")
    args = parser.parse_args()
    recs, gold_ = build(args.split, args.n)
    write(recs, args.out)
    args.gold.write_text(json.dumps(gold_, indent=1), encoding="utf-8")
    print(len(recs))
