from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimmap.disputes.quantities import Mention, find_quantities
from claimmap.quantities import clash


def _one(text: str) -> Mention:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "value", "bound", "topic"), [
    ("at least 40 miners were killed", 40, "at_least", "deaths"),
    ("Nearly 3,200 protesters marched", 3200, "approx", "crowd"),
    ("The ministry spent $2.5 million on it", 2_500_000, "exact", "money"),
    ("fewer than twenty people were injured", 20, "at_most", "injuries"),
    ("prices rose 7 percent", 7, "exact", "percent"),
])
def test_quantities_read_value_bound_and_topic(text: str, value: float, bound: str,
                                               topic: str) -> None:
    m = _one(text)
    assert (m.value, m.bound, m.topic) == (value, bound, topic)


def test_quantities_skip_years() -> None:
    assert find_quantities("In 2019 the port was rebuilt") == []


@pytest.mark.parametrize(("a", "b", "clashes"), [
    ("12 soldiers died", "at least 40 soldiers were killed", True),
    ("12 soldiers died", "at most 40 soldiers were killed", False),
    ("about 100 people were injured", "105 people were injured", False),
    ("300 people were injured", "90 people were injured", True),
    ("300 people were injured", "300 people were arrested", False),
])
def test_quantities_conflict_needs_incompatible_values(a: str, b: str, clashes: bool) -> None:
    assert (clash(_one(a), _one(b)) > 0) is clashes


@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.$%abdkilmost")), max_size=80))
def test_quantities_offsets_stay_inside_text(text: str) -> None:
    for m in find_quantities(text):
        assert 0 <= m.start < m.end <= len(text)
        assert any(ch.isdigit() for ch in text[m.start:m.end]) or text[m.start:m.end].strip()
