"""Double relay: "a source told the Herald that [an aide had warned X]" keeps the outer report
beside the inner one, and the outlet told is who relayed the outer report."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

import claimmap
from claimmap.attribution.merging import _reports_whole
from claimmap.attribution.raw import RawAttribution
from claimmap.attribution.rules import _told_outlet
from claimmap.settings import Options


def _told(doc_builder: Any, recipient: str, pos: str, ent: str) -> Any:
    # "A source told the <recipient> that an aide warned her ."
    words = ["A", "source", "told", "the", recipient, "that", "an", "aide", "warned", "her",
             "."]
    return doc_builder(
        words, spaces=[True] * 9 + [False, False],
        heads=[1, 2, 2, 4, 2, 8, 7, 8, 2, 8, 2],
        deps=["det", "nsubj", "ROOT", "det", "dobj", "mark", "det", "nsubj", "ccomp", "dobj",
              "punct"],
        pos=["DET", "NOUN", "VERB", "DET", pos, "SCONJ", "DET", "NOUN", "VERB", "PRON",
             "PUNCT"],
        tags=["DT", "NN", "VBD", "DT", "NNP" if pos == "PROPN" else "NNS", "IN", "DT", "NN",
              "VBD", "PRP", "."],
        ents=["O"] * 4 + [ent] + ["O"] * 6)


def test_relay_outlet_told_is_the_relayer(doc_builder: Any) -> None:
    doc = _told(doc_builder, "Herald", "PROPN", "B-ORG")
    outlet = _told_outlet(doc[2])
    assert outlet is not None and outlet.text == "Herald"


def test_relay_people_told_relay_nothing(doc_builder: Any) -> None:
    assert _told_outlet(_told(doc_builder, "reporters", "NOUN", "O")[2]) is None
    assert _told_outlet(_told(doc_builder, "Ortiz", "PROPN", "B-PERSON")[2]) is None


def test_relay_outer_report_holds_the_inner_whole() -> None:
    # "A source told the Herald that [an aide warned her]": characters of the text above.
    outer = RawAttribution(content=(29, 51), cue=(9, 13), cue_class="say", source=(0, 8),
                           source_head=1, via=(18, 24), via_head=4)
    inner = RawAttribution(content=(46, 49), cue=(39, 45), cue_class="say", source=(34, 38),
                           source_head=7)
    assert _reports_whole(outer, [inner])
    # An outer report nobody relayed stays the tagger's business (PolNeAR's one role a token).
    assert not _reports_whole(replace(outer, via=None, via_head=None), [inner])
    # A tagged content that starts before the rule's ("A [source told ...]") is no nesting.
    early = RawAttribution(content=(2, 49), cue=(39, 45), cue_class="say", source=(0, 1),
                           source_head=0)
    assert not _reports_whole(outer, [early])
    unsourced = RawAttribution(content=(46, 49), cue=(39, 45), cue_class="say", source=None,
                               source_head=None)
    assert not _reports_whole(outer, [unsourced])


@pytest.mark.slow
def test_relay_whole_pipeline_keeps_relayed_reports_whole(nlp: Any) -> None:
    # Whatever the tagger makes of them, the rules' reading of a relayed report stands: the
    # speaker of "was quoted by the Herald as saying", and both halves of "a source told
    # the paper that an aide had warned her".
    text = ("The Varna Herald reported on Tuesday that Mayor Dana Ruzic had denied the "
            "claim. The national anti-corruption office was quoted by the Herald as saying "
            "that it had opened a preliminary review. A source told the paper that an aide "
            "to the mayor had warned her in January that the sale would break procurement "
            "rules.")
    cm = claimmap.analyze(text, options=Options(claims=False, rhetoric=False, stance=False,
                                                disputes=False))
    found = {q.content.text: (cm.actor(q.speaker.actor_id).name,
                              cm.actor(q.via).name if q.via else None) for q in cm.quotes}
    assert found["that it had opened a preliminary review"] == (
        "national anti-corruption office", "Herald")
    assert found["that the sale would break procurement rules"] == ("aide", "source")
    assert found["that an aide to the mayor had warned her in January that the sale would "
                 "break procurement rules"][0] == "source"
