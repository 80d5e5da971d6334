"""The per-Doc token table must hold exactly what the spaCy tokens say."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claimmap.nlp.tokens import doc_text, span_ents, token_table

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "claimmap" / "examples" / \
    "harbour-strike.txt"


@pytest.mark.slow
def test_token_table_matches_every_token(nlp: Language) -> None:
    doc = nlp(EXAMPLE.read_text(encoding="utf-8") + "\n\n  Tabs\tand   spaces, “quotes” — 3.5%!")
    table = token_table(doc)
    assert len(table) == len(doc)
    for t in doc:
        assert (table.text[t.i], table.lower[t.i], table.shape[t.i], table.pos[t.i],
                table.tag[t.i], table.dep[t.i], table.ent_type[t.i], table.head[t.i],
                table.idx[t.i], table.is_punct[t.i], table.is_title[t.i],
                table.is_space[t.i]) == (
            t.text, t.lower_, t.shape_, t.pos_, t.tag_, t.dep_, t.ent_type_, t.head.i, t.idx,
            t.is_punct, t.is_title, t.is_space)
    assert token_table(doc) is table  # built once per Doc
    assert doc_text(doc) == doc.text


@pytest.mark.slow
def test_token_table_never_answers_for_another_doc(nlp: Language) -> None:
    first = nlp("The mayor said the bridge would reopen.")
    second = nlp("Critics denied it.")
    assert token_table(first).text[1] == "mayor"
    assert token_table(second).text == [t.text for t in second]
    assert doc_text(first) == first.text and doc_text(second) == second.text
    assert token_table(first).text == [t.text for t in first]


@pytest.mark.slow
def test_token_table_span_ents_are_the_spans_own(nlp: Language) -> None:
    doc = nlp("Tomas Berg of the Dockworkers' Union met Marta Ellison in Veldmark on Tuesday.")
    assert doc.ents
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            span = doc[start:end]
            assert [(e.start, e.end, e.label_) for e in span_ents(span)] == \
                [(e.start, e.end, e.label_) for e in span.ents]


def test_token_table_of_an_empty_doc(nlp_blank: Language) -> None:
    assert len(token_table(nlp_blank(""))) == 0
