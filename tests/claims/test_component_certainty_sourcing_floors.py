"""Precision and recall per certainty level and per source kind on our own annotated set.

tests/claims/certainty_sourcing.jsonl: fictional news sentences written for this test, one
claim each, labelled by the definitions in claims/certainty.py and claims/sourcing.py. Each runs
through the whole pipeline (attribution feeds sourcing). Floors sit a little under the measured
values and only go up.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from claimmap.api import analyze_many
from claimmap.types import Article, Claim

DATA = Path(__file__).resolve().parent / "certainty_sourcing.jsonl"

CERTAINTY_FLOORS = {  # level: (precision, recall)
    "asserted": (0.80, 0.85),
    "probable": (0.80, 0.80),
    "possible": (0.80, 0.80),
    "speculative": (0.85, 0.80),
    "questioned": (0.85, 0.80),
}
SOURCING_FLOORS = {
    "author": (0.75, 0.80),
    "named": (0.75, 0.60),
    "vague": (0.75, 0.60),
    "anonymous": (0.75, 0.60),
}


def _rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def _main_claim(claims: tuple[Claim, ...]) -> Claim | None:
    return max(claims, key=lambda c: c.span.end - c.span.start) if claims else None


def _pr(gold: list[str], predicted: list[str], label: str) -> tuple[float, float]:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
    n_pred = predicted.count(label)
    n_gold = gold.count(label)
    return (tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0)


@pytest.fixture(scope="module")
def predictions(nlp: Language) -> Iterator[tuple[list[dict[str, str]], list[Claim | None]]]:
    rows = _rows()
    articles = [Article(id=f"cs{i}", text=row["text"]) for i, row in enumerate(rows)]
    yield rows, [_main_claim(cm.claims) for cm in analyze_many(articles, nlp=nlp)]


def test_claims_annotated_set_covers_every_class() -> None:
    rows = _rows()
    assert len(rows) >= 150
    assert {r["certainty"] for r in rows} == set(CERTAINTY_FLOORS)
    assert {r["sourcing"] for r in rows} == set(SOURCING_FLOORS)


@pytest.mark.slow
def test_claims_certainty_precision_recall_floors(
        predictions: tuple[list[dict[str, str]], list[Claim | None]]) -> None:
    rows, claims = predictions
    gold = [r["certainty"] for r in rows]
    got = [c.certainty.level if c else "none" for c in claims]
    scores = {label: _pr(gold, got, label) for label in CERTAINTY_FLOORS}
    for label, (p_floor, r_floor) in CERTAINTY_FLOORS.items():
        precision, recall = scores[label]
        assert precision >= p_floor and recall >= r_floor, (label, scores)


@pytest.mark.slow
def test_claims_sourcing_precision_recall_floors(
        predictions: tuple[list[dict[str, str]], list[Claim | None]]) -> None:
    rows, claims = predictions
    gold = [r["sourcing"] for r in rows]
    got = [c.sourcing.kind if c else "none" for c in claims]
    scores = {label: _pr(gold, got, label) for label in SOURCING_FLOORS}
    for label, (p_floor, r_floor) in SOURCING_FLOORS.items():
        precision, recall = scores[label]
        assert precision >= p_floor and recall >= r_floor, (label, scores)
