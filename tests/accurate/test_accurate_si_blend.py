"""The accurate profile's SI blend: the fast tagger's token marginals carried onto the
encoder's word pieces, and averaged with the MiniLM head's only when switched on."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from claimmap.accurate.runtime import AccurateModel, fast_piece_probabilities
from claimmap.accurate.text import Piece
from claimmap.rhetoric.text import tokenize

TEXT = "They are traitors, plain and simple."


def _pieces() -> list[Piece]:
    # [CLS] they are trait ##ors , plain and simple . [SEP]
    offsets = ((0, 0), (0, 4), (5, 8), (9, 14), (14, 17), (17, 18), (19, 24), (25, 28),
               (29, 35), (35, 36), (0, 0))
    return [Piece(tuple(range(len(offsets))), offsets)]


def test_si_blend_pieces_take_their_fast_tokens_marginal() -> None:
    tokens = [tokenize(TEXT)]
    marginals = [[0.1, 0.2, 0.9, 0.3, 0.4, 0.5, 0.6, 0.7]]
    fallback = [np.full(11, 0.05, np.float32)]
    (row,) = fast_piece_probabilities(marginals, tokens, _pieces(), fallback)
    # Both pieces of "traitors" read that word's marginal; special pieces keep the fallback.
    assert row[3] == pytest.approx(0.9) and row[4] == pytest.approx(0.9)
    assert row[0] == pytest.approx(0.05) and row[-1] == pytest.approx(0.05)
    assert row[5] == pytest.approx(0.3)


def _model(**params: Any) -> AccurateModel:
    model = object.__new__(AccurateModel)
    model.params = {"si_threshold": 0.5, "si_gap": 0, **params}
    return model


def test_si_blend_is_off_without_its_switch() -> None:
    blend = {"fast_weight": 0.5, "threshold": 0.4, "gap": 1, "min_words": 1}
    assert not _model(si_blend=blend).blends_si()
    assert not _model(uses={"si_blend": True}).blends_si()
    assert _model(si_blend=blend, uses={"si_blend": True}).blends_si()


def test_si_blend_read_averages_with_the_fast_marginals(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    blend = {"fast_weight": 0.5, "threshold": 0.5, "gap": 0, "min_words": 1}
    model = _model(si_blend=blend, uses={"si_blend": True})
    pieces = _pieces()
    minilm = np.zeros(11, np.float32)
    minilm[3:5] = 0.6  # "traitors" alone is below the cut once averaged with a low fast side
    minilm[6] = 0.6
    monkeypatch.setattr(model, "si_probabilities", lambda states: [minilm])
    tokens = [tokenize(TEXT)]
    marginals = [[0.0, 0.0, 0.2, 0.0, 0.9, 0.0, 0.0, 0.0]]
    encoded = (pieces, [np.zeros((11, 4), np.float32)])
    alone = model.read(TEXT, encoded=encoded)[0]
    blended = model.read(TEXT, encoded=encoded, fast=(marginals, tokens))[0]
    assert [(s, e) for s, e, _ in alone] == [(9, 17), (19, 24)]
    assert [(s, e) for s, e, _ in blended] == [(19, 24)]


def test_si_blend_article_counts_sum_to_the_task_score() -> None:
    from claimmap.eval.propaganda import score_si, si_article_counts

    gold = {"1": [(0, 10), (20, 30)], "2": [(5, 15)], "3": [(0, 4)]}
    predicted = {"1": [(5, 12), (8, 25), (40, 50)], "2": [(0, 6)], "3": []}
    sums = np.array([si_article_counts(gold[a], predicted[a]) for a in gold]).sum(0)
    score = score_si(gold, predicted)
    assert sums[2] == score.n_predicted and sums[3] == score.n_gold
    assert sums[0] / sums[2] == pytest.approx(score.precision)
    assert sums[1] / sums[3] == pytest.approx(score.recall)
