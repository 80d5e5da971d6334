"""Build a JSONL corpus for the corpus benches: real news bodies from ../shared (FNC-1, then
PolNeAR), synthetic outlet names over 15 outlets and dates over four weeks, plus 8 bad lines
(one of each kind of bad record ``corpus add`` must record and skip).

    python bench/corpus_data.py OUT.jsonl [--n 1000] [--no-bad]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
OUTLETS = [f"{name} {kind}" for name, kind in zip(
    ["Harbour", "Northern", "Valley", "Capital", "Coastal", "Evening", "Morning", "Metro",
     "Highland", "Riverside", "Union", "Lakeside", "Citizen", "Frontier", "Civic"],
    ["Herald", "Post", "Times", "Courier", "Gazette", "Star", "Tribune", "Daily", "Ledger",
     "Observer", "Record", "Chronicle", "Sentinel", "Voice", "Journal"], strict=True)]


def bodies(n: int) -> list[tuple[str, str | None]]:
    """(text, headline) pairs: FNC-1 bodies first (with a headline that goes with them)."""
    headline: dict[str, str] = {}
    with (SHARED / "fnc1" / "train_stances.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Stance"] != "unrelated":
                headline.setdefault(row["Body ID"], row["Headline"])
    out: list[tuple[str, str | None]] = []
    with (SHARED / "fnc1" / "train_bodies.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = row["articleBody"].strip()
            if len(text.split()) >= 80:
                out.append((text, headline.get(row["Body ID"])))
            if len(out) >= n:
                return out
    for path in sorted((SHARED / "polnear" / "dev" / "text").glob("*.txt")):
        out.append((path.read_text(encoding="utf-8"), None))
        if len(out) >= n:
            break
    return out


BAD_LINES = [
    '{"id": "bad-json", "text": "unterminated',
    json.dumps({"id": "bad-empty", "text": "   "}),
    json.dumps({"id": "bad-missing-text", "title": "No body here"}),
    json.dumps({"id": "bad-type", "text": 12345}),
    json.dumps({"text": "A record without any id at all, which cannot be stored."}),
    json.dumps(["not", "an", "object"]),
    json.dumps({"id": "bad-title-type", "text": "Some text that is fine.", "title": ["x"]}),
    json.dumps({"id": "bad-too-large", "text": "word " * 400_001}),
]


def build(path: Path, n: int = 1000, *, bad: bool = True, seed: int = 7) -> int:
    """Write ``n`` good records (and the 8 bad lines, spread through); return good count."""
    rng = random.Random(seed)
    start = dt.date(2026, 11, 2)
    lines = []
    for i, (text, title) in enumerate(bodies(n)):
        record = {"id": f"art-{i:05d}", "text": text, "outlet": OUTLETS[i % len(OUTLETS)],
                  "published": (start + dt.timedelta(days=rng.randrange(28))).isoformat(),
                  "url": f"https://news.example/{i:05d}"}
        if title:
            record["title"] = title
        lines.append(json.dumps(record, ensure_ascii=False))
    good = len(lines)
    if bad:
        for j, line in enumerate(BAD_LINES):
            lines.insert((j + 1) * len(lines) // (len(BAD_LINES) + 1), line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return good


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--no-bad", action="store_true")
    args = parser.parse_args()
    print(build(args.out, args.n, bad=not args.no_bad))
