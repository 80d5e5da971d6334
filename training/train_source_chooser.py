"""Train the source chooser (``claimmap.attribution.chooser``) on PolNeAR train's gold cues.

    python training/train_source_chooser.py [--polnear ../shared/data/polnear]

For every gold attribution with a cue, each noun-phrase head of the cue's sentence (outside
cue and content) is a candidate, positive when it lies in the gold source; "no source" is a
candidate too, positive when gold has none. A binary logistic regression (scikit-learn,
L2, C chosen from a small grid by log-loss on our tuning split; deterministic lbfgs) scores
them; the best-scoring candidate is the source. Fitted on the train articles outside the
tuning split (training/cache/source_chooser-fit.json, what ``tune_attribution.py --errors
MODEL --chooser WEIGHTS`` compares with the pipeline's own sources). An experiment: the
product does not ship it (see source_chooser.py). Uses the parses train_attribution.py
caches.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from source_chooser import candidates, cue_verb, features  # noqa: E402
from train_attribution import CACHE, is_tuning  # noqa: E402

from claimmap.attribution.features import quote_mask  # noqa: E402
from claimmap.attribution.rules import find_source  # noqa: E402
from claimmap.eval.polnear import covering, read_polnear  # noqa: E402
from claimmap.nlp.pipeline import load_base  # noqa: E402

FIT = CACHE / "source_chooser-fit.json"


def rows(article, doc):  # type: ignore[no-untyped-def]
    """(features, label, group) for every candidate of every gold cue of one article."""
    quoted = {i for i, inside in enumerate(quote_mask(doc)) if inside}
    out = []
    for number, gold in enumerate(article.attributions):
        cue_range, content = covering(gold.cue), covering(gold.content)
        if cue_range is None or content is None:
            continue
        cue = doc.char_span(*cue_range, alignment_mode="expand")
        if cue is None or len(cue) == 0:
            continue
        source = covering(gold.source)
        verb = cue_verb(cue)
        ruled = find_source(verb)
        group = f"{article.id}:{number}"
        out.append((features(None, verb, cue, False, ruled), int(source is None), group))
        for token in candidates(verb.sent, cue, content):
            inside = source is not None and source[0] <= token.idx < source[1]
            out.append((features(token, verb, cue, token.i in quoted, ruled), int(inside),
                        group))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    args = parser.parse_args()
    articles = read_polnear(Path(args.polnear) / "train")
    nlp = load_base()
    docs = DocBin().from_disk(CACHE / "polnear-train.spacy").get_docs(nlp.vocab)
    fit, tune = [], []
    for article, doc in zip(articles, docs, strict=True):
        (tune if is_tuning(article.id) else fit).extend(rows(article, doc))
    print(f"{len(fit)} fit candidates, {len(tune)} tuning candidates", file=sys.stderr)
    vectorizer = DictVectorizer()
    x_fit = vectorizer.fit_transform([{f: 1 for f in r[0]} for r in fit])
    y_fit = np.array([r[1] for r in fit])
    x_tune = vectorizer.transform([{f: 1 for f in r[0]} for r in tune])
    y_tune = np.array([r[1] for r in tune])
    best = None
    for c in (0.1, 0.3, 1.0, 3.0):
        model = LogisticRegression(C=c, max_iter=2000, solver="lbfgs").fit(x_fit, y_fit)
        loss = log_loss(y_tune, model.predict_proba(x_tune)[:, 1])
        print(f"C={c}: tuning log-loss {loss:.4f}", file=sys.stderr)
        if best is None or loss < best[0]:
            best = (loss, c, model)
    assert best is not None
    _, c, model = best
    write(FIT, vectorizer, model, c, "PolNeAR train outside the tuning split")


def write(path: Path, vectorizer: DictVectorizer, model: LogisticRegression, c: float,
          data: str) -> None:
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)
               if abs(w) >= 1e-4}
    card = {"name": "claimmap.attribution.sources.v1", "data": data, "C": c,
            "bias": round(float(model.intercept_[0]), 4), "weights": dict(sorted(weights.items()))}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(card, indent=0, sort_keys=False) + "\n")
    print(f"wrote {path} ({len(weights)} weights, {path.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
