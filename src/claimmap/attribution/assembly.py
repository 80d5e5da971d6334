"""Joining the attribution tagger's B/I tags into attributions: contents, their cue and
source, each cue's class and how sure it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from claimmap.attribution.cues import Lexicon
from claimmap.attribution.decoding import TagSpan
from claimmap.attribution.quotes import speech_quotes
from claimmap.attribution.rules import (
    NOT_CUES,
    RawAttribution,
    doc_text,
    kind_of,
    trim,
)
from claimmap.nlp.tokens import span_ents

# Score of a tagged attribution whose cue is no reporting word of our lexicon.
UNSURE_SCORE = 0.4  # below SURE_QUOTE_SCORE (types.py) on purpose


def char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _cue_class(doc: Doc, start: int, end: int, lexicon: Lexicon) -> str:
    for token in doc[start:end]:
        verb = lexicon.verb(token.text)
        if verb is not None:
            return verb[1]
        noun = lexicon.noun(token.text)
        if noun is not None:
            return noun
        if token.lower_ == "according":
            return "say"
    return "other"


def _nearest_cue(cues: list[TagSpan], span: TagSpan) -> int:
    """Sources usually precede their cue and contents follow it: prefer the nearest cue on
    that side, else the nearest on either side."""
    if span[0] == "SRC":
        side = [i for i, c in enumerate(cues) if c[1] >= span[2]]
        distance = {i: cues[i][1] - span[2] for i in side}
    else:
        side = [i for i, c in enumerate(cues) if c[2] <= span[1]]
        distance = {i: span[1] - cues[i][2] for i in side}
    if side:
        return min(side, key=lambda i: distance[i])
    middle = (span[1] + span[2]) / 2
    return min(range(len(cues)), key=lambda i: abs((cues[i][1] + cues[i][2]) / 2 - middle))


def head_of_source(span: Span) -> int:
    """The word a source phrase is about: its first named person or organisation when it has
    one ("Greta Holm, whose café ..."), else its syntactic root."""
    root = span.root
    ents = span_ents(span)
    persons = [e for e in ents if e.label_ == "PERSON" and any(c.isupper() for c in e.text)
               and (e.start <= root.i < e.end or e.root.head == root)]
    if persons:
        # The name is the phrase's head or hangs off it ("spokesman [Igor Konashenkov]"),
        # not a name inside a modifier ("groups fighting [Assad]'s troops").
        return int(persons[0].root.i)
    if root.ent_type_ or root.pos_ == "PRON":
        return int(root.i)
    for ent in ents:
        if ent.label_ in ("ORG", "GPE", "NORP") and ent.root.head == root:
            return int(ent.root.i)  # "the Velmar council" -> Velmar council's entity
    return int(root.i)


# Marks that set a parenthetical attribution apart from the sentence it reports.
_ASIDE = {",", "—", "–"}
# How a parenthetical cue hangs from the clause it reports.
_ASIDE_DEPS = {"parataxis", "advcl"}


def aside_content(doc: Doc, sent: Span, region: tuple[int, int],
                  cue: int) -> tuple[int, int] | None:
    """"At one point, she said, she was considering ...", "The hashtag, Mr. Abboud said,
    accompanied ...": a cue and source set apart by commas inside the sentence they report
    (the tagger tags them and leaves the words around them O). The content is the words
    before the aside, and the words after it too when the reported clause's verb lies there
    (the parse hangs the cue from it); the cue's own adjuncts ("said, on condition of
    anonymity") are not content. Token indices in, character range out."""
    start, end = region
    verb = doc[cue]
    after = _after_aside(doc, sent, end, verb)
    if start - sent.start < 3 or doc[start - 1].text not in _ASIDE:
        return after
    words = [t for t in doc[sent.start:start - 1] if not t.is_punct]
    if len(words) < 2:
        return after
    if verb.dep_ in _ASIDE_DEPS and verb.head.i >= end and verb.head.i < sent.end:
        last = sent.end - 1
        while last > end and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        return char_range(doc, sent.start, last + 1)
    # Only the words before: they must be the reported clause ("During the service, the
    # pastor asked ..." opens with a phrase, and the content follows the cue).
    hangs_left = verb.dep_ != "ROOT" and sent.start <= verb.head.i < start
    if not hangs_left and not any(t.tag_ in _FINITE for t in doc[sent.start:start]):
        return None
    return char_range(doc, sent.start, start - 1)


_FINITE = {"VBD", "VBZ", "VBP", "MD"}


def _after_aside(doc: Doc, sent: Span, end: int, verb: Token) -> tuple[int, int] | None:
    """"As BuzzFeed News first reported, Mr. Trump voiced ...", "And, he acknowledged, it's
    unclear ...": nothing (or a connective) before the aside, the reported clause after it,
    where the cue's verb hangs."""
    if end >= sent.end - 1 or doc[end].text not in _ASIDE:
        return None
    if not (verb.dep_ in _ASIDE_DEPS and end < verb.head.i < sent.end):
        return None
    last = sent.end - 1
    while last > end and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if last - end < 3:
        return None
    return char_range(doc, end + 1, last + 1)


def sure_cue(doc: Doc, start: int, end: int, lexicon: Lexicon) -> bool:
    """Is the tagged cue a reporting word we trust alone ("said", "according to"), rather
    than one that reports only sometimes ("seems", "ordered", "showed")?"""
    for token in doc[start:end]:
        verb = lexicon.verb(token.text)
        if verb is not None and verb[0] not in NOT_CUES:
            return True
        if lexicon.noun(token.text) is not None or token.lower_ == "according":
            return True
    return False


def assemble(doc: Doc, tagged: list[tuple[Span, list[TagSpan]]], lexicon: Lexicon,
             rules: Sequence[RawAttribution] = ()) -> list[RawAttribution]:
    """Join tagged spans into attributions: each content and source goes to the nearest cue
    of its sentence; content of a cue-less sentence right after an attribution extends it
    (quotes over several sentences), or continues the speaker's turn as a quotation of its
    own when it opens a new paragraph."""
    text = doc_text(doc)
    quotes = speech_quotes(text, mixed=True)
    rule_cues = [r.cue[0] for r in rules if r.cue is not None]
    found: list[RawAttribution] = []
    last: int | None = None  # index in ``found`` of the attribution the previous sentence ended
    for sent, spans in tagged:
        cues = [s for s in spans if s[0] == "CUE"]
        contents = [s for s in spans if s[0] == "CON"]
        sources = [s for s in spans if s[0] == "SRC"]
        if not cues:
            ruled = any(sent.start_char <= c < sent.end_char for c in rule_cues)
            if contents and last is not None and not ruled:
                previous = found[last]
                first = char_range(doc, contents[0][1], contents[0][2])[0]
                end = max(previous.content[1], char_range(doc, contents[-1][1], contents[-1][2])[1])
                if "\n" in text[previous.content[1]:first]:
                    content = trim(text, first, end)
                    found.append(replace(previous, content=content, cue=None,
                                         cue_class="say", kind=kind_of(content, quotes),
                                         method="model:crf-continuation", score=0.7,
                                         cue_token=None, target=None))
                    last = len(found) - 1
                else:
                    start = min(previous.content[0], first)
                    content = trim(text, start, end)
                    found[last] = replace(previous, content=content,
                                          kind=kind_of(content, quotes))
            else:
                last = None
            continue
        groups: dict[int, dict[str, list[TagSpan]]] = {i: {"CON": [], "SRC": []}
                                                       for i in range(len(cues))}
        for span in contents + sources:
            groups[_nearest_cue(cues, span)][span[0]].append(span)
        last = None
        first_here = len(found)
        for i, (_, cue_start, cue_end) in enumerate(cues):
            group = groups[i]
            method = "model:crf"
            if group["CON"]:
                con_start = min(s[1] for s in group["CON"])
                con_end = max(s[2] for s in group["CON"])
                content = trim(text, *char_range(doc, con_start, con_end))
            elif group["SRC"] and sure_cue(doc, cue_start, cue_end, lexicon):
                region = (min(cue_start, *(s[1] for s in group["SRC"])),
                          max(cue_end, *(s[2] for s in group["SRC"])))
                verb = next((t.i for t in doc[cue_start:cue_end] if t.pos_ == "VERB"),
                            cue_start)
                aside = aside_content(doc, sent, region, verb)
                if aside is None:
                    continue
                content = trim(text, *aside)
                method = "model:crf-aside"
                con_end = sent.end - 1 if aside[1] > char_range(doc, *region)[1] else region[0]
            else:
                continue
            if content[1] - content[0] < 2:
                continue
            source = None
            source_head = None
            if group["SRC"]:
                best = min(group["SRC"], key=lambda s: abs(s[1] - cue_start))
                source = trim(text, *char_range(doc, best[1], best[2]))
                source_head = head_of_source(doc[best[1]:best[2]])
            found.append(RawAttribution(
                content=content, cue=char_range(doc, cue_start, cue_end),
                cue_class=_cue_class(doc, cue_start, cue_end, lexicon), source=source,
                source_head=source_head, kind=kind_of(content, quotes), method=method,
                score=0.75 if sure_cue(doc, cue_start, cue_end, lexicon) else UNSURE_SCORE,
                cue_token=cue_start))
            if con_end >= sent.end - 2:
                last = len(found) - 1
        _drop_inside_aside(found, first_here)
        if last is not None and last >= len(found):
            last = len(found) - 1
    return found


def _drop_inside_aside(found: list[RawAttribution], first: int) -> None:
    """"At one point, she said, she was [considering] supporting Trump": an unsure tagged
    cue inside the clause a parenthetical "she said" reports is part of what she said."""
    asides = [a for a in found[first:] if a.method == "model:crf-aside" and a.cue is not None
              and a.content[0] < a.cue[0] < a.content[1]]
    if not asides:
        return
    kept = [a for a in found[first:] if not (
        a.score == UNSURE_SCORE and a.cue is not None
        and any(b.content[0] <= a.cue[0] < b.content[1] for b in asides))]
    del found[first:]
    found.extend(kept)
