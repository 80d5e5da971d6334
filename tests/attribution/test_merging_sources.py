"""A source the tagger put inside a content is a word of what was said, not who said it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from claimmap.attribution.merging import (
    _adjunct_participle_subject,
    _impression_unsourced,
    _no_function_word_source,
    _quoted_cues_continue,
    _relative_clause_source,
    _source_from_parse,
    _sources_outside,
    _speaker_after_quotation,
    _without_dangling_opener,
)
from claimmap.attribution.quotes import speech_quotes
from claimmap.attribution.raw import RawAttribution

TEXT = 'Ray stressed that "the way ahead is talks," suggesting that a deal is near.'


def _at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def test_merging_sources_outside_drops_a_source_inside_another_content() -> None:
    stressed = RawAttribution(content=(_at("that")[0], _at('talks,"')[1]),
                              cue=_at("stressed"), cue_class="say", source=_at("Ray"),
                              source_head=0)
    suggesting = RawAttribution(content=(_at("that a")[0], len(TEXT) - 1),
                                cue=_at("suggesting"), cue_class="say",
                                source=_at("the way ahead"), source_head=5)
    out = _sources_outside([stressed, suggesting])
    assert out[0] == stressed
    assert out[1].source is None and out[1].source_head is None


def test_merging_sources_outside_keeps_a_source_beside_its_content() -> None:
    stressed = RawAttribution(content=(_at("that")[0], len(TEXT) - 1), cue=_at("stressed"),
                              cue_class="say", source=_at("Ray"), source_head=0)
    assert _sources_outside([stressed]) == [stressed]


def test_merging_source_from_parse_trims_a_content_that_ran_into_the_name(nlp: Any) -> None:
    # The tagger let the content run on over "Kingsport police Chief Marta Oyelaran"; the
    # speaker's name before the cue ends the content instead of being lost to it.
    text = ("“We will find the people who did this,” Kingsport police Chief Marta Oyelaran "
            "said Monday. The inquiry opens next week.")
    doc = nlp(text)
    said = text.index("said")
    ran_on = RawAttribution(content=(0, text.index(" said")), cue=(said, said + 4),
                            cue_class="say", source=None, source_head=None)
    out = _source_from_parse(doc, ran_on)
    assert out.source is not None and "Marta Oyelaran" in text[slice(*out.source)]
    assert text[slice(*out.content)].endswith("did this,”")
    assert "Monday" not in text[slice(*out.source)]


def test_merging_cue_inside_a_quotation_continues_the_speaker_before(nlp_blank: Any) -> None:
    text = ("“I like the design,” Ms. Ostrova said. “But the board seems to think money "
            "grows on trees.”")
    seems = text.index("seems")
    quote = (text.index("“But"), len(text))
    inner = RawAttribution(content=(seems + 6, len(text) - 2), cue=(seems, seems + 5),
                           cue_class="say", source=None, source_head=None,
                           method="model:crf")
    [out] = _quoted_cues_continue(nlp_blank(text), [inner])
    assert out.content == quote and out.cue is None and out.method == "model:crf-continuation"
    # A rule's reading, or a cue outside any quotation, is left alone.
    ruled = replace(inner, method="rule:cue")
    assert _quoted_cues_continue(nlp_blank(text), [ruled]) == [ruled]


def test_merging_content_stops_before_the_next_quotations_opening_mark(nlp_blank: Any) -> None:
    text = "“I like the design,” Ms. Ostrova said. “It is bold.”"
    doc = nlp_blank(text)
    opener = text.index("“It")
    ran_on = RawAttribution(content=(0, opener + 1), cue=(text.index("said"),
                                                           text.index("said") + 4),
                            cue_class="say", source=None, source_head=None)
    openers = {q.start: q for q in speech_quotes(text)}
    out = _without_dangling_opener(doc, ran_on, openers)
    assert text[slice(*out.content)] == "“I like the design,” Ms. Ostrova said."


def test_merging_relative_clause_source_stands_for_its_noun(nlp: Any) -> None:
    text = ("The 1998 Harbour Charter, which most coastal towns signed, obliges councils to "
            "keep the piers open.")
    doc = nlp(text)
    clause = (text.index("which"), text.index(", obliges"))
    cue = (text.index("obliges"), text.index("obliges") + len("obliges"))
    tagged = RawAttribution(content=(text.index("to keep") + 3, len(text) - 1), cue=cue,
                            cue_class="say", source=clause, source_head=None)
    out = _relative_clause_source(doc, tagged)
    assert out.source is not None and text[slice(*out.source)] == "The 1998 Harbour Charter"
    # A lone relative pronoun is the mention PolNeAR marks: it stays.
    alone = replace(tagged, source=(clause[0], clause[0] + 5))
    assert _relative_clause_source(doc, alone) == alone


def test_merging_quantified_relative_source_stands_for_its_noun(nlp: Any) -> None:
    # "both of whom ..." is a relative clause too: the councillors it describes back it.
    text = ("So far only three councillors, both of whom opposed the old ferry plan, are "
            "backing the new pier.")
    doc = nlp(text)
    clause = (text.index("both"), text.index(", are"))
    cue = (text.index("are backing"), text.index("are backing") + len("are backing"))
    tagged = RawAttribution(content=(text.index("the new"), len(text) - 1), cue=cue,
                            cue_class="say", source=clause, source_head=None)
    out = _relative_clause_source(doc, tagged)
    assert out.source is not None and "councillors" in text[slice(*out.source)]
    assert "whom" not in text[slice(*out.source)]


def test_merging_seem_before_a_speech_verb_keeps_the_speaker(nlp_blank: Any) -> None:
    def sourced(text: str, cue: str) -> bool:
        start = text.index(cue)
        found = RawAttribution(content=(start + len(cue) + 1, len(text) - 1),
                               cue=(start, start + len(cue)), cue_class="say",
                               source=(0, text.index(" ")), source_head=0)
        return _impression_unsourced(nlp_blank(text), found).source is not None

    assert sourced("Holm appeared to blame the crew for the delay.", "appeared to blame")
    assert not sourced("Councils seem intent on closing the piers.", "seem intent on")
    assert not sourced("Holm seems to be tired of the delay.", "seems to be")


def test_merging_participle_content_stops_before_the_main_clause(nlp: Any) -> None:
    text = ("After saying her knee was “so swollen I could barely stand,” Ms. Ostrova was "
            "“rushed … to the harbour clinic” for tests.")
    doc = nlp(text)
    saying = text.index("saying")
    ran_on = RawAttribution(content=(text.index("her knee"), len(text) - 1),
                            cue=(saying, saying + 6), cue_class="say", source=None,
                            source_head=None)
    out = _source_from_parse(doc, ran_on)
    assert out.source is not None and "Ostrova" in text[slice(*out.source)]
    assert "clinic" not in text[slice(*out.content)]


def test_merging_source_from_parse_ends_a_content_that_ran_over_cue_and_name(nlp: Any) -> None:
    # The tagger's content ran on over "said" and the speaker after it: the clause before
    # the comma is what was said, the name after the cue who said it.
    text = ("The pier plan appeals to older voters who remember the ferry, said Ana Ruiz, a "
            "pollster at Dale College. She spoke on Monday.")
    doc = nlp(text)
    said = text.index("said")
    ran_on = RawAttribution(content=(0, text.index(". She")), cue=(said, said + 4),
                            cue_class="say", source=None, source_head=None)
    out = _source_from_parse(doc, ran_on)
    assert out.source is not None and "Ana Ruiz" in text[slice(*out.source)]
    assert text[slice(*out.content)] == ("The pier plan appeals to older voters who remember "
                                         "the ferry")


def test_merging_agentless_passive_names_no_speaker(nlp: Any) -> None:
    def source_kept(text: str, cue: str, subject: str) -> bool:
        start = text.index(cue)
        found = RawAttribution(content=(start + len(cue) + 1, len(text) - 1),
                               cue=(start, start + len(cue)), cue_class="say",
                               source=(text.index(subject), text.index(subject) + len(subject)),
                               source_head=None)
        return _impression_unsourced(nlp(text), found).source is not None

    assert not source_kept("Mayor Ruzic was dubbed the winner of the debate.", "was dubbed",
                           "Mayor Ruzic")
    assert not source_kept("Ms. Lind has been mentioned as a possible harbour chief.",
                           "has been mentioned", "Ms. Lind")
    # Somebody's expectation, not the subject's word (PolNeAR marks no source).
    assert not source_kept("Councillor Berg is not expected to sign the harbour deal soon.",
                           "is not expected", "Councillor Berg")
    # Passives whose subject still speaks keep it.
    assert source_kept("Ms. Lind was heard telling the crew that the pier was unsafe.",
                       "was heard telling", "Ms. Lind")
    assert source_kept("The harbour aides were asked whether they would change the plan.",
                       "were asked", "The harbour aides")
    assert source_kept("Mayor Ruzic was quoted as saying that the pier is safe.",
                       "was quoted as saying", "Mayor Ruzic")


def test_merging_function_word_is_no_source(doc_builder: Any) -> None:
    doc = doc_builder(["Holm", "spoke", "and", "then", "predicted", "a", "storm", "."],
                      pos=["PROPN", "VERB", "CCONJ", "ADV", "VERB", "DET", "NOUN", "PUNCT"])
    text = doc.text
    found = RawAttribution(content=(text.index("a storm"), text.index(" .")),
                           cue=(text.index("predicted"), text.index("predicted") + 9),
                           cue_class="say", source=(text.index("and"), text.index("and") + 3),
                           source_head=2)
    assert _no_function_word_source(doc, found).source is None
    named = replace(found, source=(0, 4), source_head=0)
    assert _no_function_word_source(doc, named) == named


def test_merging_asked_about_names_no_speaker(doc_builder: Any) -> None:
    # "Holt was asked about the pier": Holt was put a question; who asked is unnamed.
    def source_after(words: list[str], heads: list[int], deps: list[str], pos: list[str],
                     tags: list[str]) -> tuple[int, int] | None:
        doc = doc_builder(words, heads=heads, deps=deps, pos=pos, tags=tags)
        text = doc.text
        found = RawAttribution(content=(text.index("the pier"), len(text) - 2),
                               cue=(text.index("was"), text.index("asked") + 5),
                               cue_class="say", source=(0, 4), source_head=0)
        return _impression_unsourced(doc, found).source

    assert source_after(["Holt", "was", "asked", "about", "the", "pier", "."],
                        [2, 2, 2, 2, 5, 3, 2],
                        ["nsubjpass", "auxpass", "ROOT", "prep", "det", "pobj", "punct"],
                        ["PROPN", "AUX", "VERB", "ADP", "DET", "NOUN", "PUNCT"],
                        ["NNP", "VBD", "VBN", "IN", "DT", "NN", "."]) is None
    # With the asker named ("by Lind") the passive is left to the other rules.
    assert source_after(["Holt", "was", "asked", "by", "Lind", "about", "the", "pier", "."],
                        [2, 2, 2, 2, 3, 2, 7, 5, 2],
                        ["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "prep", "det",
                         "pobj", "punct"],
                        ["PROPN", "AUX", "VERB", "ADP", "PROPN", "ADP", "DET", "NOUN",
                         "PUNCT"],
                        ["NNP", "VBD", "VBN", "IN", "NNP", "IN", "DT", "NN", "."]) == (0, 4)


def test_merging_stance_participle_keeps_its_subject(nlp: Any) -> None:
    # "was fired up about", "are united in": the subject's own attitude, so the subject
    # holds it (an agentless passive of a saying verb names nobody).
    for text, cue, subject in (
            ("The harbour master was so fired up about the ferry plan that he phoned the "
             "mayor.", "was so fired up about", "The harbour master"),
            ("While island voters are united in backing the new ferry, mainland voters "
             "are split.", "are united in backing", "island voters")):
        start = text.index(cue)
        found = RawAttribution(content=(start + len(cue) + 1, start + len(cue) + 15),
                               cue=(start, start + len(cue)), cue_class="say",
                               source=(text.index(subject), text.index(subject) + len(subject)),
                               source_head=None)
        assert _impression_unsourced(nlp(text), found).source is not None, text


def test_merging_adjunct_participle_speaks_for_the_subject_not_the_object(nlp: Any) -> None:
    # "seeking" after a comma is the union's act: the object of "sued" seeks nothing.
    text = "The ferry union sued the port authority on Monday, seeking an end to night shifts."
    doc = nlp(text)
    seeking = text.index("seeking")
    tagged = RawAttribution(content=(text.index("an end"), len(text) - 1),
                            cue=(seeking, seeking + len("seeking")), cue_class="say",
                            source=(text.index("the port"), text.index(" on Monday")),
                            source_head=None)
    out = _adjunct_participle_subject(doc, tagged)
    assert out.source is not None and text[slice(*out.source)] == "The ferry union"


def test_merging_repeated_cue_ends_the_first_content(nlp: Any) -> None:
    # "He says A and says B": the subject before both cues is no nested "he believed"; the
    # second report ends the first one's content.
    from claimmap.attribution.merging import merge_with_rules
    from claimmap.attribution.rules import find_attributions

    text = "He says the old pier was unsafe for years and says he warned the council in May."
    doc = nlp(text)
    says = text.index("says")
    tagged = RawAttribution(content=(text.index("the old"), len(text) - 1),
                            cue=(says, says + 4), cue_class="say", source=(0, 2),
                            source_head=0, method="model:crf")
    merged = merge_with_rules(doc, [tagged], find_attributions(doc))
    contents = [text[slice(*m.content)] for m in merged]
    assert "the old pier was unsafe for years" in contents
    assert "he warned the council in May" in contents


def test_merging_participle_phrase_is_no_source(doc_builder: Any) -> None:
    # "Crews gathered , [carrying signs] saying ...": what they did, not who they are.
    doc = doc_builder(["Crews", "gathered", ",", "carrying", "signs", "saying", "no", "."],
                      heads=[1, 1, 1, 1, 3, 4, 5, 1],
                      deps=["nsubj", "ROOT", "punct", "advcl", "dobj", "acl", "dobj", "punct"],
                      pos=["NOUN", "VERB", "PUNCT", "VERB", "NOUN", "VERB", "INTJ", "PUNCT"],
                      tags=["NNS", "VBD", ",", "VBG", "NNS", "VBG", "UH", "."])
    text = doc.text
    found = RawAttribution(content=(text.index("no"), text.index("no") + 2),
                           cue=(text.index("saying"), text.index("saying") + 6),
                           cue_class="say",
                           source=(text.index("carrying"), text.index("signs") + 5),
                           source_head=4)
    assert _no_function_word_source(doc, found).source is None
    # A noun phrase stays.
    named = replace(found, source=(0, 5), source_head=0)
    assert _no_function_word_source(doc, named) == named


def test_merging_in_hopes_is_the_subjects_attitude(nlp: Any) -> None:
    # A tagged noun cue "hopes" in "in hopes that ...": the mayor hopes.
    text = ("The mayor has avoided criticising the ferry board in hopes that it will fund "
            "the new pier.")
    doc = nlp(text)
    hopes = text.index("hopes")
    found = RawAttribution(content=(text.index("that it"), len(text) - 1),
                           cue=(hopes, hopes + 5), cue_class="believe", source=None,
                           source_head=None)
    out = _source_from_parse(doc, found)
    assert out.source is not None and text[slice(*out.source)] == "The mayor"


def test_merging_report_noun_speaks_for_its_possessor(nlp: Any) -> None:
    # A tagged noun cue "written reply" with no source: "his" made the reply.
    text = "The proof was contained in his written reply to the board's ferry report."
    doc = nlp(text)
    cue = (text.index("written"), text.index("reply") + len("reply"))
    found = RawAttribution(content=(text.index("to the"), len(text) - 1), cue=cue,
                           cue_class="say", source=None, source_head=None)
    out = _source_from_parse(doc, found)
    assert out.source is not None and text[slice(*out.source)] == "his"


def test_merging_tagged_cue_over_a_misparsed_name_gives_the_name(doc_builder: Any) -> None:
    # "And [Holm called] Ekberg smart" with "Holm" parsed as an adverb.
    doc = doc_builder(["It", "rained", ".", "And", "Holm", "called", "Ekberg", "smart",
                       "."],
                      heads=[1, 1, 1, 5, 5, 5, 5, 5, 5],
                      deps=["nsubj", "ROOT", "punct", "cc", "advmod", "ROOT", "oprd", "acomp",
                            "punct"],
                      pos=["PRON", "VERB", "PUNCT", "CCONJ", "ADV", "VERB", "PROPN", "ADJ",
                           "PUNCT"],
                      tags=["PRP", "VBD", ".", "CC", "RB", "VBN", "NNP", "JJ", "."])
    text = doc.text
    cue = (text.index("Holm"), text.index("called") + len("called"))
    found = RawAttribution(content=(text.index("Ekberg"), text.index(" .", cue[1])),
                           cue=cue, cue_class="say", source=None, source_head=None)
    out = _source_from_parse(doc, found)
    assert out.source is not None and text[slice(*out.source)] == "Holm"
    assert out.cue is not None and text[slice(*out.cue)] == "called"


def test_merging_name_between_quotation_and_cue_is_the_speaker(doc_builder: Any) -> None:
    # "An argument ( “We lost ,” Holt wrote )" with the parse giving "wrote" the subject
    # "argument" before the quotation: the name after the quotation wrote it.
    words = ["An", "argument", "(", "“", "We", "lost", ",", "”", "Holt", "wrote", ")", "."]
    doc = doc_builder(words,
                      spaces=[True, True, False, False, True, False, False, True, True, False,
                              False, False],
                      heads=[1, 9, 9, 5, 5, 9, 5, 5, 9, 9, 9, 9],
                      deps=["det", "nsubj", "punct", "punct", "nsubj", "ccomp", "punct",
                            "punct", "npadvmod", "ROOT", "punct", "punct"],
                      pos=["DET", "NOUN", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT", "PUNCT",
                           "PROPN", "VERB", "PUNCT", "PUNCT"],
                      tags=["DT", "NN", "-LRB-", "``", "PRP", "VBD", ",", "''", "NNP", "VBD",
                            "-RRB-", "."])
    text = doc.text
    found = RawAttribution(content=(text.index("“"), text.index("”") + 1),
                           cue=(text.index("wrote"), text.index("wrote") + 5),
                           cue_class="say", source=(0, text.index(" (")), source_head=1)
    out = _speaker_after_quotation(doc, found)
    assert out.source is not None and text[slice(*out.source)] == "Holt"
