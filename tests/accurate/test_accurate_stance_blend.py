"""The accurate profile's stance decision: the head's probabilities, blended with the fast
model's related-class probabilities by the weight export chose (``stance_blend``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")

from claimmap.accurate.runtime import AccurateModel, related_probabilities

LABELS = ["agree", "disagree", "discuss"]


def _decider(**params: Any) -> AccurateModel:
    # stance_label needs only the parameters: no encoder session for a unit test.
    model = object.__new__(AccurateModel)
    model.params = {"stance_labels": LABELS, "stance_bias": [0.0, 0.0, 0.0], **params}
    return model


HEAD = np.array([0.2, 0.6, 0.2], np.float32)
FAST = [0.56, 0.04, 0.10]  # scaled by P(related) = 0.7, as in a Prediction's scores


def test_stance_blend_absent_means_the_head_alone() -> None:
    assert _decider().stance_label(HEAD, FAST) == "disagree"
    assert _decider().stance_label(HEAD) == "disagree"


def test_stance_blend_weight_lets_a_confident_fast_model_win() -> None:
    assert _decider(stance_blend=0.25).stance_label(HEAD, FAST) == "agree"
    # Without the fast probabilities the weight has nothing to blend with.
    assert _decider(stance_blend=0.25).stance_label(HEAD) == "disagree"


def test_stance_blend_ignores_the_scale_of_the_fast_scores() -> None:
    model = _decider(stance_blend=0.5)
    scaled = model.stance_label(HEAD, FAST)
    unscaled = model.stance_label(HEAD, [x / 0.7 for x in FAST])
    assert scaled == unscaled


def test_stance_blend_bias_shifts_the_decision() -> None:
    even = np.array([0.4, 0.3, 0.3], np.float32)
    assert _decider().stance_label(even) == "agree"
    assert _decider(stance_bias=[0.0, 1.0, 0.0]).stance_label(even) == "disagree"


def test_stance_blend_related_probabilities_follow_the_labels() -> None:
    scores = {"unrelated": 0.3, "discuss": 0.1, "agree": 0.5, "disagree": 0.1}
    assert related_probabilities(scores, LABELS) == [0.5, 0.1, 0.1]
    assert related_probabilities({}, LABELS) == [0.0, 0.0, 0.0]


def test_stance_fast_shift_absent_keeps_the_fast_label() -> None:
    from claimmap.accurate.runtime import shifted_fast_label

    scores = {"agree": 0.3, "disagree": 0.29, "discuss": 0.01, "unrelated": 0.4}
    assert shifted_fast_label(_decider(), "agree", scores) == "agree"
    assert shifted_fast_label(_decider(stance_fast_bias=[0.0, 0.0, 0.0]), "agree",
                              scores) == "agree"


def test_stance_fast_shift_moves_a_close_call_but_never_unrelated() -> None:
    from claimmap.accurate.runtime import shifted_fast_label
    from claimmap.stance.model import default_model

    offsets = default_model().s2_bias
    # agree ahead of disagree by a margin the shift (+1.0 on disagree) overturns.
    margin = float(np.exp(offsets[1] - offsets[0] + 0.5))
    scores = {"agree": 0.3, "disagree": 0.3 / margin, "discuss": 0.001, "unrelated": 0.4}
    decider = _decider(stance_fast_bias=[0.0, 1.0, 0.0])
    assert shifted_fast_label(_decider(stance_fast_bias=[0.0, 0.25, 0.0]), "agree",
                              scores) == "agree"
    assert shifted_fast_label(decider, "agree", scores) == "disagree"
    assert shifted_fast_label(decider, "unrelated", scores) == "unrelated"
