"""Accuracy floor of the shipped attribution on PolNeAR dev; floors only go up."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimmap.eval.attribution import evaluate, predict
from claimmap.eval.polnear import read_polnear

pytestmark = pytest.mark.slow
DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear" / "dev"
# Measured 2026-11-26: content 0.773, source 0.753, cue 0.740 (overlap F1).
FLOORS = {"content": 0.765, "source": 0.745, "cue": 0.73}


def test_attribution_polnear_dev_overlap_floors(nlp: object) -> None:
    if not DEV.is_dir():
        pytest.skip("../shared/data/polnear is not beside this checkout")
    scores = evaluate(predict(read_polnear(DEV)))
    for role, floor in FLOORS.items():
        assert scores.overlap[role].f1 >= floor, (role, scores.overlap[role])
