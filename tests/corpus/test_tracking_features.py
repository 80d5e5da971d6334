from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from claimmap.corpus.tracking.features import (
    _whole_word_in,
    claim_features,
    gate,
    normalise,
    shingles,
)
from claimmap.match.text import numbers


def _f(text: str, figures: list[tuple[float, str]] | None = None):  # type: ignore[no-untyped-def]
    quantities = [{"value": v, "unit": u, "bound": "exact", "span": {"text": str(v)}}
                  for v, u in figures or []]
    return claim_features(text, quantities)


def test_tracking_features_normalise_folds_case_quotes_and_spacing() -> None:
    assert normalise("  The “Port”  CLOSED,\n said   officials. ") == \
        normalise("the port closed said officials")
    assert normalise("Rates rose to 4.2%.") == "rates rose to 4.2%"


def test_tracking_features_paraphrase_passes_the_gate() -> None:
    a = _f("The Velmont water authority found lead levels above the legal limit in 31 schools.")
    b = _f("According to Velmont's water authority, 31 schools had lead levels exceeding the "
           "legal limit.")
    assert gate(a, b) is None


def test_tracking_features_other_figure_negation_entity_direction_keep_apart() -> None:
    base = _f("Unemployment fell to 4.2 percent, the Karvia statistics office said.")
    assert gate(base, _f("Unemployment rose to 7.9 percent, the Karvia statistics office "
                         "said.")).startswith("other figure")
    assert gate(base, _f("Unemployment did not fall to 4.2 percent, the Karvia statistics "
                         "office said.")) == "negation"
    assert gate(base, _f("Unemployment fell to 4.2 percent, the Dressia statistics office "
                         "said.")).startswith("other entity")
    assert gate(base, _f("Unemployment rose to 4.2 percent, the Karvia statistics office "
                         "said.")).startswith("opposite direction")


def test_tracking_features_demonym_and_dropped_name_are_the_same_entity() -> None:
    a = _f("The Dressian finance ministry said the Hallam bridge cost 45 million euros.")
    b = _f("The finance ministry of Dressia said the Hallam bridge cost 45 million euros.")
    c = _f("The finance ministry said the bridge cost 45 million euros.")
    assert gate(a, b) is None and gate(a, c) is None


def test_tracking_features_sentence_initial_word_is_no_entity() -> None:
    f = _f("Officials said the bridge will reopen.")
    assert "officials" not in f.entities
    assert "ilse" in _f("Ilse Varga said Ilse would run.").entities


def test_tracking_features_shingles_ignore_punctuation_and_case() -> None:
    assert shingles("One two three four five six.") == shingles("one, two THREE four five six")
    assert len(shingles("one two three four five six")) == 2
    assert shingles("") == set()


_words = st.lists(st.sampled_from(["Karvia", "Dressia", "not", "rose", "fell", "40", "12",
                                   "the", "port", "closed", "said", "ministry"]),
                  min_size=1, max_size=12)


@given(_words, _words)
def test_tracking_features_gate_is_symmetric(a: list[str], b: list[str]) -> None:
    fa, fb = _f(" ".join(a)), _f(" ".join(b))
    assert (gate(fa, fb) is None) == (gate(fb, fa) is None)
    assert gate(fa, fa) is None


def test_tracking_features_first_word_named_again_only_as_a_whole_word() -> None:
    assert "orvane" in _f("Orvane cut 300 jobs, an Orvane spokesman said.").entities
    assert "orvane" not in _f("Orvane cut 300 jobs, said Orvanes.").entities


@given(st.text(alphabet="Ab-_ 1é'’.\u00a0\u0663", max_size=14),
       st.text(alphabet="Ab-_1é", max_size=3))
def test_tracking_features_whole_word_search_agrees_with_the_regex(text: str, rest: str) -> None:
    word = "A" + rest  # a sentence's first word: [A-Z][\\w-]*
    expected = re.search(rf"\b{re.escape(word)}\b", text) is not None
    assert _whole_word_in(word, text) == expected


@given(st.text(alphabet="0123,.x \u0663", max_size=12))
def test_tracking_features_numbers_match_a_full_scan(text: str) -> None:
    from claimmap.match.text import _NUMBER

    expected = set()
    for match in _NUMBER.finditer(text):
        value = match.group(0).replace(",", "")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        expected.add(value.lstrip("0") or "0")
    assert numbers(text) == expected
