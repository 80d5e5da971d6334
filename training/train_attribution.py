"""Train the attribution tagger (a linear-chain CRF) on PolNeAR train.

    python training/train_attribution.py [--polnear ../shared/data/polnear] [--tune]

Reproducible: fixed article order and split, deterministic L-BFGS training. Steps:
1. parse every train article with the claimmap base pipeline (cached in training/cache/);
2. run the attribution rules, so their output becomes a feature;
3. tag tokens BIO for Source/Cue/Content from the gold standoff (first annotator per article);
4. train on 90% of the train articles, pick the regularisation on the other 10% (our tuning
   split; PolNeAR dev stays untouched for the reported numbers), then retrain on all of train.
Writes src/claimmap/attribution/data/attribution.crfsuite and a JSON card beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pycrfsuite
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimmap.api import prepare_doc  # noqa: E402
from claimmap.attribution.decoding import tags_to_bio  # noqa: E402
from claimmap.attribution.features import char_labels, doc_features  # noqa: E402
from claimmap.attribution.model import MODEL_FILE  # noqa: E402
from claimmap.attribution.rules import find_attributions  # noqa: E402
from claimmap.eval.polnear import PolnearArticle, read_polnear  # noqa: E402
from claimmap.ingest.text import from_text  # noqa: E402
from claimmap.nlp.pipeline import load_base  # noqa: E402

CACHE = ROOT / "training" / "cache"
SEED_SPLIT = "claimmap-attribution-v1"  # hashing salt: which articles form the tuning split


def feature_version() -> str:
    """A digest of the code and lexicon the training sequences are made from, so a cached
    set made by older rules or features is never reused."""
    package = ROOT / "src" / "claimmap" / "attribution"
    digest = hashlib.sha1()
    for path in sorted([*package.glob("*.py"), package / "data" / "cues_en.json"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def is_tuning(article_id: str) -> bool:
    digest = hashlib.sha1(f"{SEED_SPLIT}:{article_id}".encode()).digest()
    return digest[0] < 26  # about 10%


def parse(articles: list[PolnearArticle], name: str) -> list:  # type: ignore[type-arg]
    nlp = load_base()
    path = CACHE / f"{name}.spacy"
    if path.exists():
        docbin = DocBin().from_disk(path)
        docs = list(docbin.get_docs(nlp.vocab))
        if len(docs) == len(articles):
            return docs
    started = time.time()
    inputs = []
    for article in articles:
        art = from_text(article.text, id=article.id, max_chars=10**8)
        inputs.append(prepare_doc(nlp, art))
    docs = []
    for i, doc in enumerate(nlp.pipe(inputs, batch_size=16)):
        docs.append(doc)
        if i % 100 == 0:
            print(f"  parsed {i}/{len(articles)} ({time.time() - started:.0f}s)", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=True, docs=docs).to_disk(path)
    return docs


def sequences(articles: list[PolnearArticle], docs: list) -> list:  # type: ignore[type-arg]
    """(article id, xseq, yseq) for every sentence."""
    out = []
    for article, doc in zip(articles, docs, strict=True):
        rules = find_attributions(doc)
        spans = []
        for attribution in article.attributions:
            for role, fragments in (("CON", attribution.content), ("SRC", attribution.source),
                                    ("CUE", attribution.cue)):
                spans.extend((role, s, e) for s, e in fragments)
        gold = char_labels(doc, spans)
        for sent, feats in doc_features(doc, rules):
            labels = tags_to_bio([gold[t.i] for t in sent])
            out.append((article.id, feats, labels))
    return out


def train(seqs: list, path: Path, c1: float, c2: float, iterations: int) -> None:  # type: ignore[type-arg]
    trainer = pycrfsuite.Trainer(verbose=False)
    for _, xseq, yseq in seqs:
        trainer.append(xseq, yseq)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 2})
    trainer.train(str(path))


def token_f1(seqs: list, path: Path) -> dict[str, float]:  # type: ignore[type-arg]
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    scores = {}
    counts = {r: [0, 0, 0] for r in ("SRC", "CUE", "CON")}
    for _, xseq, yseq in seqs:
        pred = tagger.tag(xseq)
        for p, g in zip(pred, yseq, strict=True):
            for role in counts:
                pr, gr = p.endswith(role), g.endswith(role)
                counts[role][0] += pr and gr
                counts[role][1] += pr
                counts[role][2] += gr
    for role, (tp, np_, ng) in counts.items():
        p = tp / np_ if np_ else 0.0
        r = tp / ng if ng else 0.0
        scores[role] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    parser.add_argument("--tune", action="store_true", help="Grid-search c1/c2 on the tuning "
                        "split before the final fit.")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--fit-only", action="store_true", help="Only fit c1=0.2 on the train "
                        "articles outside the tuning split (training/cache/tune-0.2-0.01."
                        "crfsuite, for tune_attribution.py --errors); no shipped model.")
    parser.add_argument("--suffix", default="", help="Appended to the tuning fits' file names "
                        "(to keep the fits of two variants apart).")
    args = parser.parse_args()
    articles = read_polnear(Path(args.polnear) / "train")
    print(f"{len(articles)} train articles", file=sys.stderr)
    docs = parse(articles, "polnear-train")
    cache = CACHE / f"polnear-train-seqs-{feature_version()}.pkl"
    if cache.exists():
        seqs = pickle.loads(cache.read_bytes())
    else:
        seqs = sequences(articles, docs)
        cache.write_bytes(pickle.dumps(seqs))
    fit = [s for s in seqs if not is_tuning(s[0])]
    tune = [s for s in seqs if is_tuning(s[0])]
    print(f"{len(fit)} fit sentences, {len(tune)} tuning sentences", file=sys.stderr)
    grid = [(0.05, 0.01), (0.2, 0.01)] if args.tune else [(0.05, 0.01)]
    if args.fit_only:
        grid = [(0.2, 0.01)]
    best = None
    paths = {(c1, c2): CACHE / f"tune-{c1}-{c2}{args.suffix}.crfsuite" for c1, c2 in grid}
    # The grid's fits are independent and each deterministic: one process each.
    with ProcessPoolExecutor(max_workers=min(len(grid), os.cpu_count() or 1)) as pool:
        jobs = [pool.submit(train, fit, paths[c1, c2], c1, c2, args.iterations)
                for c1, c2 in grid]
        for job in jobs:
            job.result()
    for c1, c2 in grid:
        path = paths[c1, c2]
        scores = token_f1(tune, path)
        print(f"c1={c1} c2={c2}: tuning token F1 {scores}", file=sys.stderr)
        mean = sum(scores.values()) / 3
        if best is None or mean > best[0]:
            best = (mean, c1, c2, scores)
    assert best is not None
    if args.fit_only:
        return
    _, c1, c2, tune_scores = best
    MODEL_FILE.parent.mkdir(parents=True, exist_ok=True)
    train(seqs, MODEL_FILE, c1, c2, args.iterations)
    card = {"name": "claimmap.attribution.crf.v1", "data": "PolNeAR train (840 articles, first "
            "annotator file each)", "c1": c1, "c2": c2, "iterations": args.iterations,
            "tuning_token_f1": tune_scores, "sentences": len(seqs),
            "bytes": MODEL_FILE.stat().st_size,
            "sha256": hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()}
    MODEL_FILE.with_suffix(".json").write_text(json.dumps(card, indent=2) + "\n")
    print(json.dumps(card, indent=2))


if __name__ == "__main__":
    main()
