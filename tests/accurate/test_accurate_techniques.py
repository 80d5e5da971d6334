"""The accurate profile's technique model (claimmap.accurate.techniques): the fast model's
features beside the tracking embedder's vectors of the span and of its sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from claimmap.accurate import techniques
from claimmap.accurate.runtime import AccurateModel, shift_fast_techniques
from claimmap.accurate.techniques import MinilmTechniqueModel, technique_probabilities
from claimmap.errors import ModelError
from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.features import N_COLUMNS
from claimmap.rhetoric.model import load_model as load_rhetoric

TEXT = ("The mayor of Dunmore called the bridge plan a national disgrace. "
        "Traffic on the old span has doubled since 2019, the council said.")
SPANS = [(44, 63), (93, 111)]


def _decider(**params: Any) -> AccurateModel:
    model = object.__new__(AccurateModel)
    model.params = {"tc_labels": [], **params}
    return model


def _model(minilm_dense: np.ndarray[Any, Any]) -> MinilmTechniqueModel:
    classes = minilm_dense.shape[1]
    return MinilmTechniqueModel({
        "technique_columns": np.zeros(0, np.uint32),
        "technique_q8": np.zeros((0, classes), np.int8),
        "technique_scale": np.ones(classes, np.float32),
        "technique_bias": np.zeros(classes, np.float32),
        "technique_dense": np.zeros((load_rhetoric().technique_dense.shape[0], classes),
                                    np.float32),
        "minilm_dense": minilm_dense})


def test_techniques_minilm_logits_read_the_span_and_its_sentence_vectors() -> None:
    from claimmap.embed import load_encoder

    ctx = ArticleContext.of(TEXT)
    rng = np.random.default_rng(3)
    weights = rng.normal(size=(768, 4)).astype(np.float32)
    z = _model(weights).logits(ctx, SPANS, load_rhetoric())
    encoder = load_encoder()
    expected = []
    for start, end in SPANS:
        (a, b), _ = ctx.window(start, end)
        pair = encoder.encode([TEXT[start:end], TEXT[a:b]])
        expected.append(np.concatenate([pair[0], pair[1]]) @ weights)
    assert np.allclose(z, np.array(expected), atol=1e-4)


def test_techniques_minilm_logits_of_no_spans_are_empty() -> None:
    z = _model(np.zeros((768, 3), np.float32)).logits(ArticleContext.of(TEXT), [],
                                                      load_rhetoric())
    assert z.shape == (0, 3)


def test_techniques_switched_off_give_the_shifted_fast_probabilities() -> None:
    ctx = ArticleContext.of(TEXT)
    rhetoric = load_rhetoric()
    model = _decider(uses={"tc_minilm": False}, tc_fast_shift={"Doubt": 0.5})
    out = technique_probabilities(model, ctx, SPANS, rhetoric)
    fast = shift_fast_techniques(model, rhetoric.classify(ctx, SPANS), rhetoric.labels)
    assert np.array_equal(out, fast)


def test_techniques_without_the_file_fall_back_to_the_fast_model(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from claimmap.accurate import runtime

    monkeypatch.setattr(runtime, "DATA", tmp_path)
    techniques.load_technique_model.cache_clear()
    try:
        assert techniques.load_technique_model() is None
        ctx = ArticleContext.of(TEXT)
        rhetoric = load_rhetoric()
        out = technique_probabilities(_decider(), ctx, SPANS, rhetoric)
        assert np.array_equal(out, rhetoric.classify(ctx, SPANS))
        (tmp_path / techniques.TC_FILE).write_bytes(b"not a zip file")
        techniques.load_technique_model.cache_clear()
        with pytest.raises(ModelError, match="cannot load the accurate technique model"):
            techniques.load_technique_model()
    finally:
        techniques.load_technique_model.cache_clear()


def test_techniques_shipped_model_reads_every_fast_column() -> None:
    model = techniques.load_technique_model()
    if model is None:
        pytest.skip("tc_minilm.npz not built")
    rhetoric = load_rhetoric()
    assert model.hashed.weights.shape == (N_COLUMNS, len(rhetoric.labels))
    assert model.word_dense.shape == rhetoric.technique_dense.shape
    assert model.minilm_dense.shape == (768, len(rhetoric.labels))
    probs = technique_probabilities(_decider(), ArticleContext.of(TEXT), SPANS, rhetoric)
    assert probs.shape == (2, len(rhetoric.labels)) and np.allclose(probs.sum(1), 1.0)
