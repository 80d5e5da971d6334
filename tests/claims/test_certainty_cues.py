"""Certainty levels and cue offsets from the lexicon, without spaCy."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimmap.claims.certainty import classify, find_cues, is_question


@pytest.mark.parametrize(("text", "level"), [
    ("The council approved the budget on Tuesday.", "asserted"),
    ("The obstacle seems to be the support of their colleagues.", "probable"),
    ("Reuters estimates that at least 40 soldiers have died.", "probable"),
    ("The general allegedly ordered the strike.", "possible"),
    ("The storm may reach the coast by Saturday.", "possible"),
    ("As some have speculated, the minister was forced out.", "speculative"),
    ("Is the government really selling the railway?", "questioned"),
    ("It is unclear whether the ceasefire will hold.", "questioned"),
    ("Or perhaps, as some have speculated, does the army want the land?", "speculative"),
])
def test_certainty_levels(text: str, level: str) -> None:
    assert classify(text)[0] == level


def test_certainty_month_may_is_not_a_hedge() -> None:
    assert classify("The bridge opened in May after two years of work.")[0] == "asserted"


def test_certainty_could_not_is_an_assertion() -> None:
    assert classify("Police could not confirm the arrest.")[0] == "asserted"


def test_certainty_cue_offsets_point_into_the_text() -> None:
    text = "Intro. The spokesman said it seems to be over, allegedly."
    level, cues = classify(text[7:], offset=7)
    assert level == "possible"
    assert [text[c.start:c.end] for c in cues] == ["seems", "allegedly"]


def test_certainty_question_inside_closing_quote() -> None:
    assert is_question("He asked, “Is it an artful move?”")
    assert not is_question("He asked a question.")


@given(st.text(max_size=300))
def test_certainty_never_raises_and_offsets_are_in_range(text: str) -> None:
    level, cues = classify(text, offset=5)
    assert level in ("asserted", "probable", "possible", "speculative", "questioned")
    for cue in cues:
        assert 5 <= cue.start < cue.end <= 5 + len(text)
    assert all(c.start >= 5 for c in find_cues(text, 5))
