"""The span tagger's CRF scored in numpy gives crfsuite's own probabilities, to the bit."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.crf import CrfModel, read_model
from claimmap.errors import ModelError
from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.features import sentence_tags, tagger_features
from claimmap.rhetoric.model import RhetoricModel, load_model, sentence_bucket

TEXT = ("Council Vows To Crush Bridge Protest\n\nThe mayor called the protesters a mob of "
        "traitors. \u201cThey will never win,\u201d she said on Monday, as 300 people marched "
        "across the old bridge. Is this really democracy? Critics said the vile plan would "
        "destroy the town's heart forever!\n\nThe council denied it.\n")


@functools.cache
def _model() -> RhetoricModel:
    return load_model()


@functools.cache
def _crfsuite() -> Any:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(_model().tagger.path))
    return tagger


def _reference(items: list[dict[str, float]]) -> list[list[float]]:
    """crfsuite's marginals for one sentence, every label."""
    tagger = _crfsuite()
    tagger.set(items)
    return [[tagger.marginal(label, t) for label in _model().tagger.crf.labels]
            for t in range(len(items))]


def test_crf_the_span_tagger_matches_crfsuite_on_an_article() -> None:
    model = _model()
    ctx = ArticleContext.of(TEXT)
    scores, article_tag = model.sentence_scores(ctx)
    sentences = [(toks, tagger_features(toks, [*sentence_tags(ctx.text, toks),
                                               sentence_bucket(scores[k]), article_tag],
                                        model.rarity))
                 for k, toks in enumerate(ctx.tokens)]
    ours = model.tagger.inside_probabilities(sentences)
    assert model.vectors is not None
    for (toks, names), got in zip(sentences, ours, strict=True):
        want = [1.0 - row[0] for row in _reference(model.vectors.tagger_items(toks, names))]
        assert got == want  # the same floats, not close ones
    assert any(p > 0.1 for row in ours for p in row)  # a text the tagger reacts to


_TOKEN = st.tuples(
    st.lists(st.integers(0, 46_000), max_size=12, unique=True),
    st.lists(st.text("xyz=", min_size=1, max_size=5), max_size=2, unique=True),
    st.none() | st.lists(st.integers(-300, 300), min_size=32, max_size=32))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_TOKEN, min_size=1, max_size=9), min_size=1, max_size=4))
def test_crf_marginals_are_crfsuite_s_for_any_items(sentences: list[list[Any]]) -> None:
    tagger = _model().tagger
    crf = tagger.crf
    assert tagger.vectors is not None and tagger.vector_weights is not None
    # Feature names, not the vector's own attributes (no feature string is called "e3").
    dims_names = set(tagger.vectors.names)
    known = [name for name, row in crf.rows.items() if row < crf.pad and name not in dims_names]
    names, values, want = [], [], []
    for sentence in sentences:
        items = []
        for attrs, unknown, dims in sentence:
            token_names = [known[i % len(known)] for i in attrs] + [f"?{u}" for u in unknown]
            item = dict.fromkeys(token_names, 1.0)
            row = np.zeros(32)
            if dims is not None:
                row = np.array([d / 100 for d in dims])
                item.update(zip(tagger.vectors.names, row.tolist(), strict=True))
            names.append(token_names)
            values.append(row)
            items.append(item)
        want += _reference(items)
    state = crf.state_scores(names, (np.array(values), tagger.vector_weights))
    got = crf.marginals(state, [len(s) for s in sentences])
    assert got.tolist() == want


def test_crf_reads_crfsuite_s_labels_and_refuses_other_files(tmp_path: Path) -> None:
    crf = _model().tagger.crf
    assert list(crf.labels) == _crfsuite().labels()
    bad = tmp_path / "x.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError):
        CrfModel.read(bad)
    with pytest.raises(ModelError, match="missing"):
        read_model(tmp_path / "absent.crfsuite")
