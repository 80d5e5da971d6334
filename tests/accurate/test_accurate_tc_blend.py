"""The accurate profile's technique decision: the fast model's probabilities blended with
the MiniLM head's (``tc_blend``), matched by technique name, not by column."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from claimmap.accurate.runtime import AccurateModel, blend_techniques, shift_fast_techniques

FAST_LABELS = ["Doubt", "Repetition", "Slogans"]


def _decider(**params: Any) -> AccurateModel:
    model = object.__new__(AccurateModel)
    model.params = {"tc_labels": ["Slogans", "Doubt", "Repetition"], **params}
    return model


def test_tc_blend_zero_weight_is_the_fast_model() -> None:
    fast = np.array([[0.5, 0.3, 0.2]], np.float32)
    minilm = np.array([[0.98, 0.01, 0.01]], np.float32)
    out = blend_techniques(_decider(tc_blend=0.0), fast, FAST_LABELS, minilm)
    assert np.allclose(out, fast, atol=1e-5)


def test_tc_blend_reads_the_head_by_technique_name() -> None:
    fast = np.array([[0.4, 0.35, 0.25]], np.float32)
    # The head is sure of Slogans, its first column; in fast order that is the last one.
    minilm = np.array([[0.9, 0.05, 0.05]], np.float32)
    out = blend_techniques(_decider(tc_blend=0.6), fast, FAST_LABELS, minilm)
    assert FAST_LABELS[int(out[0].argmax())] == "Slogans"
    assert np.isclose(out.sum(), 1.0)


def test_tc_blend_no_spans_is_empty() -> None:
    empty = np.zeros((0, 3), np.float32)
    assert blend_techniques(_decider(tc_blend=0.6), empty, FAST_LABELS, empty).shape == (0, 3)


def test_tc_fast_shift_absent_is_the_fast_model() -> None:
    fast = np.array([[0.5, 0.3, 0.2]], np.float32)
    assert shift_fast_techniques(_decider(), fast, FAST_LABELS) is fast


def test_tc_fast_shift_moves_the_named_technique() -> None:
    fast = np.array([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6]], np.float32)
    # log(0.5 / 0.2) = 0.92: a shift of 1.0 on Slogans (fast's last column) turns row 0.
    out = shift_fast_techniques(_decider(tc_fast_shift={"Slogans": 1.0}), fast, FAST_LABELS)
    assert [FAST_LABELS[int(k)] for k in out.argmax(axis=1)] == ["Slogans", "Slogans"]
    assert np.allclose(out.sum(axis=1), 1.0)
    assert np.isclose(out[0, 0] / out[0, 1], 0.5 / 0.3, rtol=1e-4)
