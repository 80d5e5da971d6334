"""Accuracy floor of the shipped attribution on PolNeAR dev; floors only go up."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimmap.eval.attribution import evaluate, predict
from claimmap.eval.polnear import read_polnear

pytestmark = pytest.mark.slow
DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear" / "dev"
# Measured 2026-12-02: content 0.8038, source 0.7629, cue 0.7505 (overlap F1); source
# accuracy 0.8509 (1,455 of 1,710).
FLOORS = {"content": 0.800, "source": 0.755, "cue": 0.745}
SOURCE_ACCURACY_FLOOR = 0.845


def test_attribution_polnear_dev_overlap_floors(nlp: object) -> None:
    if not DEV.is_dir():
        pytest.skip("../shared/data/polnear is not beside this checkout")
    scores = evaluate(predict(read_polnear(DEV)))
    for role, floor in FLOORS.items():
        assert scores.overlap[role].f1 >= floor, (role, scores.overlap[role])
    assert scores.source_accuracy >= SOURCE_ACCURACY_FLOOR, scores.source_accuracy
