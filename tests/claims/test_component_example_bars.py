"""The issue's bars on ../shared/examples/russia-isis-accusation.txt (read at test time only)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claimmap.api import analyze
from claimmap.types import Claim, ClaimMap

RUSSIA = (Path(__file__).resolve().parents[2].parent / "shared" / "examples"
          / "russia-isis-accusation.txt")


@pytest.fixture(scope="module")
def russia_map(nlp: Language) -> ClaimMap:
    if not RUSSIA.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    return analyze(RUSSIA.read_text(encoding="utf-8"), nlp=nlp)


def _claim_with(cm: ClaimMap, needle: str) -> Claim:
    found = [c for c in cm.claims if needle in c.span.text]
    assert found, f"no claim contains {needle!r}"
    return found[0]


@pytest.mark.slow
def test_claims_example_seems_to_be_quote_is_not_asserted(russia_map: ClaimMap) -> None:
    claim = _claim_with(russia_map, "seems to be not the fighting ability")
    assert claim.certainty.level != "asserted"
    assert any(c.text == "seems" for c in claim.certainty.cues)
    actor = russia_map.actor(claim.sourcing.actor_id)
    assert claim.sourcing.kind == "named" and actor is not None
    assert "Konashenkov" in actor.name


@pytest.mark.slow
def test_claims_example_some_have_speculated_is_speculative_and_vague(
        russia_map: ClaimMap) -> None:
    claim = _claim_with(russia_map, "some have speculated")
    assert claim.certainty.level == "speculative"
    assert claim.sourcing.kind == "vague"


@pytest.mark.slow
def test_claims_example_two_quantities_two_sources(russia_map: ClaimMap) -> None:
    quantities = [q for c in russia_map.claims for q in c.quantities]
    twelve = [q for q in quantities if q.value == 12]
    forty = [q for q in quantities if q.value == 40]
    assert len(twelve) == 1 and len(forty) == 1
    assert twelve[0].bound == "exact" and forty[0].bound == "at_least"
    assert forty[0].span.text == "at least 40"
    names = {a.id: a.name for a in russia_map.actors}
    assert names.get(twelve[0].source_actor_id or "") == "Russia"
    assert names.get(forty[0].source_actor_id or "") == "Reuters"


@pytest.mark.slow
def test_claims_example_rhetorical_questions_are_questioned(russia_map: ClaimMap) -> None:
    claim = _claim_with(russia_map, "Is it an artful move")
    assert claim.certainty.level == "questioned"
    # Konashenkov wondering what the U.S. motive was: an indirect question.
    wonder = _claim_with(russia_map, "wondered what the motive")
    assert wonder.certainty.level == "questioned"


@pytest.mark.slow
def test_claims_example_captions_are_skipped_and_offsets_match(russia_map: ClaimMap) -> None:
    text = russia_map.article.text
    assert not any("Featured Image" in c.span.text for c in russia_map.claims)
    assert not any("American soldiers discussing" in c.span.text for c in russia_map.claims)
    for claim in russia_map.claims:
        assert text[claim.span.start:claim.span.end] == claim.span.text
        for cue in claim.certainty.cues:
            assert text[cue.start:cue.end] == cue.text
        for quantity in claim.quantities:
            assert text[quantity.span.start:quantity.span.end] == quantity.span.text
