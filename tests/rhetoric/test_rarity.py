"""Word frequency bands for the rhetoric models."""

from __future__ import annotations

import numpy as np

from claimmap.rhetoric.features import sentence_features, sentence_words, tagger_features
from claimmap.rhetoric.model import load_model
from claimmap.rhetoric.rarity import WordRarity, frequency_band
from claimmap.rhetoric.text import tokenize


def _rarity() -> WordRarity:
    return WordRarity({"the": 0, "vile": 1, "plan": 2}, np.array([90_000, 2, 20]))


def test_rarity_bands_grow_by_a_factor_of_three_and_a_half() -> None:
    assert [frequency_band(n) for n in (0, 1, 3, 4, 12, 13, 42, 43, 150, 151, 525, 526)] == [
        0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5]
    assert frequency_band(10**9) == 5


def test_rarity_new_words_are_rare_and_lookups_ignore_case() -> None:
    rarity = _rarity()
    assert rarity.band("dalliance") == 0
    assert rarity.band("The") == 5
    assert rarity.band("PLAN") == 2


def test_rarity_token_features_skip_short_words_numbers_and_punctuation() -> None:
    tokens = [t._replace(pos="NOUN") for t in tokenize("a vile plan , 2024 the")]
    features = _rarity().token_features(tokens)
    assert features == [(), ("rare=0", "rare=0|NOUN"), ("rare=2", "rare=2|NOUN"), (), (),
                        ("rare=5", "rare=5|NOUN")]


def test_rarity_sentence_features_list_only_the_rare_words() -> None:
    assert _rarity().sentence_features(tokenize("the vile plan of a zealot")) == [
        "srare=0", "srare=0"]  # "vile" and the unseen "zealot"


def test_rarity_features_are_added_only_when_the_model_has_counts() -> None:
    tokens = tokenize("the vile plan")
    plain = sentence_words("the vile plan", tokens)
    assert sentence_features("the vile plan", tokens, None) == plain
    assert sentence_features("the vile plan", tokens, _rarity()) == [*plain, "srare=0"]
    with_bands = tagger_features(tokens, ["len=3"], _rarity())
    assert "rare=0|" in with_bands[1] and "rare=5" in with_bands[0]
    assert all(not any(f.startswith("rare=") for f in names)
               for names in tagger_features(tokens, ["len=3"], None))


def test_rarity_shipped_model_counts_every_vector_row() -> None:
    model = load_model()
    assert model.rarity is not None and model.vectors is not None
    assert len(model.rarity.counts) == len(model.vectors.row)
    assert int(model.rarity.counts.min()) >= 1  # the table holds corpus words only
    assert model.rarity.band("the") == 5
