"""Numbers a claim puts on the table: value, what is counted, and the bound it is given with.

Works on spaCy tokens of one claim: a number (digits, number words, "12,000", "3.5
million", "40%", "$2bn"), the bound words just before it ("at least" -> at_least, "up to" ->
at_most, "about" -> approx; default exact) and the noun it counts (its syntactic head, or the
next noun). Dates, times, ordinals and years are not quantities. The words, values and bound
phrases are the shared ones of :mod:`claimmap.quantities`; what is read off the parse is ours.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claimmap.nlp.tokens import doc_text, token_table
from claimmap.quantities import CURRENCY_SIGNS, SCALES, VAGUE_AMOUNTS, bound_phrases, number_value
from claimmap.types import Quantity, QuantityBound, TextSpan

_SKIP_ENTS = {"DATE", "TIME", "ORDINAL"}
_YEAR = re.compile(r"^(1[5-9]|20)\d\d$")


def _bound(span: Span, i: int) -> tuple[QuantityBound, int]:
    """The bound given by the words just before token index ``i`` (doc index) and where the
    bound phrase starts."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.start, i - 3):i]]
    for bound, n in bound_phrases(before):
        # "take over two of ...": a verb particle, not a bound.
        if doc[i - n].dep_ != "prt":
            return bound, i - n
    if i + 2 <= span.end and doc[i + 1:i + 3].text.lower() == "or so":
        return "approx", i
    if i + 3 <= span.end and doc[i + 1:i + 3].text.lower() in ("or more", "or above"):
        return "at_least", i
    return "exact", i


def _unit(tokens: list[Token], end: int) -> str | None:
    """What is counted: a currency or percent sign, or the noun the number counts."""
    doc = tokens[0].doc
    first, last = tokens[0], tokens[-1]
    if first.text[:1] in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[first.text[:1]]
    if last.text.endswith("%"):
        return "percent"
    nxt = doc[last.i + 1] if last.i + 1 < end else None
    if nxt is not None and nxt.lower_ in ("percent", "per", "%"):
        return "percent"
    if nxt is not None and nxt.lower_ in ("dollars", "euros", "pounds", "yen", "usd", "eur"):
        return nxt.lower_
    head = last.head
    if last.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN") \
            and head.i > last.i:
        return head.text
    if nxt is not None and nxt.lower_ == "of":
        # "two of the authority's berths": the object of "of" is what is counted.
        objects = [c for c in nxt.children if c.dep_ == "pobj"]
        if objects:
            return objects[0].text
    # A parse that hangs the noun elsewhere: the next noun nearby.
    for token in doc[last.i + 1:min(end, last.i + 4)]:
        if token.pos_ in ("NOUN", "PROPN"):
            return token.text
        if token.pos_ in ("VERB", "AUX", "PUNCT"):
            break
    return None


def find_quantities(span: Span) -> list[Quantity]:
    """Quantities (without a source) for the numbers in ``span``."""
    doc = span.doc
    table = token_table(doc)
    lowers, ent_types = table.lower, table.ent_type
    out: list[Quantity] = []
    i = span.start
    while i < span.end:
        # The tests that skip a word, read from the TokenTable first (a Token is made only
        # for a word that reads as a number): each skip is the same whatever its order.
        if ent_types[i] in _SKIP_ENTS:
            i += 1
            continue
        vague = VAGUE_AMOUNTS.get(lowers[i])
        value = vague if vague is not None and i + 1 < span.end \
            and lowers[i + 1] == "of" else number_value(table.text[i])
        if value is None:
            i += 1
            continue
        token = doc[i]
        if token.like_url or (_YEAR.match(token.text) and token.ent_type_ != "CARDINAL"):
            i += 1
            continue
        if token.lower_ in ("one", "a"):
            i += 1  # "one of", "one broker", "no one": an article or pronoun, not a count
            continue
        tokens = [token]
        j = i + 1
        # Money and scale words that belong to the number: "3.5 million", "$2 billion".
        while j < span.end and doc[j].lower_ in SCALES and doc[j].lower_ not in ("m", "k"):
            value *= SCALES[doc[j].lower_]
            tokens.append(doc[j])
            j += 1
        if j < span.end and doc[j].text == "%":
            tokens.append(doc[j])
            j += 1
        if i > span.start and doc[i - 1].text in CURRENCY_SIGNS:
            tokens.insert(0, doc[i - 1])
        bound, bound_start = _bound(span, tokens[0].i)
        if vague is not None and bound == "exact":
            bound = "at_least"
        start = doc[bound_start].idx if bound_start < tokens[0].i else tokens[0].idx
        end_char = tokens[-1].idx + len(tokens[-1].text)
        out.append(Quantity(span=TextSpan.of(doc_text(doc), start, end_char), value=float(value),
                            unit=_unit(tokens, span.end), bound=bound))
        i = j
    return out
