"""The tracking thresholds in one object. The defaults were chosen on the planted dev corpus
(bench/tracking_data.py --split dev), never on the test split; docs/tracking.md says how."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimmap.corpus.tracking.syndication import CopyRule


@dataclass(frozen=True, slots=True)
class TrackingSettings:
    # Cosine of two claims' MiniLM vectors, after the entity/figure/negation gate has passed.
    suggested: float = 0.72
    confirmed: float = 0.80
    # Two claims about one quantity (numeric conflicts): their cosine and shared key terms.
    same_quantity: float = 0.60
    # A denial answers an accusation against the same actor when their cosine reaches this.
    denial: float = 0.30
    # Lexical blocking: a claim is compared with at most ``candidates`` earlier claims that
    # share at least ``min_shared`` key terms (words, names, figures) with it, weighing (IDF;
    # a term no other claim has weighs 1) at least ``min_weight`` and ``min_overlap`` of the
    # lighter claim's weight. Only claims with a candidate are embedded: that is what keeps
    # tracking cheap.
    candidates: int = 24
    min_shared: int = 2
    min_weight: float = 2.5
    min_overlap: float = 0.4
    # Terms in more than this share of claims do not propose candidates ("said", "people").
    common_share: float = 0.02
    # Claims of these check-worthiness labels are compared in other words (embedded); the
    # rest ("not a factual claim") are tracked by exact wording only. Embedding is most of
    # tracking's cost, and NFS sentences are the ones nobody traces across outlets.
    embed_labels: tuple[str, ...] = ("CFS", "UFS")
    copy_rule: CopyRule = field(default_factory=CopyRule)
    # Keep vectors in the shared cache (~/.cache/claimmap/vectors.sqlite or
    # $CLAIMMAP_CACHE_DIR) so a new process need not embed old claims again.
    vector_cache: bool = True
