"""The accurate profile reads each claim from the article's one encoder pass
(claimmap.accurate.runtime.own_inputs), with hand-built inputs and states."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimmap.accurate.runtime import length_batches, own_inputs, spans_from
from claimmap.accurate.text import Piece


def _piece(start: int, end: int) -> Piece:
    return Piece((101, 5, 102), ((0, 0), (start, end), (0, 0)))


def test_inputs_claim_gets_the_mean_of_its_own_input_specials_included() -> None:
    pieces = [_piece(0, 10), _piece(11, 30), _piece(31, 40)]
    states = [np.full((3, 4), float(k), np.float32) for k in range(3)]
    states[1][0] = 9.0
    pooled, found = own_inputs([(11, 30)], pieces, states)
    assert found == [True]
    assert np.allclose(pooled[0], (9.0 + 1.0 + 1.0) / 3)


def test_inputs_long_claim_pools_every_window_inside_it() -> None:
    pieces = [_piece(0, 5), _piece(6, 9), _piece(12, 20)]
    states = [np.full((3, 2), float(k), np.float32) for k in range(3)]
    pooled, found = own_inputs([(6, 9), (0, 9), (10, 11)], pieces, states)
    assert found == [True, True, False]
    assert np.allclose(pooled[0], 1.0)
    assert np.allclose(pooled[1], 0.5)
    assert np.allclose(pooled[2], 0.0)


def test_inputs_window_straddling_a_claim_is_not_its_input() -> None:
    pieces = [_piece(0, 20)]
    states = [np.ones((3, 2), np.float32)]
    _, found = own_inputs([(5, 15)], pieces, states)
    assert found == [False]


def test_inputs_spans_under_min_words_are_dropped() -> None:
    text = "They are traitors and cowards, said he."
    offsets = ((0, 0), (0, 4), (5, 8), (9, 17), (18, 21), (22, 29), (29, 30), (31, 35),
               (0, 0))
    piece = Piece((101, 5, 5, 5, 5, 5, 5, 5, 102), offsets)
    probs = np.array([0.0, 0.9, 0.1, 0.8, 0.7, 0.9, 0.1, 0.1, 0.0], np.float32)
    found = spans_from(text, [piece], [probs], 0.5, 0)
    assert [text[s:e] for s, e, _ in found] == ["They", "traitors and cowards"]
    kept = spans_from(text, [piece], [probs], 0.5, 0, min_words=2)
    assert [text[s:e] for s, e, _ in kept] == ["traitors and cowards"]
    assert kept[0][2] == round((0.8 + 0.7 + 0.9) / 3, 4)


@given(st.lists(st.integers(min_value=1, max_value=130), max_size=120),
       st.integers(min_value=1, max_value=40), st.floats(min_value=0.0, max_value=0.9))
def test_inputs_length_batches_cap_the_padding(lengths: list[int], size: int,
                                               padding: float) -> None:
    batches = length_batches(lengths, size, padding)
    assert sorted(i for rows in batches for i in rows) == list(range(len(lengths)))
    for rows in batches:
        assert 1 <= len(rows) <= size
        padded = len(rows) * max(lengths[i] for i in rows)
        assert padded * (1.0 - padding) <= sum(lengths[i] for i in rows) + 1e-9 \
            or len(rows) == 1


def test_inputs_length_batches_part_short_from_long_inputs() -> None:
    # Eight short lines and two long ones: one fixed batch would be 80 % padding.
    batches = length_batches([12] * 8 + [120, 118], size=32, max_padding=0.15)
    assert batches == [[0, 1, 2, 3, 4, 5, 6, 7], [9, 8]]
