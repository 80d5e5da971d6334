"""Transcript turns ("OLSEN: ...") on our own fictional interview."""

from __future__ import annotations

from typing import Any

import pytest

import claimmap
from claimmap.attribution.transcript import transcript_turns
from claimmap.settings import Options

ONLY_ATTRIBUTION = Options(claims=False, rhetoric=False, stance=False, disputes=False)

INTERVIEW = ('Senator Maria Olsen spoke to Radio North on Sunday about the harbour plan.\n\n'
             'Partial transcript:\n\n'
             '"HOST: Senator, will you vote for the harbour plan?\n\n'
             '"OLSEN: Well, look, the plan is not ready. We have asked for changes twice.\n\n'
             '"And we will ask again.\n\n'
             '"(CROSSTALK)\n\n'
             '"HOST: Is that a no?\n\n'
             '"OLSEN: It is a not yet.\n\n'
             '"Follow Radio North on Twitter @radionorth.')


def test_transcript_turns_label_colon_and_turn(nlp_blank: Any) -> None:
    doc = nlp_blank(INTERVIEW)
    turns = [(INTERVIEW[slice(*t.source or (0, 0))], INTERVIEW[slice(*t.cue or (0, 0))],
              INTERVIEW[slice(*t.content)]) for t in transcript_turns(doc, [])]
    assert turns == [
        ("HOST", ":", "Senator, will you vote for the harbour plan?"),
        # The turn runs on over the quoted paragraph after it, and stops at the stage
        # direction.
        ("OLSEN", ":", 'Well, look, the plan is not ready. We have asked for changes twice.'
                       '\n\n"And we will ask again.'),
        ("HOST", ":", "Is that a no?"),
        # The outlet's footer is no part of the last turn.
        ("OLSEN", ":", "It is a not yet."),
    ]


def test_transcript_turns_need_two_speakers(nlp_blank: Any) -> None:
    for text in ("UPDATE: The harbour reopened at noon.\n\nNOTE: Times are local.",
                 "OLSEN: The plan is not ready.\n\nOLSEN: We will ask again.",
                 "The plan: a new pier.\n\nThe cost: nine million."):
        assert transcript_turns(nlp_blank(text), []) == [], text


@pytest.mark.slow
def test_transcript_turns_speakers_resolve_to_the_named_person(nlp: object) -> None:
    cm = claimmap.analyze(INTERVIEW, options=ONLY_ATTRIBUTION)
    turns = [(cm.actor(q.speaker.actor_id).name, q.content.text) for q in cm.quotes
             if q.cue is not None and q.cue.text == ":"]
    assert turns[1] == ("Maria Olsen", 'Well, look, the plan is not ready. We have asked '
                                       'for changes twice.\n\n"And we will ask again.')
    assert [name for name, _ in turns] == ["HOST", "Maria Olsen", "HOST", "Maria Olsen"]


@pytest.mark.slow
def test_transcript_turns_stage_directions_are_no_actors(nlp: object) -> None:
    text = ('"HOST: Will you vote for the plan, Senator?\n\n"OLSEN: Well, the plan is not '
            'ready, and —.\n\n"(CROSSTALK.)\n\n"HOST: Is that a no?\n\n"(CROSSTALK.)\n\n'
            '"OLSEN: It is a not yet. The Syrian Democratic Forces (SDF) said the same.')
    cm = claimmap.analyze(text, options=ONLY_ATTRIBUTION)
    names = {a.name for a in cm.actors}
    assert "CROSSTALK" not in names and "Syrian Democratic Forces" in names
