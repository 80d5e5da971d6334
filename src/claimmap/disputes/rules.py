"""Who disputes whom, read from attributed quotes, actors and (when present) claims.

Pure functions over the typed records the earlier stages leave on the Doc, so they can be
tested without spaCy. Each kind has its module:

* events.py: which quotes accuse, deny or contradict, and the verb that does it;
* accusations.py: the accused, named between the cue and the content ("accused *the U.S.*
  of assisting ISIS");
* answers.py: what a denial or contradiction answers;
* numbers.py: two quantities on the same topic from different sources whose values or
  bounds cannot both hold ("12 confirmed dead" vs "at least 40 killed").

This module puts them together into Dispute and Accusation records.
"""

from __future__ import annotations

import re

from claimmap.disputes.accusations import find_accusations
from claimmap.disputes.answers import Targets, answered
from claimmap.disputes.context import Context, make_dispute, speaker, speaker_key
from claimmap.disputes.events import find_events, quote_class
from claimmap.disputes.numbers import numeric_conflicts
from claimmap.text import sentence_start
from claimmap.types import Accusation, Dispute, DisputeKind, TextSpan

__all__ = ["Context", "find_disputes", "quote_class"]

_ABBREVIATION = re.compile(r"^(?:[A-Z]\.)+$")
_EVIDENCE_STOP = frozenset(
    [
    "of", "that", "about", "over", "on", "in", "to", "for", "and", "but", "as", "while",
    "telling", "saying", "which", "who"
    ]
)


def _evidence(text: str, cue: TextSpan, max_words: int = 3) -> TextSpan:
    """The cue and the few words right after it: "has denied all reports"."""
    start, end = cue.start, cue.end
    # Keep the auxiliaries that belong to the cue ("has denied", "flatly rejected").
    before = re.search(
        r"((?:has|have|had|is|was|were|are|flatly|strongly|firmly|also|"
        r"quickly|again)\s+)+$",
        text[max(0, start - 40) : start],
        re.IGNORECASE,
    )
    if before:
        start -= len(before.group(0))
    cue_end = end
    tail = text[cue_end : cue_end + 80]
    for match in list(re.finditer(r"\S+", tail))[:max_words]:
        word = match.group(0)
        bare = word.strip(',.;:!?"“”\'’()').lower()
        if bare in _EVIDENCE_STOP or not bare:
            break
        # "the U.S." keeps its full stop; a word closing the clause loses its punctuation.
        kept = word if _ABBREVIATION.match(word) else word.rstrip(',.;:!?"“”)')
        end = cue_end + match.start() + len(kept)
        if kept != word and word[-1] in ",.;:!?":
            break
    return TextSpan.of(text, start, end)


def find_disputes(ctx: Context) -> tuple[tuple[Dispute, ...], tuple[Accusation, ...]]:
    """The disputes and accusations of one article."""
    events = find_events(ctx)
    accusations = find_accusations(ctx, events)
    quote_ids = {q.id for q in ctx.quotes}
    targets = Targets(
        records=list(ctx.quotes) + [e.quote for e in events if e.quote.id not in quote_ids],
        classes={e.quote.id: e.cls for e in events},
        accused_of={a.event.quote.id: a.accused for a in accusations})
    disputes: list[Dispute] = []
    accusation_records: list[Accusation] = []
    for acc in accusations:
        quote_id = acc.event.quote.id
        accusation_records.append(Accusation(accuser=acc.accuser, accused=acc.accused,
                                             of=acc.of, quote_id=quote_id,
                                             accused_mention=acc.accused_mention))
        disputes.append(make_dispute(ctx, "accusation", quote_id, None,
                                     [acc.accuser, acc.accused],
                                     _evidence(ctx.text, acc.event.cue, max_words=4),
                                     0.9 if acc.accused else 0.7))
    seen: set[tuple[str | None, int]] = set()
    verb_ends: set[int] = set()
    for event in events:
        if event.cls not in ("deny", "contradict"):
            continue
        quote, cue = event.quote, event.cue
        # One dispute per speaker and sentence, whatever the number of content spans, and one
        # per disputing verb, even when attribution gives its subject as two actors ("The
        # ethics officer, Dag Lunde, contradicted Brandt, saying ...").
        key = (speaker_key(quote), sentence_start(ctx.text, cue.start))
        if key in seen or cue.end in verb_ends:
            continue
        seen.add(key)
        verb_ends.add(cue.end)
        kind: DisputeKind = "denial" if event.cls == "deny" else "contradiction"
        target = answered(ctx, quote, cue, kind, targets)
        disputes.append(make_dispute(ctx, kind, quote.id, target.id if target else None,
                                     [speaker(quote), speaker(target) if target else None],
                                     _evidence(ctx.text, cue), 0.85 if target else 0.6))
    disputes.extend(numeric_conflicts(ctx))
    return tuple(disputes), tuple(accusation_records)
