"""FNC-1 scoring: the official weighted score, macro-F1, per-class F1, confusion matrix.

The official scorer gives 0.25 for getting related-vs-unrelated right and a further 0.75 for
the exact related class; the relative score divides by what gold labels would earn.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimmap.errors import InputError

LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset(("agree", "disagree", "discuss"))


@dataclass(frozen=True)
class Pair:
    headline: str
    body_id: str
    stance: str


@dataclass
class FncScores:
    n: int
    score: float
    max_score: float
    relative: float
    macro_f1: float
    f1: dict[str, float]
    # confusion[gold][predicted]
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "fnc_score": self.score,
            "fnc_max": self.max_score,
            "fnc_relative": self.relative,
            "macro_f1": self.macro_f1,
            "f1": self.f1,
            "confusion": self.confusion,
        }


def _pair_score(gold: str, pred: str) -> float:
    score = 0.0
    if gold == pred:
        score += 0.25
        if gold != "unrelated":
            score += 0.50
    if gold in RELATED and pred in RELATED:
        score += 0.25
    return score


def fnc_scores(gold: Sequence[str], predicted: Sequence[str]) -> FncScores:
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    confusion = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    score = sum(_pair_score(g, p) for g, p in zip(gold, predicted, strict=True))
    best = sum(_pair_score(g, g) for g in gold)
    f1: dict[str, float] = {}
    for label in LABELS:
        tp = confusion[label][label]
        fp = sum(confusion[g][label] for g in LABELS) - tp
        fn = sum(confusion[label].values()) - tp
        f1[label] = round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else 0.0
    return FncScores(
        n=len(gold),
        score=round(score, 2),
        max_score=round(best, 2),
        relative=round(score / best, 4) if best else 0.0,
        macro_f1=round(sum(f1.values()) / len(LABELS), 4),
        f1=f1,
        confusion=confusion,
    )


def _rows(path: Path) -> Iterator[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    except (csv.Error, UnicodeDecodeError) as err:
        raise InputError(f"{path}: not a readable CSV file ({err})") from None


def read_bodies(path: Path) -> dict[str, str]:
    bodies: dict[str, str] = {}
    for row in _rows(path):
        if "Body ID" not in row or "articleBody" not in row:
            raise InputError(f"{path}: expected columns 'Body ID' and 'articleBody'")
        bodies[row["Body ID"]] = row["articleBody"]
    return bodies


def read_stances(path: Path, *, labelled: bool = True) -> list[Pair]:
    pairs: list[Pair] = []
    for row in _rows(path):
        if "Headline" not in row or "Body ID" not in row:
            raise InputError(f"{path}: expected columns 'Headline' and 'Body ID'")
        stance = (row.get("Stance") or "").strip()
        if labelled and stance not in LABELS:
            raise InputError(
                f"{path}: bad or missing Stance {stance!r} (expected one of {', '.join(LABELS)})"
            )
        pairs.append(Pair(row["Headline"], row["Body ID"], stance))
    return pairs


def write_predictions(path: Path, pairs: Iterable[Pair], predicted: Iterable[str]) -> None:
    """The competition's submission format: ``Headline,Body ID,Stance``."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Body ID", "Stance"])
        for pair, label in zip(pairs, predicted, strict=True):
            writer.writerow([pair.headline, pair.body_id, label])


def has_labels(path: Path) -> bool:
    """Whether an FNC-1 pair file has a Stance column (the competition also ships one without)."""
    for row in _rows(path):
        return "Stance" in row
    return False


def headline_share(headline: str) -> str:
    """The accurate profile's split by headline (sha1 share: 20 % test, 10 % dev): the
    competition test set has headlines training never saw, which a body split does not
    imitate."""
    value = int(hashlib.sha1(f"fnc:{headline}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if value < 0.2 else "dev" if value < 0.3 else "train"


def in_split(pair: Pair, split: str, body_split: Mapping[str, Sequence[str]]) -> bool:
    """``test`` / ``dev``: the fast model's held-out / selection bodies. ``headline-test``:
    a held-out headline on a body the fast model held out (unseen by both profiles);
    ``headline-dev``: a dev headline on any other body (the accurate profile's selection)."""
    if split in ("test", "dev", "train"):
        return pair.body_id in set(body_split.get(split, ()))
    share = split.removeprefix("headline-")
    fast_test = pair.body_id in set(body_split.get("test", ()))
    return headline_share(pair.headline) == share and fast_test == (share == "test")


def evaluate_fnc(
    bodies_path: Path, stances_path: Path, *, split: str = "all", predictions: Path | None = None,
    profile: str = "fast",
) -> FncScores | None:
    """Run the stance model over an FNC-1 pair file and score it.

    ``split="test"`` keeps only the bodies the shipped model held out in training (``"dev"``
    the bodies it used for model selection); ``"all"`` scores every pair. A pair file without
    a Stance column can only be predicted: pass ``predictions``; the result is then None.
    """
    from claimmap.stance.model import default_model

    labelled = has_labels(stances_path)
    if not labelled and predictions is None:
        raise InputError(f"{stances_path} has no Stance column: nothing to score; "
                         "pass --predictions FILE to write predictions")
    model = default_model()
    bodies = read_bodies(bodies_path)
    pairs = read_stances(stances_path, labelled=labelled)
    if split != "all":
        body_split = model.meta.get("split", {})
        if not body_split.get("test"):
            raise InputError(f"the stance model records no {split!r} split")
        pairs = [p for p in pairs if in_split(p, split, body_split)]
    if not pairs:
        raise InputError(f"no headline/body pairs to score in {stances_path}"
                         + (f" (split {split})" if split != "all" else ""))
    missing = {p.body_id for p in pairs} - set(bodies)
    if missing:
        raise InputError(
            f"{len(missing)} Body ID(s) in {stances_path} are not in "
            f"{bodies_path}, e.g. {sorted(missing)[0]}"
        )
    views = {}
    fast = []
    for pair in pairs:
        if pair.body_id not in views:
            views[pair.body_id] = model.view(bodies[pair.body_id])
        fast.append(model.predict(pair.headline, views[pair.body_id]))
    predicted: list[str] = [p.label for p in fast]
    if profile == "accurate":
        from claimmap.accurate.runtime import load_model, related_probabilities, shifted_fast_label

        accurate = load_model()
        if not accurate.uses("stance"):
            predicted = [shifted_fast_label(accurate, p.label, p.scores) for p in fast]
        else:
            labels = accurate.params["stance_labels"]
            predicted = [p.label if p.label == "unrelated" else accurate.stance_label(
                accurate.stance(pair.headline, bodies[pair.body_id]),
                related_probabilities(p.scores, labels))
                for pair, p in zip(pairs, fast, strict=True)]
    if predictions is not None:
        write_predictions(predictions, pairs, predicted)
    if not labelled:
        return None
    return fnc_scores([p.stance for p in pairs], predicted)
