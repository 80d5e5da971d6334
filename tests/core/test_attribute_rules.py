"""The indexed attribute_ruler matcher must give exactly what spaCy's Matcher gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from claimmap.nlp.attribute_rules import IndexedRuleMatcher, index_attribute_ruler
from claimmap.nlp.pipeline import resolve_model_name

TESTS = Path(__file__).resolve().parent.parent
EXAMPLE = TESTS.parent / "src" / "claimmap" / "examples" / "harbour-strike.txt"

# Our own sentences, written to reach the ruler's word exceptions: contractions, "gonna",
# "y'all", existential "there", modals, reflexives, stray whitespace tokens.
TRICKY = [
    "Y'all ain't gonna believe it, but there's nothin' left.\n\n  The mayor's aides said "
    "they'd gotta go. Let's see: I told them myself that it wasn't ours.",
    "Somebody could've stopped it; nobody did.   Is there anything he hasn't denied?\t"
    "We 'll see, said the councillor, who was doin' fine. C'mon, 'em folks ain't wrong.",
    "THERE WERE 3 SHIPS.\n\n\nThe port's own figures, which it has published, show that.",
]


@pytest.fixture(scope="module")
def untagged() -> Language:
    """The stock pipeline, with its attribute_ruler still on spaCy's Matcher."""
    return spacy.load(resolve_model_name(), exclude=["lemmatizer"])


def _texts() -> list[str]:
    found = [EXAMPLE.read_text(encoding="utf-8"), *TRICKY]
    for path in sorted((TESTS / "disputes" / "data").glob("*.txt")):
        found.append(path.read_text(encoding="utf-8"))
    return found


@pytest.mark.slow
def test_attribute_rules_match_what_the_matcher_matches(untagged: Language) -> None:
    ruler = untagged.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    indexed = IndexedRuleMatcher(ruler)
    with untagged.select_pipes(disable=["attribute_ruler"]):
        docs = list(untagged.pipe(_texts()))
    total = 0
    for doc in docs:
        stock = sorted(set(ruler.match(doc)))
        assert indexed(doc) == stock
        total += len(stock)
    assert total > 1000
    # Rules that fire rarely are covered too: two-token patterns, whitespace, regex words.
    rules = {m[0] for doc in docs for m in indexed(doc)}
    multi = {i for i, p in enumerate(ruler.patterns) if len(p["patterns"][0]) > 1}
    assert rules & multi


@pytest.mark.slow
def test_attribute_rules_leave_the_same_doc(untagged: Language) -> None:
    ruler = untagged.get_pipe("attribute_ruler")
    indexed = IndexedRuleMatcher(ruler)
    attrs = [POS, TAG, MORPH, LEMMA, DEP, HEAD]
    with untagged.select_pipes(disable=["attribute_ruler"]):
        docs = list(untagged.pipe(_texts()))
    for doc in docs:
        stock = Doc(doc.vocab).from_bytes(doc.to_bytes())
        ruler.set_annotations(stock, ruler.match(stock))
        ruler.set_annotations(doc, indexed(doc))
        assert (doc.to_array(attrs) == stock.to_array(attrs)).all()
        assert [t.morph for t in doc] == [t.morph for t in stock]


def test_attribute_rules_keep_the_matcher_for_patterns_they_cannot_read(
        nlp_blank: Language) -> None:
    ruler = AttributeRuler(nlp_blank.vocab)
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert not index_attribute_ruler(ruler)
    plain = AttributeRuler(nlp_blank.vocab)
    plain.add([[{"LOWER": "very"}, {"ORTH": {"REGEX": "^[A-Z]"}}]], {"POS": "ADV"})
    assert not index_attribute_ruler(plain)  # ORTH is not indexed
    simple = AttributeRuler(nlp_blank.vocab)
    simple.add([[{"LOWER": {"IN": ["very", "so"]}}, {"TAG": {"NOT_IN": ["NN"]}}]],
               {"POS": "ADV"})
    assert index_attribute_ruler(simple)


def test_attribute_rules_are_on_in_the_loaded_pipeline(nlp: Language) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, IndexedRuleMatcher)
    doc = nlp("She said there's nothing left.")
    assert [t.pos_ for t in doc][:3] == ["PRON", "VERB", "PRON"]
