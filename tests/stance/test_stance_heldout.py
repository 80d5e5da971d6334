"""Floors on the held-out FNC-1 bodies (the model never saw them); floors only go up."""

from __future__ import annotations

from pathlib import Path

import pytest

FNC1 = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "fnc1"


@pytest.mark.slow
def test_stance_heldout_bodies_meet_the_bars() -> None:
    if not (FNC1 / "train_stances.csv").exists():
        pytest.skip("../shared/data/fnc1 is not beside this checkout")
    from claimmap.eval.stance import evaluate_fnc

    scores = evaluate_fnc(FNC1 / "train_bodies.csv", FNC1 / "train_stances.csv", split="test")
    assert scores is not None and scores.n > 9000
    # Measured 0.8786 / 0.7348 / 0.4363 when the model was trained (issue bars: 0.80, 0.60, 0.20).
    assert scores.relative >= 0.86
    assert scores.macro_f1 >= 0.72
    assert scores.f1["disagree"] >= 0.40
