"""Examples and splits for the accurate profile's four heads, from ../shared/data.

Splits (never by sentence or pair):
- ClaimBuster: the debates of training/train_checkworthiness.py (seed 20261126: 6 test, 5 dev),
  so the held-out debates are the ones docs/benchmarks.md scores the fast profile on.
- PTC: claimmap.eval.propaganda.split_of (the same train / dev / test articles as the fast model).
- FNC-1: by headline (sha1 share: 20 % test, 10 % dev), and bodies of the fast model's test
  split never trained on: test = test headlines x the fast model's test bodies (both models
  unseen), dev = dev headlines x other bodies; select = train and dev headlines x the fast
  model's test bodies (pairs neither model trained on: whether to use the stance head, and
  its blend with the fast model, are chosen there).
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from claimmap.accurate.text import (  # noqa: E402
    MAX_LEN,
    Piece,
    encode_lines,
    stance_piece,
    tc_features,
    tc_piece,
)
from claimmap.eval.propaganda import load_ptc  # noqa: E402
from claimmap.eval.stance import Pair, headline_share, read_bodies, read_stances  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CB_SEED = 20261126
N_CB_TEST, N_CB_DEV = 6, 5
CB_LABEL = {"-1": "NFS", "0": "UFS", "1": "CFS"}
CW_INDEX = {"CFS": 0, "UFS": 1, "NFS": 2}
STANCE_INDEX = {"agree": 0, "disagree": 1, "discuss": 2}


def tokenizer() -> Any:
    from accurate_net import minilm_dir
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(minilm_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


@dataclass
class Example:
    piece: Piece
    label: int = 0
    tags: list[int] | None = None        # SI: per piece, 1 inside a propaganda span
    mask: list[float] | None = None      # TC: the span's pieces
    features: list[float] | None = None  # TC: repetition and shape


# ---- ClaimBuster

def cb_split() -> tuple[set[str], set[str], set[str]]:
    with (DATA / "claimbuster" / "crowdsourced.csv").open(encoding="utf-8", newline="") as h:
        names = sorted({r["File_id"] for r in csv.DictReader(h)})
    random.Random(CB_SEED).shuffle(names)
    test, dev = set(names[:N_CB_TEST]), set(names[N_CB_TEST:N_CB_TEST + N_CB_DEV])
    return test, dev, set(names[N_CB_TEST + N_CB_DEV:])


def cb_rows(part: str) -> list[dict[str, str]]:
    test, dev, train = cb_split()
    wanted = {"test": test, "dev": dev, "train": train}[part]
    with (DATA / "claimbuster" / "crowdsourced.csv").open(encoding="utf-8", newline="") as h:
        return [r for r in csv.DictReader(h) if r["File_id"] in wanted]


def write_cb_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """The held-out rows in the columns ``claimmap eval checkworthiness`` reads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Sentence_id", "Text", "Verdict", "File_id"])
        for r in rows:
            writer.writerow([r["Sentence_id"], r["Text"], r["Verdict"], r["File_id"]])


def cw_examples(tok: Any, part: str) -> list[Example]:
    rows = cb_rows(part)
    encodings = tok.encode_batch([r["Text"] for r in rows])
    out = []
    for r, enc in zip(rows, encodings, strict=True):
        ids = list(enc.ids)[:MAX_LEN - 1] + ([] if len(enc.ids) <= MAX_LEN else [102])
        out.append(Example(Piece(tuple(ids[:MAX_LEN]), ()), CW_INDEX[CB_LABEL[r["Verdict"]]]))
    return out


# ---- PTC

def ptc(part: str) -> Any:
    return load_ptc(DATA / "ptc_semeval2020", part)  # type: ignore[arg-type]


def si_examples(tok: Any, part: str) -> list[Example]:
    data = ptc(part)
    out = []
    for article_id in sorted(data.articles):
        text = data.articles[article_id]
        gold = data.si[article_id]
        for piece in encode_lines(tok, text):
            tags = [int(s != e and any(s < ge and e > gs for gs, ge in gold))
                    for s, e in piece.offsets]
            out.append(Example(piece, tags=tags))
    return out


def tc_examples(tok: Any, part: str) -> list[Example]:
    from accurate_net import TC_LABELS

    data = ptc(part)
    counts = {a: Counter(w.lower() for w in __import__("re").findall(r"\w+", t))
              for a, t in data.articles.items()}
    out = []
    for span in data.tc:
        text = data.articles[span.article_id]
        piece, mask = tc_piece(tok, text, span.start, span.end)
        out.append(Example(piece, TC_LABELS.index(span.technique), mask=mask,
                           features=tc_features(text, span.start, span.end,
                                               counts[span.article_id])))
    return out


# ---- FNC-1

def fnc_pairs(part: str) -> tuple[list[Pair], dict[str, str]]:
    from train_stance import split_bodies

    bodies = read_bodies(DATA / "fnc1" / "train_bodies.csv")
    fast_test = set(split_bodies(list(bodies))["test"])
    pairs = read_stances(DATA / "fnc1" / "train_stances.csv")
    if part == "test":
        chosen = [p for p in pairs if headline_share(p.headline) == "test"
                  and p.body_id in fast_test]
    elif part == "select":
        # Stance selection against the fast model: non-test headlines on the fast model's
        # held-out bodies, pairs neither model trained on (the dev pairs are the fast
        # model's training pairs, so its dev score there is no reference).
        chosen = [p for p in pairs if headline_share(p.headline) != "test"
                  and p.body_id in fast_test]
    else:
        chosen = [p for p in pairs if headline_share(p.headline) == part
                  and p.body_id not in fast_test]
    return chosen, bodies


def stance_examples(tok: Any, part: str, discuss_share: float = 1.0,
                    seed: int = 7) -> list[Example]:
    """Related pairs only: the fast model's first stage decides unrelated."""
    pairs, bodies = fnc_pairs(part)
    rng = np.random.default_rng(seed)
    out = []
    for p in pairs:
        if p.stance == "unrelated":
            continue
        if p.stance == "discuss" and rng.random() > discuss_share:
            continue
        out.append(Example(stance_piece(tok, p.headline, bodies[p.body_id]),
                           STANCE_INDEX[p.stance]))
    return out


def update_accurate_json(report: dict[str, Any], uses: tuple[str, bool] | None = None) -> Path:
    """Merge a selection script's ``report`` into the shipped accurate.json (and one
    ``uses`` switch), refreshing the checksums of the files beside it."""
    from claimmap.accurate import runtime

    out = runtime.DATA
    params = json.loads((out / "accurate.json").read_text(encoding="utf-8"))
    params.update(report)
    if uses is not None:
        params.setdefault("uses", {})[uses[0]] = uses[1]
    params["sha256"] = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.iterdir()) if p.name != "accurate.json"}
    (out / "accurate.json").write_text(json.dumps(params, indent=1))
    return out / "accurate.json"
