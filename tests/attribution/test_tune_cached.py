"""The cached-parse scorer of training/tune_attribution.py on one hand-made article."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from spacy.language import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

from tune_attribution import score_cached

from claimmap.api import prepare_doc
from claimmap.attribution.model import MODEL_FILE, CrfAttributionModel
from claimmap.eval.polnear import PolnearArticle, PolnearAttribution
from claimmap.ingest.text import from_text

TEXT = "The mayor said the bridge would reopen in May.\n"


def _article(source: tuple[int, int]) -> PolnearArticle:
    content = (TEXT.index("the bridge"), TEXT.index("."))
    cue = (TEXT.index("said"), TEXT.index("said") + 4)
    return PolnearArticle(id="a", text=TEXT, attributions=(PolnearAttribution(
        id="1", content=(content,), cue=(cue,), source=(source,)),))


@pytest.mark.slow
def test_tune_cached_scores_the_source_right_and_wrong(nlp: Language) -> None:
    model = CrfAttributionModel(MODEL_FILE)
    mayor = (TEXT.index("The mayor"), TEXT.index(" said"))
    for source, right in ((mayor, 1), ((TEXT.index("May"), TEXT.index(".")), 0)):
        doc = nlp(prepare_doc(nlp, from_text(TEXT, id="a")))
        scores = score_cached([_article(source)], [doc], model)
        assert (scores.sourced_pairs, scores.sourced_right) == (1, right)
