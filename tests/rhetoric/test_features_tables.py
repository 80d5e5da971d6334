"""The span tagger's precomputed feature tables say what the bucketing says."""

from __future__ import annotations

from claimmap.rhetoric.features import _COLUMNS, _bucket, hash_features, token_features
from claimmap.rhetoric.text import normalise, tokenize


def test_features_tables_position_features_for_every_length() -> None:
    for n in (1, 2, 7, 21, 22, 45):
        tokens = tokenize(" ".join(["word"] * n))
        feats = token_features(tokens, [])
        for i, names in enumerate(feats):
            assert f"pos={_bucket(i, (0, 2, 5, 10, 20))}" in names
            assert f"rpos={_bucket(n - 1 - i, (0, 2, 5, 10, 20))}" in names


def test_features_tables_hashing_is_the_sorted_set_of_columns() -> None:
    names = ["w=vile", "b", "w=vile", "s=Tt", "never-seen-before-feature"]
    assert hash_features(names) == sorted({_COLUMNS[n] for n in names})


def test_features_tables_normalise_is_the_same_when_cached() -> None:
    text = "The attackers attacked; the attack is attacking"
    first = normalise(text)
    assert normalise(text) == first == "attacker attack attack attack"
