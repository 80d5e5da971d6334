"""The trained attribution tagger (``claimmap.attribution.crf.v1``): a linear-chain CRF over
token features that tags Source, Cue and Content, then joins tags into attributions and
merges them with what the rules found."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span

from claimmap.attribution.assembly import assemble
from claimmap.attribution.cues import Lexicon, load_lexicon
from claimmap.attribution.decoding import TagSpan, bio_spans
from claimmap.attribution.features import doc_features
from claimmap.attribution.merging import merge_with_rules
from claimmap.attribution.rules import RawAttribution, doc_text
from claimmap.attribution.tagging import CrfTagger
from claimmap.errors import ModelError

MODEL_FILE = Path(str(resources.files("claimmap.attribution").joinpath(
    "data/attribution.crfsuite")))


class CrfAttributionModel:
    def __init__(self, path: Path, lexicon: Lexicon | None = None) -> None:
        if not path.exists():
            raise ModelError(f"attribution model missing at {path}; run `make models`")
        self.tagger = CrfTagger(path)  # crfsuite's tags, scored in numpy (tagging.py)
        self.lexicon = lexicon or load_lexicon()

    def tag(self, doc: Doc, rules: list[RawAttribution]) -> list[tuple[Span, list[TagSpan]]]:
        sentences = doc_features(doc, rules, self.lexicon)
        tags = self.tagger.tag_sentences([feats for _, feats in sentences],
                                         nul_possible="\0" in doc_text(doc))
        return [(sent, bio_spans(sent, sent_tags))
                for (sent, _), sent_tags in zip(sentences, tags, strict=True)]

    def refine(self, doc: Doc, rules: list[RawAttribution]) -> list[RawAttribution]:
        tagged = assemble(doc, self.tag(doc, rules), self.lexicon, rules)
        return merge_with_rules(doc, tagged, rules)


@functools.lru_cache(maxsize=2)
def load_model(name: str = "default") -> CrfAttributionModel:
    path = MODEL_FILE if name == "default" else Path(name)
    return CrfAttributionModel(path)
