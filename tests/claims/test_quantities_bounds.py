"""Quantities: values, bounds, what is counted; dates and ordinals are not quantities."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimmap.claims.quantities import find_quantities


def _quantities(nlp: Language, text: str) -> list[tuple[str, float, str | None, str]]:
    doc = nlp(text)
    return [(q.span.text, q.value, q.unit, q.bound)
            for q in find_quantities(doc[:])]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), [
    ("Only 12 soldiers have been confirmed dead.", [("12", 12.0, "soldiers", "exact")]),
    ("Reuters estimates that at least 40 Russians have been killed.",
     [("at least 40", 40.0, "Russians", "at_least")]),
    ("The plant employs about 900 workers.", [("about 900", 900.0, "workers", "approx")]),
    ("Up to 300 homes lost power.", [("Up to 300", 300.0, "homes", "at_most")]),
    ("More than 2,500 people signed the petition.",
     [("More than 2,500", 2500.0, "people", "at_least")]),
    ("The deal is worth $2 billion.", [("$2 billion", 2e9, "USD", "exact")]),
    ("Inflation rose to 7.5% in March.", [("7.5%", 7.5, "percent", "exact")]),
    ("Dozens of ships waited outside the port.", [("Dozens", 24.0, "ships", "at_least")]),
    ("Three reporters were detained.", [("Three", 3.0, "reporters", "exact")]),
])
def test_quantities_values_bounds_units(nlp: Language, text: str,
                                        expected: list[tuple[str, float, str, str]]) -> None:
    assert _quantities(nlp, text) == expected


@pytest.mark.slow
def test_quantities_skip_dates_ordinals_and_pronoun_one(nlp: Language) -> None:
    text = "On 5 May 2016, the second convoy arrived, and one of the drivers spoke."
    assert _quantities(nlp, text) == []


@pytest.mark.slow
def test_quantities_offsets_match_text(nlp: Language) -> None:
    text = "Officials said nearly 1,200 people fled, while rebels claimed over 3 million left."
    doc = nlp(text)
    for quantity in find_quantities(doc[:]):
        span = quantity.span
        assert text[span.start:span.end] == span.text
