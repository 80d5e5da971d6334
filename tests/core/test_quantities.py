"""The shared figure knowledge (claimmap/quantities.py) the three figure readers use."""

from __future__ import annotations

import pytest

from claimmap.disputes.quantities import find_quantities
from claimmap.quantities import bound_phrases, clash, number_value, topic_of, topic_words


@pytest.mark.parametrize(("written", "value"), [
    ("12,000", 12000.0), ("3.5", 3.5), ("$2bn", 2e9), ("40%", 40.0), ("twelve", 12.0),
    ("twenty-five", 25.0), ("Thousand", 1000.0), ("2019-20", None), ("berth", None),
])
def test_quantities_number_value_reads_digits_words_and_suffixes(written: str,
                                                                 value: float | None) -> None:
    assert number_value(written) == value


@pytest.mark.parametrize(("before", "bound"), [
    ("no more than", "at_most"), ("more than", "at_least"), ("no fewer than", "at_least"),
    ("just over", "approx"), ("over", "at_least"), ("an estimated", "approx"),
])
def test_quantities_bound_phrases_longest_first(before: str, bound: str) -> None:
    assert next(bound_phrases(before.split()))[0] == bound


def test_quantities_both_readers_read_no_more_than_as_a_ceiling() -> None:
    # The claims reader once matched "more than" inside "no more than" (a floor).
    [mention] = find_quantities("Kessary said no more than 2 people were killed")
    assert (mention.bound, mention.value, mention.topic) == ("at_most", 2.0, "deaths")


@pytest.mark.parametrize(("text", "unit", "topic"), [
    ("300 staff were laid off", None, "jobs"),
    ("the council laid out plans for 300 homes", None, "homes"),
    ("the fund paid out", "EUR", "money"),
    ("a 40 million budget", "budget", "money"),
    ("40 trawlers crossed the line", "trawlers", "unit:trawler"),
    ("it rose", "percent", "percent"),
    ("it rose", None, ""),
])
def test_quantities_topic_of_says_what_a_figure_counts(text: str, unit: str | None,
                                                       topic: str) -> None:
    assert topic_of(topic_words(text), unit) == topic


def test_quantities_clash_needs_one_topic_and_incompatible_values() -> None:
    [low] = find_quantities("12 soldiers died")
    [high] = find_quantities("at least 40 soldiers were killed")
    [ceiling] = find_quantities("at most 40 soldiers were killed")
    assert clash(low, high) > 0.5
    assert clash(low, ceiling) == 0.0
    assert clash(high, high) == 0.0
