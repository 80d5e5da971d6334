"""Held-out floors on the PTC articles the shipped model never saw (split "test").

Floors only go up; the numbers they guard are in docs/benchmarks.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimmap.eval.propaganda import evaluate_ptc

PTC = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ptc_semeval2020"
TC_FLOOR = 0.61
SI_FLOOR = 0.39


@pytest.mark.slow
def test_eval_propaganda_floors_on_held_out_articles() -> None:
    if not PTC.is_dir():
        pytest.skip("../shared/data/ptc_semeval2020 is not beside this checkout")
    scores = evaluate_ptc(PTC, "test")
    assert scores.articles > 50
    assert scores.tc.micro_f1 >= TC_FLOOR
    assert scores.si.f1 >= SI_FLOOR
