"""The ``claimmap_attribution`` spaCy component: quotes and actors onto the Doc."""

from __future__ import annotations

import bisect
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimmap.attribution.actors import ActorIndex
from claimmap.attribution.cues import load_lexicon
from claimmap.attribution.layout import relay, split_at_own_cue
from claimmap.attribution.quotes import speech_quotes
from claimmap.attribution.rules import (
    RawAttribution,
    doc_text,
    excluded_ranges,
    find_attributions,
    forget_sentences,
    trim,
)
from claimmap.text import doc_key
from claimmap.types import (
    CueClass,
    Quote,
    QuoteKind,
    QuoteTarget,
    Speaker,
    TextSpan,
    make_id,
)


def _span(text: str, rng: tuple[int, int] | None) -> TextSpan | None:
    return None if rng is None else TextSpan.of(text, *rng)


# Staff nouns that speak for the person who owns them: "her office said" is her word.
STAFF_NOUNS = {"office", "campaign", "camp", "spokesman", "spokeswoman", "spokesperson",
               "aides", "staff", "team", "lawyer", "lawyers", "attorney", "attorneys"}


def _served_person(head: Token, phrase: tuple[int, int]) -> tuple[Token, tuple[int, int]]:
    """"Her office said", "his campaign said": the person the possessive pronoun stands for
    is the speaker (the office speaks for her); "the prime minister's office" stays the
    office, since the pronoun is what names a known person there."""
    if head.lower_ in STAFF_NOUNS:
        owner = next((c for c in head.children if c.dep_ == "poss"
                      and c.lower_ in ("her", "his")), None)
        if owner is not None:
            return owner, (owner.idx, owner.idx + len(owner.text))
    return head, phrase


def attributions_of(doc: Doc, model: Any = None) -> list[RawAttribution]:
    """Rules, then (when a model is given) the trained tagger's extra finds and fixes."""
    found = find_attributions(doc)
    if model is not None:
        found = model.refine(doc, found)
    found = split_at_own_cue(doc, found, speech_quotes(doc_text(doc), mixed=True))
    return relay(found)


def annotate(doc: Doc, model: Any = None) -> Doc:
    lexicon = load_lexicon()
    text = doc_text(doc)
    key = doc_key(text)
    index = ActorIndex(doc, lexicon)
    index.add_entities(excluded_ranges(doc))
    attributions = attributions_of(doc, model)
    speakers: list[str | None] = []
    relayers: dict[int, str] = {}
    for position, attribution in enumerate(attributions):
        actor = None
        if attribution.source_head is not None and attribution.source is not None:
            head, phrase = _served_person(doc[attribution.source_head], attribution.source)
            actor = index.resolve_source(head, phrase)
        if actor is not None:
            index.note_speaker(actor, attribution.content[0])
        speakers.append(actor.key if actor else None)
        if attribution.via is not None and attribution.via_head is not None:
            relayer = index.resolve_source(doc[attribution.via_head], attribution.via)
            if relayer is not None and (actor is None or relayer.key != actor.key):
                relayers[position] = relayer.key
    kept = _drop_nested_same_speaker(attributions, speakers)
    attributions = [attributions[i] for i in kept]
    vias = [relayers.get(i) for i in kept]
    speakers = [speakers[i] for i in kept]
    actor_records, ids = index.records(key)
    quotes: list[Quote] = []
    targets: list[QuoteTarget] = []
    for attribution, speaker_key, via_key in zip(attributions, speakers, vias, strict=True):
        quote = Quote(
            id=make_id("quote", key, *attribution.content),
            kind=cast(QuoteKind, attribution.kind),
            content=TextSpan.of(text, *attribution.content),
            cue=_span(text, attribution.cue),
            cue_class=cast(CueClass, attribution.cue_class),
            speaker=Speaker(actor_id=ids.get(speaker_key) if speaker_key else None,
                            mention=_span(text, attribution.source)),
            method=attribution.method,
            score=round(attribution.score, 3),
            via=ids.get(via_key) if via_key else None)
        quotes.append(quote)
        if attribution.target is not None:
            accused = trim(text, *attribution.target)
            targets.append(QuoteTarget(quote.id, TextSpan.of(text, *accused)))
    doc._.nc_actors = actor_records
    doc._.nc_quotes = tuple(quotes)
    doc._.nc_quote_targets = tuple(targets)
    forget_sentences(doc)
    return doc


def _drop_nested_same_speaker(attributions: list[RawAttribution], speakers: list[str | None]
                              ) -> list[int]:
    """"Ellison said she believed X": one attribution of X to Ellison, not two. An inner
    attribution goes when another of the same speaker starts at or before its cue and ends
    no earlier than it does (2 characters of slack). Per speaker, contents sorted by start
    with a running best and second-best end answer each question in O(log n)."""
    by_speaker: dict[str, list[int]] = {}
    for i, who in enumerate(speakers):
        if who is not None:
            by_speaker.setdefault(who, []).append(i)
    dropped: set[int] = set()
    for members in by_speaker.values():
        members.sort(key=lambda i: attributions[i].content[0])
        starts = [attributions[i].content[0] for i in members]
        best: list[tuple[int, int, int]] = []  # (best end, its index, second-best end)
        top, top_i, second = -1, -1, -1
        for i in members:
            end = attributions[i].content[1]
            if end > top:
                top, top_i, second = end, i, top
            elif end > second:
                second = end
            best.append((top, top_i, second))
        for i in members:
            inner = attributions[i]
            if inner.cue is None:
                continue
            reach = bisect.bisect_right(starts, inner.cue[0]) - 1
            if reach < 0:
                continue
            top, top_i, second = best[reach]
            longest = second if top_i == i else top
            if inner.content[1] <= longest + 2:
                dropped.add(i)
    return [i for i in range(len(attributions)) if i not in dropped]


class AttributionComponent:
    """Finds who says (believes, denies, estimates...) what, and who they are."""

    def __init__(self, nlp: Language, name: str, model: str = "default") -> None:
        self.name = name
        self.model_name = model
        self._model: Any = None
        if model and model != "none":
            from claimmap.attribution.model import load_model

            self._model = load_model(model)

    def __call__(self, doc: Doc) -> Doc:
        return annotate(doc, self._model)
