from __future__ import annotations

import math

import pytest

import claimmap
from claimmap.stance.model import LABELS, default_model

HEADLINE = "Harbour city mayor resigns after audit of ferry contracts"
AGREE_BODY = (
    "The mayor of the harbour city resigned on Monday after an audit of ferry contracts. "
    "Officials confirmed the mayor resigned and said the audit of the ferry contracts found "
    "overpayments. The council will choose an interim mayor next week.")
UNRELATED_BODY = (
    "A rare orchid bloomed in the botanical garden greenhouse this spring. Gardeners said the "
    "flower needs high humidity and shade. Visitors queued for hours to photograph it.")


def test_stance_model_scores_are_probabilities() -> None:
    result = claimmap.stance(HEADLINE, AGREE_BODY)
    assert result.label in LABELS
    assert set(result.scores) == set(LABELS)
    assert math.isclose(sum(result.scores.values()), 1.0, abs_tol=1e-3)
    assert all(0.0 <= v <= 1.0 for v in result.scores.values())


def test_stance_model_evidence_offsets_index_the_body() -> None:
    result = claimmap.stance(HEADLINE, AGREE_BODY)
    assert result.evidence
    for span in result.evidence:
        assert AGREE_BODY[span.start:span.end] == span.text


def test_stance_model_tells_unrelated_from_related() -> None:
    assert claimmap.stance(HEADLINE, UNRELATED_BODY).label == "unrelated"
    related = claimmap.stance(HEADLINE, AGREE_BODY)
    assert related.label != "unrelated"
    assert related.scores["unrelated"] < 0.5


def test_stance_model_is_small_and_records_its_split() -> None:
    from claimmap.stance.model import MODEL_PATH

    assert MODEL_PATH.stat().st_size < 4_000_000
    split = default_model().meta["split"]
    assert not set(split["test"]) & set(split["train"])
    assert not set(split["test"]) & set(split["dev"])


@pytest.mark.parametrize("headline", ["", "   "])
def test_stance_model_record_skips_without_headline(headline: str) -> None:
    from claimmap.stance.headline import stance_record

    assert stance_record("Some body text.", headline) is None
    assert stance_record("Some body text.", None) is None


def test_stance_model_record_masks_headline_and_keeps_offsets() -> None:
    from claimmap.stance.headline import stance_record

    text = HEADLINE + "\n\n" + AGREE_BODY
    record = stance_record(text, HEADLINE, [[0, len(HEADLINE)]])
    assert record is not None
    for span in record.evidence:
        assert span.start >= len(HEADLINE)
        assert text[span.start:span.end] == span.text


def test_stance_model_name_is_callable_and_a_package() -> None:
    import importlib

    model_module = importlib.import_module("claimmap.stance.model")
    assert model_module.MODEL_PATH.name == "stance_fnc1.npz"
    assert "stance" in claimmap.__all__
    from claimmap import stance

    assert stance(HEADLINE, UNRELATED_BODY).label == "unrelated"
