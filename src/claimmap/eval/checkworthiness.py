"""Check-worthiness benchmarks in their own formats and with their own metrics.

ClaimBuster (a CSV of ``Sentence_id, Text, Verdict``): per-class and macro F1, and CFS F1.
CLEF-2020 CheckThat! Task 5 (one TSV per debate: line, speaker, text, label): mean average
precision over debates, R-precision and precision at k, computed per debate and averaged as
the task's scorer does.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from claimmap.errors import InputError

CB_LABELS = {-1: "NFS", 0: "UFS", 1: "CFS"}
PRECISION_AT = (1, 3, 5, 10, 20, 50)


@dataclasses.dataclass(frozen=True, slots=True)
class CBRow:
    sentence_id: str
    text: str
    label: str  # CFS | UFS | NFS


@dataclasses.dataclass(frozen=True, slots=True)
class DebateLine:
    line: int
    speaker: str
    text: str
    label: int


def read_claimbuster(path: Path) -> list[CBRow]:
    """Rows of a ClaimBuster CSV; the verdict -1/0/1 becomes NFS/UFS/CFS."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"Sentence_id", "Text", "Verdict"} - set(reader.fieldnames or ())
            if missing:
                raise InputError(f"{path}: missing columns {', '.join(sorted(missing))}")
            rows = []
            for number, record in enumerate(reader, start=2):
                try:
                    label = CB_LABELS[int(float(record["Verdict"]))]
                except (KeyError, ValueError):
                    raise InputError(f"{path}:{number}: Verdict must be -1, 0 or 1, "
                                     f"not {record['Verdict']!r}") from None
                rows.append(CBRow(record["Sentence_id"], record["Text"] or "", label))
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    return rows


def read_debate(path: Path) -> list[DebateLine]:
    """One CLEF-2020 Task 5 transcript (TSV: line number, speaker, text, label)."""
    lines = []
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    for number, raw in enumerate(content.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = raw.split("\t")
        if len(parts) < 4:
            raise InputError(f"{path}:{number}: expected 4 tab-separated columns")
        try:
            lines.append(DebateLine(int(parts[0]), parts[1], parts[2], int(parts[3])))
        except ValueError:
            raise InputError(f"{path}:{number}: line number and label must be integers"
                             ) from None
    return lines


def read_debates(directory: Path) -> dict[str, list[DebateLine]]:
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory of CLEF-2020 Task 5 .tsv files")
    debates = {p.stem: read_debate(p) for p in sorted(directory.glob("*.tsv"))}
    if not debates:
        raise InputError(f"{directory}: holds no .tsv transcripts")
    return debates


def f1_report(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Precision, recall and F1 per class, macro F1, and accuracy."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    per_class: dict[str, dict[str, float]] = {}
    for label in ("CFS", "UFS", "NFS"):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1,
                            "support": float(n_gold)}
    correct = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return {
        "per_class": per_class,
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(per_class),
        "cfs_f1": per_class["CFS"]["f1"],
        "accuracy": correct / len(gold) if gold else 0.0,
        "n": len(gold),
    }


def average_precision(ranked_labels: Sequence[int]) -> float:
    """AP of one ranked list: mean of precision at each positive (0 when none)."""
    hits = 0
    total = 0.0
    for rank, label in enumerate(ranked_labels, start=1):
        if label == 1:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def rank_debate(lines: Sequence[DebateLine], scores: Sequence[float]) -> list[int]:
    """Gold labels in score order; ties keep transcript order so runs are deterministic."""
    order = sorted(range(len(lines)), key=lambda i: (-scores[i], lines[i].line))
    return [lines[i].label for i in order]


def ranking_report(debates: Mapping[str, Sequence[DebateLine]],
                   scores: Mapping[str, Sequence[float]]) -> dict[str, Any]:
    """MAP, R-precision and P@k averaged over debates, plus the per-debate values."""
    per_debate: dict[str, dict[str, float]] = {}
    for name, lines in debates.items():
        ranked = rank_debate(lines, scores[name])
        n_pos = sum(ranked)
        row = {"ap": average_precision(ranked),
               "r_precision": sum(ranked[:n_pos]) / n_pos if n_pos else 0.0,
               "positives": float(n_pos), "sentences": float(len(ranked))}
        for k in PRECISION_AT:
            row[f"p@{k}"] = sum(ranked[:k]) / k
        per_debate[name] = row
    n = len(per_debate) or 1

    def mean(key: str) -> float:
        return sum(r[key] for r in per_debate.values()) / n

    return {
        "map": mean("ap"),
        "r_precision": mean("r_precision"),
        **{f"p@{k}": mean(f"p@{k}") for k in PRECISION_AT},
        "debates": len(per_debate),
        "per_debate": per_debate,
    }


def write_cb_predictions(path: Path, rows: Iterable[CBRow],
                         predictions: Iterable[tuple[str, float]]) -> None:
    """``Sentence_id,label,score`` per sentence."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Sentence_id", "label", "score"])
        for row, (label, score) in zip(rows, predictions, strict=True):
            writer.writerow([row.sentence_id, label, f"{score:.6f}"])


def write_clef_predictions(directory: Path, debates: Mapping[str, Sequence[DebateLine]],
                           scores: Mapping[str, Sequence[float]]) -> None:
    """The task's submission format: one ``<debate>.tsv`` of ``line<TAB>score`` per debate."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, lines in debates.items():
        with (directory / f"{name}.tsv").open("w", encoding="utf-8") as handle:
            for line, score in zip(lines, scores[name], strict=True):
                handle.write(f"{line.line}\t{score:.6f}\n")


def tag_sentences(texts: Sequence[str], model: str = "") -> list[list[tuple[str, str, str]]]:
    """Token triples (text, tag, entity type) of standalone sentences, as training saw them."""
    import spacy

    from claimmap.nlp.pipeline import resolve_model_name

    # Tags and entities do not depend on the parser; leaving it out halves the time.
    nlp = spacy.load(resolve_model_name(model), exclude=["lemmatizer", "parser"])
    return [[(t.text, t.tag_, t.ent_type_) for t in doc]
            for doc in nlp.pipe(texts, batch_size=256)]


def evaluate_claimbuster(path: Path, model_path: str = "", profile: str = "fast"
                         ) -> tuple[dict[str, Any], list[CBRow], list[tuple[str, float]]]:
    """Scores of the shipped model on a ClaimBuster CSV, and the per-sentence predictions."""
    from claimmap.claims.checkworthiness import load_model

    rows = read_claimbuster(path)
    if not rows:
        raise InputError(f"{path}: holds no sentences")
    if profile == "accurate":
        from claimmap.accurate.runtime import load_model as load_accurate

        accurate = load_accurate()
        scored = accurate.checkworthiness([r.text for r in rows])
        found = [(accurate.cw_label(p), float(p[0])) for p in scored]
        return f1_report([r.label for r in rows], [label for label, _ in found]), rows, found
    model = load_model(model_path)
    probs = model.probabilities(tag_sentences([r.text for r in rows]))
    predictions = [(model.label(p), float(p[0])) for p in probs]
    report = f1_report([r.label for r in rows], [label for label, _ in predictions])
    return report, rows, predictions


def evaluate_clef(directory: Path, model_path: str = "") -> tuple[
        dict[str, Any], dict[str, list[DebateLine]], dict[str, list[float]]]:
    """MAP and friends of the shipped ranker on a directory of CLEF-2020 Task 5 debates."""
    from claimmap.claims.checkworthiness import load_model

    debates = read_debates(directory)
    model = load_model(model_path)
    texts = [line.text for lines in debates.values() for line in lines]
    tagged = iter(tag_sentences(texts))
    scores: dict[str, list[float]] = {}
    for name, lines in debates.items():
        sentences = [next(tagged) for _ in lines]
        scores[name] = model.rank_debate([line.speaker for line in lines], sentences)
    return ranking_report(debates, scores), debates, scores
