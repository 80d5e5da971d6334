"""The stages' typed records on the Doc: readable back, serialisable, strict."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimmap.api import analyze_doc, analyze_many
from claimmap.claimmap import from_doc, provenance_for
from claimmap.nlp import extensions as records
from claimmap.nlp.extensions import DOC_EXTENSIONS, RECORD_TYPES
from claimmap.types import Quote, TextSpan, from_dict

TEXT = ("Harbour Strike Goes On\n\nThe union accused the port authority of hiding safety "
        "reports. The authority denied the claims, saying 30 workers were safe. "
        "\u201cWe will not back down,\u201d said union leader Ana Berg.\n")


def test_doc_records_are_frozen_types_not_dicts(nlp: Language) -> None:
    _, doc = analyze_doc(TEXT, nlp=nlp)
    stage_outputs = [n for n in DOC_EXTENSIONS if n not in ("nc_title_span", "nc_captions")]
    for name in stage_outputs:
        value = doc._.get(name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            assert not isinstance(item, (dict, list)), f"{name} holds {type(item).__name__}"
    assert records.quotes(doc) and all(isinstance(q, Quote) for q in records.quotes(doc))


def test_doc_records_survive_to_bytes(nlp: Language) -> None:
    article, doc = analyze_doc(TEXT, nlp=nlp)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    provenance = provenance_for(nlp.meta, nlp.pipe_names)
    assert from_doc(article, again, provenance) == from_doc(article, doc, provenance)
    assert records.quote_targets(again) == records.quote_targets(doc)


@pytest.mark.slow
def test_doc_records_survive_worker_processes(nlp: Language) -> None:
    texts = [TEXT, TEXT.replace("Ana Berg", "Ivo Brandt")]
    one = list(analyze_many(texts, nlp=nlp))
    two = list(analyze_many(texts, nlp=nlp, n_process=2))
    assert [cm.to_dict() for cm in one] == [cm.to_dict() for cm in two]


def test_doc_records_carry_the_accused_of_an_accusation(nlp: Language) -> None:
    _, doc = analyze_doc(TEXT, nlp=nlp)
    targets = records.quote_targets(doc)
    assert [t.span.text for t in targets] == ["the port authority"]
    assert targets[0].quote_id in {q.id for q in records.quotes(doc)}


def test_doc_records_codec_knows_every_record_on_the_doc() -> None:
    assert {"Actor", "Quote", "QuoteTarget", "Claim", "Technique", "Stance", "Dispute",
            "Accusation"} <= set(RECORD_TYPES)


def test_doc_records_unknown_fields_are_an_error_when_strict() -> None:
    with pytest.raises(ValueError, match="target"):
        from_dict(TextSpan, {"start": 0, "end": 1, "text": "x", "target": None}, strict=True)
