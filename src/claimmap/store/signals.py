"""Reading stored credibility signals (table ``article_signals``; written by
``claimmap.corpus.signals.refresh_signals``)."""

from __future__ import annotations

import json

from sqlalchemy import Connection, select

from claimmap.store.schema import article_signals
from claimmap.types import Signal, SignalEvidence, from_dict

# The order the signals are shown in (docs/signals.md).
ORDER = ("sourcing_mix", "hedged_share", "technique_density", "headline_stance",
         "numeric_conflicts", "originality", "fact_checks")


def stored_signals(conn: Connection, article_id: str) -> tuple[Signal, ...]:
    rows = conn.execute(select(article_signals).where(article_signals.c.article_id ==
                                                      article_id)).all()
    out = []
    for row in sorted(rows, key=lambda r: ORDER.index(r.name) if r.name in ORDER else 99):
        evidence = tuple(from_dict(SignalEvidence, item) for item in json.loads(row.evidence))
        out.append(Signal(row.name, row.summary, dict(json.loads(row.counts)), row.value,
                          evidence, row.scope))
    return tuple(out)


__all__ = ["ORDER", "stored_signals"]
