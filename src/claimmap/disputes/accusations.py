"""Accusations: who accuses whom of what, read around an accusing verb.

"accused [the U.S.] of [assisting ISIS]": the accused sits between the cue and what they
are accused of; "charged that [the director] [had steered the contract]": the subject of the
that-clause is accused of its predicate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimmap.disputes.context import (
    DETERMINER,
    Context,
    actor_at,
    actor_by_head,
    actors_described,
    speaker,
)
from claimmap.disputes.events import Event
from claimmap.types import TextSpan

_THAT_CLAUSE = re.compile(
    r"\s*(?P<who>[^,;.]{2,80}?)\s+(?P<what>(?:had|has|have|was|were|is|are|would|will|did|"
    r"could|should)\b.*)", re.IGNORECASE | re.DOTALL)
_THAT = re.compile(r"that\s+", re.IGNORECASE)
_LINK = re.compile(r"\s(of|for|over)\s", re.IGNORECASE)


@dataclass(frozen=True)
class AccusationFind:
    event: Event
    accuser: str | None
    accused: str | None
    accused_mention: TextSpan | None
    of: TextSpan


def find_accusations(ctx: Context, events: Sequence[Event]) -> list[AccusationFind]:
    found: list[AccusationFind] = []
    text = ctx.text
    targets = {t.quote_id: t.span for t in ctx.targets}
    for event in events:
        if event.cls != "accuse":
            continue
        cue_end = event.cue.end
        c_start, c_end = event.after
        if c_start < cue_end:
            continue
        # The object sits between cue and content, or opens the content itself when the
        # content runs on from the cue.
        gap_start, gap_end, of_start = cue_end, c_start, c_start
        link = _LINK.search(text, c_start, min(c_end, c_start + 80))
        # The complementizer may end the cue ("charged that") or open the content.
        that = _THAT.match(text, c_start, c_end)
        clause = _THAT_CLAUSE.match(text, that.end() if that else c_start, c_end)
        if (event.cue.text.lower().endswith("that") or that) and clause:
            gap_start, gap_end, of_start = clause.start("who"), clause.end("who"), clause.start(
                "what")
        elif c_start - cue_end < 3 and link:
            gap_end, of_start = link.start(), link.end()
        target = targets.get(event.quote.id) if event.cue == event.quote.cue else None
        if target is not None and target.start <= gap_end and gap_start <= target.end:
            # Attribution's parse knows where the accused starts ("accused *Halvard*
            # University of ..."); the words up to what is alleged keep its modifiers
            # ("landlords *in Old Tarrow*").
            gap_start, gap_end = min(gap_start, target.start), max(gap_end, target.end)
        elif target is not None:
            gap_start, gap_end = target.start, target.end
        gap = text[gap_start:gap_end]
        gap = re.sub(r"\s+(of|for|over)\s*$", "", gap, flags=re.IGNORECASE)
        stripped = gap.strip(" ,")
        accused_mention = None
        if stripped:
            offset = text.index(stripped, gap_start)
            accused_mention = TextSpan.of(text, offset, offset + len(stripped))
        accused = actor_at(ctx.actors, gap_start, gap_start + len(gap))
        if accused is None and stripped:
            # "the ferry's owner": a name or role, else the one actor introduced as owner.
            phrase = DETERMINER.sub("", stripped)
            accused = actor_by_head(ctx.actors, phrase)
            if accused is None:
                described = actors_described(ctx, phrase)
                accused = described[0] if len(described) == 1 else None
        of_end = c_end
        while of_end > of_start and text[of_end - 1] in ' .,;:”"':
            of_end -= 1
        if of_end <= of_start:
            continue
        found.append(AccusationFind(event, speaker(event.quote), accused, accused_mention,
                                    TextSpan.of(text, of_start, of_end)))
    return found
