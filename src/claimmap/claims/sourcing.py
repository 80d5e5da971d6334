"""Who stands behind a claim: the author, a named actor, a vague or an anonymous source.

Reads what attribution already found (quotes with a speaker actor, actors with a kind) and
only falls back to its own lexicon where attribution has no speaker: agentless reporting ("it
is believed", "reportedly"), vague groups ("some have speculated", "critics say") and withheld
identities ("a source close to", "officials who asked not to be named").

Kinds, as the annotation guide of tests/claims/certainty_sourcing.jsonl defines them:
* named: a named person, organisation or country says it;
* vague: an unspecific group or nobody in particular ("some", "experts", "it is believed");
* anonymous: a specific source whose identity is withheld ("a senior official who declined to
  be named", "sources familiar with the talks", "an insider");
* author: nobody else is credited; the outlet says it in its own voice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from claimmap.source_words import load_source_words
from claimmap.types import Actor, Quote, Sourcing, SourcingKind, TextSpan

_ANONYMOUS = re.compile(
    r"\b(?:sources?|insiders?|unnamed|anonymous|anonymity|not (?:to )?be (?:named|identified)"
    r"|declined to be (?:named|identified)|not authori[sz]ed to (?:speak|comment)|"
    r"speaking (?:anonymously|privately|on (?:the )?condition)|asked not to be (?:named|identified)"
    r"|(?:person|people|someone|official|officials|diplomat|diplomats) (?:familiar|close|"
    r"briefed|with knowledge)|(?:person|people|someone|official|officials|source|sources) "
    r"(?:who|that) (?:saw|had seen|has seen|have seen|read|attended|was|were|requested|"
    r"asked|declined|spoke)\b|a (?:senior|junior|top|government|military|western|"
    r"european|u\.?s\.?)? ?(?:official|diplomat|aide|adviser|advisor|insider|staffer|"
    r"employee|executive|officer)\b(?! (?:said|says|of)\b [A-Z]))",
    re.IGNORECASE)
# The shared vague-source words, with the ones only sourcing reads as vague (see
# data/source_words_en.json).
_WORDS = load_source_words()
_VAGUE_WORDS = sorted(_WORDS.vague_heads | _WORDS.vague_mentions)
_VAGUE_MENTION = re.compile(
    r"^(?:the |some |many |several |multiple |other |various |a few |few |most |"
    r"independent |local |western |unnamed |numerous |certain )*(?:"
    + "|".join(_VAGUE_WORDS) + r")\b", re.IGNORECASE)
_AGENTLESS = re.compile(
    r"\b(?:reportedly|it (?:is|was|has been|had been) (?:said|believed|thought|reported|"
    r"understood|claimed|alleged|rumou?red|suggested|feared|estimated)|according to "
    r"(?:reports|rumou?rs|estimates|some|many|critics|experts|observers|analysts)|"
    r"(?:some|many|critics|experts|observers|analysts|others) (?:have )?(?:say|said|"
    r"claim|claimed|argue|argued|believe|believed|speculated?|suggested?|fear|feared|"
    r"warn|warned)|rumou?rs (?:have it|say|suggest)|there (?:are|were|is|was|have been|"
    r"has been|had been) (?:reports|claims|rumou?rs|speculation|talk)|speculation (?:is|was) "
    r"(?:growing|mounting|rife)|speculation (?:grows|mounts|has grown)|rumou?rs? (?:of|that)|"
    r"(?:is|are|was|were|has been|have been) (?:said|believed|thought|rumou?red|reported|"
    r"understood|estimated) to)\b",
    re.IGNORECASE)
_DEFINITE = {"the", "his", "her", "their", "its", "our"}
_EVIDENCE = {"documents", "document", "records", "data", "figures", "photos", "photographs",
             "images", "footage", "emails", "files", "papers", "numbers", "statistics"}
_ACCORDING = re.compile(r"\baccording to (?:the |a )?", re.IGNORECASE)
# Bare quantifier pronouns: attribution sometimes resolves them to an unrelated actor.
_BARE_VAGUE = {"some", "many", "others", "several", "few", "most", "someone",
               "somebody", "everyone", "everybody"}


def mention_kind(mention: str) -> SourcingKind | None:
    """The kind a speaker mention implies on its own, or None for a plain name."""
    text = " ".join(mention.split())
    if _ANONYMOUS.search(text):
        return "anonymous"
    if _VAGUE_MENTION.match(text):
        return "vague"
    return None


def _inside(span: tuple[int, int], record: TextSpan | None) -> bool:
    if record is None:
        return False
    return span[0] <= record.start and record.end <= span[1]


def best_quote(span: tuple[int, int], quotes: Sequence[Quote]) -> Quote | None:
    """The quote a claim reports. Candidates hold most of the claim or lie mostly in it.
    Quotes whose cue or speaker sits inside the claim come first ("..., though the council
    estimates that ..." beats an outer "According to the authority, ..."), then the one that
    covers most of the claim."""
    candidates: list[tuple[bool, bool, float, int, Quote]] = []
    length = max(1, span[1] - span[0])
    first, last = span
    for order, quote in enumerate(quotes):
        rng = (quote.content.start, quote.content.end)
        # ``overlap(span, rng)`` inline (a claim meets every quote of its article); a
        # shared length at or below zero skips the quote either way.
        shared = min(last, rng[1]) - max(first, rng[0])
        if shared <= 0 or shared / max(1, min(length, rng[1] - rng[0])) < 0.5:
            continue
        stated_here = _inside(span, quote.cue) or _inside(span, quote.speaker.mention)
        # Of two reports stated in one sentence, the one running to its end carries what
        # the sentence finally asserts ("..., as some have speculated, does the U.S. ...?").
        to_end = rng[1] >= span[1] - 2
        candidates.append((stated_here, to_end, shared / length, -order, quote))
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[:4])[4]


def source_of(text: str, span: tuple[int, int], quotes: Sequence[Quote],
              actors: Mapping[str, Actor]) -> Sourcing:
    """The Sourcing of the claim at ``span`` of ``text``."""
    claim_text = text[span[0]:span[1]]
    quote = best_quote(span, quotes)
    if quote is not None and _is_evidence(quote.speaker.mention):
        # "The documents suggest ...": evidence the author reads, not someone speaking.
        quote = None
    if quote is not None:
        speaker = quote.speaker
        actor_id = speaker.actor_id
        mention = speaker.mention.text if speaker.mention else ""
        actor = actors.get(actor_id) if actor_id else None
        by_mention = mention_kind(mention) if mention else None
        if mention.strip().lower() in _BARE_VAGUE:
            actor_id = None
        if by_mention is not None:
            kind: SourcingKind = by_mention
        elif actor is not None and actor.kind == "vague":
            kind = "vague"
        elif actor is not None and actor.kind == "anonymous":
            kind = _unnamed_speaker_kind(speaker.mention, actors, claim_text)
        elif actor is not None:
            kind = "named"
        else:
            # A cue with nobody attached ("is expected to", "could have been predicted")
            # is the author's own agentless phrasing unless the lexicon says otherwise.
            kind = _lexical_kind(claim_text) or ("vague" if mention else "author")
        return Sourcing(kind=kind, actor_id=actor_id, quote_id=quote.id)
    lexical = _lexical_kind(claim_text)
    if lexical is None:
        named = _according_to(span, text, actors)
        if named is not None:
            return Sourcing(kind="named", actor_id=named, quote_id=None)
    return Sourcing(kind=lexical or "author", actor_id=None, quote_id=None)


def _according_to(span: tuple[int, int], text: str,
                  actors: Mapping[str, Actor]) -> str | None:
    """The actor named right after "according to" inside the claim, if any."""
    claim_text = text[span[0]:span[1]]
    for match in _ACCORDING.finditer(claim_text):
        at = span[0] + match.end()
        for actor_id, actor in actors.items():
            for mention in actor.mentions:
                if at <= mention.start <= at + 4:
                    return actor_id
    return None


def _unnamed_speaker_kind(mention: TextSpan | None, actors: Mapping[str, Actor],
                          claim_text: str) -> SourcingKind:
    """A speaker without a name: "a spokesman for Norvia" and "the mayor" are identifiable
    (named); "an official", or anyone "not authorised to speak", is not (anonymous)."""
    if _ANONYMOUS.search(claim_text):
        return "anonymous"
    start, end = (mention.start, mention.end) if mention else (0, 0)
    for actor in actors.values():
        if actor.kind in ("vague", "anonymous"):
            continue
        if any(start <= m.start and m.end <= end for m in actor.mentions):
            return "named"
    words = (mention.text if mention else "").lower().split()
    if words and words[0] in _DEFINITE:
        return "named"
    return "anonymous"


def _is_evidence(mention: TextSpan | None) -> bool:
    words = (mention.text if mention else "").lower().split()
    return bool(words) and words[0] in _DEFINITE and words[-1] in _EVIDENCE


def _lexical_kind(claim_text: str) -> SourcingKind | None:
    if _AGENTLESS.search(claim_text):
        # "sources say" reads as agentless too; the withheld identity decides.
        return "anonymous" if _ANONYMOUS.search(claim_text) else "vague"
    if _ANONYMOUS.search(claim_text):
        return "anonymous"
    return None
