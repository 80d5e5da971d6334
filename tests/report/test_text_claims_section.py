"""The text view lists top claims by score with certainty cues, source and quantities."""

from __future__ import annotations

from claimmap.report.text import section_claims
from claimmap.types import (
    Actor,
    Article,
    Certainty,
    Checkworthiness,
    Claim,
    ClaimMap,
    Provenance,
    Quantity,
    Sourcing,
    TextSpan,
)

TEXT = "The port seems to be closed. Harbour Board says at least 40 ships wait."


def _map() -> ClaimMap:
    first = TextSpan.of(TEXT, 0, 28)
    second = TextSpan.of(TEXT, 29, len(TEXT))
    board = Actor("actor_b", "Harbour Board", "organisation")
    claims = (
        Claim("claim_a", first, Checkworthiness("UFS", 0.2), "event",
              Certainty("probable", (TextSpan.of(TEXT, 9, 14),)), Sourcing("author")),
        Claim("claim_b", second, Checkworthiness("CFS", 0.9), "statistic",
              Certainty("asserted"), Sourcing("named", "actor_b"),
              (Quantity(TextSpan.of(TEXT, 48, 59), 40.0, "ships", "at_least", "actor_b"),)),
    )
    return ClaimMap(Article("a", TEXT), Provenance("0", "3", "m", "1", "x"), actors=(board,),
                    claims=claims)


def test_text_claims_section_orders_by_score_and_shows_cues_and_sources() -> None:
    lines = section_claims(_map())
    body = "\n".join(lines)
    assert body.index("0.90 CFS") < body.index("0.20 UFS")
    assert "probable (“seems”)" in body
    assert "source named: Harbour Board" in body
    assert "'at least 40' = 40 (at_least, ships) from Harbour Board" in body


def test_text_claims_section_respects_top() -> None:
    lines = section_claims(_map(), top=1)
    assert sum(1 for line in lines if line.startswith("  0.")) == 1
