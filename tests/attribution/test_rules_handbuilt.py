"""Rules on hand-built Docs: no statistical model involved."""

from __future__ import annotations

from typing import Any

from claimmap.attribution.rules import cue_range, find_attributions, find_source


def test_rules_subject_of_a_reporting_verb_is_the_source(doc_builder: Any) -> None:
    # "Officials said the bridge was unsafe ."
    doc = doc_builder(
        ["Officials", "said", "the", "bridge", "was", "unsafe", "."],
        heads=[1, 1, 3, 4, 1, 4, 1],
        deps=["nsubj", "ROOT", "det", "nsubj", "ccomp", "acomp", "punct"],
        pos=["NOUN", "VERB", "DET", "NOUN", "AUX", "ADJ", "PUNCT"],
        tags=["NNS", "VBD", "DT", "NN", "VBD", "JJ", "."])
    [attribution] = find_attributions(doc)
    assert doc.text[slice(*attribution.content)] == "the bridge was unsafe"
    assert attribution.source is not None and doc.text[slice(*attribution.source)] == "Officials"
    assert attribution.cue_class == "say" and attribution.kind == "indirect"


def test_rules_participle_inherits_the_subject_and_auxiliaries_join_the_cue(
        doc_builder: Any) -> None:
    # "Berg has rejected it , telling reporters that it was false ."
    words = ["Berg", "has", "rejected", "it", ",", "telling", "reporters", "that", "it", "was",
             "false", "."]
    doc = doc_builder(
        words, heads=[2, 2, 2, 2, 2, 2, 5, 9, 9, 5, 9, 2],
        deps=["nsubj", "aux", "ROOT", "dobj", "punct", "advcl", "dobj", "mark", "nsubj",
              "ccomp", "acomp", "punct"],
        pos=["PROPN", "AUX", "VERB", "PRON", "PUNCT", "VERB", "NOUN", "SCONJ", "PRON", "AUX",
             "ADJ", "PUNCT"])
    assert find_source(doc[5]) == doc[0]
    start, end = cue_range(doc[2])
    assert doc.text[start:end] == "has rejected"
    telling = [a for a in find_attributions(doc) if a.cue_token == 5]
    assert telling and telling[0].cue_class == "deny"  # inherits "rejected"
    assert doc.text[slice(*telling[0].content)] == "that it was false"


def test_rules_repeated_cue_shares_the_first_cues_subject(doc_builder: Any) -> None:
    # "Holm says the pier was unsafe and says he warned them": the second "says" is parsed
    # as conjoined to "was", whose subject (the pier) says nothing.
    words = ["Holm", "says", "the", "pier", "was", "unsafe", "and", "says", "he", "warned",
             "them"]
    doc = doc_builder(words,
                      heads=[1, 1, 3, 4, 1, 4, 4, 4, 9, 7, 9],
                      deps=["nsubj", "ROOT", "det", "nsubj", "ccomp", "acomp", "cc", "conj",
                            "nsubj", "ccomp", "dobj"],
                      pos=["PROPN", "VERB", "DET", "NOUN", "AUX", "ADJ", "CCONJ", "VERB",
                           "PRON", "VERB", "PRON"],
                      tags=["NNP", "VBZ", "DT", "NN", "VBD", "JJ", "CC", "VBZ", "PRP", "VBD",
                            "PRP"])
    assert find_source(doc[7]) == doc[0]


def test_rules_pull_quote_signed_on_its_last_line(nlp: Any) -> None:
    # A pull quote whose last line, before the closing mark, names the speaker.
    text = ('The council met on Monday.\n\n"I worry that the ferry deficit will return as '
            'soon as the subsidy ends.\nDana Holt, Harbour Policy Institute."\n\nThe vote '
            'is on Friday.')
    found = [a for a in find_attributions(nlp(text)) if a.content[0] == text.index('"I')]
    assert len(found) == 1 and found[0].source is not None
    assert text[slice(*found[0].source)].startswith("Dana Holt")
    # A line that names nobody is no signature.
    plain = text.replace("Dana Holt, Harbour Policy Institute.", "and it may come soon.")
    found = [a for a in find_attributions(nlp(plain)) if a.content[0] == plain.index('"I')]
    assert all(a.source is None for a in found)


def test_rules_sentence_closing_on_a_colon_announces_the_quotation(nlp: Any) -> None:
    text = ("The mayor spoke at the harbour on Monday.\n\nHe told the crowd, to loud applause:"
            "\n\n“We will rebuild the pier before winter, and nobody will stop us.”")
    found = [a for a in find_attributions(nlp(text)) if a.content[0] == text.index("“We")]
    assert len(found) == 1 and found[0].cue is not None
    assert text[slice(*found[0].cue)] == "told"
    assert found[0].source is not None and text[slice(*found[0].source)] == "He"
