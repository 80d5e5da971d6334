"""Train the rhetoric model (propaganda spans and techniques) from the PTC SemEval-2020 data.

    .venv/bin/python training/train_rhetoric.py [--ptc DIR]

Articles are split by a hash of their id (claimmap.eval.propaganda.split_of): "test" is held
out and only scored at the end; "dev" picks the regularisation of the technique model; the
span thresholds, the final sentence stack, per-technique prior shifts and word peaks are
chosen on 5-fold cross-validation (by article) over train+dev; the final models are fitted on
train+dev. Deterministic: scikit-learn gets a fixed seed and crfsuite's L-BFGS has no random
state. Writes src/claimmap/rhetoric/data/rhetoric.{npz,json} and rhetoric_si.crfsuite.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import itertools
import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from claimmap.eval.propaganda import PtcData, load_ptc, score_si, score_tc, split_of
from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.features import (
    N_COLUMNS,
    hash_features,
    sentence_features,
    sentence_tags,
    span_features,
    tagger_features,
)
from claimmap.rhetoric.linear import pack
from claimmap.rhetoric.model import (
    MODEL_FILE,
    PARAMS_FILE,
    TAGGER_FILE,
    PeakParams,
    RhetoricModel,
    Scored,
    SiParams,
    article_bucket,
    context_features,
    label_spans,
    revise,
    sentence_bucket,
    stack_features,
)
from claimmap.rhetoric.rarity import WordRarity
from claimmap.rhetoric.text import TECHNIQUES, normalise, tokens_within
from claimmap.rhetoric.vectors import VECTORS_FILE, WordVectors, load_vectors

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "claimmap" / "rhetoric" / "data"
CACHE = ROOT / "training" / "cache" / "rhetoric"
SEED = 13
FOLDS = 5
TC_C = (0.5, 1.0, 2.0)
SENT_C = 0.1
# The sentence's mean word vector enters the sentence model multiplied by this (so the same
# C regularises it less than the many binary columns); chosen by cross-validated AUC.
SENT_DENSE_SCALE = 4.0
# The span's mean word vector in the technique model, scaled the same way (chosen on dev:
# TC 0.577 without it; 0.596 / 0.597 / 0.589 with scale 0.5 / 1 / 2).
TC_DENSE_SCALE = 1.0
# crfsuite's L1 and L2 weights for the token tagger (L1 also keeps the file small).
CRF_C1 = 0.3
CRF_C2 = 0.01
CRF_ITERATIONS = 150
PEAK_GRID = {"token_threshold": (0.2, 0.25, 0.3, 0.35), "label_threshold": (0.6, 0.7, 0.8, 0.9),
             "max_band": (1, 2, 3, 5)}
OFFSET_GRID = tuple(round(v * 0.1, 1) for v in range(-10, 11))
SI_GRID = {"token_threshold": (0.2, 0.3, 0.4),
           "sentence_threshold": (0.3, 0.35, 0.4, 0.45, 0.5),
           "max_gap": (0, 1, 2),
           "trim_threshold": (0.0, 0.1, 0.2)}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_articles(data: PtcData) -> dict[str, list[tuple[int, str]]]:
    """(start, POS) of spaCy's tokens per article, cached: the parse is the slow part."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "ptc_pos.json"
    if path.exists():
        cached: dict[str, list[list[Any]]] = json.loads(path.read_text())
        if set(data.articles) <= set(cached):
            return {a: [(int(s), str(p)) for s, p in cached[a]] for a in data.articles}
    from claimmap.nlp.pipeline import load_base

    nlp = load_base()
    ids = sorted(data.articles)
    out = {}
    for article_id, doc in zip(ids, nlp.pipe((data.articles[a] for a in ids), batch_size=16),
                               strict=True):
        out[article_id] = [(t.idx, t.pos_) for t in doc]
    path.write_text(json.dumps(out))
    return out


def matrix(rows: list[list[int]]) -> sparse.csr_matrix:
    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64)
    values = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((values, indices, indptr), shape=(len(rows), N_COLUMNS))


def fit(x: Any, y: np.ndarray[Any, Any], c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=300, tol=1e-3, random_state=SEED).fit(x, y)


# -- technique classification -------------------------------------------------------------

def tc_matrix(data: PtcData, ctx: dict[str, ArticleContext]) -> Any:
    """The technique model's design matrix: hashed span features, then the span's scaled
    mean word vector."""
    vectors = load_vectors()
    dense = []
    for span in data.tc:
        _, toks = ctx[span.article_id].window(span.start, span.end)
        dense.append(vectors.mean(tokens_within(toks, span.start, span.end)) * TC_DENSE_SCALE)
    return sparse.hstack([matrix(tc_rows(data, ctx)),
                          sparse.csr_matrix(np.array(dense))]).tocsr()


def pack_technique(model: LogisticRegression) -> dict[str, Any]:
    return {**pack(model.coef_[:, :N_COLUMNS], model.intercept_, "technique"),
            "technique_dense": (model.coef_[:, N_COLUMNS:].T * TC_DENSE_SCALE
                                ).astype(np.float32)}


def tc_rows(data: PtcData, ctx: dict[str, ArticleContext]) -> list[list[int]]:
    distinct = {(s.article_id, s.start, s.end) for s in data.tc}
    siblings = Counter((a, normalise(data.articles[a][b:e])) for a, b, e in distinct)
    rows = []
    for span in data.tc:
        c = ctx[span.article_id]
        window, toks = c.window(span.start, span.end)
        total, earlier = c.repeats(span.start, span.end)
        norm = normalise(c.text[span.start:span.end])
        repeats = (total, earlier, siblings[(span.article_id, norm)] - 1 if norm else 0)
        rows.append(hash_features(span_features(c.text, span.start, span.end, window, repeats,
                                                toks)))
    return rows


# -- span identification --------------------------------------------------------------------

def inside(gold: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(min(end, e) - max(start, s) > (end - start) / 2 for s, e in gold)


def bio_labels(gold: list[tuple[int, int]], toks: Sequence[Any]) -> list[str]:
    """B/I/O per token of one sentence: a token is inside when most of it overlaps a gold
    span; the first inside token after an outside one begins a span."""
    labels: list[str] = []
    previous = False
    for tok in toks:
        now = inside(gold, tok.start, tok.end)
        labels.append(("I" if previous else "B") if now else "O")
        previous = now
    return labels


@functools.lru_cache(maxsize=1)
def corpus_counts() -> np.ndarray[Any, Any]:
    """Corpus counts of the vector table's words, row by row: the same news texts
    training/word_vectors.py chose its vocabulary from (unlabelled text only)."""
    from word_vectors import corpus_texts, word_counts

    counts = word_counts(corpus_texts())
    rows = load_vectors().row
    out = np.zeros(len(rows), dtype=np.int64)
    for word, row in rows.items():
        out[row] = counts.get(word, 0)
    return out


def word_rarity() -> WordRarity:
    return WordRarity(load_vectors().row, corpus_counts())


def sentence_data(data: PtcData, ctx: dict[str, ArticleContext], ids: list[str],
                  vectors: WordVectors) -> tuple[Any, np.ndarray[Any, Any], list[str]]:
    """The sentence model's design matrix: hashed columns, then the scaled mean vector."""
    rows, dense, labels, owners = [], [], [], []
    rarity = word_rarity()
    for a in ids:
        c = ctx[a]
        for (s, e), toks in zip(c.sentences, c.tokens, strict=True):
            rows.append(hash_features(sentence_features(c.text, toks, rarity)))
            dense.append(vectors.mean(toks) * SENT_DENSE_SCALE)
            labels.append(int(any(min(e, ge) > max(s, gs) for gs, ge in data.si[a])))
            owners.append(a)
    x = sparse.hstack([matrix(rows), sparse.csr_matrix(np.array(dense))]).tocsr()
    return x, np.array(labels), owners


def out_of_fold(x: Any, y: np.ndarray[Any, Any], owners: list[str]) -> np.ndarray[Any, Any]:
    """Sentence scores for training articles from models that did not see them, so the token
    model learns how much to trust the sentence score on unseen text."""
    fold = np.array([int(a) % FOLDS for a in owners])
    scores = np.zeros(len(y))
    for f in range(FOLDS):
        if not (fold == f).any():
            continue
        model = fit(x[fold != f], y[fold != f], SENT_C)
        scores[fold == f] = model.predict_proba(x[fold == f])[:, 1]
    return scores


def article_groups(owners: list[str]) -> list[slice]:
    """Slices of consecutive sentences that belong to one article."""
    groups, start = [], 0
    for i in range(1, len(owners) + 1):
        if i == len(owners) or owners[i] != owners[start]:
            groups.append(slice(start, i))
            start = i
    return groups


def train_tagger(data: PtcData, ctx: dict[str, ArticleContext], ids: list[str],
                 scores: np.ndarray[Any, Any], article_tags: list[str], path: Path,
                 vectors: WordVectors) -> int:
    """The CRF over each sentence's tokens (B/I/O), with the sentence's out-of-fold score
    among the features; written to ``path``. Returns the number of tokens."""
    trainer = pycrfsuite.Trainer(verbose=False)
    rarity = word_rarity()
    k = n_tokens = 0
    for a in ids:
        c = ctx[a]
        for toks in c.tokens:
            tags = [*sentence_tags(c.text, toks), sentence_bucket(float(scores[k])),
                    article_tags[k]]
            k += 1
            if not toks:
                continue
            labels = bio_labels(data.si[a], toks)
            trainer.append(vectors.tagger_items(toks, tagger_features(toks, tags, rarity)),
                           labels)
            n_tokens += len(toks)
    trainer.set_params({"c1": CRF_C1, "c2": CRF_C2, "max_iterations": CRF_ITERATIONS,
                        "feature.possible_transitions": True})
    trainer.train(str(path))
    return n_tokens


def train_si(data: PtcData, ctx: dict[str, ArticleContext], ids: list[str],
             tagger_path: Path) -> dict[str, Any]:
    vectors = load_vectors()
    s_x, s_y, owners = sentence_data(data, ctx, ids, vectors)
    lexical = out_of_fold(s_x, s_y, owners)
    sentence = fit(s_x, s_y, SENT_C)
    # Second step: revise each sentence's score by its article and neighbours.
    groups = article_groups(owners)
    features = np.concatenate([context_features(lexical[g]) for g in groups])
    context = fit(features, s_y, 1.0)
    revised = np.concatenate([revise(lexical[g], context.coef_[0], float(context.intercept_[0]))
                              for g in groups])
    article_tags = [article_bucket(float(lexical[g].mean())) for g in groups
                    for _ in range(g.stop - g.start)]
    n_tokens = train_tagger(data, ctx, ids, revised, article_tags, tagger_path, vectors)
    log(f"SI: {len(s_y)} sentences, {n_tokens} tokens; context coefficients "
        f"{np.round(context.coef_[0], 3).tolist()}")
    return {**pack(sentence.coef_[:, :N_COLUMNS], sentence.intercept_, "sentence"),
            "sentence_dense": (sentence.coef_[0, N_COLUMNS:] * SENT_DENSE_SCALE
                               ).astype(np.float32),
            "word_counts": corpus_counts().astype(np.uint32),
            "context_coef": context.coef_[0].astype(np.float32),
            "context_bias": context.intercept_.astype(np.float32)}


def fit_stack(raw: dict[str, Scored], data: PtcData,
              ctx: dict[str, ArticleContext]) -> dict[str, Any]:
    """The final sentence score from out-of-fold revised scores and token probabilities."""
    rows, labels = [], []
    for a, scored in raw.items():
        for (s, e), revised, marginals in zip(ctx[a].sentences, scored.revised, scored.tokens,
                                              strict=True):
            rows.append(stack_features(revised, marginals))
            labels.append(int(any(min(e, ge) > max(s, gs) for gs, ge in data.si[a])))
    model = fit(np.array(rows), np.array(labels), 1.0)
    log(f"sentence stack: coefficients {np.round(model.coef_[0], 3).tolist()}")
    return {"coef": [round(float(v), 5) for v in model.coef_[0]],
            "bias": round(float(model.intercept_[0]), 5)}


def build_model(arrays: dict[str, Any], tagger_path: Path, si: SiParams,
                peaks: PeakParams | None = None, offsets: list[float] | None = None,
                stack: dict[str, Any] | None = None) -> RhetoricModel:
    return RhetoricModel(arrays, {"labels": list(TECHNIQUES), "si": vars_of(si),
                                  "peaks": vars_of(peaks or PeakParams()),
                                  "technique_offsets": offsets or [0.0] * len(TECHNIQUES),
                                  "sentence_stack": stack or {}, "word_vectors": True},
                         tagger_path, load_vectors())


def cv_fold(article_id: str) -> int:
    """Outer cross-validation fold, independent of the inner ``int(id) % FOLDS`` folds."""
    return int(hashlib.sha1(f"cv:{article_id}".encode()).hexdigest()[:8], 16) % FOLDS


def tune_offsets(probs: np.ndarray[Any, Any], gold: np.ndarray[Any, Any]) -> list[float]:
    """Per-technique log-prior shifts that raise out-of-fold accuracy (coordinate ascent,
    two passes over a small grid): regularisation leaves rare classes under-predicted."""
    logp = np.log(np.clip(probs, 1e-9, 1.0))
    offsets = np.zeros(probs.shape[1])

    def accuracy(o: np.ndarray[Any, Any]) -> float:
        return float(((logp + o).argmax(axis=1) == gold).mean())

    best = accuracy(offsets)
    for _ in range(2):
        for k in range(len(offsets)):
            for value in OFFSET_GRID:
                trial = offsets.copy()
                trial[k] = value
                score = accuracy(trial)
                if score > best + 1e-9:
                    best, offsets = score, trial
    return [round(float(v), 2) for v in offsets]


def vars_of(params: SiParams | PeakParams) -> dict[str, Any]:
    return {f.name: getattr(params, f.name) for f in dataclasses.fields(params)}


def tune_peaks(models: dict[str, RhetoricModel], data: PtcData,
               ctx: dict[str, ArticleContext],
               scored_by: dict[str, Scored],
               si: SiParams) -> tuple[PeakParams, dict[str, float]]:
    """Single-word peaks are only worth showing when they are right at least as often as
    the technique spans found anyway. "Right": a gold span with the same technique overlaps.
    Among the settings that clear that bar out of fold, the one with the most right peaks
    whose precision is within one standard error of the most precise setting's (smaller
    differences are noise over ~1,000 peaks); none clearing it switches peaks off."""
    gold: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for span in data.tc:
        gold.setdefault((span.article_id, span.technique), []).append((span.start, span.end))

    def right(article_id: str, start: int, end: int, label: str) -> bool:
        return any(min(end, e) > max(start, s) for s, e in gold.get((article_id, label), []))

    prepared = {}
    span_hits = span_total = 0
    for a in data.articles:
        model, scored = models[a], scored_by[a]
        spans = model.find_spans(ctx[a], si, scored)
        prepared[a] = (scored, spans)
        keys = [(s, e) for s, e, _ in spans]
        if keys:
            labelled = label_spans(model.classify(ctx[a], keys), keys, model.labels)
            span_hits += sum(right(a, s, e, label)
                             for (s, e), (label, _) in zip(keys, labelled, strict=True))
            span_total += len(keys)
    bar = span_hits / span_total if span_total else 1.0
    stats = {"span_precision": round(bar, 4), "precision": 0.0, "peaks": 0.0}
    clearing: list[tuple[float, int, int, PeakParams]] = []
    for values in itertools.product(*PEAK_GRID.values()):
        params = PeakParams(*values)
        hits = total = 0
        for a, (scored, spans) in prepared.items():
            for start, end, label, _ in models[a].peak_words(ctx[a], spans, scored, params):
                total += 1
                hits += right(a, start, end, label)
        precision = hits / total if total else 0.0
        if total and precision >= bar:
            clearing.append((precision, hits, total, params))
    if not clearing:
        return PeakParams(token_threshold=2.0), stats
    top, _, top_total, _ = max(clearing, key=lambda c: (c[0], c[1]))
    error = (top * (1 - top) / top_total) ** 0.5
    precision, hits, total, best = max((c for c in clearing if c[0] >= top - error),
                                       key=lambda c: (c[1], c[0]))
    stats.update(precision=round(precision, 4), peaks=float(total), right=float(hits))
    return best, stats


def evaluate(model: RhetoricModel, data: PtcData, ctx: dict[str, ArticleContext],
             si: SiParams | None = None) -> tuple[float, float, dict[str, float]]:
    """SI F1, TC micro-F1 and per-class F1 through the run-time code."""
    predicted = {a: [(s, e) for s, e, _ in model.find_spans(ctx[a], si)] for a in data.articles}
    si_score = score_si(data.si, predicted)
    labels: list[str] = []
    by_article: dict[str, list[tuple[int, int]]] = {}
    for span in data.tc:
        by_article.setdefault(span.article_id, []).append((span.start, span.end))
    answers: dict[str, list[tuple[str, float]]] = {}
    for a, spans in by_article.items():
        answers[a] = label_spans(model.classify(ctx[a], spans), spans, model.labels)
    cursor = Counter[str]()
    for span in data.tc:
        labels.append(answers[span.article_id][cursor[span.article_id]][0])
        cursor[span.article_id] += 1
    tc = score_tc(data.tc, labels)
    return si_score.f1, tc.micro_f1, tc.per_class


def subset(data: PtcData, keep: set[str]) -> PtcData:
    return PtcData({a: t for a, t in data.articles.items() if a in keep},
                   tuple(s for s in data.tc if s.article_id in keep),
                   {a: s for a, s in data.si.items() if a in keep})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ptc", type=Path, default=ROOT.parent / "shared" / "data"
                        / "ptc_semeval2020")
    args = parser.parse_args()
    if not (OUT / VECTORS_FILE).exists():
        raise SystemExit(f"{OUT / VECTORS_FILE} missing: run training/word_vectors.py first")
    data = load_ptc(args.ptc)
    tagged = parse_articles(data)
    ctx = {a: ArticleContext.of(t, tagged[a]) for a, t in data.articles.items()}
    split = {a: split_of(a) for a in data.articles}
    train_ids = sorted(a for a in data.articles if split[a] == "train")
    dev_ids = sorted(a for a in data.articles if split[a] == "dev")
    fit_ids = sorted(train_ids + dev_ids)
    log(f"articles: train {len(train_ids)}, dev {len(dev_ids)}, "
        f"test {sum(v == 'test' for v in split.values())}")
    test = subset(data, {a for a in data.articles if split[a] == "test"})

    # TC: pick C on dev.
    y = np.array([TECHNIQUES.index(s.technique) for s in data.tc])
    owner_split = np.array([split[s.article_id] for s in data.tc])
    x = tc_matrix(data, ctx)
    tr, dv = owner_split == "train", owner_split == "dev"
    best_c, best = TC_C[0], -1.0
    for c in TC_C:
        accuracy = float((fit(x[tr], y[tr], c).predict(x[dv]) == y[dv]).mean())
        log(f"TC dev C={c}: micro-F1 {accuracy:.4f}")
        if accuracy > best:
            best_c, best = c, accuracy

    # Thresholds, technique offsets and peaks from 5-fold cross-validation over train+dev
    # (by article): every setting is chosen on predictions for articles the models did not see.
    fold_of = {a: cv_fold(a) for a in fit_ids}
    models: dict[str, RhetoricModel] = {}
    raw: dict[str, Scored] = {}
    oof = np.zeros((len(data.tc), len(TECHNIQUES)))
    tc_index: dict[str, list[int]] = {}
    for i, span in enumerate(data.tc):
        tc_index.setdefault(span.article_id, []).append(i)
    for f in range(FOLDS):
        inner = [a for a in fit_ids if fold_of[a] != f]
        held = [a for a in fit_ids if fold_of[a] == f]
        mask = np.array([fold_of.get(s.article_id, -1) not in (-1, f) for s in data.tc])
        tc_model = fit(x[mask], y[mask], best_c)
        tagger_path = CACHE / f"cv_fold{f}.crfsuite"
        arrays = {**train_si(subset(data, set(inner)), ctx, inner, tagger_path),
                  **pack_technique(tc_model)}
        model = build_model(arrays, tagger_path, SiParams())
        for a in held:
            models[a] = model
            raw[a] = model.raw_scores(ctx[a])
            rows_of = tc_index.get(a, [])
            if rows_of:
                spans = [(data.tc[i].start, data.tc[i].end) for i in rows_of]
                oof[rows_of] = model.classify(ctx[a], spans)
        log(f"CV fold {f}: {len(held)} articles held out")
    fit_rows = np.array([split[s.article_id] != "test" for s in data.tc])
    offsets = tune_offsets(oof[fit_rows], y[fit_rows])
    cv_tc_raw = float((oof[fit_rows].argmax(axis=1) == y[fit_rows]).mean())
    cv_tc = float(((np.log(np.clip(oof[fit_rows], 1e-9, 1)) + offsets).argmax(axis=1)
                   == y[fit_rows]).mean())
    log(f"TC CV: accuracy {cv_tc_raw:.4f}, with offsets {cv_tc:.4f}: {offsets}")
    fit_data = subset(data, set(fit_ids))
    stack = fit_stack(raw, fit_data, ctx)
    for model in set(models.values()):
        model.stack_coef = np.asarray(stack["coef"], dtype=np.float64)
        model.stack_bias = float(stack["bias"])
    scored = {a: models[a].stacked(raw[a]) for a in fit_ids}
    best_si, best_f1 = SiParams(), -1.0
    for values in itertools.product(*SI_GRID.values()):
        si = SiParams(**dict(zip(SI_GRID, values, strict=True)))  # type: ignore[arg-type]
        predicted = {a: [(s, e) for s, e, _ in models[a].find_spans(ctx[a], si, scored[a])]
                     for a in fit_ids}
        f1 = score_si(fit_data.si, predicted).f1
        if f1 > best_f1:
            best_si, best_f1 = si, f1
    log(f"SI CV: best {best_si} F1 {best_f1:.4f}")
    for model in set(models.values()):
        model.offsets = np.exp(np.asarray(offsets, dtype=np.float32))
    best_peaks, peak_stats = tune_peaks(models, fit_data, ctx, scored, best_si)
    log(f"peaks CV: {best_peaks} {peak_stats}")

    # Final models on train+dev; the test split is scored once, here.
    fit_mask = tr | dv
    final_tc = fit(x[fit_mask], y[fit_mask], best_c)
    OUT.mkdir(parents=True, exist_ok=True)
    final = {**train_si(subset(data, set(fit_ids)), ctx, fit_ids, OUT / TAGGER_FILE),
             **pack_technique(final_tc)}
    np.savez_compressed(OUT / MODEL_FILE, **final)
    test_si, test_tc, per_class = evaluate(
        build_model(final, OUT / TAGGER_FILE, best_si, best_peaks, offsets, stack), test, ctx)
    params = {
        "labels": list(TECHNIQUES),
        "si": vars_of(best_si),
        "peaks": vars_of(best_peaks),
        "technique_offsets": offsets,
        "word_vectors": True,
        "sentence_stack": stack,
        "trained_on": {"data": "ptc_semeval2020 train-articles", "articles": len(fit_ids),
                       "seed": SEED, "tc_C": best_c, "sentence_C": SENT_C,
                       "crf_c1": CRF_C1, "crf_c2": CRF_C2,
                       "crf_iterations": CRF_ITERATIONS},
        "cv": {"folds": FOLDS, "articles": len(fit_ids), "si_f1": round(best_f1, 4),
               "tc_micro_f1": round(cv_tc_raw, 4),
               "tc_micro_f1_with_offsets": round(cv_tc, 4),
               "technique_span_precision": peak_stats["span_precision"],
               "peak_precision": peak_stats["precision"], "peaks": int(peak_stats["peaks"]),
               "peaks_right": int(peak_stats.get("right", 0))},
        "test": {"articles": len(test.articles), "si_f1": round(test_si, 4),
                 "tc_micro_f1": round(test_tc, 4),
                 "tc_per_class_f1": {k: round(v, 4) for k, v in per_class.items()}},
    }
    (OUT / PARAMS_FILE).write_text(json.dumps(params, indent=2) + "\n")
    log(f"test (held out): SI F1 {test_si:.4f}, TC micro-F1 {test_tc:.4f}")
    for name in (MODEL_FILE, TAGGER_FILE):
        log(f"wrote {OUT / name} ({(OUT / name).stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
