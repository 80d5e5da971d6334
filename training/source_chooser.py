"""An experiment, not shipped: a learned source chooser. For an attribution's cue, score
each noun phrase of its sentence (and "no source") as the one the cue attributes to.

A logistic model over a few parse features of the candidate and the cue (relation in the
parse, side and distance, entity type, pronoun, quotation, whether the rules' parse reading
picks it) trained on PolNeAR train's gold cues and sources (``train_source_chooser.py``),
scored with plain sums. On our tuning split it beats the rules' parse reading on gold cues
(0.807 against 0.790) but loses to the shipped pipeline's sources under every policy tried
(``tune_attribution.py --errors MODEL --chooser WEIGHTS``; docs/attribution.md), so the
product does not use it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from claimmap.attribution.features import quote_mask
from claimmap.attribution.raw import RawAttribution
from claimmap.attribution.rules import find_source

NOMINAL = ("PROPN", "NOUN", "PRON")
# Dependents that are modifiers inside a larger phrase, never its head.
MODIFIERS = ("compound", "amod", "det", "nummod", "prep", "punct", "case", "quantmod")
NONE = "none"


def _bucket(distance: int) -> str:
    d = abs(distance)
    return "1" if d <= 1 else "2-3" if d <= 3 else "4-7" if d <= 7 else "8-15" if d <= 15 \
        else "16+"


def cue_verb(cue: Span) -> Token:
    """The lexical word of a cue span: its first verb, else its root."""
    return next((t for t in cue if t.pos_ == "VERB"), cue.root)


def _relation(candidate: Token, verb: Token, cue: Span) -> str:
    """How the candidate hangs from the cue in the parse."""
    head, dep = candidate.head, candidate.dep_
    if head.i == verb.i:
        return "own:" + dep
    if cue.start <= head.i < cue.end:
        return "cue:" + dep
    if dep == "pobj" and head.head.i == verb.i:
        return "prep:" + head.dep_ + ":" + head.lower_ if head.dep_ == "agent" else \
            "prep:" + head.lower_
    if verb.head.i == head.i and dep in ("nsubj", "nsubjpass") and verb.i != head.i:
        return "gov:" + verb.dep_
    if candidate.i == verb.head.i:
        return "head:" + verb.dep_
    return "other"


def _cue_features(verb: Token, cue: Span) -> list[str]:
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children)
    before = verb.doc[verb.i - 1].lower_ if verb.i > 0 else ""
    return [f"tag:{verb.tag_}", f"dep:{verb.dep_}", f"subj:{has_subject}",
            f"to:{before == 'to'}", f"len:{min(len(cue), 4)}"]


def features(candidate: Token | None, verb: Token, cue: Span, in_quote: bool,
             ruled: Token | None) -> list[str]:
    """The named binary features of one candidate (None: "no source"); ``ruled`` is the
    source the rules' parse reading gives the cue (``rules.find_source``)."""
    cue_feats = _cue_features(verb, cue)
    if candidate is None:
        return [NONE, f"{NONE}&ruled:{ruled is not None}"] + [f"{NONE}&{f}" for f in cue_feats]
    is_ruled = ruled is not None and ruled.i == candidate.i
    relation = _relation(candidate, verb, cue)
    side = "L" if candidate.i < cue.start else "R"
    distance = _bucket(candidate.i - (cue.start if side == "L" else cue.end - 1))
    kind = candidate.ent_type_ or candidate.pos_
    pronoun = candidate.lower_ if candidate.pos_ == "PRON" else "-"
    return ["cand", f"ruled:{is_ruled}", f"ruled:{is_ruled}&{cue_feats[0]}",
            f"ruled:{is_ruled}&{kind}", f"rel:{relation}", f"side:{side}", f"dist:{side}{distance}",
            f"kind:{kind}", f"pron:{pronoun}", f"quote:{in_quote}", f"dep:{candidate.dep_}",
            f"rel:{relation}&{cue_feats[0]}", f"rel:{relation}&{side}",
            f"kind:{kind}&{side}{distance}", f"{cue_feats[1]}&{side}{distance}"]


def candidates(sent: Span, cue: Span, content: tuple[int, int]) -> Iterator[Token]:
    """Heads of noun phrases in the cue's sentence, outside the cue and the content."""
    for token in sent:
        if token.pos_ not in NOMINAL or token.dep_ in MODIFIERS:
            continue
        if cue.start <= token.i < cue.end or content[0] <= token.idx < content[1]:
            continue
        yield token


def phrase_of(token: Token) -> tuple[int, int]:
    """The candidate's noun phrase as characters: its left modifiers up to the head (no
    relative clause or apposition, which would run into the cue)."""
    start = token.i
    for left in token.lefts:
        if left.dep_ in ("compound", "amod", "det", "poss", "nummod", "nmod"):
            start = min(start, left.left_edge.i)
    first = token.doc[start]
    return first.idx, token.idx + len(token.text)


@dataclass(frozen=True)
class SourceChooser:
    weights: dict[str, float]
    bias: float

    def score(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, doc: Doc, cue: Span, content: tuple[int, int], quoted: set[int]
               ) -> tuple[Token | None, float]:
        """The likeliest source of the cue (None: no source) and its probability."""
        verb = cue_verb(cue)
        ruled = find_source(verb)
        best: Token | None = None
        best_p = self.score(features(None, verb, cue, False, ruled))
        for token in candidates(verb.sent, cue, content):
            p = self.score(features(token, verb, cue, token.i in quoted, ruled))
            if p > best_p:
                best, best_p = token, p
        return best, best_p


def choose_sources(doc: Doc, found: list[RawAttribution], chooser: SourceChooser,
                   policy: str = "fill", threshold: float = 0.5) -> list[RawAttribution]:
    """Sources from the chooser for cued attributions: where none was found ("fill"), or
    wherever it disagrees with confidence ("override"); "off" changes nothing."""
    if policy == "off":
        return found
    quoted: set[int] | None = None
    out = []
    for attribution in found:
        if attribution.cue is None or (policy == "fill" and attribution.source is not None):
            out.append(attribution)
            continue
        cue = doc.char_span(*attribution.cue, alignment_mode="expand")
        if cue is None or len(cue) == 0:
            out.append(attribution)
            continue
        if quoted is None:
            quoted = {i for i, inside in enumerate(quote_mask(doc)) if inside}
        best, p = chooser.choose(doc, cue, attribution.content, quoted)
        if p < threshold:
            out.append(attribution)
        elif best is None:
            out.append(attribution if policy == "fill" else
                       replace(attribution, source=None, source_head=None))
        else:
            source = phrase_of(best)
            current = attribution.source
            if current is None or not (current[0] <= best.idx < current[1]):
                attribution = replace(attribution, source=source, source_head=best.i)
            out.append(attribution)
    return out
