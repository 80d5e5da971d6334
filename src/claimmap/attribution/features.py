"""Token features for the attribution tagger: words, syntax, quote marks, the cue lexicon and
what the rules already found (so the tagger learns where to trust and where to extend them)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from claimmap.attribution.cues import Lexicon, load_lexicon
from claimmap.attribution.quotes import find_quote_marks
from claimmap.attribution.rules import RawAttribution, doc_text, excluded_ranges
from claimmap.nlp.tokens import TokenTable, token_table

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
    return _cue_tag_of(token.text, token.pos_, token.lower_, lexicon)


def _cue_tag_of(text: str, pos: str, lower: str, lexicon: Lexicon) -> str:
    verb = lexicon.verb(text)
    if verb is not None and pos in ("VERB", "AUX"):
        return "V:" + verb[1]
    noun = lexicon.noun(text)
    if noun is not None and pos == "NOUN":
        return "N:" + noun
    if lower == "according":
        return "P:according"
    return "-"


def cue_tags(table: TokenTable, lexicon: Lexicon) -> list[str]:
    """``_cue_tag`` of every token of the Doc, looked up once per distinct (text, POS)."""
    seen: dict[tuple[str, str], str] = {}
    out = []
    for text, pos, lower in zip(table.text, table.pos, table.lower, strict=True):
        tag = seen.get((text, pos))
        if tag is None:
            tag = seen[(text, pos)] = _cue_tag_of(text, pos, lower, lexicon)
        out.append(tag)
    return out


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


# The neighbour features' names, per offset: "-2:w", "-2:pos", "-2:rule", "-2:cue", "-2:quote".
_NEIGHBOUR_KEYS = tuple((offset, tuple(f"{offset}:{name}" for name in ("w", "pos", "rule", "cue",
                                                                     "quote")))
                        for offset in (-2, -1, 1, 2))


def sentence_features(sent: Span, rules: list[str], quotes: list[bool],
                      lexicon: Lexicon, table: TokenTable | None = None,
                      doc_cues: list[str] | None = None) -> list[dict[str, float | str]]:
    """The tagger's features for each token of ``sent``, read from the Doc's TokenTable
    (and its tokens' cue tags, when the caller has them for the whole Doc)."""
    t = table if table is not None else token_table(sent.doc)
    cues = doc_cues if doc_cues is not None else cue_tags(t, lexicon)
    lower, pos, heads, is_punct = t.lower, t.pos, t.head, t.is_punct
    first_i, stop = sent.start, sent.end
    n = stop - first_i
    cue_tags_here = cues[first_i:stop]
    cue_positions = [i for i, tag in enumerate(cue_tags_here) if tag != "-"]
    rule_cues = [i for i in range(n) if rules[first_i + i] == "CUE"]
    sent_has_quote = any(quotes[first_i:stop])
    out: list[dict[str, float | str]] = []
    for i in range(n):
        k = first_i + i
        h = heads[k]
        word = lower[k]
        own_cue = cue_tags_here[i]
        head_cue = cues[h]
        f: dict[str, float | str] = {
            "bias": 1.0,
            "w": word,
            "suf3": word[-3:],
            "shape": t.shape[k][:4],
            "pos": pos[k],
            "tag": t.tag[k],
            "dep": t.dep[k],
            "hdep": t.dep[h],
            "hpos": pos[h],
            "hw": lower[h] if own_cue != "-" or head_cue != "-" else "",
            "hcue": head_cue,
            "hhcue": cues[heads[h]],
            "ent": t.ent_type[k] or "-",
            "cue": own_cue,
            "rule": rules[k],
            "quote": "Q" if quotes[k] else "-",
            "squote": "1" if sent_has_quote else "0",
            "punct": t.text[k] if is_punct[k] else "",
            "title": "1" if t.is_title[k] else "0",
            "first": "1" if i == 0 else "0",
            "last": "1" if i == n - 1 else "0",
        }
        if cue_positions:
            nearest = _nearest(cue_positions, i)
            f["cuedist"] = _bucket(i - nearest)
            f["cueclass_near"] = cue_tags_here[nearest]
        else:
            f["cuedist"] = "none"
        if rule_cues:
            nearest = _nearest(rule_cues, i)
            f["rcuedist"] = _bucket(i - nearest)
        # Is this token inside the subtree of a cue's subject or complement? The first cue
        # among its (at most 4) nearest ancestors, as Token.ancestors walks them.
        f["anc_cue"] = "-"
        a = k
        for _ in range(4):
            if heads[a] == a:
                break
            a = heads[a]
            if cues[a] != "-":
                f["anc_cue"] = cues[a][:1]
                break
        for offset, (w_key, pos_key, rule_key, cue_key, quote_key) in _NEIGHBOUR_KEYS:
            j = i + offset
            if 0 <= j < n:
                m = k + offset
                f[w_key] = lower[m]
                f[pos_key] = pos[m]
                f[rule_key] = rules[m]
                f[cue_key] = cue_tags_here[j]
                f[quote_key] = "Q" if quotes[m] else "-"
            else:
                f[w_key] = "<pad>"
        out.append(f)
    return out


def doc_sentences(doc: Doc) -> list[Span]:
    """Sentences worth tagging: not blank, not inside a caption."""
    excluded = excluded_ranges(doc)
    whole = doc_text(doc)
    sents = []
    for sent in doc.sents:
        # The Doc's text sliced (what ``sent.text`` is) without joining the tokens again.
        text = whole[sent.start_char:sent.end_char]
        if not text.strip():
            continue
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
    table = token_table(doc)
    cues = cue_tags(table, lexicon)
    return [(sent, sentence_features(sent, rules, quotes, lexicon, table, cues))
            for sent in doc_sentences(doc)]
