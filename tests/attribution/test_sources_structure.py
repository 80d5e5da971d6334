"""Sources read from the sentence's structure when the cue's own parse gives none or a wrong
one: a participle's clause subject, a name after a quotation parsed as an adverb, a subject
inside a quotation the cue is outside of, the colon that opens a quotation, and a cue-less
continuation that follows the attribution just before it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from claimmap.attribution.merging import (
    _continuations_follow,
    _cued_between_quotes,
    _quoted_apart,
)
from claimmap.attribution.quotes import speech_quotes
from claimmap.attribution.raw import RawAttribution
from claimmap.attribution.rules import doc_text, find_attributions, find_cue_attributions
from claimmap.attribution.sources import adjacent_source, governing_subject


def _pitch_to_voters(doc_builder: Any) -> Any:
    # "Cruz is making a pitch to voters saying the law hurts ." with "saying" misparsed
    # as a modifier of "voters".
    return doc_builder(
        ["Cruz", "is", "making", "a", "pitch", "to", "voters", "saying", "the", "law", "hurts",
         "."],
        heads=[2, 2, 2, 4, 2, 2, 5, 6, 9, 10, 7, 2],
        deps=["nsubj", "aux", "ROOT", "det", "dobj", "prep", "pobj", "acl", "det", "nsubj",
              "ccomp", "punct"],
        pos=["PROPN", "AUX", "VERB", "DET", "NOUN", "ADP", "NOUN", "VERB", "DET", "NOUN",
             "VERB", "PUNCT"],
        tags=["NNP", "VBZ", "VBG", "DT", "NN", "IN", "NNS", "VBG", "DT", "NN", "VBZ", "."])


def test_sources_participle_speaks_for_the_clause_it_hangs_from(doc_builder: Any) -> None:
    doc = _pitch_to_voters(doc_builder)
    assert governing_subject(doc[7]) == doc[0]
    # A finite verb has a subject of its own or none: no search above it.
    assert governing_subject(doc[10]) is None
    # Verbs the caller rules out (inside a quotation) are passed over, unless their
    # subject is outside what is ruled out ("she was “whisked … off”").
    assert governing_subject(doc[7], lambda t: t.i in (0, 2)) is None
    assert governing_subject(doc[7], lambda t: t.i == 2) == doc[0]


def test_sources_participle_search_stops_at_a_finite_verb(doc_builder: Any) -> None:
    # "The law , which passed , saying ..." is no shape we read: "passed" is finite and has
    # only a relative pronoun for subject.
    doc = doc_builder(["which", "passed", "saying", "it", "works"],
                      heads=[1, 1, 1, 4, 2],
                      deps=["nsubj", "ROOT", "advcl", "nsubj", "ccomp"],
                      pos=["PRON", "VERB", "VERB", "PRON", "VERB"],
                      tags=["WDT", "VBD", "VBG", "PRP", "VBZ"])
    assert governing_subject(doc[2]) is None


def test_sources_capitalised_word_after_quote_and_cue_is_the_name(doc_builder: Any) -> None:
    # "“It is valuable,” said Varga, explaining ..." with no entity on Varga either.
    words = ["“", "It", "is", "valuable", ",", "”", "said", "Varga", ",", "explaining"]
    doc = doc_builder(
        words, spaces=[False, True, True, False, False, True, True, False, True, False],
        heads=[6, 2, 6, 2, 6, 6, 6, 6, 6, 6],
        deps=["punct", "nsubj", "ccomp", "acomp", "punct", "punct", "ROOT", "advmod", "punct",
              "advcl"],
        pos=["PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PUNCT", "VERB", "ADV", "PUNCT", "VERB"],
        tags=["``", "PRP", "VBZ", "JJ", ",", "''", "VBD", "RB", ",", "VBG"])
    assert adjacent_source(doc, doc[6:7]) == (7, 8, 7)
    # Without the quotation before the cue a capitalised adverb names nobody.
    plain = doc_builder(["He", "said", "Today", ","], heads=[1, 1, 1, 1],
                        deps=["nsubj", "ROOT", "advmod", "punct"],
                        pos=["PRON", "VERB", "ADV", "PUNCT"], tags=["PRP", "VBD", "RB", ","])
    assert adjacent_source(plain, plain[1:2]) == (0, 1, 0)


def test_sources_quoted_apart_reads_the_quotation_around_a_word() -> None:
    quoted = [(10, 40), (60, 90)]
    assert _quoted_apart(quoted, 20, 45)
    assert not _quoted_apart(quoted, 20, 30)  # the cue is inside the same quotation
    assert not _quoted_apart(quoted, 50, 95)
    assert not _quoted_apart([], 20, 45)


def test_rules_colon_after_cue_opens_the_quotation(doc_builder: Any) -> None:
    # "The Times made claims , and Breitbart responded : “ We disagree . ”": "responded" is
    # conjoined to "made", the quotation is a sentence of its own, and the colon, not the
    # clause before the cue, gives its content.
    words = ["The", "Times", "made", "claims", ",", "and", "Breitbart", "responded", ":", "“",
             "We", "disagree", ".", "”"]
    doc = doc_builder(
        words, spaces=[True, True, True, False, True, True, True, False, True, False, True,
                       False, False, False],
        heads=[1, 2, 2, 2, 2, 2, 7, 2, 7, 11, 11, 11, 11, 11],
        deps=["det", "nsubj", "ROOT", "dobj", "punct", "cc", "nsubj", "conj", "punct",
              "punct", "nsubj", "ROOT", "punct", "punct"],
        pos=["DET", "PROPN", "VERB", "NOUN", "PUNCT", "CCONJ", "PROPN", "VERB", "PUNCT",
             "PUNCT", "PRON", "VERB", "PUNCT", "PUNCT"],
        tags=["DT", "NNP", "VBD", "NNS", ",", "CC", "NNP", "VBD", ":", "``", "PRP", "VBP", ".",
              "''"],
        sent_starts=[True] + [False] * 8 + [True] + [False] * 4)
    text = doc_text(doc)
    quotes = speech_quotes(text)
    found = [a for a in find_cue_attributions(doc, quotes) if a.cue_token == 7]
    assert len(found) == 1
    start, end = found[0].content
    assert text[start:end] == "“We disagree.”"
    assert text[slice(*found[0].source or (0, 0))] == "Breitbart"


def _quote(start: int, end: int, source: tuple[int, int] | None, cue: tuple[int, int] | None,
           method: str = "model:crf") -> RawAttribution:
    return RawAttribution(content=(start, end), cue=cue, cue_class="say", source=source,
                          source_head=source[0] if source else None, method=method)


def test_merging_continuation_follows_the_attribution_before_it() -> None:
    # "“A,” he continued. “B.”": the rules gave B to an earlier speaker (at 0-5).
    earlier = _quote(10, 30, (0, 5), (6, 9))
    continued = _quote(40, 60, (62, 64), (65, 74))
    after = _quote(80, 100, (0, 5), None, method="rule:continuation")
    out = _continuations_follow([earlier, continued, after])
    assert out[2].source == (62, 64) and out[2].source_head == 62
    assert out[:2] == [earlier, continued]


def test_merging_continuation_skips_a_report_nested_in_the_quotation() -> None:
    # "“X, according to the party. Y,” The Blaze reported. “Z.”": Z continues the Blaze.
    outer = _quote(0, 50, (52, 61), (62, 70))
    inner = _quote(2, 20, (35, 44), (22, 34))
    after = _quote(80, 100, (35, 44), None, method="rule:continuation")
    found = sorted([outer, inner, after], key=lambda a: a.content[0])
    out = _continuations_follow(found)
    assert out[2].source == (52, 61)
    # A cued quotation is never rewritten, nor one far from the speaker before it.
    far = _quote(5000, 5020, None, None, method="rule:continuation")
    assert _continuations_follow([outer, far])[1].source is None


def test_rules_headline_name_and_colon_is_an_attribution(nlp: Any) -> None:
    text = ("Graham: Trump's Rhetoric Is Destroying the Party's Chance.\n\n"
            "Senator Lindsey Graham spoke on Sunday.")
    doc = nlp(text)
    assert [(text[slice(*a.source or (0, 0))], text[slice(*a.content)])
            for a in _headlines(doc)] == [
        ("Graham", "Trump's Rhetoric Is Destroying the Party's Chance")]


def test_rules_headline_labels_are_no_speakers(nlp: Any) -> None:
    for title in ("The Latest: Cruz to give away an engraved shotgun.",
                  "FIX IS IN: Moderators Ignore the Scandals.",
                  "Updated at 5 pm: the storm moved east.",
                  "Graham spoke on Sunday about the plan."):
        assert not [a for a in _headlines(nlp(title + "\n\nMore text follows here."))], title


def _headlines(doc: Any) -> list[RawAttribution]:
    return [a for a in find_attributions(doc) if a.method == "rule:headline"]


def test_rules_records_show_reports_the_clause(doc_builder: Any) -> None:
    # "Records show he sold it ." reports; "The polls show Trump leading" has no clause, and
    # "The film shows he sold it" is no record.
    def shows(subject: str) -> list[RawAttribution]:
        doc = doc_builder([subject, "show", "he", "sold", "it", "."],
                          heads=[1, 1, 3, 1, 3, 1],
                          deps=["nsubj", "ROOT", "nsubj", "ccomp", "dobj", "punct"],
                          pos=["NOUN", "VERB", "PRON", "VERB", "PRON", "PUNCT"],
                          tags=["NNS", "VBP", "PRP", "VBD", "PRP", "."])
        return [a for a in find_cue_attributions(doc, []) if a.cue_token == 1]
    found = shows("Records")
    assert len(found) == 1 and found[0].source == (0, 7) and found[0].content == (13, 23)
    assert shows("Films") == []


def test_sources_conjoined_infinitive_shares_the_first_ones_to(doc_builder: Any) -> None:
    # "Holm is unable to turn and accuse the crowd": "accuse" has no "to" of its own.
    doc = doc_builder(["Holm", "is", "unable", "to", "turn", "and", "accuse", "the", "crowd"],
                      heads=[1, 1, 1, 4, 2, 4, 4, 8, 6],
                      deps=["nsubj", "ROOT", "acomp", "aux", "xcomp", "cc", "conj", "det",
                            "dobj"],
                      pos=["PROPN", "AUX", "ADJ", "PART", "VERB", "CCONJ", "VERB", "DET",
                           "NOUN"],
                      tags=["NNP", "VBZ", "JJ", "TO", "VB", "CC", "VB", "DT", "NN"])
    assert governing_subject(doc[6]) == doc[0]


def test_sources_finite_verb_conjoined_to_an_infinitive_shares_the_clause_subject(
        doc_builder: Any) -> None:
    # "Holm ran on a plan to rebuild the pier and accused the board of delay", with the
    # finite "accused" misparsed as conjoined to the infinitive "rebuild".
    words = ["Holm", "ran", "on", "a", "plan", "to", "rebuild", "the", "pier", "and", "accused",
             "the", "board", "of", "delay"]
    doc = doc_builder(words,
                      heads=[1, 1, 1, 4, 2, 6, 4, 8, 6, 6, 6, 12, 10, 10, 13],
                      deps=["nsubj", "ROOT", "prep", "det", "pobj", "aux", "acl", "det", "dobj",
                            "cc", "conj", "det", "dobj", "prep", "pobj"],
                      pos=["PROPN", "VERB", "ADP", "DET", "NOUN", "PART", "VERB", "DET", "NOUN",
                           "CCONJ", "VERB", "DET", "NOUN", "ADP", "NOUN"],
                      tags=["NNP", "VBD", "IN", "DT", "NN", "TO", "VB", "DT", "NN", "CC", "VBD",
                            "DT", "NN", "IN", "NN"])
    assert governing_subject(doc[10]) == doc[0]


def test_sources_cue_between_mixed_quote_marks_names_the_speaker(nlp: Any) -> None:
    # A straight closer beside curly marks ran the rules' quotation on over "said Captain
    # Ana Holt": the cue outside the (mixed) quotations names who said the passage.
    text = ('The port reopened on Monday.\n\n“I fundamentally disagree," said Captain Ana '
            'Holt, who ran the harbour from 2009 to 2014. "The bottom line is that the pier '
            'was never safe.”\n\nThe vote is on Friday.')
    doc = nlp(text)
    passage = (text.index("“I"), text.index("safe.”") + len("safe.”"))
    continued = RawAttribution(content=passage, cue=None, cue_class="say", source=(0, 8),
                               source_head=1, kind="direct", method="rule:continuation")
    out = _cued_between_quotes(doc, [continued])[0]
    assert out.cue is not None and text[slice(*out.cue)] == "said"
    assert out.source is not None and text[slice(*out.source)].startswith("Captain Ana Holt")
    # A continuation with no cue outside its quotations keeps its speaker.
    whole = (text.index('"The'), passage[1])
    kept = replace(continued, content=whole)
    assert _cued_between_quotes(doc, [kept]) == [kept]
