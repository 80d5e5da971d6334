"""Word vectors for the rhetoric models: lookup, tagger items, sentence means."""

from __future__ import annotations

import numpy as np
import pytest

from claimmap.rhetoric.model import load_model
from claimmap.rhetoric.text import tokenize
from claimmap.rhetoric.vectors import WordVectors, load_vectors


def _vectors() -> WordVectors:
    return WordVectors(["vile", "plan"], np.array([[1.0, -2.0], [0.5, 0.25]], dtype=np.float16))


def test_vectors_tagger_items_add_the_word_vector_to_the_feature_strings() -> None:
    tokens = tokenize("A VILE plan")
    items = _vectors().tagger_items(tokens, [["w=a"], ["w=vile"], ["w=plan"]])
    assert items[0] == {"w=a": 1.0}  # no vector: strings only
    assert items[1] == {"w=vile": 1.0, "e0": 1.0, "e1": -2.0}  # looked up lower-cased
    assert items[2] == {"w=plan": 1.0, "e0": 0.5, "e1": 0.25}


def test_vectors_mean_skips_unknown_words_and_is_zero_without_any() -> None:
    vectors = _vectors()
    assert np.allclose(vectors.mean(tokenize("vile , plan")), [0.75, -0.875])
    assert np.allclose(vectors.mean(tokenize("nothing known")), [0.0, 0.0])
    assert vectors.mean([]).shape == (2,)


def test_vectors_shipped_table_is_used_by_the_shipped_model() -> None:
    shipped = load_vectors()
    assert shipped.dims == 32 and len(shipped.row) > 30000
    # Neighbours in meaning are neighbours in the table: the point of shipping it.
    def cosine(a: str, b: str) -> float:
        x, y = shipped.table[shipped.row[a]], shipped.table[shipped.row[b]]
        return float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))
    assert cosine("annihilate", "destroy") > cosine("annihilate", "weather") + 0.3
    model = load_model()
    if model.vectors is None:
        pytest.fail("the shipped rhetoric model should read the word vectors")
    assert len(model.sentence_dense) == shipped.dims
    assert model.technique_dense.shape == (shipped.dims, len(model.labels))
