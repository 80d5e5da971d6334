"""The fact-check cross-encoder: MiniLM-L6 reading a query and a fact-check together.

Its input, shared by training (training/factcheck_cross.py) and the run time: ``[CLS] query
[SEP] claim. title [SEP]`` with token types, at most ``MAX_PIECES`` word pieces (the longer
side cut first).
"""

from __future__ import annotations

from claimmap.types import FactCheck

MAX_PIECES = 128


def factcheck_text(factcheck: FactCheck) -> str:
    """The fact-check side of a pair: its claim, then its title when that says more."""
    claim = factcheck.claim_reviewed.strip()
    title = (factcheck.title or "").strip()
    if not title or title == claim:
        return claim
    if claim and claim[-1] not in ".!?":
        claim += "."
    return f"{claim} {title}"
