"""The ``claimmap_claims`` spaCy component: every claim with check-worthiness, type,
certainty, sourcing and quantities, written to ``doc._.nc_claims``.

Reads attribution's output (``doc._.nc_quotes``, ``doc._.nc_actors``) for sourcing, and
``doc._.nc_captions`` to skip caption lines. Adds a note to ``doc._.nc_notes`` when the text
does not look like English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

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
from claimmap.text import doc_key
from claimmap.types import SURE_QUOTE_SCORE, make_id

# Sentences longer than this are scored on their first tokens only: a 5,000-word run-on
# "sentence" says nothing more to a linear model than its start does.
MAX_TOKENS = 200


def _triples(span: Span) -> list[TokenTriple]:
    return [(t.text, t.tag_, t.ent_type_) for t in span[:MAX_TOKENS]]


def _quantity_source(quantity: Mapping[str, Any], quotes: Sequence[Mapping[str, Any]],
                     fallback: str | None) -> str | None:
    """The speaker of the innermost quote the number sits in, else the claim's source."""
    span = quantity["span"]
    best: tuple[int, str] | None = None
    for quote in quotes:
        content = quote.get("content") or {}
        start, end = int(content.get("start", 0)), int(content.get("end", 0))
        actor_id = (quote.get("speaker") or {}).get("actor_id")
        if actor_id and start <= span["start"] and span["end"] <= end and (
                best is None or end - start < best[0]):
            best = (end - start, str(actor_id))
    return best[1] if best else fallback


def find_claims(doc: Doc, model: CheckworthinessModel) -> list[dict[str, Any]]:
    """Claim records (dicts in the ``Claim.to_dict`` shape) for ``doc``."""
    text = doc.text
    # Attribution flags quotes it is unsure of; sourcing leans on sure ones.
    quotes: list[Mapping[str, Any]] = [q for q in doc._.get("nc_quotes") or []
                                       if float(q.get("score", 1.0)) >= SURE_QUOTE_SCORE]
    actors = {str(a["id"]): a for a in (doc._.get("nc_actors") or [])}
    spans = list(claim_spans(doc, doc._.get("nc_captions") or ()))
    if not spans:
        return []
    probs = model.probabilities([_triples(s) for s in spans])
    key = doc_key(text)
    claims = []
    for span, row in zip(spans, probs, strict=True):
        rng = (span.start_char, span.end_char)
        label = model.label(row)
        level, cues = classify(span.text, span.start_char)
        sourcing = source_of(text, rng, quotes, actors)
        quantities = find_quantities(span)
        for quantity in quantities:
            quantity["source_actor_id"] = _quantity_source(quantity, quotes,
                                                           sourcing["actor_id"])
        claims.append({
            "id": make_id("claim", key, *rng),
            "span": {"start": rng[0], "end": rng[1], "text": span.text},
            "checkworthiness": {"label": label, "score": round(float(row[0]), 4)},
            "type": claim_type(span, best_quote(rng, quotes), len(quantities), label),
            "certainty": {"level": level,
                          "cues": [{"start": c.start, "end": c.end, "text": text[c.start:c.end]}
                                   for c in cues]},
            "sourcing": sourcing,
            "quantities": quantities,
        })
    return claims


class ClaimsComponent:
    """Finds claims; the model loads once per process (cached), never per Doc."""

    def __init__(self, nlp: Language, name: str, model_path: str = "") -> None:
        self.name = name
        self.model = load_model(model_path)

    def __call__(self, doc: Doc) -> Doc:
        doc._.nc_claims = find_claims(doc, self.model)
        note = not_english_note(doc.text)
        if note is not None:
            doc._.nc_notes = [*(doc._.get("nc_notes") or []), note]
        return doc
