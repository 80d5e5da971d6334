"""Floors of the accurate profile on held-out data (never used for training or selection):
ClaimBuster test debates and PTC test articles. Measured 2026-12-01: see docs/accurate.md."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from claimmap.eval.checkworthiness import CB_LABELS, f1_report
from claimmap.eval.propaganda import evaluate_ptc

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT.parent / "shared" / "data"
MODEL = ROOT / "src" / "claimmap" / "accurate" / "data" / "encoder.int8.onnx"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MODEL.exists(), reason="accurate model files not built"),
    pytest.mark.skipif(not (DATA / "claimbuster").is_dir(), reason="../shared/data missing"),
]


def _agreed_test_rows() -> list[dict[str, str]]:
    """The 6 test debates of training/train_checkworthiness.py (seed 20261126), rows in the
    organisers' stricter-agreement set: 1,809 sentences."""
    with (DATA / "claimbuster" / "crowdsourced.csv").open(encoding="utf-8", newline="") as h:
        rows = list(csv.DictReader(h))
    names = sorted({r["File_id"] for r in rows})
    random.Random(20261126).shuffle(names)
    test = set(names[:6])
    ncs = json.loads((DATA / "claimbuster" / "2.5xNCS_no_groundtruth.json").read_text())
    agreed = {str(r["sentence_id"]) for r in ncs}
    return [r for r in rows if r["File_id"] in test and r["Sentence_id"] in agreed]


def test_accurate_heldout_checkworthiness_cfs_f1() -> None:
    from claimmap.accurate.runtime import load_model

    rows = _agreed_test_rows()
    assert len(rows) == 1809
    model = load_model()
    probs = model.checkworthiness([r["Text"] for r in rows])
    report = f1_report([CB_LABELS[int(r["Verdict"])] for r in rows],
                       [model.cw_label(p) for p in probs])
    # measured 0.826 (run sit1; mt2 0.800); the fast profile 0.780
    assert report["cfs_f1"] >= 0.82


def test_accurate_heldout_propaganda_si_f1() -> None:
    scores = evaluate_ptc(DATA / "ptc_semeval2020", "test", parse=False, profile="accurate")
    assert scores.articles == 66
    assert scores.si.f1 >= SI_FLOOR
    assert scores.tc.micro_f1 >= TC_FLOOR


# Run sit1 with its re-chosen SI blend: 0.4256 unparsed, 0.4217 parsed (mt2: 0.411 / 0.412,
# its blend); the fast profile 0.396 (parsed) on the same 66 articles.
SI_FLOOR = 0.42
# TC: the fast features beside the tracking embedder's span and sentence vectors
# (tc_minilm.npz, 2026-12-03): 0.6131 unparsed (the features read POS tags), 0.6267 parsed;
# before it, the fast model without its offsets: 0.5686 / 0.6094; the fast profile 0.6104
# parsed, same 1,101 spans.
TC_FLOOR = 0.60


def test_accurate_heldout_stance_unseen_headlines() -> None:
    from claimmap.eval.stance import evaluate_fnc

    fnc = DATA / "fnc1"
    scores = evaluate_fnc(fnc / "train_bodies.csv", fnc / "train_stances.csv",
                          split="headline-test", profile="accurate")
    assert scores is not None and scores.n == 1988
    # measured 0.869 / 0.333 (fast offsets shifted toward disagree); the fast profile
    # 0.872 / 0.293 on the same pairs
    assert scores.relative >= 0.86
    assert scores.f1["disagree"] >= 0.32
