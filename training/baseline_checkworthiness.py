"""The issue's reference model for ClaimBuster, scored on our held-out debates.

    .venv/bin/python training/baseline_checkworthiness.py

A TF-IDF (word 1-2 grams) logistic regression trained on the crowd labels of the same training
debates as our model (every debate not in our dev or test files), so that its CFS F1 and ours
can be compared on identical held-out sentences. Two variants: argmax of the three classes,
and a CFS threshold chosen on the dev debates (as ours is). Needs the held-out files that
training/train_checkworthiness.py writes to training/cache/claims/.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parent.parent
CROWD = ROOT.parent / "shared" / "data" / "claimbuster" / "crowdsourced.csv"
CACHE = ROOT / "training" / "cache" / "claims"
HELD_OUT = ("claimbuster_test.csv", "claimbuster_test_agreed.csv")
CFS = "1"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main() -> None:
    crowd = read(CROWD)
    debate_of = {row["Sentence_id"]: row["File_id"] for row in crowd}
    dev = read(CACHE / "claimbuster_dev.csv")
    held_debates = {debate_of[row["Sentence_id"]]
                    for name in ("claimbuster_test.csv", "claimbuster_dev.csv")
                    for row in read(CACHE / name)}
    train = [row for row in crowd if row["File_id"] not in held_debates]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    x = vectorizer.fit_transform([row["Text"] for row in train])
    model = LogisticRegression(C=10.0, max_iter=1000).fit(x, [row["Verdict"] for row in train])
    column = list(model.classes_).index(CFS)

    def cfs_probability(rows: list[dict[str, str]]) -> np.ndarray:
        return model.predict_proba(vectorizer.transform([r["Text"] for r in rows]))[:, column]

    dev_gold = np.array([row["Verdict"] == CFS for row in dev])
    dev_prob = cfs_probability(dev)
    threshold = max(np.arange(0.1, 0.9, 0.02),
                    key=lambda t: f1_score(dev_gold, dev_prob >= t))
    print(f"trained on {len(train)} sentences; CFS threshold chosen on dev: {threshold:.2f}")
    for name in HELD_OUT:
        rows = read(CACHE / name)
        gold = np.array([row["Verdict"] == CFS for row in rows])
        argmax = model.predict(vectorizer.transform([r["Text"] for r in rows])) == CFS
        tuned = cfs_probability(rows) >= threshold
        print(f"{name}: {len(rows)} sentences, CFS F1 argmax {f1_score(gold, argmax):.3f}, "
              f"dev threshold {f1_score(gold, tuned):.3f}")


if __name__ == "__main__":
    main()
