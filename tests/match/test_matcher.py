from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np

from claimmap.match import FactCheckIndex, load_factchecks, match_claim_map
from claimmap.match.index import query_vectors
from claimmap.report import render_text
from claimmap.report.html import render_html
from claimmap.schema import claimmap_schema
from claimmap.types import (
    Article,
    Certainty,
    Checkworthiness,
    Claim,
    ClaimMap,
    Provenance,
    Sourcing,
    TextSpan,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "factchecks"
TEXT = ("The port authority says Nordhaven Lines is paying for the dock strike in Veldmark. "
        "The harbour cafe will open a second terrace in spring.")


def _claim_map() -> ClaimMap:
    article = Article(id="quay", text=TEXT)
    first_end = TEXT.index("Veldmark.") + len("Veldmark.")
    second_start = TEXT.index("The harbour cafe")
    claims = []
    for n, (start, end) in enumerate([(0, first_end), (second_start, len(TEXT))]):
        claims.append(Claim(
            id=f"c{n}", span=TextSpan.of(TEXT, start, end),
            checkworthiness=Checkworthiness(score=0.8, label="CFS"), type="accusation",
            certainty=Certainty(level="asserted"), sourcing=Sourcing(kind="author")))
    provenance = Provenance(claimmap="test", spacy="-", model="-", model_version="-",
                            config_hash="-")
    return ClaimMap(article=article, provenance=provenance, claims=tuple(claims))


def _index() -> FactCheckIndex:
    factchecks, _ = load_factchecks([DATA / "harbour-graph.jsonld", DATA / "single.json",
                                     DATA / "feed.json", DATA / "page.html"])
    return FactCheckIndex(factchecks)


def test_matcher_matches_the_reviewed_claim_with_its_rating_verbatim() -> None:
    cm = match_claim_map(_claim_map(), _index())
    assert cm.matches, "the Nordhaven claim should match its review"
    best = cm.matches[0]
    assert best.claim_id == "c0"
    assert best.verdict == "Unproven  – no transfers shown"
    assert best.reviewer == "Harbour Truth Desk"
    assert best.url == "https://truthdesk.example/checks/nordhaven-strike-fund"
    assert all(m.claim_id != "c1" for m in cm.matches)  # the cafe has no fact-check
    assert {f.id for f in cm.factchecks} == {m.fact_check_id for m in cm.matches}
    assert cm.summary["factchecked_claims"] == 1


def test_matcher_output_validates_renders_and_round_trips() -> None:
    cm = match_claim_map(_claim_map(), _index())
    data = json.loads(json.dumps(cm.to_dict()))
    jsonschema.validate(data, claimmap_schema())
    assert ClaimMap.from_dict(data) == cm
    text = render_text(cm)
    assert "Fact-checked claims" in text and "“Unproven  – no transfers shown”" in text
    html = render_html(cm)
    assert "Fact-checked claims (1)" in html and "Unproven  – no transfers shown" in html


def test_matcher_without_factchecks_or_claims_leaves_map_empty() -> None:
    empty = FactCheckIndex([])
    assert match_claim_map(_claim_map(), empty).matches == ()
    bare = ClaimMap(article=Article(id="x", text="Nothing."), provenance=_claim_map().provenance)
    assert match_claim_map(bare, _index()).matches == ()


def test_matcher_query_vectors_embed_each_distinct_text_once() -> None:
    encoded: list[list[str]] = []

    def encode(texts: Sequence[str]) -> np.ndarray[Any, Any]:
        encoded.append(list(texts))
        return np.eye(len(texts), 8, dtype=np.float32)

    claim = "The port authority says Nordhaven Lines is paying for the dock strike."
    tweet = ("Nordhaven pays the strikers. The dock strike is bought! "
             "— Ana Berg (@anaberg) May 3, 2024")
    cleaned, vectors = query_vectors([claim, tweet], encode)
    # An article's claim is one text (no signature, one sentence); the tweet is three
    # (with its author, without, and its two sentences, one of which is the whole text).
    assert cleaned == [claim, "Nordhaven pays the strikers. The dock strike is bought! Ana Berg"]
    assert sorted(encoded[0]) == sorted({claim, cleaned[1],
                                         "Nordhaven pays the strikers. The dock strike is bought!",
                                         "Nordhaven pays the strikers.",
                                         "The dock strike is bought!"})
    first, second = vectors
    assert np.array_equal(first.vector, first.no_author) and first.sentences.shape == (1, 8)
    assert not np.array_equal(second.vector, second.no_author)
    assert second.sentences.shape == (2, 8)


def test_matcher_search_with_a_given_encoder_equals_the_index_encoder() -> None:
    index = _index()
    texts = [c.span.text for c in _claim_map().claims]
    own = index.search(texts, k=3)
    given = index.search(texts, k=3, encode=index.encoder.encode)
    assert own == given and own[0]
