"""A parenthetical cue ("At one point, she said, she was ...") reports the sentence around
it: the tagger tags its source and cue and leaves the words around them O."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimmap.attribution.assembly import aside_content, assemble
from claimmap.attribution.cues import load_lexicon


def _at(doc: Doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def _aside(nlp: Language, text: str, source: str, cue: str) -> str | None:
    doc = nlp(text)
    sent = next(iter(doc.sents))
    region = (_at(doc, source), _at(doc, cue) + 1)
    found = aside_content(doc, sent, region, _at(doc, cue))
    return None if found is None else text[found[0]:found[1]]


def test_assembly_aside_content_spans_the_clause_around_the_cue(nlp: Language) -> None:
    text = "At one point, she said, she was considering supporting the mayor."
    assert _aside(nlp, text, "she", "said") == \
        "At one point, she said, she was considering supporting the mayor"


def test_assembly_aside_content_leaves_the_cues_adjuncts_out(nlp: Language) -> None:
    text = "He was unable to find a single taker, he said, on condition of anonymity."
    assert _aside(nlp, text, "he", "said") == "He was unable to find a single taker"


def test_assembly_aside_content_needs_a_clause_before_the_cue(nlp: Language) -> None:
    text = "During the two-hour service, the pastor asked the congregation to stand."
    assert _aside(nlp, text, "pastor", "asked") is None


def test_assembly_aside_gives_a_tagged_cue_without_content_its_sentence(
        nlp: Language) -> None:
    text = "Things have changed over the years, she says, especially online."
    doc = nlp(text)
    sent = next(iter(doc.sents))
    she, says = _at(doc, "she"), _at(doc, "says")
    found = assemble(doc, [(sent, [("SRC", she, she + 1), ("CUE", says, says + 1)])],
                     load_lexicon())
    assert len(found) == 1
    assert text[found[0].content[0]:found[0].content[1]].startswith(
        "Things have changed over the years")
    assert found[0].source is not None and text[slice(*found[0].source)] == "she"
    assert found[0].method == "model:crf-aside"
