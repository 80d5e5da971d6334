"""What a denial or contradiction answers.

A denial is paired with the nearest accusation or claim by another source (before or after
it: "X denied ... However, Y accused X of ..."); an accusation made in several records by one
speaker (a quote and "..., who accused ...") is answered where it was first voiced. A
contradiction is paired with the latest quote of the actor its object names ("contradicted
*Russia's* accusations"; "the board's account" also names "board chair Erik Vang"), else the
nearest quote by another source.
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
    speaker_key,
    words,
)
from claimmap.disputes.events import CLAUSE_END, quote_class
from claimmap.types import Quote, TextSpan

# How far (characters) a denial or contradiction looks for what it answers.
WINDOW = 700
_POSSESSED = re.compile(r"[’']s?\b.*$")


@dataclass(frozen=True)
class Targets:
    """What a denial or contradiction may answer: quotes, and claims that carry a dispute."""

    records: Sequence[Quote]
    # record id -> class of the dispute it carries (accuse / deny / contradict)
    classes: dict[str, str]
    accused_of: dict[str, str | None]

    def cls(self, record: Quote) -> str:
        return self.classes.get(record.id) or quote_class(record)


def _candidates(quote: Quote, targets: Targets, kind: str) -> list[tuple[float, Quote]]:
    """Records by other sources near ``quote``, scored as what it answers."""
    me = speaker_key(quote)
    my_actor = speaker(quote)
    anchor = quote.cue.start if quote.cue else quote.content.start
    mine = words(quote.content.text)
    scored: list[tuple[float, Quote]] = []
    for other in targets.records:
        if other.id == quote.id or (me is not None and speaker_key(other) == me):
            continue
        # A denial answers a claim; a contradiction may also answer a denial.
        other_cls = targets.cls(other)
        if other_cls == "contradict" or (kind == "denial" and other_cls == "deny"):
            continue
        o_start = other.content.start
        distance = abs(o_start - anchor)
        # Whoever accused this very speaker is what a denial answers, however far back the
        # accusation stands (the lede, and the denial in the last paragraphs).
        accused_me = my_actor is not None and targets.accused_of.get(other.id) == my_actor
        if distance > WINDOW and not accused_me:
            continue
        score = max(0.0, 1.0 - distance / WINDOW)
        if o_start < anchor:
            score += 0.2
        if other_cls == "accuse" or other.cue_class in ("allege", "accuse"):
            score += 0.6
        if accused_me:
            score += 1.0
        score += 0.3 * min(3, len(mine & words(other.content.text)))
        scored.append((score, other))
    return sorted(scored, key=lambda so: -so[0])


def _accusation_head(ctx: Context, target: Quote, targets: Targets) -> Quote:
    """The record where the accusation that ``target`` is part of was first voiced.

    A speaker often makes one accusation in several records: a direct quote and the reporting
    clause around it ("'...,' said Holm, who accused the owner of ..."), or a quote and a
    summing-up sentence right after it ("She blamed the trust for the flood."). A denial
    answers the accusation as a whole, which starts at the first of those records. Records
    by the same speaker with no other speaker's record between them and no paragraph break
    count as one statement when one of them accuses.
    """
    key = speaker_key(target)
    if key is None:
        return target
    ordered = sorted(targets.records, key=lambda r: (r.content.start, r.content.end))
    at = next((i for i, r in enumerate(ordered) if r.id == target.id), None)
    if at is None:
        return target
    first, last = at, at
    while first > 0 and _same_statement(ctx.text, ordered[first - 1], ordered[first], key):
        first -= 1
    while last + 1 < len(ordered) and _same_statement(ctx.text, ordered[last],
                                                      ordered[last + 1], key):
        last += 1
    run = ordered[first:last + 1]
    if len(run) > 1 and any(targets.cls(r) == "accuse" for r in run):
        return run[0]
    return target


def _same_statement(text: str, earlier: Quote, later: Quote, key: str) -> bool:
    if speaker_key(earlier) != key or speaker_key(later) != key:
        return False
    return "\n" not in text[earlier.content.start:later.content.start]


def _named_target(ctx: Context, quote: Quote, cue: TextSpan, targets: Targets
                  ) -> Quote | None:
    """ "contradicted Russia's accusations": the latest earlier quote by the actor named."""
    start = cue.end
    stop = CLAUSE_END.search(ctx.text, start, start + 80)
    end = stop.start() if stop else min(len(ctx.text), start + 80)
    named: set[str | None] = {actor_at(ctx.actors, start, end)}
    if named == {None}:
        # "the police chief", "the owner's account": a role or a common noun, not a name; the
        # people introduced by that noun ("board chair Erik Vang") speak for it too.
        phrase = _POSSESSED.sub("", ctx.text[start:end].strip())
        phrase = re.sub(r"^(against|with|on)\s+", "", phrase, flags=re.IGNORECASE)
        phrase = DETERMINER.sub("", phrase)
        named = {actor_by_head(ctx.actors, phrase), *actors_described(ctx, phrase)}
    named -= {None, speaker(quote)}
    if not named:
        return None
    anchor = quote.content.start
    earlier = [q for q in targets.records if speaker(q) in named
               and q.content.start < anchor and targets.cls(q) != "contradict"]
    if not earlier:
        return None
    # Prefer what that actor alleged or denied, then the closest.
    return max(earlier, key=lambda q: (targets.cls(q) in ("accuse", "deny")
                                       or q.cue_class == "allege", q.content.start))


def answered(ctx: Context, quote: Quote, cue: TextSpan, kind: str,
             targets: Targets) -> Quote | None:
    """The record a denial or contradiction (``kind``) carried by ``quote`` answers."""
    target = _named_target(ctx, quote, cue, targets) if kind == "contradiction" else None
    if target is None:
        candidates = _candidates(quote, targets, kind)
        target = candidates[0][1] if candidates else None
    if target is not None and targets.cls(target) == "accuse":
        target = _accusation_head(ctx, target, targets)
    return target
