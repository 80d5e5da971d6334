"""Who disputes whom, read from attributed quotes, actors and (when present) claims.

Pure functions over the ``to_dict`` records the earlier components leave on the Doc, so they
can be tested without spaCy. The rules, in short:

* accusation: a quote cued by an accusing verb; the accused is the actor named between the
  cue and the content ("accused *the U.S.* of assisting ISIS").
* denial: a quote cued by a denying verb, paired with the nearest accusation or claim by
  another source (before or after it: "X denied ... However, Y accused X of ..."); an
  accusation made in several records by one speaker (a quote and "..., who accused ...")
  is answered where it was first voiced.
* contradiction: a quote cued by a contradicting verb, paired with the latest quote of the
  actor its object names ("contradicted *Russia's* accusations"; "the board's account" also
  names "board chair Erik Vang"), else the nearest quote by another source.
* numeric conflict: two quantities on the same topic from different sources whose values or
  bounds cannot both hold ("12 confirmed dead" vs "at least 40 killed").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claimmap.disputes.quantities import Mention, conflict, find_quantities
from claimmap.text import sentence_end, sentence_start
from claimmap.types import make_id

Record = dict[str, Any]

# Cue words by class, for quotes whose cue class the attribution left generic.
ACCUSE_CUES = re.compile(r"\b(accus|blam|charg|condemn|denounc|fault)", re.IGNORECASE)
DENY_CUES = re.compile(r"\b(den(y|ie|ied)|reject|dismiss|disavow|refut)", re.IGNORECASE)
CONTRADICT_CUES = re.compile(
    r"\b(contradict|disput|rebut|counter|challeng|push(ed|es|ing)? "
    r"back|refut|disagree|retort|correct)",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(r"^(saying|telling|adding|arguing|noting|writing|insisting)$",
                         re.IGNORECASE)
# Finite forms of the disputing verbs, for the main verb before a participle cue.
_DISPUTE_VERB = re.compile(
    r"\b(denied|denies|rejected|rejects|dismissed|dismisses|disavowed|contradicted|"
    r"contradicts|disputed|disputes|rebutted|rebuts|refuted|refutes|countered|counters|"
    r"challenged|challenges|pushed back)\b",
    re.IGNORECASE,
)
_THAT_CLAUSE = re.compile(
    r"\s*(?P<who>[^,;.]{2,80}?)\s+(?P<what>(?:had|has|have|was|were|is|are|would|will|did|"
    r"could|should)\b.*)", re.IGNORECASE | re.DOTALL)
_THAT = re.compile(r"that\s+", re.IGNORECASE)
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.)+$")
_LINK = re.compile(r"\s(of|for|over)\s", re.IGNORECASE)
_DETERMINER = re.compile(r"^(the|a|an|its|their|his|her)\s+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset(
    [
    "the", "a", "an", "of", "in", "on", "at", "by", "to", "and", "or", "was", "were", "have",
    "has", "had", "been", "be", "is", "are", "that", "this", "than", "some", "their", "its",
    "his", "her", "them", "they", "it", "as", "for", "with", "not", "no", "said", "says",
    "would", "could", "will"
    ]
)
_EVIDENCE_STOP = frozenset(
    [
    "of", "that", "about", "over", "on", "in", "to", "for", "and", "but", "as", "while",
    "telling", "saying", "which", "who"
    ]
)
# How far (characters) a denial or contradiction looks for what it answers.
WINDOW = 700


@dataclass(frozen=True)
class Context:
    text: str
    quotes: Sequence[Record]
    actors: Sequence[Record]
    claims: Sequence[Record]
    doc_key: str


def _span(text: str, start: int, end: int) -> Record:
    return {"start": start, "end": end, "text": text[start:end]}


def _speaker(quote: Record) -> str | None:
    speaker = quote.get("speaker") or {}
    actor: str | None = speaker.get("actor_id")
    return actor


def _speaker_key(quote: Record) -> str | None:
    """The actor id, or the speaker's own words when the actor is unresolved."""
    actor = _speaker(quote)
    if actor:
        return actor
    mention = (quote.get("speaker") or {}).get("mention")
    return f"mention:{mention['text'].lower()}" if mention else None


def _cue_text(quote: Record) -> str:
    cue = quote.get("cue")
    return str(cue["text"]) if cue else ""


def quote_class(quote: Record) -> str:
    """accuse / deny / contradict / other, from the cue class or, failing that, the cue."""
    cls = str(quote.get("cue_class") or "other")
    cue = _cue_text(quote)
    # A participle cue ("contradicted ..., telling CNN") inherits the class of the main verb
    # from attribution; the dispute belongs to that verb, which dispute_cue finds.
    if _PARTICIPLE.match(cue):
        return "other"
    if cls in ("accuse", "deny", "contradict"):
        return cls
    if cue and DENY_CUES.search(cue):
        return "deny"
    if cue and CONTRADICT_CUES.search(cue):
        return "contradict"
    if cue and ACCUSE_CUES.search(cue):
        return "accuse"
    return "other"


def dispute_cue(text: str, quote: Record) -> tuple[str, Record] | None:
    """The class and cue span of a denial or contradiction, or None.

    "X rebutted the claims, saying ..." gives a quote cued by "saying"; the disputing verb
    earlier in the same sentence is the real cue.
    """
    cue = quote.get("cue")
    if not cue:
        return None
    cls = quote_class(quote)
    if cls in ("deny", "contradict"):
        return cls, cue
    if not _PARTICIPLE.match(str(cue["text"])):
        return None
    start = sentence_start(text, int(cue["start"]))
    found = None
    for match in _DISPUTE_VERB.finditer(text, start, int(cue["start"])):
        found = match
    if found is None:
        return None
    verb = found.group(0)
    kind = "deny" if DENY_CUES.search(verb) and not CONTRADICT_CUES.search(verb) else "contradict"
    return kind, _span(text, found.start(), found.end())


def _words(text: str) -> set[str]:
    return {w.lower().strip("’'") for w in _WORD.findall(text)} - _STOP


def _actor_at(actors: Sequence[Record], start: int, end: int) -> str | None:
    """The actor with a mention inside ``[start, end)``, the earliest mention first."""
    best: tuple[int, str] | None = None
    for actor in actors:
        for mention in actor.get("mentions") or ():
            inside = start <= mention["start"] and mention["end"] <= end
            if inside and (best is None or mention["start"] < best[0]):
                best = (mention["start"], str(actor["id"]))
    return best[1] if best else None


def _actor_by_head(actors: Sequence[Record], phrase: str) -> str | None:
    """Resolve "the country's air force" to the actor "Russian Air Force" by its last words,
    or "the police chief" to the actor whose role is "police chief"."""
    words = [w.lower() for w in _WORD.findall(phrase)]
    for n in (2, 1):
        if len(words) < n:
            continue
        tail = words[-n:]
        if n == 1 and tail[0] in _STOP:
            continue
        for actor in actors:
            name = [w.lower() for w in _WORD.findall(str(actor.get("name") or ""))]
            role = [w.lower() for w in _WORD.findall(str(actor.get("role") or ""))]
            if (len(name) >= n and name[-n:] == tail) or (len(role) >= n and role[-n:] == tail):
                return str(actor["id"])
    return None


# Words that end the noun phrase a descriptor sits in ("..., and Vang said": not Vang's title).
_DESCRIPTOR_STOP = frozenset(
    ["and", "or", "but", "while", "who", "which", "that", "said", "says", "told", "after",
     "before", "when", "as", "than", "of", "by", "to", "with"]
)


_VERB_STEM = re.compile(r"(accus|blam|charg|den(y|ie)|reject|dismiss|disput|contradict|"
                        r"rebut|refut|counter|challeng|say|tell|claim)", re.IGNORECASE)


def _described(text: str, mention: Record, head: str) -> bool:
    """Whether ``head`` is a title or apposition of the mention: "board chair Erik Vang",
    "The owner, Nordsea Lines", "Nordsea Lines, the owner,"."""
    start, end = int(mention["start"]), int(mention["end"])
    before = text[max(0, start - 60):start]
    # One comma may sit between an appositive and the name; any other mark ends the phrase.
    before = re.sub(r",\s*$", " ", before)
    words: list[str] = []
    for match in reversed(list(re.finditer(r"[^\s]+", before))):
        token = match.group(0)
        bare = token.strip("’'").lower()
        # A verb ends the phrase too: in "The union accused Brask Minerals" the union is
        # the subject, not a title of Brask Minerals.
        if (not _WORD.fullmatch(token.rstrip("’'")) or bare in _DESCRIPTOR_STOP
                or bare.endswith("ed") or _VERB_STEM.match(bare)):
            break
        words.append(bare)
        if len(words) == 4:
            break
    if head in words:
        return True
    after = re.match(r",\s+(?:the|its|a|an)\s+((?:[A-Za-z'’-]+\s*){1,3})[,.;]",
                     text[end:end + 60])
    return bool(after and head in after.group(1).lower().split())


def _actors_described(ctx: Context, phrase: str) -> list[str]:
    """Actors introduced with the head noun of ``phrase`` as their title or apposition, so
    that "the board's account" also names what the board chair said."""
    words = [w.lower() for w in _WORD.findall(phrase)]
    if not words or words[-1] in _STOP:
        return []
    head = words[-1]
    return [str(actor["id"]) for actor in ctx.actors
            if any(_described(ctx.text, m, head) for m in actor.get("mentions") or ())]


def _evidence(text: str, cue: Record | None, max_words: int = 3) -> Record | None:
    """The cue and the few words right after it: "has denied all reports"."""
    if not cue:
        return None
    start, end = int(cue["start"]), int(cue["end"])
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
    return _span(text, start, end)


@dataclass(frozen=True)
class Event:
    """A disputing verb and the quote that carries it.

    ``after`` is where the verb's object and complement are read from: the quote's content
    when the verb cues the quote, else the rest of the clause after the verb.
    """

    cls: str
    quote: Record
    cue: Record
    after: tuple[int, int]


_CLAUSE_END = re.compile(r"[.;:!?]|,\s|\s[—–-]\s|[\"“”]")
_ACCUSE_VERB = re.compile(
    r"\b(accused|accuses|accusing|blamed|blames|blaming|charged that|charges that)\b",
    re.IGNORECASE)


_PASSIVE_OR_ADJECTIVE = re.compile(
    r"\b(was|were|been|being|is|are|be|the|a|an|its|their|his|her)\s+$", re.IGNORECASE)


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
                    int(q["content"]["start"]) <= match.start() < int(q["content"]["end"])
                    for q in ctx.quotes):
                continue
            if _PASSIVE_OR_ADJECTIVE.search(ctx.text, max(0, match.start() - 12),
                                            match.start()):
                continue
            claimed.append((match.start(), match.end()))
            verb = match.group(0)
            if pattern is _ACCUSE_VERB:
                cls = "accuse"
            elif DENY_CUES.search(verb) and not CONTRADICT_CUES.search(verb):
                cls = "deny"
            else:
                cls = "contradict"
            found.append((cls, match))
    return found


def _actor_before(actors: Sequence[Record], start: int, end: int
                  ) -> tuple[str, Record] | None:
    """The actor mentioned last in ``[start, end)``, and that mention."""
    best: tuple[int, str, Record] | None = None
    for actor in actors:
        for mention in actor.get("mentions") or ():
            if start <= mention["start"] and mention["end"] <= end and (
                    best is None or mention["start"] > best[0]):
                best = (int(mention["start"]), str(actor["id"]), mention)
    return (best[1], best[2]) if best else None


def find_events(ctx: Context) -> list[Event]:
    """Accusations, denials and contradictions, from quote cues first.

    A disputing verb that cues no quote still counts when its sentence holds a quote to hang
    it on: in "'That is untrue,' said Vang, who denied that funds were cut" the verb belongs to
    the quoted speaker.
    """
    events: list[Event] = []
    claimed: list[tuple[int, int]] = []
    for quote in ctx.quotes:
        cue = quote.get("cue")
        if not cue:
            continue
        content = quote["content"]
        if quote_class(quote) == "accuse":
            events.append(Event("accuse", quote, cue, (int(content["start"]),
                                                       int(content["end"]))))
            claimed.append((int(cue["start"]), int(cue["end"])))
            continue
        found = dispute_cue(ctx.text, quote)
        if found is not None:
            events.append(Event(found[0], quote, found[1], (int(content["start"]),
                                                            int(content["end"]))))
            claimed.append((int(found[1]["start"]), int(found[1]["end"])))
    for quote in ctx.quotes:
        cue = quote.get("cue")
        anchor = int(cue["start"]) if cue else int(quote["content"]["start"])
        start = sentence_start(ctx.text, anchor)
        end = sentence_end(ctx.text, max(anchor, int(quote["content"]["end"]) - 1))
        for cls, match in _verbs_in(ctx, start, end, claimed):
            stop = _CLAUSE_END.search(ctx.text, match.end(), end)
            after = (match.end(), stop.start() if stop else end)
            events.append(Event(cls, quote, _span(ctx.text, match.start(), match.end()), after))
    # Sentences attribution left without a quote ("Councillor Brandt charged that ..."): the
    # claim covering the sentence carries the dispute, and the actor named just before the
    # verb is its source.
    for claim in ctx.claims:
        span = claim.get("span") or {}
        if "start" not in span:
            continue
        start, end = int(span["start"]), int(span["end"])
        for cls, match in _verbs_in(ctx, start, end, claimed):
            subject = _actor_before(ctx.actors, start, match.start())
            if subject is None:
                continue
            stop = _CLAUSE_END.search(ctx.text, match.end(), end)
            after = (match.end(), stop.start() if stop else end)
            record = {"id": claim["id"], "content": span, "cue": None, "cue_class": "other",
                      "speaker": {"actor_id": subject[0], "mention": subject[1]}}
            events.append(Event(cls, record, _span(ctx.text, match.start(), match.end()),
                                after))
    return sorted(events, key=lambda e: int(e.cue["start"]))


@dataclass(frozen=True)
class AccusationFind:
    event: Event
    accuser: str | None
    accused: str | None
    accused_mention: Record | None
    of: Record


def find_accusations(ctx: Context, events: Sequence[Event]) -> list[AccusationFind]:
    found: list[AccusationFind] = []
    for event in events:
        if event.cls != "accuse":
            continue
        cue_end = int(event.cue["end"])
        c_start, c_end = event.after
        if c_start < cue_end:
            continue
        # "accused [the U.S.] of [assisting ISIS]": the object sits between cue and content,
        # or opens the content itself when the content runs on from the cue.
        gap_start, gap_end, of_start = cue_end, c_start, c_start
        link = _LINK.search(ctx.text, c_start, min(c_end, c_start + 80))
        # The complementizer may end the cue ("charged that") or open the content.
        that = _THAT.match(ctx.text, c_start, c_end)
        clause = _THAT_CLAUSE.match(ctx.text, that.end() if that else c_start, c_end)
        if (str(event.cue["text"]).lower().endswith("that") or that) and clause:
            # "charged that [the director] [had steered the contract]"
            gap_start, gap_end, of_start = clause.start("who"), clause.end("who"), clause.start(
                "what")
        elif c_start - cue_end < 3 and link:
            gap_end, of_start = link.start(), link.end()
        gap = ctx.text[gap_start:gap_end]
        gap = re.sub(r"\s+(of|for|over)\s*$", "", gap, flags=re.IGNORECASE)
        stripped = gap.strip(" ,")
        accused_mention = None
        if stripped:
            offset = ctx.text.index(stripped, gap_start)
            accused_mention = _span(ctx.text, offset, offset + len(stripped))
        accused = _actor_at(ctx.actors, gap_start, gap_start + len(gap))
        if accused is None and stripped:
            # "the ferry's owner": a name or role, else the one actor introduced as owner.
            phrase = _DETERMINER.sub("", stripped)
            accused = _actor_by_head(ctx.actors, phrase)
            if accused is None:
                described = _actors_described(ctx, phrase)
                accused = described[0] if len(described) == 1 else None
        of_end = c_end
        while of_end > of_start and ctx.text[of_end - 1] in ' .,;:”"':
            of_end -= 1
        if of_end <= of_start:
            continue
        found.append(AccusationFind(event, _speaker(event.quote), accused, accused_mention,
                                    _span(ctx.text, of_start, of_end)))
    return found


@dataclass(frozen=True)
class Targets:
    """What a denial or contradiction may answer: quotes, and claims that carry a dispute."""

    records: Sequence[Record]
    # record id -> class of the dispute it carries (accuse / deny / contradict)
    classes: dict[str, str]
    accused_of: dict[str, str | None]

    def cls(self, record: Record) -> str:
        return self.classes.get(str(record["id"])) or quote_class(record)


def _target_candidates(ctx: Context, quote: Record, targets: Targets,
                       kind: str = "denial") -> list[tuple[float, Record]]:
    """Records by other sources near ``quote``, scored as what it answers."""
    me = _speaker_key(quote)
    my_actor = _speaker(quote)
    q_start = int(quote["content"]["start"])
    cue = quote.get("cue")
    anchor = int(cue["start"]) if cue else q_start
    mine = _words(quote["content"]["text"])
    scored: list[tuple[float, Record]] = []
    for other in targets.records:
        if other["id"] == quote["id"] or (me is not None and _speaker_key(other) == me):
            continue
        # A denial answers a claim; a contradiction may also answer a denial.
        other_cls = targets.cls(other)
        if other_cls == "contradict" or (kind == "denial" and other_cls == "deny"):
            continue
        o_start = int(other["content"]["start"])
        distance = abs(o_start - anchor)
        # Whoever accused this very speaker is what a denial answers, however far back the
        # accusation stands (the lede, and the denial in the last paragraphs).
        accused_me = (my_actor is not None
                      and targets.accused_of.get(str(other["id"])) == my_actor)
        if distance > WINDOW and not accused_me:
            continue
        score = max(0.0, 1.0 - distance / WINDOW)
        if o_start < anchor:
            score += 0.2
        if other_cls == "accuse" or other.get("cue_class") in ("allege", "accuse"):
            score += 0.6
        if accused_me:
            score += 1.0
        score += 0.3 * min(3, len(mine & _words(other["content"]["text"])))
        scored.append((score, other))
    return sorted(scored, key=lambda so: -so[0])


def _accusation_head(ctx: Context, target: Record, targets: Targets) -> Record:
    """The record where the accusation that ``target`` is part of was first voiced.

    A speaker often makes one accusation in several records: a direct quote and the reporting
    clause around it ("'...,' said Holm, who accused the owner of ..."), or a quote and a
    summing-up sentence right after it ("She blamed the trust for the flood."). A denial
    answers the accusation as a whole, which starts at the first of those records. Records
    by the same speaker with no other speaker's record between them and no paragraph break
    count as one statement when one of them accuses.
    """
    key = _speaker_key(target)
    if key is None:
        return target
    ordered = sorted(targets.records, key=lambda r: (int(r["content"]["start"]),
                                                     int(r["content"]["end"])))
    at = next((i for i, r in enumerate(ordered) if r["id"] == target["id"]), None)
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


def _same_statement(text: str, earlier: Record, later: Record, key: str) -> bool:
    if _speaker_key(earlier) != key or _speaker_key(later) != key:
        return False
    gap = text[int(earlier["content"]["start"]):int(later["content"]["start"])]
    return "\n" not in gap


def _dispute(
    ctx: Context,
    kind: str,
    a: str,
    b: str | None,
    actors: Sequence[str | None],
    evidence: Record | None,
    score: float,
) -> Record:
    return {
        "id": make_id("dispute", ctx.doc_key, kind, a, b or ""),
        "kind": kind,
        "a": a,
        "b": b,
        "actors": [x for x in dict.fromkeys(actors) if x],
        "evidence": evidence,
        "score": round(score, 3),
    }


def find_disputes(ctx: Context) -> tuple[list[Record], list[Record]]:
    """(disputes, accusations) records in the ``to_dict`` shapes of Dispute and Accusation."""
    events = find_events(ctx)
    accusations = find_accusations(ctx, events)
    quote_ids = {str(q["id"]) for q in ctx.quotes}
    targets = Targets(
        records=list(ctx.quotes) + [e.quote for e in events
                                    if str(e.quote["id"]) not in quote_ids],
        classes={str(e.quote["id"]): e.cls for e in events},
        accused_of={str(a.event.quote["id"]): a.accused for a in accusations})
    disputes: list[Record] = []
    accusation_records: list[Record] = []
    for acc in accusations:
        quote_id = str(acc.event.quote["id"])
        accusation_records.append({"accuser": acc.accuser, "accused": acc.accused,
                                   "of": acc.of, "quote_id": quote_id,
                                   "accused_mention": acc.accused_mention})
        disputes.append(_dispute(ctx, "accusation", quote_id, None, [acc.accuser, acc.accused],
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
        key = (_speaker_key(quote), sentence_start(ctx.text, int(cue["start"])))
        if key in seen or int(cue["end"]) in verb_ends:
            continue
        seen.add(key)
        verb_ends.add(int(cue["end"]))
        kind = "denial" if event.cls == "deny" else "contradiction"
        target = _named_target(ctx, quote, cue, targets) if kind == "contradiction" else None
        if target is None:
            candidates = _target_candidates(ctx, quote, targets, kind)
            target = candidates[0][1] if candidates else None
        if target is not None and targets.cls(target) == "accuse":
            target = _accusation_head(ctx, target, targets)
        b = str(target["id"]) if target else None
        other = _speaker(target) if target else None
        disputes.append(_dispute(ctx, kind, str(quote["id"]), b, [_speaker(quote), other],
                                 _evidence(ctx.text, cue), 0.85 if target else 0.6))
    disputes.extend(numeric_conflicts(ctx))
    return disputes, accusation_records


_POSSESSED = re.compile(r"[’']s?\b.*$")


def _named_target(ctx: Context, quote: Record, cue: Record, targets: Targets
                  ) -> Record | None:
    """ "contradicted Russia's accusations": the latest earlier quote by the actor named."""
    content = quote["content"]
    start = int(cue["end"])
    stop = _CLAUSE_END.search(ctx.text, start, start + 80)
    end = stop.start() if stop else min(len(ctx.text), start + 80)
    named: set[str | None] = {_actor_at(ctx.actors, start, end)}
    if named == {None}:
        # "the police chief", "the owner's account": a role or a common noun, not a name; the
        # people introduced by that noun ("board chair Erik Vang") speak for it too.
        phrase = _POSSESSED.sub("", ctx.text[start:end].strip())
        phrase = re.sub(r"^(against|with|on)\s+", "", phrase, flags=re.IGNORECASE)
        phrase = _DETERMINER.sub("", phrase)
        named = {_actor_by_head(ctx.actors, phrase), *_actors_described(ctx, phrase)}
    named -= {None, _speaker(quote)}
    if not named:
        return None
    anchor = int(content["start"])
    earlier = [q for q in targets.records if _speaker(q) in named
               and int(q["content"]["start"]) < anchor and targets.cls(q) != "contradict"]
    if not earlier:
        return None
    # Prefer what that actor alleged or denied, then the closest.
    return max(earlier, key=lambda q: (targets.cls(q) in ("accuse", "deny")
                                       or q.get("cue_class") == "allege",
                                       int(q["content"]["start"])))


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
    by_size = sorted(ctx.quotes,
                     key=lambda q: int(q["content"]["end"]) - int(q["content"]["start"]))
    for quote in ctx.quotes:
        content = quote["content"]
        for mention in find_quantities(ctx.text, int(content["start"]), int(content["end"])):
            owner = next(q for q in by_size if int(q["content"]["start"]) <= mention.start
                         and mention.end <= int(q["content"]["end"]))
            if owner is not quote or any(_overlap(q.mention, mention) for q in found):
                continue
            found.append(SourcedQuantity(mention, str(quote["id"]), _speaker_key(quote)))
    for claim in ctx.claims:
        sourcing = claim.get("sourcing") or {}
        for quantity in claim.get("quantities") or ():
            span = quantity.get("span") or {}
            s, e = int(span.get("start", -1)), int(span.get("end", -1))
            if s < 0 or any(q.mention.start < e and s < q.mention.end for q in found):
                continue
            # Our reader gives the topic; the claim gives the value, bound and source.
            near = [m for m in find_quantities(ctx.text, max(0, s - 30),
                                               min(len(ctx.text), e + 80))
                    if m.start <= e and s <= m.end]
            if not near:
                continue
            ours = near[0]
            mention = Mention(s, e, float(quantity.get("value", ours.value)),
                              str(quantity.get("bound") or ours.bound), ours.topic, ours.noun)
            source = quantity.get("source_actor_id") or sourcing.get("actor_id")
            found.append(SourcedQuantity(mention, str(claim["id"]), source))
    return found


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def numeric_conflicts(ctx: Context) -> list[Record]:
    quantities = _quantities(ctx)
    disputes: list[Record] = []
    paired: set[tuple[str, str]] = set()
    for i, first in enumerate(quantities):
        for second in quantities[i + 1 :]:
            if first.source == second.source or (first.source is None and second.source is None):
                continue
            if first.record_id == second.record_id:
                continue
            gap = conflict(first.mention, second.mention)
            if gap <= 0.0:
                continue
            pair = (first.record_id, second.record_id)
            if pair in paired:
                continue
            paired.add(pair)
            lo = min(first.mention.start, second.mention.start)
            hi = max(first.mention.end, second.mention.end)
            evidence = (
                _span(ctx.text, lo, hi)
                if hi - lo <= 300
                else _span(ctx.text, first.mention.start, first.mention.end)
            )
            actors = [
                s for s in (first.source, second.source) if s and not s.startswith("mention:")
            ]
            disputes.append(
                _dispute(
                    ctx,
                    "numeric_conflict",
                    first.record_id,
                    second.record_id,
                    actors,
                    evidence,
                    0.5 + 0.5 * gap,
                )
            )
    return disputes
