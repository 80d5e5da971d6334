"""Sources the parse does not give: the name beside a sure cue, a participle's governing
cue, "by warning"; and the second decoding of a sentence the tagger left without a cue."""

from __future__ import annotations

from typing import Any

from claimmap.attribution.decoding import decode
from claimmap.attribution.raw import RawAttribution
from claimmap.attribution.rules import find_source
from claimmap.attribution.sources import adjacent_source, inherit_sources


def _said_varga(doc_builder: Any) -> Any:
    # "“It is valuable,” said Varga, explaining he worked hard." with Varga misparsed
    # as an adverb and "explaining" hanging from "said".
    words = ["“", "It", "is", "valuable", ",", "”", "said", "Varga", ",", "explaining", "he",
             "worked", "hard", "."]
    return doc_builder(
        words, spaces=[False, True, True, False, False, True, True, False, True, True, True,
                       True, False, False],
        heads=[6, 2, 6, 2, 6, 6, 6, 6, 6, 6, 11, 9, 11, 6],
        deps=["punct", "nsubj", "ccomp", "acomp", "punct", "punct", "ROOT", "advmod", "punct",
              "advcl", "nsubj", "ccomp", "advmod", "punct"],
        pos=["PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PUNCT", "VERB", "ADV", "PUNCT", "VERB",
             "PRON", "VERB", "ADV", "PUNCT"],
        tags=["``", "PRP", "VBZ", "JJ", ",", "''", "VBD", "RB", ",", "VBG", "PRP", "VBD", "RB",
              "."],
        ents=["O"] * 7 + ["B-PERSON"] + ["O"] * 6)


def test_sources_name_right_after_a_finite_cue(doc_builder: Any) -> None:
    doc = _said_varga(doc_builder)
    assert find_source(doc[6]) is None
    assert adjacent_source(doc, doc[6:7]) == (7, 8, 7)
    # A participle has no subject beside it: "explaining he" names nobody.
    assert adjacent_source(doc, doc[9:10]) is None


def test_sources_name_before_the_cue_past_a_no_break_space(doc_builder: Any) -> None:
    # "The pier reopens, her brother\u00a0added." with the no-break space its own token.
    words = ["The", "pier", "reopens", ",", "her", "brother", "\u00a0", "added", "."]
    doc = doc_builder(
        words, spaces=[True, True, False, True, True, False, False, False, False],
        heads=[1, 2, 7, 7, 5, 7, 5, 7, 7],
        deps=["det", "nsubj", "ccomp", "punct", "poss", "nsubj", "dep", "ROOT", "punct"],
        pos=["DET", "NOUN", "VERB", "PUNCT", "PRON", "NOUN", "SPACE", "VERB", "PUNCT"],
        tags=["DT", "NN", "VBZ", ",", "PRP$", "NN", "_SP", "VBD", "."])
    assert adjacent_source(doc, doc[7:8]) == (4, 6, 5)


def test_sources_participle_shares_its_governing_cue_source(doc_builder: Any) -> None:
    doc = _said_varga(doc_builder)
    varga = (doc[7].idx, doc[7].idx + len(doc[7].text))
    said = RawAttribution(content=(0, doc[5].idx + 1), cue=(doc[6].idx, doc[6].idx + 4),
                          cue_class="say", source=varga, source_head=7)
    explaining = RawAttribution(content=(doc[10].idx, doc[12].idx + 4),
                                cue=(doc[9].idx, doc[9].idx + len("explaining")),
                                cue_class="say", source=None, source_head=None)
    out = inherit_sources(doc, [said, explaining])
    assert out[1].source == varga and out[1].source_head == 7
    assert out[0] == said


def test_sources_by_warning_speaks_for_the_subject(doc_builder: Any) -> None:
    # "Netanyahu rallied supporters by warning that ..."; "accused him of lying" stays
    # without one (the accuser does not lie).
    doc = doc_builder(["Netanyahu", "rallied", "supporters", "by", "warning", "of", "danger"],
                      heads=[1, 1, 1, 1, 3, 4, 5],
                      deps=["nsubj", "ROOT", "dobj", "prep", "pcomp", "prep", "pobj"],
                      pos=["PROPN", "VERB", "NOUN", "ADP", "VERB", "ADP", "NOUN"])
    assert find_source(doc[4]) == doc[0]
    doc = doc_builder(["Ana", "accused", "him", "of", "lying"], heads=[1, 1, 1, 1, 3],
                      deps=["nsubj", "ROOT", "dobj", "prep", "pcomp"],
                      pos=["PROPN", "VERB", "PRON", "ADP", "VERB"])
    assert find_source(doc[4]) is None


class _Tagger:
    """Viterbi says O everywhere; the marginals lean towards a cue and a content."""

    def __init__(self, marginals: list[dict[str, float]]) -> None:
        self.marginals = marginals

    def tag(self, feats: list[Any]) -> list[str]:
        return ["O"] * len(feats)

    def labels(self) -> list[str]:
        return ["O", "B-CUE", "I-CUE", "B-CON", "I-CON", "B-SRC", "I-SRC"]

    def marginal(self, label: str, i: int) -> float:
        return self.marginals[i].get(label, 0.0)


def test_sources_cueless_sentence_decoded_again_from_marginals() -> None:
    leaning = [{"O": 0.6, "B-SRC": 0.4}, {"O": 0.55, "B-CUE": 0.45},
               {"O": 0.6, "B-CON": 0.4}, {"O": 0.58, "I-CON": 0.42},
               {"O": 0.6, "I-CON": 0.4}]
    assert decode(_Tagger(leaning), [{}] * 5) == ["B-SRC", "B-CUE", "B-CON", "I-CON", "I-CON"]
    assert decode(_Tagger(leaning), [{}] * 5, o_weight=1.0) == ["O"] * 5
    # A content of two tokens ("the ban") is not worth a second reading.
    assert decode(_Tagger(leaning[:4]), [{}] * 4) == ["O"] * 4
    # Without both a cue and a content, Viterbi's reading stands.
    no_cue = [{"O": 0.6, "B-CON": 0.4}] * 3
    assert decode(_Tagger(no_cue), [{}] * 3) == ["O"] * 3
    # Nor where the rules found a cue: their reading of the sentence stands.
    assert decode(_Tagger(leaning), [{"rule": "CUE"}] + [{}] * 4) == ["O"] * 5


def test_sources_impression_verbs_have_no_speaker(doc_builder: Any) -> None:
    from claimmap.attribution.merging import _impression_unsourced

    doc = doc_builder(["Both", "houses", "seem", "intent", "on", "a", "delay", "."])
    seem = RawAttribution(content=(doc[3].idx, doc[6].idx + 5), cue=(doc[2].idx, doc[2].idx + 4),
                          cue_class="other", source=(0, doc[1].idx + 6), source_head=1)
    assert _impression_unsourced(doc, seem).source is None
    said = RawAttribution(content=seem.content, cue=seem.cue, cue_class="say",
                          source=seem.source, source_head=1)
    doc2 = doc_builder(["Both", "houses", "said", "intent", "on", "a", "delay", "."])
    assert _impression_unsourced(doc2, said) == said


def test_sources_asked_has_no_speaker_of_its_own(doc_builder: Any) -> None:
    from claimmap.attribution.merging import _impression_unsourced

    # "Asked about the deal , Vela said ..." : whoever asked is not named.
    doc = doc_builder(["Asked", "about", "the", "deal", ",", "Vela", "said", "no", "."],
                      heads=[6, 0, 3, 1, 6, 6, 6, 6, 6],
                      deps=["advcl", "prep", "det", "pobj", "punct", "nsubj", "ROOT", "dobj",
                            "punct"],
                      pos=["VERB", "ADP", "DET", "NOUN", "PUNCT", "PROPN", "VERB", "INTJ",
                           "PUNCT"],
                      tags=["VBN", "IN", "DT", "NN", ",", "NNP", "VBD", "UH", "."])
    asked = RawAttribution(content=(doc[1].idx, doc[3].idx + 4), cue=(0, 5),
                           cue_class="question", source=(doc[5].idx, doc[5].idx + 4),
                           source_head=5)
    assert _impression_unsourced(doc, asked).source is None
