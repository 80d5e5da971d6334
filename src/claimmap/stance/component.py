"""The ``claimmap_stance`` spaCy component: the body's stance toward ``doc._.nc_title``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimmap.nlp import extensions as records
from claimmap.nlp.tokens import doc_text
from claimmap.stance.headline import stance_record
from claimmap.stance.model import StanceModel, default_model


class StanceComponent:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self._model: StanceModel = default_model()

    def __call__(self, doc: Doc) -> Doc:
        skip = list(records.captions(doc))
        title_span = records.title_span(doc)
        if title_span:
            skip.append(title_span)
        doc._.nc_stance = stance_record(doc_text(doc), records.title(doc), skip, self._model)
        return doc
