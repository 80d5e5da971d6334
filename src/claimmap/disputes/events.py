"""Disputing acts: which quotes accuse, deny or contradict, and the verb that does it.

From the cue class attribution gave a quote; a disputing verb that cues no quote ("..., said
Vang, who denied that ...") is found in the sentence of the quote it belongs to, or in a
claim when attribution left the sentence without a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimmap.disputes.context import Context, actor_before
from claimmap.text import sentence_end, sentence_start
from claimmap.types import Quote, Speaker, TextSpan

# Stems of the disputing verbs that cue no quote (found in the text around one), by class.
DENY_CUES = re.compile(r"\b(den(y|ie|ied)|reject|dismiss|disavow|refut)", re.IGNORECASE)
CONTRADICT_CUES = re.compile(
    r"\b(contradict|disput|rebut|counter|challeng|push(ed|es|ing)? "
    r"back|refut|disagree|retort|correct)",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(r"^(saying|telling|adding|arguing|noting|writing|insisting)$",
                         re.IGNORECASE)
# Finite forms of the disputing verbs, for the main verb before a participle cue.
DISPUTE_VERB_FORMS = (
    "denied", "denies", "rejected", "rejects", "dismissed", "dismisses", "disavowed",
    "contradicted", "contradicts", "disputed", "disputes", "rebutted", "rebuts", "refuted",
    "refutes", "countered", "counters", "challenged", "challenges", "pushed back",
)
_DISPUTE_VERB = re.compile(r"\b(" + "|".join(DISPUTE_VERB_FORMS) + r")\b", re.IGNORECASE)
_ACCUSE_VERB = re.compile(
    r"\b(accused|accuses|accusing|blamed|blames|blaming|charged that|charges that)\b",
    re.IGNORECASE)
CLAUSE_END = re.compile(r"[.;:!?]|,\s|\s[—–-]\s|[\"“”]")
_PASSIVE_OR_ADJECTIVE = re.compile(
    r"\b(was|were|been|being|is|are|be|the|a|an|its|their|his|her)\s+$", re.IGNORECASE)


def quote_class(quote: Quote) -> str:
    """accuse / deny / contradict / other: the cue class attribution gave the quote (its cue
    lexicon, attribution/data/cues_en.json, classes every disputing verb and noun)."""
    # A participle cue ("contradicted ..., telling CNN") inherits the class of the main verb
    # from attribution; the dispute belongs to that verb, which dispute_cue finds.
    if quote.cue is not None and _PARTICIPLE.match(quote.cue.text):
        return "other"
    return quote.cue_class if quote.cue_class in ("accuse", "deny", "contradict") else "other"


def _verb_class(verb: str) -> str:
    return "deny" if DENY_CUES.search(verb) and not CONTRADICT_CUES.search(verb) else "contradict"


def dispute_cue(text: str, quote: Quote) -> tuple[str, TextSpan] | None:
    """The class and cue span of a denial or contradiction, or None.

    "X rebutted the claims, saying ..." gives a quote cued by "saying"; the disputing verb
    earlier in the same sentence is the real cue.
    """
    cue = quote.cue
    if cue is None:
        return None
    cls = quote_class(quote)
    if cls in ("deny", "contradict"):
        return cls, cue
    if not _PARTICIPLE.match(cue.text):
        return None
    start = sentence_start(text, cue.start)
    found = None
    for match in _DISPUTE_VERB.finditer(text, start, cue.start):
        found = match
    if found is None:
        return None
    return _verb_class(found.group(0)), TextSpan.of(text, found.start(), found.end())


@dataclass(frozen=True)
class Event:
    """A disputing verb and the quote that carries it.

    ``after`` is where the verb's object and complement are read from: the quote's content
    when the verb cues the quote, else the rest of the clause after the verb.
    """

    cls: str
    quote: Quote
    cue: TextSpan
    after: tuple[int, int]


def _verbs_in(ctx: Context, start: int, end: int, claimed: list[tuple[int, int]]
              ) -> list[tuple[str, re.Match[str]]]:
    """Disputing verbs in ``[start, end)`` that no event has taken yet, with their class.

    Skips verbs inside a quote's content (reported speech, not the speaker's act), passives
    ("was denied a visa") and adjectives ("the disputed land").
    """
    found: list[tuple[str, re.Match[str]]] = []
    for pattern in (_ACCUSE_VERB, _DISPUTE_VERB):
        for match in pattern.finditer(ctx.text, start, end):
            if any(s < match.end() and match.start() < e for s, e in claimed) or any(
                    q.content.start <= match.start() < q.content.end for q in ctx.quotes):
                continue
            if _PASSIVE_OR_ADJECTIVE.search(ctx.text, max(0, match.start() - 12),
                                            match.start()):
                continue
            claimed.append((match.start(), match.end()))
            cls = "accuse" if pattern is _ACCUSE_VERB else _verb_class(match.group(0))
            found.append((cls, match))
    return found


def _clause_after(ctx: Context, match: re.Match[str], end: int) -> tuple[int, int]:
    stop = CLAUSE_END.search(ctx.text, match.end(), end)
    return match.end(), stop.start() if stop else end


def find_events(ctx: Context) -> list[Event]:
    """Accusations, denials and contradictions, from quote cues first.

    A disputing verb that cues no quote still counts when its sentence holds a quote to hang
    it on: in "'That is untrue,' said Vang, who denied that funds were cut" the verb belongs to
    the quoted speaker.
    """
    events: list[Event] = []
    claimed: list[tuple[int, int]] = []
    for quote in ctx.quotes:
        cue = quote.cue
        if cue is None:
            continue
        content = (quote.content.start, quote.content.end)
        if quote_class(quote) == "accuse":
            events.append(Event("accuse", quote, cue, content))
            claimed.append((cue.start, cue.end))
            continue
        found = dispute_cue(ctx.text, quote)
        if found is not None:
            events.append(Event(found[0], quote, found[1], content))
            claimed.append((found[1].start, found[1].end))
    for quote in ctx.quotes:
        anchor = quote.cue.start if quote.cue else quote.content.start
        start = sentence_start(ctx.text, anchor)
        end = sentence_end(ctx.text, max(anchor, quote.content.end - 1))
        for cls, match in _verbs_in(ctx, start, end, claimed):
            events.append(Event(cls, quote, TextSpan.of(ctx.text, match.start(), match.end()),
                                _clause_after(ctx, match, end)))
    # Sentences attribution left without a quote ("Councillor Brandt charged that ..."): the
    # claim covering the sentence carries the dispute, and the actor named just before the
    # verb is its source.
    for claim in ctx.claims:
        start, end = claim.span.start, claim.span.end
        for cls, match in _verbs_in(ctx, start, end, claimed):
            subject = actor_before(ctx.actors, start, match.start())
            if subject is None:
                continue
            carrier = Quote(id=claim.id, kind="indirect", content=claim.span, cue=None,
                            cue_class="other", speaker=Speaker(subject[0], subject[1]))
            events.append(Event(cls, carrier,
                                TextSpan.of(ctx.text, match.start(), match.end()),
                                _clause_after(ctx, match, end)))
    return sorted(events, key=lambda e: e.cue.start)
