"""The default model's tokenizer, loaded into an empty one, is the stock one exactly."""

from __future__ import annotations

import spacy
from spacy.language import Language

from claimmap.nlp.pipeline import DISABLED_STOCK, resolve_model_name

TEXT = ("Dr. O'Neill didn't say \u201cno.\u201d See https://example.org/a-b?c=1 or "
        "mail press@harbour.example -- U.S.-made, 3.5% (approx.) & 10,000km...\n\nCan't.")


def test_tokenizer_from_file_matches_the_stock_tokenizer(nlp: Language) -> None:
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "claimmap.tokenizer_from_file.v1"
    stock = spacy.load(resolve_model_name(), exclude=list(DISABLED_STOCK))
    assert nlp.tokenizer.to_bytes(exclude=["vocab"]) == stock.tokenizer.to_bytes(
        exclude=["vocab"])
    ours = [(t.text, t.whitespace_) for t in nlp.tokenizer(TEXT)]
    assert ours == [(t.text, t.whitespace_) for t in stock.tokenizer(TEXT)]
    assert ("did", "") in ours and ("n't", " ") in ours  # the exceptions are loaded
