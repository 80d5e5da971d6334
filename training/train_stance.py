"""Train the two-stage FNC-1 headline stance model (claimmap.stance) from ../shared/data/fnc1.

Bodies, not pairs, are split (70 % train, 10 % dev, 20 % test) with a fixed seed, so no body is
seen on both sides. Hyper-parameters and per-class offsets are chosen on dev; the final model
is refit on train+dev and the held-out test bodies are scored once, with the package's own
numpy inference. Writes src/claimmap/stance/data/stance_fnc1.npz.

    nice -n 10 .venv/bin/python training/train_stance.py
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import pickle
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimmap.eval.stance import LABELS, fnc_scores, read_bodies, read_stances  # noqa: E402
from claimmap.stance.features import (  # noqa: E402
    DENSE_NAMES,
    STOP,
    Vectorizer,
    body_view,
    content_tokens,
    pair_features,
)
from claimmap.stance.model import MODEL_PATH, RELATED, StanceModel  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "fnc1"
CACHE = ROOT / "training" / "cache"
SEED = 20261126
VOCAB_SIZE = 5000


def split_bodies(body_ids: list[str]) -> dict[str, list[str]]:
    rng = np.random.default_rng(SEED)
    ids = sorted(body_ids, key=int)
    order = rng.permutation(len(ids))
    n_test, n_dev = round(0.2 * len(ids)), round(0.1 * len(ids))
    test = sorted((ids[i] for i in order[:n_test]), key=int)
    dev = sorted((ids[i] for i in order[n_test : n_test + n_dev]), key=int)
    train = sorted((ids[i] for i in order[n_test + n_dev :]), key=int)
    return {"train": train, "dev": dev, "test": test}


def build_vectorizer(texts: list[str]) -> Vectorizer:
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(content_tokens(text)))
    words = [
        w for w, c in sorted(df.items(), key=lambda wc: (-wc[1], wc[0])) if c >= 2 and w not in STOP
    ][:VOCAB_SIZE]
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1.0 for w in words], dtype=np.float32)
    return Vectorizer({w: i for i, w in enumerate(words)}, idf)


def featurize(pairs: list, bodies: dict[str, str], vec: Vectorizer, key: str):  # type: ignore[no-untyped-def]
    path = CACHE / f"stance_{key}.pkl"
    if path.exists():
        with path.open("rb") as handle:
            return pickle.load(handle)
    views = {b: body_view(bodies[b], vec) for b in {p.body_id for p in pairs}}
    dense, head_rows, top_rows = [], [], []
    for pair in pairs:
        f = pair_features(pair.headline, views[pair.body_id], vec)
        dense.append(f.dense)
        head_rows.append(f.headline_vec)
        top_rows.append(f.top_vec)
    result = (np.vstack(dense), to_csr(head_rows, len(vec.vocab)), to_csr(top_rows, len(vec.vocab)))
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(result, handle)
    return result


def to_csr(rows: list[dict[int, float]], width: int) -> sparse.csr_matrix:
    indptr, indices, data = [0], [], []
    for row in rows:
        for i in sorted(row):
            indices.append(i)
            data.append(row[i])
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), width))


def standardize(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    return mean, scale


def fit_stage1(dense: np.ndarray, y_rel: np.ndarray, c: float):  # type: ignore[no-untyped-def]
    mean, scale = standardize(dense)
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit((dense - mean) / scale, y_rel)
    return mean, scale, clf


def stage2_matrix(
    dense: np.ndarray,
    head: sparse.csr_matrix,
    top: sparse.csr_matrix,
    mean: np.ndarray,
    scale: np.ndarray,
) -> sparse.csr_matrix:
    return sparse.hstack([sparse.csr_matrix((dense - mean) / scale), head, top]).tocsr()


def fit_stage2(dense, head, top, y, c):  # type: ignore[no-untyped-def]
    mean, scale = standardize(dense)
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    clf.fit(stage2_matrix(dense, head, top, mean, scale), y)
    return mean, scale, clf


def combine(p_rel: np.ndarray, probs: np.ndarray, threshold: float, bias: np.ndarray) -> list[str]:
    picks = np.argmax(np.log(probs + 1e-12) + bias, axis=1)
    return [
        "unrelated" if pr < threshold else RELATED[k] for pr, k in zip(p_rel, picks, strict=True)
    ]


def objective(gold: list[str], pred: list[str]) -> float:
    s = fnc_scores(gold, pred)
    # Macro-F1 first (it sees disagree), the FNC score as a tie-breaker.
    return s.macro_f1 + 0.5 * s.relative


def main() -> None:
    bodies = read_bodies(DATA / "train_bodies.csv")
    pairs = read_stances(DATA / "train_stances.csv")
    split = split_bodies(list(bodies))
    part = {b: name for name, ids in split.items() for b in ids}
    by_split = {name: [p for p in pairs if part[p.body_id] == name] for name in split}
    print({k: len(v) for k, v in by_split.items()}, file=sys.stderr)

    fit_texts = [bodies[b] for b in split["train"] + split["dev"]] + sorted(
        {p.headline for p in by_split["train"] + by_split["dev"]}
    )
    vec = build_vectorizer(fit_texts)
    digest = hashlib.sha1(
        json.dumps(sorted(vec.vocab)).encode() + str(DENSE_NAMES).encode()
    ).hexdigest()[:10]
    feats = {name: featurize(by_split[name], bodies, vec, f"{name}_{digest}") for name in split}
    gold = {name: [p.stance for p in by_split[name]] for name in split}

    # Model selection on dev.
    d_tr, h_tr, t_tr = feats["train"]
    d_dv, h_dv, t_dv = feats["dev"]
    y_tr = np.array(gold["train"])
    rel_tr = y_tr != "unrelated"
    best_s1 = None
    for c in (0.1, 1.0, 10.0):
        mean, scale, clf = fit_stage1(d_tr, rel_tr, c)
        p = clf.predict_proba((d_dv - mean) / scale)[:, 1]
        acc = float(np.mean((p >= 0.5) == (np.array(gold["dev"]) != "unrelated")))
        print(f"stage1 C={c}: dev related accuracy {acc:.4f}", file=sys.stderr)
        if best_s1 is None or acc > best_s1[0]:
            best_s1 = (acc, c, p)
    assert best_s1 is not None
    _, c1, p_rel_dev = best_s1

    best = None
    for c2 in (0.3, 1.0, 3.0):
        mean, scale, clf = fit_stage2(d_tr[rel_tr], h_tr[rel_tr], t_tr[rel_tr], y_tr[rel_tr], c2)
        order = [list(clf.classes_).index(lab) for lab in RELATED]
        probs = clf.predict_proba(stage2_matrix(d_dv, h_dv, t_dv, mean, scale))[:, order]
        grid = (-1.0, -0.5, 0.0, 0.5, 1.0)
        for threshold, b_agree, b_dis in itertools.product((0.4, 0.5, 0.6), grid, grid):
            bias = np.array([b_agree, b_dis, 0.0])
            pred = combine(p_rel_dev, probs, threshold, bias)
            value = objective(gold["dev"], pred)
            if best is None or value > best[0]:
                best = (value, c2, threshold, bias)
                dev_scores = fnc_scores(gold["dev"], pred)
        assert best is not None
        print(
            f"stage2 C={c2}: best so far {best[0]:.4f} "
            f"(C={best[1]}, t={best[2]}, bias={best[3].tolist()})",
            file=sys.stderr,
        )
    assert best is not None
    _, c2, threshold, bias = best
    print("dev:", json.dumps(dev_scores.to_dict()), file=sys.stderr)

    # Refit on train+dev with the chosen settings.
    d_fit = np.vstack([d_tr, d_dv])
    h_fit = sparse.vstack([h_tr, h_dv]).tocsr()
    t_fit = sparse.vstack([t_tr, t_dv]).tocsr()
    y_fit = np.array(gold["train"] + gold["dev"])
    rel_fit = y_fit != "unrelated"
    s1_mean, s1_scale, s1 = fit_stage1(d_fit, rel_fit, c1)
    s2_mean, s2_scale, s2 = fit_stage2(
        d_fit[rel_fit], h_fit[rel_fit], t_fit[rel_fit], y_fit[rel_fit], c2
    )
    order = [list(s2.classes_).index(lab) for lab in RELATED]
    n_dense, n_vocab = len(DENSE_NAMES), len(vec.vocab)
    coef = s2.coef_[order]
    words = [w for w, _ in sorted(vec.vocab.items(), key=lambda wi: wi[1])]
    meta = {
        "seed": SEED,
        "stage1_C": c1,
        "stage2_C": c2,
        "dense": list(DENSE_NAMES),
        "split": split,
        "trained_on": "fnc1 train_bodies/train_stances, train+dev bodies",
    }
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        MODEL_PATH,
        vocab=np.array(words),
        idf=vec.idf.astype(np.float32),
        s1_mean=s1_mean,
        s1_scale=s1_scale,
        s1_coef=s1.coef_[0],
        s1_intercept=np.array(s1.intercept_[0]),
        s1_threshold=np.array(threshold),
        s2_mean=s2_mean,
        s2_scale=s2_scale,
        s2_dense=coef[:, :n_dense],
        s2_head=coef[:, n_dense : n_dense + n_vocab].astype(np.float32),
        s2_top=coef[:, n_dense + n_vocab :].astype(np.float32),
        s2_intercept=s2.intercept_[order],
        s2_bias=bias,
        meta=np.array(json.dumps(meta)),
    )

    # Score held-out test bodies with the package's own inference.
    model = StanceModel.load(MODEL_PATH)
    views: dict[str, object] = {}
    test_pred = []
    for pair in by_split["test"]:
        if pair.body_id not in views:
            views[pair.body_id] = model.view(bodies[pair.body_id])
        test_pred.append(model.predict(pair.headline, views[pair.body_id]).label)  # type: ignore[arg-type]
    scores = fnc_scores(gold["test"], test_pred)
    print(json.dumps({"test": scores.to_dict(), "labels": LABELS}, indent=1))
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
