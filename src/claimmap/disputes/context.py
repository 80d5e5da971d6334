"""What the dispute rules read (one article's text, quotes, actors and claims) and who a
phrase of that text names, from the actors attribution resolved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimmap.types import Actor, Claim, Dispute, DisputeKind, Quote, QuoteTarget, TextSpan, make_id

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
DETERMINER = re.compile(r"^(the|a|an|its|their|his|her)\s+", re.IGNORECASE)
STOP = frozenset(
    [
    "the", "a", "an", "of", "in", "on", "at", "by", "to", "and", "or", "was", "were", "have",
    "has", "had", "been", "be", "is", "are", "that", "this", "than", "some", "their", "its",
    "his", "her", "them", "they", "it", "as", "for", "with", "not", "no", "said", "says",
    "would", "could", "will"
    ]
)
# Words that end the noun phrase a descriptor sits in ("..., and Vang said": not Vang's title).
_DESCRIPTOR_STOP = frozenset(
    ["and", "or", "but", "while", "who", "which", "that", "said", "says", "told", "after",
     "before", "when", "as", "than", "of", "by", "to", "with"]
)
_VERB_STEM = re.compile(r"(accus|blam|charg|den(y|ie)|reject|dismiss|disput|contradict|"
                        r"rebut|refut|counter|challeng|say|tell|claim)", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    text: str
    quotes: Sequence[Quote]
    actors: Sequence[Actor]
    claims: Sequence[Claim]
    doc_key: str
    # The accused attribution read off accusing cues ("accused *the U.S.* of ...").
    targets: Sequence[QuoteTarget] = ()


def speaker(quote: Quote) -> str | None:
    return quote.speaker.actor_id


def speaker_key(quote: Quote) -> str | None:
    """The actor id, or the speaker's own words when the actor is unresolved."""
    actor = quote.speaker.actor_id
    if actor:
        return actor
    mention = quote.speaker.mention
    return f"mention:{mention.text.lower()}" if mention else None


def words(text: str) -> set[str]:
    return {w.lower().strip("’'") for w in _WORD.findall(text)} - STOP


def actor_at(actors: Sequence[Actor], start: int, end: int) -> str | None:
    """The actor with a mention inside ``[start, end)``, the earliest mention first."""
    best: tuple[int, str] | None = None
    for actor in actors:
        for mention in actor.mentions:
            inside = start <= mention.start and mention.end <= end
            if inside and (best is None or mention.start < best[0]):
                best = (mention.start, actor.id)
    return best[1] if best else None


def actor_before(actors: Sequence[Actor], start: int, end: int
                 ) -> tuple[str, TextSpan] | None:
    """The actor mentioned last in ``[start, end)``, and that mention."""
    best: tuple[int, str, TextSpan] | None = None
    for actor in actors:
        for mention in actor.mentions:
            if start <= mention.start and mention.end <= end and (
                    best is None or mention.start > best[0]):
                best = (mention.start, actor.id, mention)
    return (best[1], best[2]) if best else None


def actor_by_head(actors: Sequence[Actor], phrase: str) -> str | None:
    """Resolve "the country's air force" to the actor "Russian Air Force" by its last words,
    or "the police chief" to the actor whose role is "police chief"."""
    phrase_words = [w.lower() for w in _WORD.findall(phrase)]
    for n in (2, 1):
        if len(phrase_words) < n:
            continue
        tail = phrase_words[-n:]
        if n == 1 and tail[0] in STOP:
            continue
        for actor in actors:
            name = [w.lower() for w in _WORD.findall(actor.name or "")]
            role = [w.lower() for w in _WORD.findall(actor.role or "")]
            if (len(name) >= n and name[-n:] == tail) or (len(role) >= n and role[-n:] == tail):
                return actor.id
    return None


def _described(text: str, mention: TextSpan, head: str) -> bool:
    """Whether ``head`` is a title or apposition of the mention: "board chair Erik Vang",
    "The owner, Nordsea Lines", "Nordsea Lines, the owner,"."""
    start, end = mention.start, mention.end
    before = text[max(0, start - 60):start]
    # One comma may sit between an appositive and the name; any other mark ends the phrase.
    before = re.sub(r",\s*$", " ", before)
    found: list[str] = []
    for match in reversed(list(re.finditer(r"[^\s]+", before))):
        token = match.group(0)
        bare = token.strip("’'").lower()
        # A verb ends the phrase too: in "The union accused Brask Minerals" the union is
        # the subject, not a title of Brask Minerals.
        if (not _WORD.fullmatch(token.rstrip("’'")) or bare in _DESCRIPTOR_STOP
                or bare.endswith("ed") or _VERB_STEM.match(bare)):
            break
        found.append(bare)
        if len(found) == 4:
            break
    if head in found:
        return True
    after = re.match(r",\s+(?:the|its|a|an)\s+((?:[A-Za-z'’-]+\s*){1,3})[,.;]",
                     text[end:end + 60])
    return bool(after and head in after.group(1).lower().split())


def actors_described(ctx: Context, phrase: str) -> list[str]:
    """Actors introduced with the head noun of ``phrase`` as their title or apposition, so
    that "the board's account" also names what the board chair said."""
    phrase_words = [w.lower() for w in _WORD.findall(phrase)]
    if not phrase_words or phrase_words[-1] in STOP:
        return []
    head = phrase_words[-1]
    return [actor.id for actor in ctx.actors
            if any(_described(ctx.text, m, head) for m in actor.mentions)]


def make_dispute(ctx: Context, kind: DisputeKind, a: str, b: str | None,
                 actors: Sequence[str | None], evidence: TextSpan | None,
                 score: float) -> Dispute:
    return Dispute(id=make_id("dispute", ctx.doc_key, kind, a, b or ""), kind=kind, a=a, b=b,
                   actors=tuple(x for x in dict.fromkeys(actors) if x), evidence=evidence,
                   score=round(score, 3))
