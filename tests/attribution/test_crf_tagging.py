"""The attribution CRF scored in numpy gives crfsuite's own tags and marginals, to the bit."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimmap.attribution.decoding import decode, second_look, wants_second_look
from claimmap.attribution.features import doc_features
from claimmap.attribution.model import MODEL_FILE
from claimmap.attribution.rules import find_attributions
from claimmap.attribution.tagging import CrfTagger
from claimmap.crf import Item

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear" / "dev" / "text"


@functools.cache
def _ours() -> CrfTagger:
    return CrfTagger(MODEL_FILE)


@functools.cache
def _crfsuite() -> Any:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_FILE))
    return tagger


def _reference(items: list[Item]) -> tuple[list[str], list[list[float]]]:
    """crfsuite's Viterbi tags and every label's marginal, for one sentence."""
    tagger = _crfsuite()
    tags = tagger.tag(items)
    return tags, [[tagger.marginal(label, t) for label in tagger.labels()]
                  for t in range(len(items))]


def _check_sentences(sentences: list[list[Item]]) -> int:
    """Assert ours equal crfsuite's (Viterbi, marginals, decoded tags); the number of
    sentences decoding read again from the marginals."""
    crf = _ours().crf
    kept = [s for s in sentences if s]
    lengths = [len(s) for s in kept]
    state = crf.item_state_scores([item for s in kept for item in s])
    best = crf.viterbi(state, lengths).tolist() if kept else []
    marginals = crf.marginals(state, lengths).tolist() if kept else []
    at, again = 0, 0
    for sentence in kept:
        tags, probabilities = _reference(sentence)
        assert [crf.labels[j] for j in best[at:at + len(sentence)]] == tags
        assert marginals[at:at + len(sentence)] == probabilities  # equal floats, not close
        at += len(sentence)
        again += wants_second_look(tags, sentence)
    assert _ours().tag_sentences(sentences) == [decode(_crfsuite(), s) for s in sentences]
    return again


def test_crf_tagging_matches_crfsuite_on_polnear_sentences(nlp: Language) -> None:
    if not DEV.is_dir():
        pytest.skip("../shared/data/polnear is not beside this checkout")
    again = 0
    for path in sorted(DEV.glob("*.txt"))[:6]:
        doc = nlp(path.read_text(encoding="utf-8"))
        sentences = [feats for _, feats in doc_features(doc, find_attributions(doc))]
        again += _check_sentences(sentences)
    assert again > 0  # the marginals' second look was compared too


_KNOWN = st.integers(0, 50_000)
_VALUE = st.text("abc:\0é", max_size=4)


@functools.cache
def _known_names() -> list[str]:
    crf = _ours().crf
    return [name for name, row in crf.rows.items() if row < crf.pad]


def _item(draw: Any) -> Item:
    """A token: known attributes given as (key, value) at some colon, unknown ones, and the
    numeric bias, in a random order."""
    names = _known_names()
    item: dict[str, str | float] = {}
    for k in draw(st.lists(_KNOWN, max_size=8, unique=True)):
        name = names[k % len(names)]
        colons = [i for i, ch in enumerate(name) if ch == ":"]
        if colons:
            at = colons[draw(st.integers(0, len(colons) - 1))]
            item[name[:at]] = name[at + 1:]
        else:
            item[name] = 1.0
    for key, value in draw(st.lists(st.tuples(_VALUE, _VALUE), max_size=3)):
        item.setdefault("w" + key, value)
    keys = draw(st.permutations(list(item)))
    return {key: item[key] for key in keys}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_crf_tagging_is_crfsuite_s_for_any_items(data: st.DataObject) -> None:
    sentences = [[_item(data.draw) for _ in range(data.draw(st.integers(0, 7)))]
                 for _ in range(data.draw(st.integers(1, 4)))]
    _check_sentences(sentences)


def test_crf_tagging_second_look_sums_roles_in_label_order() -> None:
    labels = ["O", "B-SRC", "B-CUE", "B-CON", "I-CON", "I-CUE", "I-SRC"]
    # O would win undiscounted; scaled by 0.2, the cue and the content do.
    rows = np.array([[0.5, 0.0, 0.3, 0.0, 0.0, 0.2, 0.0]] + [[0.6, 0.0, 0.0, 0.1, 0.3, 0.0,
                                                               0.0]] * 3)
    tags = ["O"] * 4
    assert second_look(tags, labels, rows) == ["B-CUE", "B-CON", "I-CON", "I-CON"]
    assert second_look(tags, labels, rows, o_weight=1.0) == tags
    assert second_look(tags, labels, rows[:3]) == tags  # too little content: Viterbi's
