"""SemEval-2020 Task 11 (PTC) data, held-out split and the task's own scores.

SI: precision and recall with partial-overlap credit, as the task's scorer defines them: every
predicted span earns |predicted ∩ gold| / |predicted| against each gold span of its article
(recall: / |gold|), summed and divided by the number of predicted (gold) spans; overlapping
spans of one side are merged first. TC: micro-F1 over the given gold spans, with per-class F1.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from claimmap.text import overlap

Split = Literal["train", "dev", "test", "all"]

# Held-out shares of the training articles, chosen by a hash of the article id so the split
# never depends on file order or on which articles a directory holds.
TEST_SHARE = 0.2
DEV_SHARE = 0.15


def split_of(article_id: str) -> Literal["train", "dev", "test"]:
    value = int(hashlib.sha1(f"ptc:{article_id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    if value < TEST_SHARE:
        return "test"
    if value < TEST_SHARE + DEV_SHARE:
        return "dev"
    return "train"


@dataclasses.dataclass(frozen=True, slots=True)
class TechniqueSpan:
    article_id: str
    technique: str
    start: int
    end: int


@dataclasses.dataclass(frozen=True, slots=True)
class PtcData:
    articles: dict[str, str]
    tc: tuple[TechniqueSpan, ...]
    si: dict[str, list[tuple[int, int]]]


def _label_file(root: Path, task: str) -> Path | None:
    """The release's labels file for ``task`` (SI or TC): ``train-task1-SI.labels`` and
    ``train-task2-TC.labels`` as in the training release, ``dev-task-SI.labels`` and
    ``dev-task-TC.labels`` as the organisers named the dev files."""
    number = "1" if task == "SI" else "2"
    for pattern in (f"*-task{number}-{task}.labels", f"*-task-{task}.labels",
                    f"*task*-{task}.labels"):
        found = sorted(root.glob(pattern))
        if found:
            return found[0]
    return None


def load_ptc(root: Path, split: Split = "all") -> PtcData:
    """Articles and labels from a directory laid out like the task's release."""
    article_dirs = sorted(p for p in root.glob("*-articles") if p.is_dir())
    if not article_dirs:
        raise FileNotFoundError(f"{root}: no *-articles directory")
    articles: dict[str, str] = {}
    for directory in article_dirs:
        for path in sorted(directory.glob("article*.txt")):
            article_id = path.stem.removeprefix("article")
            if split == "all" or split_of(article_id) == split:
                with path.open(encoding="utf-8", newline="") as handle:
                    articles[article_id] = handle.read()
    tc: list[TechniqueSpan] = []
    tc_file = _label_file(root, "TC")
    if tc_file is not None:
        for line in tc_file.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 4 and parts[0] in articles:
                tc.append(TechniqueSpan(parts[0], parts[1], int(parts[2]), int(parts[3])))
    si: dict[str, list[tuple[int, int]]] = {a: [] for a in articles}
    si_file = _label_file(root, "SI")
    if tc_file is None and si_file is None:
        raise FileNotFoundError(f"{root}: no labels file (expected *-task-SI.labels or "
                                "*-task-TC.labels, e.g. dev-task-TC.labels or "
                                "train-task2-TC.labels)")
    if si_file is not None:
        for line in si_file.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[0] in articles:
                si[parts[0]].append((int(parts[1]), int(parts[2])))
    elif tc:
        # Without an SI file the SI gold is the TC spans merged, as the task builds it.
        for span in tc:
            si[span.article_id].append((span.start, span.end))
    return PtcData(articles, tuple(tc), {a: merge_spans(s) for a, s in si.items()})


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclasses.dataclass(frozen=True, slots=True)
class SiScore:
    precision: float
    recall: float
    f1: float
    n_predicted: int
    n_gold: int


def score_si(gold: dict[str, list[tuple[int, int]]],
             predicted: dict[str, list[tuple[int, int]]]) -> SiScore:
    """The task's partial-overlap precision, recall and F1 over the articles in ``gold``."""
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for article_id, gold_spans in gold.items():
        p_art, r_art, n_p, n_g = si_article_counts(gold_spans, predicted.get(article_id, []))
        p_sum, r_sum, n_pred, n_gold = p_sum + p_art, r_sum + r_art, n_pred + n_p, n_gold + n_g
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SiScore(precision, recall, f1, n_pred, n_gold)


def si_article_counts(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
                      ) -> tuple[float, float, int, int]:
    """One article's share of :func:`score_si`: the precision and recall sums and the
    numbers of predicted and gold spans (merged), so that resamples of articles (the
    bootstrap of training/accurate_si_blend.py) can be scored without re-decoding."""
    gold_merged, pred_merged = merge_spans(gold), merge_spans(predicted)
    p_sum = r_sum = 0.0
    for p in pred_merged:
        for g in gold_merged:
            inter = overlap(p, g)
            if inter:
                p_sum += inter / (p[1] - p[0])
                r_sum += inter / (g[1] - g[0])
    return p_sum, r_sum, len(pred_merged), len(gold_merged)


@dataclasses.dataclass(frozen=True, slots=True)
class TcScore:
    micro_f1: float
    per_class: dict[str, float]
    n: int


def score_tc(gold: Sequence[TechniqueSpan], predicted: Sequence[str]) -> TcScore:
    """Micro-F1 (accuracy, since every gold span gets one answer) and per-class F1."""
    if len(gold) != len(predicted):
        raise ValueError("one prediction per gold span is required")
    correct = sum(g.technique == p for g, p in zip(gold, predicted, strict=True))
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter(g.technique for g in gold)
    n_pred: Counter[str] = Counter(predicted)
    for g, p in zip(gold, predicted, strict=True):
        if g.technique == p:
            tp[p] += 1
    per_class = {}
    for label in sorted(set(n_gold) | set(n_pred)):
        denom = n_gold[label] + n_pred[label]
        per_class[label] = 2 * tp[label] / denom if denom else 0.0
    return TcScore(correct / len(gold) if gold else 0.0, per_class, len(gold))


@dataclasses.dataclass(frozen=True, slots=True)
class PropagandaScores:
    split: str
    articles: int
    si: SiScore
    tc: TcScore

    def to_dict(self) -> dict[str, object]:
        return {
            "split": self.split,
            "articles": self.articles,
            "si": {"precision": round(self.si.precision, 4), "recall": round(self.si.recall, 4),
                   "f1": round(self.si.f1, 4), "predicted_spans": self.si.n_predicted,
                   "gold_spans": self.si.n_gold},
            "tc": {"micro_f1": round(self.tc.micro_f1, 4), "spans": self.tc.n,
                   "per_class_f1": {k: round(v, 4) for k, v in self.tc.per_class.items()}},
        }


def predictions_paths(path: Path) -> tuple[Path, Path]:
    """Where ``--predictions FILE`` puts the TC lines (FILE) and the SI lines (FILE.si)."""
    return path, path.with_name(path.name + ".si")


def evaluate_ptc(root: Path, split: Split = "all", predictions: Path | None = None,
                 parse: bool = True, profile: str = "fast") -> PropagandaScores:
    """Run the shipped rhetoric model over a PTC-style directory and score SI and TC.

    ``split`` restricts to the held-out ids of :func:`split_of` (``test``: never trained on,
    ``dev``: tuned on). ``parse`` gives the model spaCy's POS tags, as in the pipeline.
    ``profile="accurate"`` scores the fine-tuned transformer (claimmap.accurate) instead.
    """
    data = load_ptc(root, split)
    if not data.articles:
        raise ValueError(f"{root}: no articles in split {split!r}")
    ids = sorted(data.articles)
    tagged = _tagged(data, parse)
    if profile == "accurate":
        predicted_si, minilm = _accurate_answers(data, tagged)
        labels = _fast_answers(data, tagged, minilm, accurate=True)[1] if data.tc else []
    else:
        predicted_si, labels = _fast_answers(data, tagged)
    _write_predictions(predictions, data, ids, predicted_si, labels)
    return PropagandaScores(split, len(ids), score_si(data.si, predicted_si),
                            score_tc(data.tc, labels))


def _tagged(data: PtcData, parse: bool) -> dict[str, list[tuple[int, str]]]:
    """(start, coarse POS) of spaCy's tokens per article; empty lists when not parsing."""
    ids = sorted(data.articles)
    tagged: dict[str, list[tuple[int, str]]] = {a: [] for a in ids}
    if parse:
        from claimmap.nlp.pipeline import load_base

        nlp = load_base()
        texts = (data.articles[a] for a in ids)
        for article_id, doc in zip(ids, nlp.pipe(texts, batch_size=8), strict=True):
            tagged[article_id] = [(t.idx, t.pos_) for t in doc]
    return tagged


def _fast_answers(data: PtcData, tagged: Mapping[str, Sequence[tuple[int, str]]],
                  minilm: Mapping[str, Any] | None = None, accurate: bool = False
                  ) -> tuple[dict[str, list[tuple[int, int]]], list[str]]:
    """The fast model's SI spans and one technique per gold TC span; for the accurate
    profile (``accurate``) from its technique model (claimmap.accurate.techniques) and,
    given its MiniLM head's technique probabilities (``minilm``, per article), its blend."""
    from claimmap.rhetoric.context import ArticleContext
    from claimmap.rhetoric.model import label_spans, load_model

    model = load_model()
    accurate_model = None
    if accurate or minilm is not None:
        from claimmap.accurate.runtime import blend_techniques
        from claimmap.accurate.runtime import load_model as load_accurate
        from claimmap.accurate.techniques import technique_probabilities

        accurate_model = load_accurate()
    ids = sorted(data.articles)
    gold_by_article: dict[str, list[tuple[int, int]]] = {a: [] for a in ids}
    for span in data.tc:
        gold_by_article[span.article_id].append((span.start, span.end))
    predicted_si: dict[str, list[tuple[int, int]]] = {}
    answers: dict[str, list[tuple[str, float]]] = {}
    for article_id in ids:
        ctx = ArticleContext.of(data.articles[article_id], tagged[article_id])
        predicted_si[article_id] = merge_spans((s, e) for s, e, _ in model.find_spans(ctx))
        spans = gold_by_article[article_id]
        if not spans:
            answers[article_id] = []
            continue
        if accurate and accurate_model is not None:
            probs = technique_probabilities(accurate_model, ctx, spans, model)
        else:
            probs = model.classify(ctx, spans)
        if accurate_model is not None and minilm is not None:
            probs = blend_techniques(accurate_model, probs, model.labels,
                                     minilm[article_id])
        answers[article_id] = label_spans(probs, spans, model.labels)
    cursor: Counter[str] = Counter()
    labels = []
    for span in data.tc:
        labels.append(answers[span.article_id][cursor[span.article_id]][0])
        cursor[span.article_id] += 1
    return predicted_si, labels


def _write_predictions(predictions: Path | None, data: PtcData, ids: Sequence[str],
                       predicted_si: dict[str, list[tuple[int, int]]],
                       labels: Sequence[str]) -> None:
    if predictions is None:
        return
    tc_path, si_path = predictions_paths(predictions)
    tc_path.write_text("".join(f"{g.article_id}\t{label}\t{g.start}\t{g.end}\n"
                               for g, label in zip(data.tc, labels, strict=True)),
                       encoding="utf-8")
    si_path.write_text("".join(f"{a}\t{s}\t{e}\n" for a in ids for s, e in predicted_si[a]),
                       encoding="utf-8")


def _accurate_answers(data: PtcData, tagged: Mapping[str, Sequence[tuple[int, str]]]
                      ) -> tuple[dict[str, list[tuple[int, int]]], dict[str, Any] | None]:
    """SI spans from the accurate profile's model (averaged with the fast tagger's token
    marginals when its SI blend is on), and its MiniLM technique probabilities of the gold
    TC spans per article (None when its TC head is not in use: ``uses`` in accurate.json),
    which the fast model's are blended with."""
    from claimmap.accurate.runtime import load_model as load_accurate

    model = load_accurate()
    if model.blends_si():
        from claimmap.accurate.tagger import blend_inputs
        from claimmap.rhetoric.context import ArticleContext
        from claimmap.rhetoric.model import load_model as load_rhetoric

        rhetoric = load_rhetoric()
    use_tc = model.uses("tc")
    predicted_si: dict[str, list[tuple[int, int]]] = {}
    minilm: dict[str, Any] = {}
    gold_by_article: dict[str, list[tuple[int, int]]] = {a: [] for a in data.articles}
    for span in data.tc:
        gold_by_article[span.article_id].append((span.start, span.end))
    for article_id in sorted(data.articles):
        text = data.articles[article_id]
        fast = second = None
        if model.blends_si():
            ctx = ArticleContext.of(text, tagged[article_id])
            marginals, tokens, second = blend_inputs(ctx, rhetoric, model.blends_second())
            fast = (marginals, tokens)
        found, pieces, states = model.read(text, fast=fast, second=second)
        predicted_si[article_id] = merge_spans((s, e) for s, e, _ in found)
        if use_tc and gold_by_article[article_id]:
            minilm[article_id] = model.techniques(text, gold_by_article[article_id],
                                                  (pieces, states))
    return predicted_si, minilm if use_tc else None
