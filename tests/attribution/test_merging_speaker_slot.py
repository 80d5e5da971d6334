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


def _statement(doc_builder: Any) -> Doc:
    words = ["Velt", ",", "in", "a", "statement", ",", "said", "she", "would", "return", "."]
    return doc_builder(
        words, spaces=[False, True, True, True, False, True, True, True, True, False, False],
        heads=[6, 0, 6, 4, 2, 6, 6, 9, 9, 6, 6],
        deps=["nsubj", "punct", "prep", "det", "pobj", "punct", "ROOT", "nsubj", "aux",
              "ccomp", "punct"],
        pos=["PROPN", "PUNCT", "ADP", "DET", "NOUN", "PUNCT", "VERB", "PRON", "AUX", "VERB",
             "PUNCT"],
        sent_starts=[True] + [False] * 10)


def test_merging_prepositional_phrase_is_no_source_beside_the_subject(doc_builder: Any
                                                                     ) -> None:
    from claimmap.attribution.merging import _with_rule

    doc = _statement(doc_builder)
    text = doc.text
    rule = RawAttribution(content=_span(text, "she would return"), cue=_span(text, "said"),
                          cue_class="say", source=_span(text, "Velt"), source_head=0)
    tagged = RawAttribution(content=rule.content, cue=rule.cue, cue_class="say",
                            source=_span(text, "a statement"), source_head=4,
                            method="model:crf")
    out = _with_rule(doc, tagged, rule)
    assert out.source == rule.source and out.source_head == 0
    # A tagged subject is kept: only a preposition's object gives way.
    named = RawAttribution(content=rule.content, cue=rule.cue, cue_class="say",
                           source=_span(text, "Velt"), source_head=0, method="model:crf")
    other = RawAttribution(content=rule.content, cue=rule.cue, cue_class="say",
                           source=_span(text, "a statement"), source_head=4)
    assert _with_rule(doc, named, other).source == named.source


def test_merging_opening_participle_goes_on_with_the_speaker_before(doc_builder: Any
                                                                    ) -> None:
    from claimmap.attribution.merging import _opening_participles

    words = ["Holm", "said", "it", "is", "safe", ".", "Adding", ",", "“", "We", "reopen", ".",
             "”"]
    doc = doc_builder(
        words, spaces=[True, True, True, True, False, True, False, True, False, True, False,
                       False, False],
        heads=[1, 1, 3, 1, 3, 1, 6, 6, 10, 10, 6, 10, 10],
        deps=["nsubj", "ROOT", "nsubj", "ccomp", "acomp", "punct", "ROOT", "punct", "punct",
              "nsubj", "ccomp", "punct", "punct"],
        pos=["PROPN", "VERB", "PRON", "AUX", "ADJ", "PUNCT", "VERB", "PUNCT", "PUNCT", "PRON",
             "VERB", "PUNCT", "PUNCT"],
        tags=["NNP", "VBD", "PRP", "VBZ", "JJ", ".", "VBG", ",", "``", "PRP", "VBP", ".", "''"],
        sent_starts=[True, False, False, False, False, False, True, False, False, False,
                     False, False, False])
    text = doc.text
    said = RawAttribution(content=_span(text, "it is safe"), cue=_span(text, "said"),
                          cue_class="say", source=_span(text, "Holm"), source_head=0)
    adding = RawAttribution(content=_span(text, "“We reopen.”"), cue=_span(text, "Adding"),
                            cue_class="say", source=None, source_head=None,
                            method="model:crf")
    out = _opening_participles(doc, [said, adding])
    assert out[0] == said
    assert out[1].source == said.source and out[1].source_head == 0
    # With no attribution in the sentence before, nobody is guessed.
    assert _opening_participles(doc, [adding]) == [adding]


def test_merging_subject_out_of_content_the_subject_speaks(doc_builder: Any) -> None:
    from claimmap.attribution.merging import _subject_out_of_content

    doc = doc_builder(["Velmar", "sees", "itself", "as", "a", "leader", "."],
                      spaces=[True, True, True, True, True, False, False],
                      heads=[1, 1, 1, 1, 5, 3, 1],
                      deps=["nsubj", "ROOT", "dobj", "prep", "det", "pobj", "punct"],
                      pos=["PROPN", "VERB", "PRON", "ADP", "DET", "NOUN", "PUNCT"],
                      tags=["NNP", "VBZ", "PRP", "IN", "DT", "NN", "."])
    text = doc.text
    tagged = RawAttribution(content=(0, text.index(".")), cue=_span(text, "sees"),
                            cue_class="other", source=None, source_head=None,
                            method="model:crf")
    out = _subject_out_of_content(doc, tagged)
    assert text[slice(*out.content)] == "itself as a leader"
    assert out.source is not None and text[slice(*out.source)] == "Velmar"


def test_merging_subject_out_of_content_not_before_a_finite_verb(doc_builder: Any) -> None:
    from claimmap.attribution.merging import _subject_out_of_content

    # "Everything Rana says is a rumour", parsed with "is" as the cue's clause: the verb
    # after the cue has lost its subject, so the content is left as the tagger read it.
    doc = doc_builder(["Everything", "Rana", "says", "is", "a", "rumour", "."],
                      heads=[1, 2, 2, 2, 5, 3, 2],
                      deps=["compound", "nsubj", "ROOT", "ccomp", "det", "attr", "punct"],
                      pos=["PRON", "PROPN", "VERB", "AUX", "DET", "NOUN", "PUNCT"],
                      tags=["NN", "NNP", "VBZ", "VBZ", "DT", "NN", "."])
    text = doc.text
    tagged = RawAttribution(content=(0, text.index(" .")), cue=_span(text, "says"),
                            cue_class="say", source=None, source_head=None,
                            method="model:crf")
    assert _subject_out_of_content(doc, tagged) == tagged


def _confirmed(doc_builder: Any) -> Doc:
    words = ["Holm", "confirmed", "the", "pier", "is", "safe", "and", "denied", "any", "leak",
             "."]
    return doc_builder(
        words, spaces=[True] * 9 + [False, False],
        heads=[1, 1, 3, 4, 1, 4, 1, 1, 9, 7, 1],
        deps=["nsubj", "ROOT", "det", "nsubj", "ccomp", "acomp", "cc", "conj", "det", "dobj",
              "punct"],
        pos=["PROPN", "VERB", "DET", "NOUN", "AUX", "ADJ", "CCONJ", "VERB", "DET", "NOUN",
             "PUNCT"],
        tags=["NNP", "VBD", "DT", "NN", "VBZ", "JJ", "CC", "VBD", "DT", "NN", "."],
        sent_starts=[True] + [False] * 10)


def test_merging_conjoined_cue_is_a_second_attribution(doc_builder: Any) -> None:
    from claimmap.attribution.merging import _split_conjoined_cues

    doc = _confirmed(doc_builder)
    text = doc.text
    tagged = RawAttribution(content=(text.index("the pier"), text.index(".")),
                            cue=_span(text, "confirmed"), cue_class="confirm",
                            source=_span(text, "Holm"), source_head=0, method="model:crf")
    first, second = _split_conjoined_cues(doc, [tagged])
    assert text[slice(*first.content)] == "the pier is safe"
    assert text[slice(*second.content)] == "any leak"
    assert second.cue == _span(text, "denied") and second.cue_class == "deny"
    assert second.source == tagged.source
    # A conjoined verb that already has a cue of its own is left to that attribution.
    denial = RawAttribution(content=_span(text, "any leak"), cue=_span(text, "denied"),
                            cue_class="deny", source=_span(text, "Holm"), source_head=0)
    assert _split_conjoined_cues(doc, [tagged, denial]) == [tagged, denial]
