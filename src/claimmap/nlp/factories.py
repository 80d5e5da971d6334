"""Every spaCy factory claimmap publishes, in one place.

Component classes are imported inside the factory functions: analysis modules may import
``claimmap.nlp`` helpers, never the reverse at import time, so no import cycles.
Published under the ``spacy_factories`` entry point so ``spacy.load`` finds them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

import claimmap.nlp.extensions  # noqa: F401  (registers Doc extensions)


def tokenizer_from_file() -> Callable[[Language], Tokenizer]:
    """An empty tokenizer, for a model whose tokenizer file fills all of it in (rules,
    prefixes, suffixes, infixes, URL match): see ``pipeline.load_base``."""

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


registry.tokenizers.register("claimmap.tokenizer_from_file.v1", func=tokenizer_from_file)


@Language.component(
    "claimmap_paragraphs",
    assigns=["token.is_sent_start"],
)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs.

    The parser keeps preset boundaries; without them it glues the headline onto the first
    sentence and runs sentences across paragraphs and captions.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
        elif token.is_space and "\n" in token.text:
            # Keep whitespace tokens attached to the sentence before them.
            token.is_sent_start = False
    return doc


@Language.factory(
    "claimmap_attribution",
    default_config={"model": "default"},
    requires=["doc.sents", "token.dep", "token.tag", "doc.ents"],
    assigns=["doc._.nc_actors", "doc._.nc_quotes", "doc._.nc_quote_targets"],
)
def make_attribution(nlp: Language, name: str, model: str) -> Any:
    from claimmap.attribution.component import AttributionComponent

    return AttributionComponent(nlp, name, model=model)


@Language.factory(
    "claimmap_claims",
    default_config={"model_path": ""},
    requires=["doc.sents", "token.dep", "token.tag", "doc.ents", "doc._.nc_quotes",
              "doc._.nc_actors"],
    assigns=["doc._.nc_claims", "doc._.nc_notes"],
)
def make_claims(nlp: Language, name: str, model_path: str) -> Any:
    from claimmap.claims.component import ClaimsComponent

    return ClaimsComponent(nlp, name, model_path=model_path)


@Language.factory(
    "claimmap_rhetoric",
    # POS is optional (better with it); quotes give each span its speaker.
    requires=["doc._.nc_quotes"],
    assigns=["doc._.nc_techniques"],
)
def make_rhetoric(nlp: Language, name: str) -> Any:
    from claimmap.rhetoric.component import RhetoricComponent

    return RhetoricComponent(nlp, name)


@Language.factory(
    "claimmap_stance",
    # Reads doc._.nc_title, which prepare_doc sets before the pipeline (no component does).
    assigns=["doc._.nc_stance"],
)
def make_stance(nlp: Language, name: str) -> Any:
    from claimmap.stance.component import StanceComponent

    return StanceComponent(nlp, name)


@Language.factory(
    "claimmap_disputes",
    requires=["doc._.nc_quotes", "doc._.nc_actors"],
    assigns=["doc._.nc_disputes", "doc._.nc_accusations"],
)
def make_disputes(nlp: Language, name: str) -> Any:
    from claimmap.disputes.component import DisputesComponent

    return DisputesComponent(nlp, name)
