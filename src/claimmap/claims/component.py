"""The ``claimmap_claims`` spaCy component: every claim with check-worthiness, type,
certainty, sourcing and quantities, written to ``doc._.nc_claims``.

Reads attribution's output (``doc._.nc_quotes``, ``doc._.nc_actors``) for sourcing, and
``doc._.nc_captions`` to skip caption lines. Adds a note to ``doc._.nc_notes`` when the text
does not look like English.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimmap.claims.certainty import classify
from claimmap.claims.checkworthiness import CheckworthinessModel, load_model
from claimmap.claims.claimtype import claim_type
from claimmap.claims.features import TokenTriple
from claimmap.claims.language import not_english_note
from claimmap.claims.quantities import find_quantities
from claimmap.claims.sourcing import best_quote, source_of
from claimmap.claims.spans import claim_spans
from claimmap.nlp import extensions as records
from claimmap.nlp.tokens import doc_text, token_table
from claimmap.text import doc_key, innermost
from claimmap.types import (
    SURE_QUOTE_SCORE,
    Certainty,
    Checkworthiness,
    CheckworthinessLabel,
    Claim,
    Quantity,
    Quote,
    TextSpan,
    make_id,
)

# Sentences longer than this are scored on their first tokens only: a 5,000-word run-on
# "sentence" says nothing more to a linear model than its start does.
MAX_TOKENS = 200


def _triples(span: Span) -> list[TokenTriple]:
    table = token_table(span.doc)
    stop = min(span.end, span.start + MAX_TOKENS)
    return list(zip(table.text[span.start:stop], table.tag[span.start:stop],
                    table.ent_type[span.start:stop], strict=True))


def _quantity_source(quantity: Quantity, quotes: Sequence[Quote],
                     fallback: str | None) -> str | None:
    """The speaker of the innermost quote the number sits in, else the claim's source."""
    holder = innermost([q for q in quotes if q.speaker.actor_id], _range(quantity.span),
                       lambda q: _range(q.content))
    return holder.speaker.actor_id if holder is not None else fallback


def _range(span: TextSpan) -> tuple[int, int]:
    return span.start, span.end


def find_claims(doc: Doc, model: CheckworthinessModel) -> tuple[Claim, ...]:
    """The claims of ``doc``."""
    text = doc_text(doc)
    # Attribution flags quotes it is unsure of; sourcing leans on sure ones.
    quotes = [q for q in records.quotes(doc) if q.score >= SURE_QUOTE_SCORE]
    actors = {a.id: a for a in records.actors(doc)}
    spans = list(claim_spans(doc, records.captions(doc)))
    if not spans:
        return ()
    probs = model.probabilities([_triples(s) for s in spans])
    key = doc_key(text)
    claims = []
    for span, row in zip(spans, probs, strict=True):
        rng = (span.start_char, span.end_char)
        # ``span.text`` is this slice, but joins the span's tokens on every call.
        span_text = text[rng[0]:rng[1]]
        label = cast(CheckworthinessLabel, model.label(row))
        level, cues = classify(span_text, span.start_char)
        sourcing = source_of(text, rng, quotes, actors)
        quantities = tuple(
            dataclasses.replace(q, source_actor_id=_quantity_source(q, quotes,
                                                                     sourcing.actor_id))
            for q in find_quantities(span))
        claims.append(Claim(
            id=make_id("claim", key, *rng),
            span=TextSpan(rng[0], rng[1], span_text),
            checkworthiness=Checkworthiness(label=label, score=round(float(row[0]), 4)),
            type=claim_type(span, best_quote(rng, quotes), len(quantities), label),
            certainty=Certainty(level=level,
                                cues=tuple(TextSpan.of(text, c.start, c.end) for c in cues)),
            sourcing=sourcing,
            quantities=quantities,
        ))
    return tuple(claims)


class ClaimsComponent:
    """Finds claims; the model loads once per process (cached), never per Doc."""

    def __init__(self, nlp: Language, name: str, model_path: str = "") -> None:
        self.name = name
        self.model = load_model(model_path)

    def __call__(self, doc: Doc) -> Doc:
        doc._.nc_claims = find_claims(doc, self.model)
        note = not_english_note(doc_text(doc))
        if note is not None:
            records.add_note(doc, note)
        return doc
