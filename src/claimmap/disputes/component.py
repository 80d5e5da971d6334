"""The ``claimmap_disputes`` spaCy component: disputes and the accusation graph.

Runs last: it reads the quotes and actors of attribution and, when present, the claims.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimmap.disputes.rules import Context, find_disputes
from claimmap.nlp import extensions as records
from claimmap.nlp.tokens import doc_text
from claimmap.text import doc_key
from claimmap.types import SURE_QUOTE_SCORE


class DisputesComponent:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ctx = Context(
            text=text,
            # Only quotes attribution is reasonably sure of carry disputes.
            quotes=[q for q in records.quotes(doc) if q.score >= SURE_QUOTE_SCORE],
            actors=records.actors(doc),
            claims=records.claims(doc),
            doc_key=doc_key(text),
            targets=records.quote_targets(doc),
        )
        doc._.nc_disputes, doc._.nc_accusations = find_disputes(ctx)
        return doc
