from __future__ import annotations

import pytest

from claimmap.attribution.cues import inflect, load_lexicon


@pytest.mark.parametrize("base,form", [("say", "says"), ("deny", "denied"), ("deny", "denies"),
                                       ("estimate", "estimating"), ("accuse", "accused"),
                                       ("admit", "admits"), ("put", "putting")])
def test_cues_inflect_regular_forms(base: str, form: str) -> None:
    assert form in inflect(base)


@pytest.mark.parametrize("word,cue_class", [
    ("said", "say"), ("told", "say"), ("accused", "accuse"), ("denies", "deny"),
    ("contradicted", "contradict"), ("confirmed", "confirm"), ("estimates", "estimate"),
    ("alleging", "allege"), ("speculated", "speculate"), ("complained", "complain"),
    ("asked", "question"), ("believes", "believe")])
def test_cues_lexicon_classes(word: str, cue_class: str) -> None:
    entry = load_lexicon().verb(word)
    assert entry is not None and entry[1] == cue_class
