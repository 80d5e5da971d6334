"""The accurate profile's second CRF span tagger: its extra features, and its place in the
SI blend (averaged in only when ``si_blend.second_weight`` says so)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from claimmap.accurate import tagger
from claimmap.rhetoric.context import ArticleContext

TEXT = ("Crooked Hillary lied again.\nThey said it twice: crooked Hillary lied.\n"
        "The weather was mild.")


def _features() -> list[list[list[str]]]:
    ctx = ArticleContext.of(TEXT)
    words = sorted({t.text.lower() for toks in ctx.tokens for t in toks})
    rows = {w: i for i, w in enumerate(words)}
    clusters = np.arange(len(words), dtype=np.uint8)
    return tagger.extra_features(ctx, clusters, rows)


def _names(features: list[list[list[str]]], sentence: int, token: int, prefix: str
           ) -> list[str]:
    return [f for f in features[sentence][token] if f.startswith(prefix)]


def test_si_tagger_marks_bigrams_repeated_in_the_article() -> None:
    feats = _features()
    # "crooked hillary" occurs in two lines: its words carry the repeat, "mild" does not.
    assert _names(feats, 0, 0, "brep+=") == ["brep+=2"]
    assert _names(feats, 0, 1, "brep-=") == ["brep-=2"]
    assert _names(feats, 0, 1, "rep=") == ["rep=2"]
    assert not _names(feats, 2, 3, "brep")
    assert _names(feats, 2, 3, "rep=") == ["rep=1"]


def test_si_tagger_window_carries_the_neighbours_clusters() -> None:
    ctx = ArticleContext.of(TEXT)
    feats = _features()
    words = sorted({t.text.lower() for toks in ctx.tokens for t in toks})
    second = ctx.tokens[0][1].text.lower()
    # Token 0 sees token 1's cluster as its right neighbour, and the sentence start before.
    assert _names(feats, 0, 0, "k+1=") == [f"k+1={words.index(second)}"]
    assert _names(feats, 0, 0, "k-1=") == ["k-1=<"]
    assert _names(feats, 0, 0, "sidx=") == ["sidx=0"]
    assert _names(feats, 2, 0, "sidx=") == ["sidx=2"]


def test_si_tagger_groups_leave_out_their_names() -> None:
    ctx = ArticleContext.of(TEXT)
    # Without the cluster group no cluster table is read (an empty one is given).
    feats = tagger.extra_features(ctx, np.zeros(0, np.uint8), {"crooked": 0},
                                  frozenset({"repeats"}))
    names = {f.split("=")[0] for sent in feats for tok in sent for f in tok}
    assert names == {"rep", "brep+", "brep-"}


pytest.importorskip("onnxruntime")

from claimmap.accurate.runtime import AccurateModel  # noqa: E402
from claimmap.accurate.text import Piece  # noqa: E402
from claimmap.rhetoric.text import tokenize  # noqa: E402

LINE = "They are traitors, plain and simple."


def _model(**params: Any) -> AccurateModel:
    model = object.__new__(AccurateModel)
    model.params = {"si_threshold": 0.5, "si_gap": 0, **params}
    return model


def test_si_tagger_third_share_moves_the_blend(monkeypatch: pytest.MonkeyPatch) -> None:
    offsets = ((0, 0), (0, 4), (5, 8), (9, 14), (14, 17), (17, 18), (19, 24), (25, 28),
               (29, 35), (35, 36), (0, 0))
    pieces = [Piece(tuple(range(len(offsets))), offsets)]
    blend = {"fast_weight": 0.4, "second_weight": 0.4, "threshold": 0.5, "gap": 0,
             "min_words": 1}
    model = _model(si_blend=blend, uses={"si_blend": True})
    minilm = np.zeros(11, np.float32)
    minilm[3:5] = 0.6
    monkeypatch.setattr(model, "si_probabilities", lambda states: [minilm])
    tokens = [tokenize(LINE)]
    fast = [[0.0, 0.0, 0.6, 0.0, 0.0, 0.0, 0.0, 0.0]]
    second = [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]
    encoded = (pieces, [np.zeros((11, 4), np.float32)])
    assert model.blends_second()
    # Two-way (second not given): 0.6 * 0.6 + 0.4 * 0.6 = 0.6, inside; with a second
    # tagger that disagrees: 0.2 * 0.6 + 0.4 * 0.6 = 0.36, outside.
    two = model.read(LINE, encoded=encoded, fast=(fast, tokens))[0]
    three = model.read(LINE, encoded=encoded, fast=(fast, tokens), second=second)[0]
    assert [(s, e) for s, e, _ in two] == [(9, 17)]
    assert three == []
    assert not _model(si_blend={**blend, "second_weight": 0.0},
                      uses={"si_blend": True}).blends_second()


@pytest.mark.skipif(not (tagger.DATA / tagger.TAGGER_FILE).exists(),
                    reason="second tagger not built")
def test_si_tagger_shipped_gives_a_probability_per_token() -> None:
    from claimmap.rhetoric.model import load_model

    ctx = ArticleContext.of(TEXT)
    fast, tokens, second = tagger.blend_inputs(ctx, load_model(), True)
    assert second is not None
    assert [len(s) for s in second] == [len(t) for t in tokens] == [len(f) for f in fast]
    assert all(0.0 <= p <= 1.0 for sent in second for p in sent)
