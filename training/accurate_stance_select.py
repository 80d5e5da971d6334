"""Choose the accurate profile's stance offsets on pairs neither model trained on.

    nice -n 19 .venv/bin/python training/accurate_stance_select.py [--write]

The fast two-stage model decides related or unrelated and, with its per-class offsets (chosen
on dev bodies for the relative score), agree / disagree / discuss. The accurate profile may
shift those offsets (``stance_fast_bias`` in accurate.json), chosen here on the selection
pairs (``accurate_data.fnc_pairs("select")``: non-test headlines on the fast model's held-out
bodies) for FNC relative score + disagree F1, the issue's two stance bars together; a shift
is kept only when it also leaves the selection relative score within half a point of the fast
model's. The unseen-headline test pairs are scored once, after the choice, for the report.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accurate_data as ad

from claimmap.eval.stance import fnc_scores
from claimmap.stance.model import RELATED, default_model

AGREE = (-0.5, -0.25, 0.0, 0.25, 0.5)
DISAGREE = (-0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
DISCUSS = (-0.25, 0.0, 0.25)
RELATIVE_SLACK = 0.005


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def fast_scores(part: str) -> tuple[list[str], list[bool], np.ndarray[Any, Any]]:
    """Gold labels, the fast model's related call, and its stage-2 log-probabilities plus
    offsets (the quantity it takes the argmax of) for every pair of a split."""
    pairs, bodies = ad.fnc_pairs(part)
    model = default_model()
    views: dict[str, Any] = {}
    related, logits = [], []
    for p in pairs:
        view = views.setdefault(p.body_id, model.view(bodies[p.body_id]))
        prediction = model.predict(p.headline, view)
        related.append(prediction.label != "unrelated")
        probs = np.array([prediction.scores[label] for label in RELATED])
        probs = probs / max(float(probs.sum()), 1e-12)
        logits.append(np.log(probs + 1e-12) + model.s2_bias)
    return [p.stance for p in pairs], related, np.array(logits)


def labels_with(related: list[bool], logits: np.ndarray[Any, Any],
                shift: Sequence[float]) -> list[str]:
    picks = np.argmax(logits + np.asarray(shift), axis=1)
    return [RELATED[int(k)] if r else "unrelated" for r, k in zip(related, picks, strict=True)]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--test", action="store_true",
                        help="score the unseen-headline test pairs too (once, after choosing)")
    args = parser.parse_args(argv)
    gold, related, logits = fast_scores("select")
    base = fnc_scores(gold, labels_with(related, logits, (0.0, 0.0, 0.0)))
    log(f"select pairs {len(gold)} ({gold.count('disagree')} disagree): fast relative "
        f"{base.relative:.4f}, disagree F1 {base.f1['disagree']:.4f}")
    best: tuple[float, float, float, tuple[float, ...]] = (
        base.relative + base.f1["disagree"], base.relative, base.f1["disagree"], (0.0, 0.0, 0.0))
    for shift in itertools.product(AGREE, DISAGREE, DISCUSS):
        s = fnc_scores(gold, labels_with(related, logits, shift))
        if s.relative < base.relative - RELATIVE_SLACK:
            continue
        value = s.relative + s.f1["disagree"]
        if value > best[0] + 1e-9:
            best = (value, s.relative, s.f1["disagree"], tuple(float(v) for v in shift))
    log(f"best shift {best[3]}: relative {best[1]:.4f}, disagree F1 {best[2]:.4f}")
    report = {"stance_fast_bias": list(best[3]),
              "dev_fast_bias_fnc_relative": round(best[1], 4),
              "dev_fast_bias_disagree_f1": round(best[2], 4),
              "dev_fast_fnc_relative": round(base.relative, 4),
              "dev_fast_disagree_f1": round(base.f1["disagree"], 4)}
    log(json.dumps(report))
    if args.test:
        t_gold, t_related, t_logits = fast_scores("test")
        before = fnc_scores(t_gold, labels_with(t_related, t_logits, (0.0, 0.0, 0.0)))
        after = fnc_scores(t_gold, labels_with(t_related, t_logits, best[3]))
        log(f"test pairs {len(t_gold)}: fast {before.relative:.4f} / "
            f"{before.f1['disagree']:.4f}, shifted {after.relative:.4f} / "
            f"{after.f1['disagree']:.4f}")
    if args.write:
        write(report)


def write(report: dict[str, Any]) -> None:
    log(f"wrote {ad.update_accurate_json(report)}")


if __name__ == "__main__":
    main()
