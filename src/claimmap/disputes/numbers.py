"""Numeric conflicts: two figures on the same topic, from different sources, that cannot
both hold ("12 confirmed dead" vs "at least 40 killed")."""

from __future__ import annotations

from dataclasses import dataclass

from claimmap.disputes.context import Context, make_dispute, speaker_key
from claimmap.disputes.quantities import Mention, find_quantities
from claimmap.quantities import clash
from claimmap.text import innermost, overlaps
from claimmap.types import Dispute, TextSpan


@dataclass(frozen=True)
class SourcedQuantity:
    mention: Mention
    record_id: str
    source: str | None


def _quantities(ctx: Context) -> list[SourcedQuantity]:
    """Figures with the record (quote or claim) they sit in and who gives them.

    A figure inside a quote belongs to the innermost such quote and its speaker: "A said 30
    were hurt, while B said 4" often comes back as A's content running over B's whole quote,
    and a claim spans the whole sentence. Claims add the figures no quote holds.
    """
    found: list[SourcedQuantity] = []
    for quote in ctx.quotes:
        content = quote.content
        for mention in find_quantities(ctx.text, content.start, content.end):
            owner = innermost(ctx.quotes, (mention.start, mention.end),
                              lambda q: (q.content.start, q.content.end))
            if owner is not quote or any(overlaps((q.mention.start, q.mention.end),
                                                  (mention.start, mention.end))
                                         for q in found):
                continue
            found.append(SourcedQuantity(mention, quote.id, speaker_key(quote)))
    for claim in ctx.claims:
        for quantity in claim.quantities:
            s, e = quantity.span.start, quantity.span.end
            if s < 0 or any(overlaps((q.mention.start, q.mention.end), (s, e)) for q in found):
                continue
            # Our reader gives the topic; the claim gives the value, bound and source.
            near = [m for m in find_quantities(ctx.text, max(0, s - 30),
                                               min(len(ctx.text), e + 80))
                    if m.start <= e and s <= m.end]
            if not near:
                continue
            ours = near[0]
            mention = Mention(s, e, float(quantity.value), str(quantity.bound or ours.bound),
                              ours.topic, ours.noun)
            source = quantity.source_actor_id or claim.sourcing.actor_id
            found.append(SourcedQuantity(mention, claim.id, source))
    return found


def numeric_conflicts(ctx: Context) -> list[Dispute]:
    quantities = _quantities(ctx)
    disputes: list[Dispute] = []
    paired: set[tuple[str, str]] = set()
    for i, first in enumerate(quantities):
        for second in quantities[i + 1:]:
            if first.source == second.source or (first.source is None and second.source is None):
                continue
            if first.record_id == second.record_id:
                continue
            gap = clash(first.mention, second.mention)
            if gap <= 0.0:
                continue
            pair = (first.record_id, second.record_id)
            if pair in paired:
                continue
            paired.add(pair)
            lo = min(first.mention.start, second.mention.start)
            hi = max(first.mention.end, second.mention.end)
            evidence = (TextSpan.of(ctx.text, lo, hi) if hi - lo <= 300
                        else TextSpan.of(ctx.text, first.mention.start, first.mention.end))
            actors = [s for s in (first.source, second.source)
                      if s and not s.startswith("mention:")]
            disputes.append(make_dispute(ctx, "numeric_conflict", first.record_id,
                                         second.record_id, actors, evidence, 0.5 + 0.5 * gap))
    return disputes
