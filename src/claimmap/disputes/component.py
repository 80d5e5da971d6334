"""The ``claimmap_disputes`` spaCy component: disputes and the accusation graph.

Runs last: it reads the quotes and actors of attribution and, when present, the claims.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimmap.disputes.rules import Context, find_disputes
from claimmap.text import doc_key
from claimmap.types import SURE_QUOTE_SCORE


class DisputesComponent:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        ctx = Context(
            text=doc.text,
            # Only quotes attribution is reasonably sure of carry disputes.
            quotes=[q for q in doc._.get("nc_quotes") or []
                    if float(q.get("score", 1.0)) >= SURE_QUOTE_SCORE],
            actors=list(doc._.get("nc_actors") or []),
            claims=list(doc._.get("nc_claims") or []),
            doc_key=doc_key(doc.text),
        )
        disputes, accusations = find_disputes(ctx)
        doc._.nc_disputes = disputes
        doc._.nc_accusations = accusations
        return doc
