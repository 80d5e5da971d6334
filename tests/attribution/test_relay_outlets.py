"""Double relay: "a source told the Herald that [an aide had warned X]" keeps the outer report
beside the inner one, and the outlet told is who relayed the outer report."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from claimmap.attribution.model import _reports_whole
from claimmap.attribution.raw import RawAttribution
from claimmap.attribution.rules import _told_outlet


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
