"""Train the check-worthiness model shipped as src/claimmap/claims/data/checkworthiness.npz.

Data: ../shared/data/claimbuster/crowdsourced.csv (CFS/UFS/NFS crowd labels) and
../shared/data/clef2020_checkworthiness/{training,extra_clef2019} (fact-checkers' picks per
debate line). Everything is split by debate, never by sentence:

* ClaimBuster debates (File_id): test / dev / train, shuffled with SEED;
* CLEF transcripts: test / dev / train, shuffled with SEED. ClaimBuster sentences that also
  occur in a CLEF dev or test transcript are dropped from ClaimBuster training, so the CLEF
  numbers never see their own sentences through the sentence model.

Stages: (1) a 3-class logistic regression over hashed features (claims/features.py) on
ClaimBuster; (2) a positive-vs-rest logistic regression on CLEF lines; (3) a small logistic
ranker over context features (sentence and neighbour scores, speaker share...) fitted on
out-of-fold stage-2 scores. C and the CFS threshold are chosen on dev; test is scored once.

Writes the model, and the held-out test data to training/cache/claims/ so that
``claimmap eval checkworthiness`` can score it:
    claimmap eval checkworthiness --claimbuster training/cache/claims/claimbuster_test.csv
    claimmap eval checkworthiness --clef2020 training/cache/claims/clef_test

Run: .venv/bin/python training/train_checkworthiness.py   (a few minutes on one core)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimmap.claims.checkworthiness import (  # noqa: E402
    CLASSES,
    CONTEXT_FEATURES,
    MODEL_PATH,
    context_features,
)
from claimmap.claims.features import N_BUCKETS, TokenTriple, hashed_features  # noqa: E402
from claimmap.eval.checkworthiness import (  # noqa: E402
    average_precision,
    f1_report,
    read_debate,
)

SEED = 20261126
DATA = ROOT.parent / "shared" / "data"
CB_CSV = DATA / "claimbuster" / "crowdsourced.csv"
CB_NCS = DATA / "claimbuster" / "2.5xNCS_no_groundtruth.json"
CLEF_DIRS = (DATA / "clef2020_checkworthiness" / "training",
             DATA / "clef2020_checkworthiness" / "extra_clef2019")
CACHE = ROOT / "training" / "cache" / "claims"
N_CB_TEST, N_CB_DEV = 6, 5
N_CLEF_TEST, N_CLEF_DEV = 12, 10
CB_C = (2.0, 5.0, 10.0)
CLEF_C = (0.1, 0.3, 1.0)
LABEL_OF = {"-1": "NFS", "0": "UFS", "1": "CFS"}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def norm_text(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def parse_all(texts: list[str]) -> dict[str, list[TokenTriple]]:
    """Token triples of every sentence through the run-time spaCy model, cached on disk."""
    digest = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:10]
    path = CACHE / f"parsed_{digest}.json"
    if path.exists():
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {k: [tuple(t) for t in v] for k, v in raw.items()}  # type: ignore[misc]
    import spacy

    from claimmap.nlp.pipeline import resolve_model_name

    # Tags and entities do not depend on the parser, so it is left out for speed.
    nlp = spacy.load(resolve_model_name(), exclude=["lemmatizer", "parser"])
    log(f"parsing {len(texts)} sentences (cached afterwards)")
    out = {}
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=256), strict=True):
        out[text] = [(t.text, t.tag_, t.ent_type_) for t in doc]
    path.write_text(json.dumps(out), encoding="utf-8")
    return out  # type: ignore[return-value]


def matrix(sentences: list[list[TokenTriple]]) -> sp.csr_matrix:
    indptr, indices, values = [0], [], []
    for tokens in sentences:
        index, vals = hashed_features(tokens)
        indices.append(index)
        values.append(vals)
        indptr.append(indptr[-1] + len(index))
    return sp.csr_matrix((np.concatenate(values), np.concatenate(indices), np.array(indptr)),
                         shape=(len(sentences), N_BUCKETS))


def split(names: list[str], n_test: int, n_dev: int) -> tuple[set[str], set[str], set[str]]:
    shuffled = sorted(names)
    random.Random(SEED).shuffle(shuffled)
    test, dev = set(shuffled[:n_test]), set(shuffled[n_test:n_test + n_dev])
    return test, dev, set(shuffled[n_test + n_dev:])


def predict_labels(probs: np.ndarray, threshold: float) -> list[str]:
    return ["CFS" if p[0] >= threshold else ("UFS" if p[1] > p[2] else "NFS") for p in probs]


def fit_lr(x: sp.csr_matrix, y: np.ndarray, c: float, **kw: Any) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, tol=1e-4, **kw).fit(x, y)


def class_probs(model: LogisticRegression, x: sp.csr_matrix) -> np.ndarray:
    order = [list(model.classes_).index(c) for c in CLASSES]
    return model.predict_proba(x)[:, order]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)

    with CB_CSV.open(encoding="utf-8", newline="") as handle:
        cb_rows = list(csv.DictReader(handle))
    clef_files = sorted(p for d in CLEF_DIRS for p in d.glob("*.tsv"))
    debates = {p.stem: read_debate(p) for p in clef_files}
    texts = sorted({r["Text"] for r in cb_rows}
                   | {line.text for lines in debates.values() for line in lines})
    parsed = parse_all(texts)

    # ---- splits, by debate
    cb_test, cb_dev, cb_train = split(sorted({r["File_id"] for r in cb_rows}),
                                      N_CB_TEST, N_CB_DEV)
    clef_test, clef_dev, clef_train = split(sorted(debates), N_CLEF_TEST, N_CLEF_DEV)
    clef_heldout_text = {norm_text(line.text) for name in clef_test | clef_dev
                         for line in debates[name]}
    train_rows = [r for r in cb_rows if r["File_id"] in cb_train
                  and norm_text(r["Text"]) not in clef_heldout_text]
    dev_rows = [r for r in cb_rows if r["File_id"] in cb_dev]
    test_rows = [r for r in cb_rows if r["File_id"] in cb_test]
    log(f"ClaimBuster debates train/dev/test {len(cb_train)}/{len(cb_dev)}/{len(cb_test)}, "
        f"sentences {len(train_rows)}/{len(dev_rows)}/{len(test_rows)}")
    log(f"CLEF transcripts train/dev/test {len(clef_train)}/{len(clef_dev)}/{len(clef_test)}")

    # ---- stage 1: ClaimBuster 3-class
    x_train = matrix([parsed[r["Text"]] for r in train_rows])
    y_train = np.array([LABEL_OF[r["Verdict"]] for r in train_rows])
    x_dev = matrix([parsed[r["Text"]] for r in dev_rows])
    gold_dev = [LABEL_OF[r["Verdict"]] for r in dev_rows]
    best: tuple[float, float, float] | None = None
    for c in CB_C:
        probs = class_probs(fit_lr(x_train, y_train, c), x_dev)
        for threshold in np.arange(0.20, 0.61, 0.025):
            f1 = f1_report(gold_dev, predict_labels(probs, float(threshold)))["cfs_f1"]
            if best is None or f1 > best[0]:
                best = (f1, c, float(threshold))
        log(f"  CB C={c}: best dev CFS F1 so far {best[0]:.3f} (C={best[1]}, t={best[2]:.3f})")
    assert best is not None
    _, cb_c, cb_threshold = best
    cb_model = fit_lr(x_train, y_train, cb_c)
    cb_order = [list(cb_model.classes_).index(c) for c in CLASSES]
    weights = cb_model.coef_[cb_order].T.astype(np.float16)
    bias = cb_model.intercept_[cb_order].astype(np.float32)

    # ---- stage 2: CLEF positive-vs-rest, with out-of-fold scores for the ranker
    def clef_xy(names: set[str]) -> tuple[sp.csr_matrix, np.ndarray]:
        lines = [line for name in sorted(names) for line in debates[name]]
        return (matrix([parsed[line.text] for line in lines]),
                np.array([line.label for line in lines]))

    def clef_fit(names: set[str], c: float) -> LogisticRegression:
        x, y = clef_xy(names)
        return fit_lr(x, y, c, class_weight="balanced")

    def cb_probs(name: str) -> np.ndarray:
        x = matrix([parsed[line.text] for line in debates[name]])
        return np.asarray(class_probs(cb_model, x), dtype=np.float32)

    def features_for(name: str, clef_model: LogisticRegression) -> np.ndarray:
        lines = debates[name]
        x = matrix([parsed[line.text] for line in lines])
        clef = clef_model.decision_function(x).astype(np.float32)
        return context_features([line.speaker for line in lines],
                                [parsed[line.text] for line in lines], cb_probs(name), clef)

    def mean_ap(names: set[str], scores: dict[str, np.ndarray]) -> float:
        aps = []
        for name in sorted(names):
            labels = [line.label for line in debates[name]]
            order = sorted(range(len(labels)), key=lambda i: (-scores[name][i], i))
            aps.append(average_precision([labels[i] for i in order]))
        return float(np.mean(aps))

    best_clef: tuple[float, float] | None = None
    for c in CLEF_C:
        model = clef_fit(clef_train, c)
        scores = {n: model.decision_function(matrix([parsed[ln.text] for ln in debates[n]]))
                  for n in clef_dev}
        score = mean_ap(clef_dev, scores)
        log(f"  CLEF sentence model C={c}: dev MAP {score:.4f}")
        if best_clef is None or score > best_clef[0]:
            best_clef = (score, c)
    assert best_clef is not None
    clef_c = best_clef[1]

    folds = sorted(clef_train)
    random.Random(SEED + 1).shuffle(folds)
    oof_rows, oof_labels = [], []
    for k in range(4):
        held = set(folds[k::4])
        model = clef_fit(clef_train - held, clef_c)
        for name in sorted(held):
            oof_rows.append(features_for(name, model))
            oof_labels.extend(line.label for line in debates[name])
    x_rank = np.vstack(oof_rows)
    y_rank = np.array(oof_labels)
    mean = x_rank.mean(axis=0)
    scale = x_rank.std(axis=0) + 1e-6
    clef_model = clef_fit(clef_train, clef_c)
    dev_features = {n: features_for(n, clef_model) for n in clef_dev}
    best_rank: tuple[float, float] | None = None
    for c in (0.01, 0.1, 1.0):
        ranker = fit_lr((x_rank - mean) / scale, y_rank, c, class_weight="balanced")
        scores = {n: ranker.decision_function((f - mean) / scale)
                  for n, f in dev_features.items()}
        score = mean_ap(clef_dev, scores)
        log(f"  ranker C={c}: dev MAP {score:.4f}")
        if best_rank is None or score > best_rank[0]:
            best_rank = (score, c)
    assert best_rank is not None
    ranker = fit_lr((x_rank - mean) / scale, y_rank, best_rank[1], class_weight="balanced")
    baselines = {
        "cb_cfs": mean_ap(clef_dev, {n: f[:, 0] for n, f in dev_features.items()}),
        "clef_sentence": mean_ap(clef_dev, {n: f[:, 5] for n, f in dev_features.items()}),
        "length": mean_ap(clef_dev, {n: f[:, 8] for n, f in dev_features.items()}),
    }
    log(f"  dev MAP of single features: {baselines}")

    meta = {
        "seed": SEED, "cfs_threshold": cb_threshold, "cb_c": cb_c, "clef_c": clef_c,
        "ranker_c": best_rank[1], "classes": list(CLASSES),
        "context_features": list(CONTEXT_FEATURES), "n_buckets": N_BUCKETS,
        "dev": {"claimbuster_cfs_f1": round(best[0], 4), "clef_map": round(best_rank[0], 4),
                "clef_map_single_features": {k: round(v, 4) for k, v in baselines.items()}},
        "splits": {"claimbuster_test": sorted(cb_test), "claimbuster_dev": sorted(cb_dev),
                   "clef_test": sorted(clef_test), "clef_dev": sorted(clef_dev)},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, weights=weights, bias=bias,
        clef_weights=clef_model.coef_[0].astype(np.float16),
        clef_bias=np.float32(clef_model.intercept_[0]),
        ranker_weights=ranker.coef_[0].astype(np.float32),
        ranker_bias=np.float32(ranker.intercept_[0]),
        ranker_mean=mean.astype(np.float32), ranker_scale=scale.astype(np.float32),
        meta=np.array(json.dumps(meta, sort_keys=True)))
    log(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")

    # ---- held-out data for `claimmap eval checkworthiness`
    with (CACHE / "claimbuster_test.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(cb_rows[0].keys()))
        writer.writeheader()
        writer.writerows(test_rows)
    with (CACHE / "claimbuster_dev.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(cb_rows[0].keys()))
        writer.writeheader()
        writer.writerows(dev_rows)
    # The organisers' stricter-agreement subset (2.5xNCS) of the same held-out debates: the
    # closest stand-in for their expert-labelled set, which is not in ../shared.
    agreed = {int(r["sentence_id"]) for r in json.loads(CB_NCS.read_text(encoding="utf-8"))}
    with (CACHE / "claimbuster_test_agreed.csv").open("w", encoding="utf-8",
                                                       newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(cb_rows[0].keys()))
        writer.writeheader()
        writer.writerows(r for r in test_rows if int(r["Sentence_id"]) in agreed)
    for part, names in (("clef_test", clef_test), ("clef_dev", clef_dev)):
        target = CACHE / part
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        for path in clef_files:
            if path.stem in names:
                shutil.copyfile(path, target / path.name)
    log(f"held-out data in {CACHE}")


if __name__ == "__main__":
    main()
