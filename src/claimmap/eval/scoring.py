"""Span scoring: precision, recall and F1 of predicted character spans against gold ones.

Conventions (the same for every role, documented in the eval command's help):

- Spans are compared after trimming whitespace at both ends, nothing else: punctuation and
  quote marks count, since where a content span starts and ends is what "exact" measures.
- Exact: a prediction is right when a gold span has the same start and end.
- Overlap: predictions and gold spans are paired greedily by the number of characters they
  share, largest first; each gold span and each prediction is used at most once, so one long
  prediction cannot claim several gold spans.
- Tokens: words and single punctuation marks (``\\w+|[^\\w\\s]``) of the text; a token belongs
  to a span it overlaps. Precision and recall are over token positions, summed over articles.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable, Sequence

Span = tuple[int, int]

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclasses.dataclass(slots=True)
class PRF:
    """Counts behind precision, recall and F1; add articles up with :meth:`add`."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "n_pred": self.n_pred,
                "n_gold": self.n_gold}


def trim(text: str, span: Span) -> Span | None:
    """``span`` without leading and trailing whitespace; None when nothing is left."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def span_set(text: str, spans: Iterable[Span]) -> list[Span]:
    """Trimmed, de-duplicated spans in text order (one role of one article)."""
    trimmed = {t for s in spans if (t := trim(text, s)) is not None}
    return sorted(trimmed)


def exact_matches(pred: Sequence[Span], gold: Sequence[Span]) -> int:
    """How many predictions equal a gold span, each gold span used at most once."""
    remaining = list(gold)
    hits = 0
    for span in pred:
        if span in remaining:
            remaining.remove(span)
            hits += 1
    return hits


def overlap_pairs(pred: Sequence[Span], gold: Sequence[Span]) -> list[tuple[int, int]]:
    """(pred index, gold index) pairs of a greedy one-to-one matching by shared characters."""
    candidates = []
    for i, (ps, pe) in enumerate(pred):
        for j, (gs, ge) in enumerate(gold):
            shared = min(pe, ge) - max(ps, gs)
            if shared > 0:
                # Ties go to the earlier pair so the result does not depend on set order.
                candidates.append((-shared, i, j))
    candidates.sort()
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_pred and j not in used_gold:
            used_pred.add(i)
            used_gold.add(j)
            pairs.append((i, j))
    return pairs


class Tokens:
    """Token offsets of one text, to turn character spans into token positions."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def covered(self, spans: Iterable[Span]) -> set[int]:
        """Positions of the tokens that overlap any of ``spans``."""
        positions: set[int] = set()
        for start, end in spans:
            # First token ending after start, up to the last token starting before end.
            first = bisect.bisect_right(self.ends, start)
            last = bisect.bisect_left(self.starts, end)
            positions.update(range(first, last))
        return positions
