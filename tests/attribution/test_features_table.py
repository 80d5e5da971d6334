"""The tagger's features read off the token table, checked against the spaCy tokens."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from spacy.language import Language

from claimmap.attribution.cues import load_lexicon
from claimmap.attribution.features import _cue_tag, cue_tags, doc_features
from claimmap.attribution.rules import find_attributions
from claimmap.nlp.tokens import token_table

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "claimmap" / "examples" / \
    "harbour-strike.txt"


@pytest.mark.slow
def test_features_table_cue_tags_are_each_tokens(nlp: Language) -> None:
    doc = nlp(EXAMPLE.read_text(encoding="utf-8"))
    lexicon = load_lexicon()
    assert cue_tags(token_table(doc), lexicon) == [_cue_tag(t, lexicon) for t in doc]


@pytest.mark.slow
def test_features_table_reads_heads_ancestors_and_neighbours(nlp: Language) -> None:
    doc = nlp(EXAMPLE.read_text(encoding="utf-8"))
    lexicon = load_lexicon()
    for sent, feats in doc_features(doc, find_attributions(doc), lexicon):
        assert len(feats) == len(sent)
        for i, (token, f) in enumerate(zip(sent, feats, strict=True)):
            assert (f["w"], f["dep"], f["hdep"], f["hpos"]) == (
                token.lower_, token.dep_, token.head.dep_, token.head.pos_)
            assert f["hcue"] == _cue_tag(token.head, lexicon)
            assert f["hhcue"] == _cue_tag(token.head.head, lexicon)
            ancestors = [_cue_tag(a, lexicon) for a in itertools.islice(token.ancestors, 4)]
            assert f["anc_cue"] == next((c[:1] for c in ancestors if c != "-"), "-")
            if i >= 1:
                assert f["-1:w"] == sent[i - 1].lower_
            if i + 2 < len(sent):
                assert f["2:pos"] == sent[i + 2].pos_
