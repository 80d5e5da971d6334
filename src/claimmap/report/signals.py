"""The credibility signals panel of the HTML report and the web app: each signal in words,
its counts, and its evidence, linked to the highlighted span when the body shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimmap.types import ClaimMap, TextSpan

# The body mark a signal's evidence jumps to (the report highlights claims and techniques).
_MARK_KIND = {"sourcing_mix": "claim", "hedged_share": "claim", "numeric_conflicts": "claim",
              "fact_checks": "claim", "technique_density": "technique"}
EVIDENCE_SHOWN = 8


def signal_rows(cm: ClaimMap, anchor: Callable[[str, TextSpan | None], str | None]
                ) -> list[dict[str, Any]]:
    rows = []
    for signal in cm.signals:
        kind = _MARK_KIND.get(signal.name)
        claims = {c.id: c.span for c in cm.claims}
        evidence = []
        for item in signal.evidence[:EVIDENCE_SHOWN]:
            # Cue words (hedges) sit inside their claim: jump to the claim's mark.
            target = claims.get(item.ref or "", item.span) if kind == "claim" else item.span
            evidence.append({"label": item.label.replace("_", " "),
                             "text": item.span.text if item.span else None,
                             "anchor": anchor(kind, target) if kind else None,
                             "article_id": item.article_id, "note": item.note})
        rows.append({"name": signal.name.replace("_", " "), "summary": signal.summary,
                     "scope": signal.scope,
                     "counts": [(k.replace("_", " "), v) for k, v in signal.counts.items()],
                     "evidence": evidence,
                     "more": max(0, len(signal.evidence) - EVIDENCE_SHOWN)})
    return rows
