"""Scoring article extraction from HTML: body F1 over tokens and whether the byline was found.

Body F1 is the bag-of-words measure article-extraction benchmarks use: lower-cased word
tokens of the extracted body against those of the gold body, counted with multiplicity, so
a page whose article was refused scores 0 and site chrome that leaks in costs precision.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(match.group().lower() for match in _TOKEN.finditer(text))


def body_f1(predicted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted body's tokens against the gold body's."""
    pred, ref = tokens(predicted), tokens(gold)
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(ref.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def byline_found(predicted: str | None, gold: str) -> bool:
    """The gold name appears in the predicted byline (case and spacing aside), and the
    prediction is not a whole sentence that happens to contain it."""
    if not predicted:
        return False
    norm_pred = " ".join(_TOKEN.findall(predicted.lower()))
    norm_gold = " ".join(_TOKEN.findall(gold.lower()))
    return norm_gold in norm_pred and len(norm_pred.split()) <= len(norm_gold.split()) + 4


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    layout: str
    html: str
    body: str
    byline: str
    published: str | None = None


@dataclass(frozen=True, slots=True)
class PageScore:
    name: str
    layout: str
    precision: float
    recall: float
    f1: float
    byline: bool
    refused: bool
    date: bool = False


def load_pages(folder: Path) -> list[Page]:
    pages = []
    for gold_path in sorted(folder.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        html = gold_path.with_suffix(".html").read_text(encoding="utf-8")
        pages.append(Page(gold_path.stem, gold["layout"], html, gold["body"], gold["byline"],
                          gold.get("published")))
    return pages


Extractor = Callable[[str], tuple[str | None, str | None] | tuple[str | None, str | None,
                                                                  str | None]]


def score_pages(pages: list[Page], extract: Extractor) -> list[PageScore]:
    """``extract(html)`` gives (body or None when refused, byline or None[, date or None]);
    a date counts when it starts with the gold ISO date."""
    scores = []
    for page in pages:
        body, byline, *rest = extract(page.html)
        published = rest[0] if rest else None
        p, r, f = body_f1(body or "", page.body)
        dated = bool(published and page.published and str(published).startswith(page.published))
        scores.append(PageScore(page.name, page.layout, p, r, f,
                                byline_found(byline, page.byline), body is None, dated))
    return scores


def summary(scores: list[PageScore]) -> dict[str, dict[str, float]]:
    """Mean body F1, byline rate and refusals, per layout and over all pages."""
    groups: dict[str, list[PageScore]] = {}
    for score in scores:
        groups.setdefault(score.layout, []).append(score)
    groups["all"] = list(scores)
    out = {}
    for name, group in groups.items():
        n = len(group)
        out[name] = {"pages": n, "f1": sum(s.f1 for s in group) / n,
                     "precision": sum(s.precision for s in group) / n,
                     "recall": sum(s.recall for s in group) / n,
                     "byline": sum(s.byline for s in group) / n,
                     "date": sum(s.date for s in group) / n,
                     "refused": sum(s.refused for s in group)}
    return out
