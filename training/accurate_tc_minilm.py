"""The accurate profile's technique model: the fast model's features (hashed span features,
the span's mean word vector) beside the tracking embedder's MiniLM vectors of the span's text
and of its sentence, one logistic regression, no per-technique offsets.

    nice -n 10 .venv/bin/python training/accurate_tc_minilm.py [--scale 4] [--write]

The MiniLM vectors are the frozen tracking embedder's (claimmap.embed), never trained on PTC,
so the 5-fold cross-validation over the 305 train+dev articles (training/tc_cv.py's folds and
design matrix) leaks nothing. The weight of the vectors beside the hashed features was chosen
there (``tc_cv.py --variants minilm``; 2026-12-03, fourth session, pooled CV micro-F1 with no
offsets: fast model 0.5947; scale 0.5 / 1 / 2 / 3 / 4 / 6 / 8: 0.5979 / 0.6042 / 0.6158 /
0.6245 / **0.6267** / 0.6213 / 0.6173; every fold gains at 4). The model is then fitted on
train+dev; ``--write`` stores it as ``claimmap/accurate/data/tc_minilm.npz`` and records the
figures (and the one reading of the 66 test articles) in accurate.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accurate_data as ad
import tc_cv
import train_rhetoric as tr
from accurate_tc_blend import log

from claimmap.accurate.techniques import TC_FILE
from claimmap.embed.minilm import quantize_rows
from claimmap.rhetoric.features import N_COLUMNS
from claimmap.rhetoric.linear import pack
from claimmap.rhetoric.text import TECHNIQUES

SCALE = 4.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=SCALE)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    data, ctx, x, y, fold = tc_cv.setup()
    xm = sparse.hstack([x, tc_cv.minilm_rows(data, ctx, args.scale)]).tocsr()
    fit_rows, test_rows = fold >= 0, fold < 0
    cv = tc_cv.oof(xm, y, fold, 0.5)
    cv_base = tc_cv.oof(x, y, fold, 0.5)
    per = [tc_cv.micro_f1(data, cv, fold == f) - tc_cv.micro_f1(data, cv_base, fold == f)
           for f in range(tr.FOLDS)]
    report: dict[str, Any] = {
        "cv_micro_f1": round(tc_cv.micro_f1(data, cv, fit_rows), 4),
        "cv_fast_micro_f1": round(tc_cv.micro_f1(data, cv_base, fit_rows), 4),
        "cv_fold_gains": [round(g, 4) for g in per], "cv_spans": int(fit_rows.sum())}
    log(f"CV: {report}")
    model = tr.fit(xm[fit_rows], y[fit_rows], 0.5)
    base = tr.fit(x[fit_rows], y[fit_rows], 0.5)
    test: dict[str, float] = {}
    for name, m, design in (("minilm", model, xm), ("fast", base, x)):
        probs = np.zeros((len(y), len(TECHNIQUES)))
        probs[np.ix_(test_rows, m.classes_)] = tc_cv.softmax(
            m.decision_function(design[test_rows]))
        test[name] = round(tc_cv.micro_f1(data, probs, test_rows), 4)
    report.update(test_micro_f1=test["minilm"], test_fast_micro_f1=test["fast"],
                  test_spans=int(test_rows.sum()), scale=args.scale)
    log(f"fitted on train+dev, test read once: {test}")
    if not args.write:
        return
    coef = model.coef_
    if list(model.classes_) != list(range(len(TECHNIQUES))):
        raise SystemExit("a technique is missing from train+dev: cannot pack the model")
    words = x.shape[1] - N_COLUMNS
    hashed = pack(coef[:, :N_COLUMNS], model.intercept_, "technique")
    # int8 with one scale per technique: 0.43 MB instead of float16's 1.45 (the package's
    # model budget); the largest change to a weight is 0.4 % of the largest weight.
    q, scale = quantize_rows(hashed.pop("technique_values").astype(np.float32).T)
    arrays = {**hashed, "technique_q8": q.T, "technique_scale": scale,
              "technique_dense": (coef[:, N_COLUMNS:N_COLUMNS + words].T
                                  * tr.TC_DENSE_SCALE).astype(np.float32),
              "minilm_dense": (coef[:, N_COLUMNS + words:].T * args.scale).astype(np.float32)}
    from claimmap.accurate import runtime

    np.savez_compressed(runtime.DATA / TC_FILE, **arrays)
    log(f"wrote {runtime.DATA / TC_FILE}")
    log(f"wrote {ad.update_accurate_json({'tc_minilm': report}, uses=('tc_minilm', True))}")


if __name__ == "__main__":
    main()
