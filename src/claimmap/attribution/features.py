"""Token features for the attribution tagger: words, syntax, quote marks, the cue lexicon and
what the rules already found (so the tagger learns where to trust and where to extend them)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from claimmap.attribution.cues import Lexicon, load_lexicon
from claimmap.attribution.quotes import find_quote_marks
from claimmap.attribution.rules import RawAttribution, doc_text, excluded_ranges

ROLES = ("SRC", "CUE", "CON")


def char_labels(doc: Doc, spans: Iterable[tuple[str, int, int]]) -> list[str]:
    """A role per token ("O" or a role) from (role, start, end) character ranges."""
    labels = ["O"] * len(doc)
    for role, start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            # A slice, not a Token per position: long contents overlap on hostile input.
            labels[span.start:span.end] = [role] * (span.end - span.start)
    return labels


def rule_labels(doc: Doc, attributions: list[RawAttribution]) -> list[str]:
    spans: list[tuple[str, int, int]] = []
    for attribution in attributions:
        spans.append(("CON", *attribution.content))
        if attribution.source:
            spans.append(("SRC", *attribution.source))
        if attribution.cue:
            spans.append(("CUE", *attribution.cue))
    return char_labels(doc, spans)


def quote_mask(doc: Doc) -> list[bool]:
    inside = [False] * len(doc)
    for quote in find_quote_marks(doc_text(doc)):
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                inside[token.i] = True
    return inside


def _cue_tag(token: Token, lexicon: Lexicon) -> str:
    verb = lexicon.verb(token.text)
    if verb is not None and token.pos_ in ("VERB", "AUX"):
        return "V:" + verb[1]
    noun = lexicon.noun(token.text)
    if noun is not None and token.pos_ == "NOUN":
        return "N:" + noun
    if token.lower_ == "according":
        return "P:according"
    return "-"


def _bucket(distance: int) -> str:
    if distance == 0:
        return "0"
    sign = "+" if distance > 0 else "-"
    d = abs(distance)
    return sign + ("1" if d == 1 else "2-3" if d <= 3 else "4-7" if d <= 7 else "8+")


def _nearest(positions: list[int], i: int) -> int:
    """The position closest to ``i`` in sorted ``positions`` (the earlier one on a tie), by
    bisection: a scan per token is quadratic on a long sentence full of cues."""
    k = bisect.bisect_left(positions, i)
    if k == 0:
        return positions[0]
    if k == len(positions) or i - positions[k - 1] <= positions[k] - i:
        return positions[k - 1]
    return positions[k]


def sentence_features(sent: Span, rules: list[str], quotes: list[bool],
                      lexicon: Lexicon) -> list[dict[str, float | str]]:
    tokens = list(sent)
    cue_tags = [_cue_tag(t, lexicon) for t in tokens]
    cue_positions = [i for i, tag in enumerate(cue_tags) if tag != "-"]
    rule_cues = [i for i, t in enumerate(tokens) if rules[t.i] == "CUE"]
    sent_has_quote = any(quotes[t.i] for t in tokens)
    out: list[dict[str, float | str]] = []
    for i, token in enumerate(tokens):
        head = token.head
        f: dict[str, float | str] = {
            "bias": 1.0,
            "w": token.lower_,
            "suf3": token.lower_[-3:],
            "shape": token.shape_[:4],
            "pos": token.pos_,
            "tag": token.tag_,
            "dep": token.dep_,
            "hdep": head.dep_,
            "hpos": head.pos_,
            "hw": head.lower_ if cue_tags[i] != "-" or _cue_tag(head, lexicon) != "-" else "",
            "hcue": _cue_tag(head, lexicon),
            "hhcue": _cue_tag(head.head, lexicon),
            "ent": token.ent_type_ or "-",
            "cue": cue_tags[i],
            "rule": rules[token.i],
            "quote": "Q" if quotes[token.i] else "-",
            "squote": "1" if sent_has_quote else "0",
            "punct": token.text if token.is_punct else "",
            "title": "1" if token.is_title else "0",
            "first": "1" if i == 0 else "0",
            "last": "1" if i == len(tokens) - 1 else "0",
        }
        if cue_positions:
            nearest = _nearest(cue_positions, i)
            f["cuedist"] = _bucket(i - nearest)
            f["cueclass_near"] = cue_tags[nearest]
        else:
            f["cuedist"] = "none"
        if rule_cues:
            nearest = _nearest(rule_cues, i)
            f["rcuedist"] = _bucket(i - nearest)
        # Is this token inside the subtree of a cue's subject or complement?
        ancestor_roles = []
        for ancestor in itertools.islice(token.ancestors, 4):
            tag = _cue_tag(ancestor, lexicon)
            if tag != "-":
                ancestor_roles.append(tag[:1])
                break
        f["anc_cue"] = ancestor_roles[0] if ancestor_roles else "-"
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(tokens):
                neighbour = tokens[j]
                f[f"{offset}:w"] = neighbour.lower_
                f[f"{offset}:pos"] = neighbour.pos_
                f[f"{offset}:rule"] = rules[neighbour.i]
                f[f"{offset}:cue"] = cue_tags[j]
                f[f"{offset}:quote"] = "Q" if quotes[neighbour.i] else "-"
            else:
                f[f"{offset}:w"] = "<pad>"
        out.append(f)
    return out


def doc_sentences(doc: Doc) -> list[Span]:
    """Sentences worth tagging: not blank, not inside a caption."""
    excluded = excluded_ranges(doc)
    sents = []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        text = sent.text
        start = sent.start_char + len(text) - len(text.lstrip())
        end = sent.start_char + len(text.rstrip())
        if any(s <= start and end <= e for s, e in excluded):
            continue
        sents.append(sent)
    return sents


def doc_features(doc: Doc, attributions: list[RawAttribution],
                 lexicon: Lexicon | None = None) -> list[tuple[Span,
                                                               list[dict[str, float | str]]]]:
    lexicon = lexicon or load_lexicon()
    rules = rule_labels(doc, attributions)
    quotes = quote_mask(doc)
    return [(sent, sentence_features(sent, rules, quotes, lexicon))
            for sent in doc_sentences(doc)]
