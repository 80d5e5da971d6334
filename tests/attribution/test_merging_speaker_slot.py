"""The noun phrase after a sentence-final sure cue is its speaker, not what was said."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from claimmap.attribution.merging import _speaker_slot_contents
from claimmap.attribution.raw import RawAttribution


def _ferry(doc_builder: Any) -> Doc:
    words = ["The", "ferry", "is", "running", "again", ",", "according", "to", "the", "port",
             "authority", "."]
    return doc_builder(
        words, spaces=[True, True, True, True, False, True, True, True, True, True, False,
                       False],
        heads=[1, 3, 3, 3, 3, 3, 3, 6, 10, 10, 7, 3],
        deps=["det", "nsubj", "aux", "ROOT", "advmod", "punct", "prep", "prep", "det",
              "compound", "pobj", "punct"],
        pos=["DET", "NOUN", "AUX", "VERB", "ADV", "PUNCT", "VERB", "ADP", "DET", "NOUN",
             "NOUN", "PUNCT"],
        tags=["DT", "NN", "VBZ", "VBG", "RB", ",", "VBG", "IN", "DT", "NN", "NN", "."],
        sent_starts=[True] + [False] * 11)


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_merging_speaker_slot_phrase_after_the_cue_is_the_speaker(doc_builder: Any) -> None:
    doc = _ferry(doc_builder)
    text = doc.text
    tagged = RawAttribution(content=_span(text, "the port authority"),
                            cue=_span(text, "according to"), cue_class="say", source=None,
                            source_head=None, method="model:crf")
    [out] = _speaker_slot_contents(doc, [tagged])
    assert text[slice(*out.content)] == "The ferry is running again"
    assert out.source is not None and text[slice(*out.source)] == "the port authority"
    assert out.source_head == 10


def test_merging_speaker_slot_leaves_a_clause_or_a_held_one_alone(doc_builder: Any) -> None:
    doc = _ferry(doc_builder)
    text = doc.text
    tagged = RawAttribution(content=_span(text, "the port authority"),
                            cue=_span(text, "according to"), cue_class="say", source=None,
                            source_head=None, method="model:crf")
    # Another attribution already holds the clause before the cue: nothing moves.
    other = RawAttribution(content=_span(text, "The ferry is running"), cue=None,
                           cue_class="say", source=None, source_head=None)
    assert _speaker_slot_contents(doc, [other, tagged]) == [other, tagged]
    # A source before the cue means the phrase after it is what was said.
    sourced = RawAttribution(content=tagged.content, cue=tagged.cue, cue_class="say",
                             source=_span(text, "The ferry"), source_head=1)
    assert _speaker_slot_contents(doc, [sourced]) == [sourced]
