"""Fact-check matching: ClaimMap in, ClaimMap out. Never imports spaCy or a stage package.

    from claimmap.match import FactCheckIndex, load_factchecks, match_claim_map
    factchecks, problems = load_factchecks([Path("reviews.jsonld")])
    index = FactCheckIndex(factchecks)
    claim_map = match_claim_map(claim_map, index)
"""

from claimmap.match.index import FactCheckIndex, Hit
from claimmap.match.loading import load_factchecks, read_factcheck_file
from claimmap.match.matcher import METHOD, match_claim_map, match_texts

__all__ = ["METHOD", "FactCheckIndex", "Hit", "load_factchecks", "match_claim_map",
           "match_texts", "read_factcheck_file"]
