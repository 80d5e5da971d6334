"""The hashed sentence features are deterministic and normalised."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimmap.claims.features import N_BUCKETS, feature_names, hashed_features

SENTENCE = [("Unemployment", "NN", ""), ("fell", "VBD", ""), ("to", "IN", ""),
            ("6", "CD", "PERCENT"), ("percent", "NN", "PERCENT"), (".", ".", "")]


def test_features_numbers_become_shapes() -> None:
    names = feature_names(SENTENCE)
    assert "w:0" in names and "has:number" in names and "e:PERCENT" in names
    assert "b:fell to" in names and "tt:VBD IN" in names


def test_features_are_deterministic_and_unit_length() -> None:
    first = hashed_features(SENTENCE)
    second = hashed_features(list(SENTENCE))
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    assert abs(float(np.linalg.norm(first[1])) - 1.0) < 1e-5


token = st.tuples(st.text(max_size=12), st.sampled_from(["NN", "VBD", "CD", "."]),
                  st.sampled_from(["", "GPE", "CARDINAL"]))


@given(st.lists(token, max_size=40))
def test_features_indices_in_range(tokens: list[tuple[str, str, str]]) -> None:
    index, values = hashed_features(tokens)
    assert len(index) == len(values)
    assert ((index >= 0) & (index < N_BUCKETS)).all()
    assert np.isfinite(values).all()
