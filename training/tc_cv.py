"""Compare technique-classification variants by cross-validation over train+dev (no test).

    nice -n 10 .venv/bin/python training/tc_cv.py [--variants base,c,extra,ens] [--test]

Five article-grouped folds (train_rhetoric.cv_fold) over the 305 train+dev articles (about
7,000 gold spans). Every variant's probabilities are out-of-fold; the per-technique offsets
are nested (tuned on the other four folds' out-of-fold rows, applied to the fifth), so a
variant's figure is what it would score on articles that chose nothing. Scores are micro-F1
with repeats of a span taking the next best label (rhetoric.model.label_spans). Reported:
pooled CV F1, per-fold F1 and each variant's per-fold gain over ``base`` (the shipped recipe:
C from dev, offsets). ``--test`` fits the named variants on train+dev and reads the 66 test
articles once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_rhetoric as tr
from accurate_tc_blend import log, softmax

from claimmap.eval.propaganda import PtcData, load_ptc, split_of
from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.features import hash_features
from claimmap.rhetoric.model import label_spans
from claimmap.rhetoric.text import TECHNIQUES, normalise, tokens_within
from claimmap.rhetoric.vectors import load_vectors

# Beside the rhetoric training cache (gitignored); delete it after changing the features.
CACHE = tr.CACHE.parent / "tc"


def extra_rows(data: PtcData, ctx: dict[str, ArticleContext]) -> Any:
    """Candidate extra features: context words by side, the words next to the span, the
    span's place in its sentence and article, and the sentence's mean word vector."""
    vectors = load_vectors()
    rows, dense = [], []
    for span in data.tc:
        c = ctx[span.article_id]
        _, toks = c.window(span.start, span.end)
        left = [t.text.lower() for t in toks if t.end <= span.start]
        right = [t.text.lower() for t in toks if t.start >= span.end]
        feats = [f"xl={w}" for w in left] + [f"xr={w}" for w in right]
        feats += [f"l1={left[-1] if left else '<s>'}", f"r1={right[0] if right else '</s>'}",
                  f"l2={'|'.join(left[-2:])}", f"r2={'|'.join(right[:2])}"]
        pos = c.sentence_index(span.start) / max(1, len(c.sentences) - 1)
        feats += [f"apos={int(pos * 4)}", f"start={int(not left)}", f"end={int(not right)}"]
        rows.append(hash_features(feats))
        inner = tokens_within(toks, span.start, span.end)
        outer = [t for t in toks if t.end <= span.start or t.start >= span.end]
        dense.append(np.concatenate([vectors.mean(outer) if outer else
                                     np.zeros(vectors.dims, np.float32),
                                     [np.log1p(len(inner)) / 3.0]]))
    return sparse.hstack([tr.matrix(rows), sparse.csr_matrix(np.array(dense))]).tocsr()


def minilm_rows(data: PtcData, ctx: dict[str, ArticleContext], scale: float) -> Any:
    """The tracking embedder's (frozen MiniLM, no PTC training, so no fold leaks) vectors of
    the span's text and of its sentence, times ``scale`` beside the hashed features."""
    from claimmap.embed import cached_encode, load_encoder

    spans = [data.articles[s.article_id][s.start:s.end] for s in data.tc]
    sents = []
    for s in data.tc:
        (a, b), _ = ctx[s.article_id].window(s.start, s.end)
        sents.append(data.articles[s.article_id][a:b])
    encoder = load_encoder()
    dense = np.hstack([cached_encode(encoder, spans, progress=True),
                       cached_encode(encoder, sents, progress=True)])
    return sparse.csr_matrix(scale * dense)


def char_matrix(data: PtcData, ctx: dict[str, ArticleContext], fit_rows: np.ndarray[Any, Any]
                ) -> tuple[Any, Any]:
    """A second view for an ensemble: tf-idf character n-grams of the span and word n-grams
    of its sentence (vocabularies from the rows ``fit_rows`` only)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    spans = [normalise(data.articles[s.article_id][s.start:s.end]) or "_" for s in data.tc]
    sents = []
    for s in data.tc:
        (a, b), _ = ctx[s.article_id].window(s.start, s.end)
        sents.append(data.articles[s.article_id][a:b].lower())
    cv = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
    wv = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    cv.fit([spans[i] for i in np.flatnonzero(fit_rows)])
    wv.fit([sents[i] for i in np.flatnonzero(fit_rows)])
    return sparse.hstack([cv.transform(spans), 0.5 * wv.transform(sents)]).tocsr(), None


def micro_f1(data: PtcData, probs: np.ndarray[Any, Any], rows: np.ndarray[Any, Any]) -> float:
    by: dict[str, list[int]] = {}
    for i in np.flatnonzero(rows):
        by.setdefault(data.tc[i].article_id, []).append(int(i))
    right = 0
    for members in by.values():
        spans = [(data.tc[i].start, data.tc[i].end) for i in members]
        for i, (label, _) in zip(members, label_spans(probs[members], spans, TECHNIQUES),
                                 strict=True):
            right += label == data.tc[i].technique
    return right / max(1, int(rows.sum()))


def with_offsets(probs: np.ndarray[Any, Any], offsets: list[float]) -> np.ndarray[Any, Any]:
    p = probs * np.exp(np.asarray(offsets))
    out: np.ndarray[Any, Any] = p / p.sum(1, keepdims=True)
    return out


def nested(probs: np.ndarray[Any, Any], y: np.ndarray[Any, Any], fold: np.ndarray[Any, Any]
           ) -> np.ndarray[Any, Any]:
    """Offsets for each fold tuned on the other folds' out-of-fold rows."""
    out = np.zeros_like(probs)
    for f in range(tr.FOLDS):
        other = (fold >= 0) & (fold != f)
        here = fold == f
        out[here] = with_offsets(probs[here], tr.tune_offsets(probs[other], y[other]))
    return out


def oof(x: Any, y: np.ndarray[Any, Any], fold: np.ndarray[Any, Any], c: float
        ) -> np.ndarray[Any, Any]:
    out = np.zeros((len(y), len(TECHNIQUES)))
    for f in range(tr.FOLDS):
        train = (fold >= 0) & (fold != f)
        model = tr.fit(x[train], y[train], c)
        full = np.zeros((int((fold == f).sum()), len(TECHNIQUES)))
        full[:, model.classes_] = softmax(model.decision_function(x[fold == f]))
        out[fold == f] = full
    return out


def write_shift(data: PtcData, results: dict[str, np.ndarray[Any, Any]],
                fold: np.ndarray[Any, Any]) -> None:
    """The accurate profile undoes the fast model's technique offsets (``tc_fast_shift`` =
    minus them) when the raw probabilities beat nested offsets in the pooled CV and in every
    fold: offsets tuned on one set of out-of-fold rows did not carry to other articles."""
    import accurate_data as ad

    raw, shifted = results["base_raw"], results["base"]
    per = [(micro_f1(data, raw, fold == f), micro_f1(data, shifted, fold == f))
           for f in range(tr.FOLDS)]
    pooled = (micro_f1(data, raw, fold >= 0), micro_f1(data, shifted, fold >= 0))
    undo = pooled[0] > pooled[1] and all(a > b for a, b in per)
    offsets = json.loads((tr.OUT / tr.PARAMS_FILE).read_text())["technique_offsets"]
    report = {"tc_fast_shift": {t: -float(o) for t, o in zip(TECHNIQUES, offsets, strict=True)
                                if o} if undo else {},
              "cv_tc_fast_raw_micro_f1": round(pooled[0], 4),
              "cv_tc_fast_nested_offsets_micro_f1": round(pooled[1], 4),
              "cv_tc_fold_gains": [round(a - b, 4) for a, b in per],
              "cv_tc_spans": int((fold >= 0).sum())}
    log(json.dumps(report))
    log(f"wrote {ad.update_accurate_json(report)}")


def setup() -> tuple[PtcData, dict[str, ArticleContext], Any, np.ndarray[Any, Any],
                     np.ndarray[Any, Any]]:
    """PTC's spans with their parsed contexts, the shipped technique model's design matrix,
    labels, and each span's CV fold (-1: a test article, never fitted or chosen on)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    import accurate_data as ad

    data = load_ptc(ad.DATA / "ptc_semeval2020")
    tagged = tr.parse_articles(data)
    ctx = {a: ArticleContext.of(t, tagged[a]) for a, t in data.articles.items()}
    y = np.array([TECHNIQUES.index(s.technique) for s in data.tc])
    split = np.array([split_of(s.article_id) for s in data.tc])
    fold = np.array([tr.cv_fold(s.article_id) if split[i] != "test" else -1
                     for i, s in enumerate(data.tc)])
    copies = Counter((s.article_id, s.start, s.end) for s in data.tc)
    log(f"spans: cv {int((fold >= 0).sum())}, test {int((fold < 0).sum())}; "
        f"listed twice {sum(v > 1 for v in copies.values())}")
    cached = CACHE / "x_tc.npz"
    if cached.exists():
        x = sparse.load_npz(cached).tocsr()
    else:
        x = tr.tc_matrix(data, ctx)
        sparse.save_npz(cached, x)
    return data, ctx, x, y, fold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="base")
    parser.add_argument("--cs", default="0.25,1,2")
    parser.add_argument("--scales", default="0.5,1,2,3,4,6",
                        help="weights of the MiniLM vectors beside the hashed features")
    parser.add_argument("--write", action="store_true",
                        help="record the offsets decision for the accurate profile")
    args = parser.parse_args()
    data, ctx, x, y, fold = setup()
    fit_rows = fold >= 0
    results: dict[str, np.ndarray[Any, Any]] = {}

    def report(name: str, probs: np.ndarray[Any, Any]) -> None:
        results[name] = probs
        per = [micro_f1(data, probs, fold == f) for f in range(tr.FOLDS)]
        line = f"{name}: CV {micro_f1(data, probs, fit_rows):.4f} folds " + \
            " ".join(f"{v:.3f}" for v in per)
        if "base_raw" in results and name != "base_raw":
            base = [micro_f1(data, results["base_raw"], fold == f) for f in range(tr.FOLDS)]
            gains = [a - b for a, b in zip(per, base, strict=True)]
            line += f" | gain vs base_raw {np.mean(gains):+.4f} (fold min {min(gains):+.4f}, " \
                f"max {max(gains):+.4f}, sd {np.std(gains):.4f})"
        log(line)
        np.save(CACHE / f"oof_{name}.npy", probs)

    variants = args.variants.split(",")
    if (CACHE / "oof_base_raw.npy").exists():
        base_raw = np.load(CACHE / "oof_base_raw.npy")
    else:
        base_raw = oof(x, y, fold, 0.5)
    report("base_raw", base_raw)
    report("base", nested(base_raw, y, fold))
    report("base_fixed", with_offsets(base_raw, json.loads(
        (tr.OUT / tr.PARAMS_FILE).read_text())["technique_offsets"]))
    if args.write:
        write_shift(data, results, fold)
    if "c" in variants:
        for c in (float(v) for v in args.cs.split(",")):
            if c != 0.5:
                raw = oof(x, y, fold, c)
                report(f"c{c}_raw", raw)
                report(f"c{c}", nested(raw, y, fold))
    if "extra" in variants:
        xe = sparse.hstack([x, extra_rows(data, ctx)]).tocsr()
        raw = oof(xe, y, fold, 0.5)
        report("extra_raw", raw)
        report("extra", nested(raw, y, fold))
    if "minilm" in variants:
        for scale in (float(v) for v in args.scales.split(",")):
            xm = sparse.hstack([x, minilm_rows(data, ctx, scale)]).tocsr()
            raw = oof(xm, y, fold, 0.5)
            report(f"minilm{scale}_raw", raw)
            report(f"minilm{scale}", nested(raw, y, fold))
    if "ens" in variants:
        xc, _ = char_matrix(data, ctx, fit_rows)
        second = oof(xc, y, fold, 10.0)
        report("char_raw", second)
        for w in (0.3, 0.5, 0.7, 1.0):
            mix = softmax(np.log(base_raw + 1e-9) + w * np.log(second + 1e-9))
            report(f"ens{w}_raw", mix)
            report(f"ens{w}", nested(mix, y, fold))


if __name__ == "__main__":
    main()
