"""Syndicated copies: articles that are one text republished, found by MinHash-LSH over word
shingles and confirmed by the exact shingle overlap.

The rule (docs/tracking.md): two bodies are copies when their 5-word shingles overlap with a
Jaccard of at least ``jaccard`` (0.5), or when at least ``containment`` (0.8) of the shorter
body's shingles are in the longer and the Jaccard is at least ``min_jaccard`` (0.3). A
dateline or a "follow us" line changes a few shingles; a dropped paragraph removes some; a
rewritten story shares few. LSH only proposes candidates (banded MinHash signatures, 128
permutations, :mod:`claimmap.corpus.tracking.minhash`); the decision is the exact overlap, so it
does not depend on hash luck.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimmap.corpus.tracking.features import shingles
from claimmap.corpus.tracking.minhash import BandIndex, bands_for, signature

NUM_PERM = 128
SEED = 7


@dataclass(frozen=True, slots=True)
class CopyRule:
    jaccard: float = 0.5
    containment: float = 0.8
    min_jaccard: float = 0.3
    min_shingles: int = 20  # shorter bodies (a caption, a brief) are never called copies
    lsh_threshold: float = 0.3


@dataclass(frozen=True, slots=True)
class CopyMatch:
    article_id: str
    jaccard: float
    containment: float


class CopyIndex:
    """Every tracked article body's shingles and MinHash; ``best_copy`` of a new one."""

    def __init__(self, rule: CopyRule | None = None) -> None:
        self.rule = rule or CopyRule()
        self._lsh = BandIndex(*bands_for(self.rule.lsh_threshold, NUM_PERM))
        self._shingles: dict[str, frozenset[int]] = {}

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._shingles

    def __len__(self) -> int:
        return len(self._shingles)

    def best_copy(self, text: str, *, exclude: str | None = None,
                  add_as: str | None = None, normalised: str | None = None
                  ) -> CopyMatch | None:
        """The stored body ``text`` copies best (by Jaccard, then id), or None; with
        ``add_as`` the body is then indexed under that id. ``normalised``:
        ``normalise(text)`` when the caller has it."""
        raw = sorted(shingles(text, normalised=normalised))
        # Python's hash is fine here: the sets live and are compared in one process.
        hashed = frozenset(hash(s) for s in raw)
        best: CopyMatch | None = None
        if len(hashed) >= self.rule.min_shingles:
            sig = signature(raw, NUM_PERM, SEED)
            for other in sorted(self._lsh.query(sig)):
                if other == exclude:
                    continue
                match = self._score(other, hashed)
                if match is not None and (best is None or match.jaccard > best.jaccard):
                    best = match
            if add_as is not None and add_as not in self._shingles:
                self._lsh.insert(add_as, sig)
        if add_as is not None:
            self._shingles.setdefault(add_as, hashed)
        return best

    def _score(self, other: str, hashed: frozenset[int]) -> CopyMatch | None:
        theirs = self._shingles[other]
        shared = len(hashed & theirs)
        union = len(hashed | theirs)
        jaccard = shared / union if union else 0.0
        containment = shared / max(1, min(len(hashed), len(theirs)))
        rule = self.rule
        if jaccard >= rule.jaccard or (containment >= rule.containment
                                       and jaccard >= rule.min_jaccard):
            return CopyMatch(other, round(jaccard, 4), round(containment, 4))
        return None

    def jaccard(self, a: str, b: str) -> float:
        """The shingle Jaccard of two indexed bodies."""
        x, y = self._shingles.get(a, frozenset()), self._shingles.get(b, frozenset())
        union = len(x | y)
        return round(len(x & y) / union, 4) if union else 0.0
