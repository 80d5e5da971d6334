"""Fact-check matching of a ClaimMap: ClaimMap in, a new ClaimMap out (``dataclasses.replace``).

Each claim's text is looked up in a :class:`FactCheckIndex`: the re-ranker orders the
candidates, and each of the first ``per_claim`` whose acceptance probability reaches the
threshold (the shipped one unless given) becomes a :class:`FactCheckMatch` scored with it;
the fact-checks matched are copied into ``ClaimMap.factchecks`` with their texts exactly as
the fact-checker wrote them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from claimmap.match.index import FactCheckIndex
from claimmap.types import ClaimMap, FactCheck, FactCheckMatch

METHOD = "bm25+minilm+rerank"


def match_texts(texts: Sequence[str], index: FactCheckIndex, *, min_score: float | None = None,
                per_text: int = 3) -> list[list[tuple[FactCheck, float, int]]]:
    """Per text, up to ``per_text`` (fact-check, probability, rank) best first."""
    threshold = index.ranker.accept_threshold if min_score is None else min_score
    hits = index.search(list(texts), k=per_text, min_confidence=threshold)
    return [[(index.factchecks[h.row], h.confidence, h.rank) for h in found] for found in hits]


def match_claim_map(claim_map: ClaimMap, index: FactCheckIndex, *,
                    min_score: float | None = None, per_claim: int = 3) -> ClaimMap:
    """``claim_map`` with ``matches`` and ``factchecks`` filled from ``index``."""
    claims = list(claim_map.claims)
    if not claims or not len(index):
        return dataclasses.replace(claim_map, matches=(), factchecks=())
    found = match_texts([c.span.text for c in claims], index, min_score=min_score,
                        per_text=per_claim)
    matches: list[FactCheckMatch] = []
    used: dict[str, FactCheck] = {}
    for claim, hits in zip(claims, found, strict=True):
        for fc, score, rank in hits:
            used.setdefault(fc.id, fc)
            matches.append(FactCheckMatch(
                claim_id=claim.id, fact_check_id=fc.id,
                title=fc.title or fc.claim_reviewed, score=round(score, 4), url=fc.url,
                verdict=fc.rating, reviewer=fc.reviewer, rank=rank, method=METHOD))
    matches.sort(key=lambda m: (-m.score, m.claim_id, m.rank))
    summary = dict(claim_map.summary)
    summary["factchecked_claims"] = len({m.claim_id for m in matches})
    return dataclasses.replace(claim_map, matches=tuple(matches),
                               factchecks=tuple(sorted(used.values(), key=lambda f: f.id)),
                               summary=summary)
