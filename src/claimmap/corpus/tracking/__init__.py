"""Claim tracking across a corpus store: copies of one article, one claim in many wordings,
and disputes between articles. Reads and writes the store only; never loads spaCy or a stage.

- :func:`track_article` one stored article, in the writer's transaction (incremental);
- :func:`retrack` every article of a store again, from scratch;
- :func:`list_conflicts` the cross-article disputes, both sides with texts and figures;
- :func:`list_clusters`, :func:`cluster_timeline` claim clusters and their members by time.

The rules and thresholds are in docs/tracking.md.
"""

from claimmap.corpus.tracking.conflicts import CORPUS_KINDS, CorpusDispute, list_conflicts
from claimmap.corpus.tracking.features import claim_features, gate, normalise
from claimmap.corpus.tracking.read import Appearance, ClusterRow, cluster_timeline, list_clusters
from claimmap.corpus.tracking.settings import TrackingSettings
from claimmap.corpus.tracking.syndication import CopyRule
from claimmap.corpus.tracking.track import (
    Tracker,
    TrackingError,
    TrackResult,
    clear_tracking,
    retrack,
    track_article,
)

__all__ = ["CORPUS_KINDS", "Appearance", "ClusterRow", "CopyRule", "CorpusDispute",
           "TrackResult", "Tracker", "TrackingError", "TrackingSettings", "claim_features",
           "clear_tracking", "cluster_timeline", "gate", "list_clusters", "list_conflicts",
           "normalise", "retrack", "track_article"]
