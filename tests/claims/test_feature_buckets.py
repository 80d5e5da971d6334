"""The cached feature buckets must be the CRC-32 buckets of ``feature_names``, in order."""

from __future__ import annotations

import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.claims.features import N_BUCKETS, feature_buckets, feature_names

_WORDS = st.sampled_from(["The", "mayor", "said", "3.5", "million", "", " ", "\n", "$",
                          "Velmark's", "it", "2021", "résumé", "!"])
_TAGS = st.sampled_from(["DT", "NN", "VBD", "CD", "_SP", "$", "NNP", "."])
_ENTS = st.sampled_from(["", "", "MONEY", "GPE", "DATE"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_WORDS, _TAGS, _ENTS), max_size=30))
def test_feature_buckets_are_the_hashed_names_in_order(tokens: list[tuple[str, str, str]]
                                                       ) -> None:
    expected = [zlib.crc32(name.encode("utf-8")) % N_BUCKETS for name in feature_names(tokens)]
    assert feature_buckets(tokens) == expected
    assert feature_buckets(tokens) == expected  # and again, from the caches
