"""Precision/recall floors on our annotated fictional articles; floors only go up.

articles.txt and articles_varied.txt were used to fix the rules (dev); articles_test.txt was
written after the first round of rules and articles_varied_test.txt after the second, and both
are scored as held out. articles.txt and
articles_test.txt are templated news prose; articles_varied.txt uses freer constructions
(direct quotes, blame, roles, figures in running text). None of this says how the rules fare
on real reporting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from spacy.language import Language

import claimmap
from claimmap.types import Article, ClaimMap, TextSpan

DATA = Path(__file__).resolve().parent / "data"
KINDS = ("accusation", "denial", "contradiction", "numeric_conflict")


@dataclass
class GoldDispute:
    kind: str
    anchor: str
    other: str


@dataclass
class GoldArticle:
    id: str
    title: str
    text: str
    disputes: list[GoldDispute] = field(default_factory=list)


def read_articles(path: Path) -> list[GoldArticle]:
    articles: list[GoldArticle] = []
    part = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            articles.append(GoldArticle(line[3:].strip(), "", ""))
            part = ""
        elif line.startswith("# ") and articles:
            part = line[2:].strip()
        elif line.startswith("#") or not articles:
            continue
        elif part == "title" and line.strip():
            articles[-1].title = line.strip()
        elif part == "text":
            articles[-1].text += line + "\n"
        elif part == "gold" and line.strip():
            kind, anchor, other = (p.strip() for p in line.split("|"))
            kind = "numeric_conflict" if kind == "numeric" else kind
            articles[-1].disputes.append(GoldDispute(kind, anchor, other))
    for article in articles:
        article.text = article.text.strip("\n") + "\n"
        for gold in article.disputes:
            assert article.text.count(gold.anchor) == 1, (article.id, gold.anchor)
    return articles


def _span_of(text: str, anchor: str) -> TextSpan:
    start = text.index(anchor)
    return TextSpan(start, start + len(anchor), anchor)


@dataclass
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    paired: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def score(pairs: list[tuple[GoldArticle, ClaimMap]]) -> dict[str, KindScore]:
    """Per-kind counts; ``paired`` counts found disputes whose ``b`` is the gold target."""
    result = {kind: KindScore() for kind in KINDS}
    for article, cm in pairs:
        spans = {q.id: q.content for q in cm.quotes}
        spans.update({c.id: c.span for c in cm.claims})
        names = {a.id: a.name.lower() for a in cm.actors}
        accusations = {a.quote_id: a for a in cm.accusations}
        for kind in KINDS:
            gold = [g for g in article.disputes if g.kind == kind]
            found = [d for d in cm.disputes if d.kind == kind]
            used: set[int] = set()
            for g in gold:
                hit = None
                for i, d in enumerate(found):
                    if i in used:
                        continue
                    if kind == "numeric_conflict":
                        a, b = spans.get(d.a), spans.get(d.b or "")
                        x, y = _span_of(article.text, g.anchor), _span_of(article.text, g.other)
                        if a and b and ((a.overlaps(x) and b.overlaps(y))
                                        or (a.overlaps(y) and b.overlaps(x))):
                            hit = i
                    elif d.evidence and d.evidence.overlaps(_span_of(article.text, g.anchor)):
                        hit = i
                    if hit is not None:
                        break
                if hit is None:
                    result[kind].fn += 1
                    continue
                used.add(hit)
                result[kind].tp += 1
                d = found[hit]
                if kind == "accusation":
                    accuser, accused = (p.strip().lower() for p in g.other.split("->"))
                    record = accusations.get(d.a)
                    if record is not None:
                        who = names.get(record.accuser or "", "")
                        whom = " ".join(
                            [names.get(record.accused or "", ""),
                             record.accused_mention.text.lower() if record.accused_mention
                             else ""])
                        if accuser in who and accused in whom:
                            result[kind].paired += 1
                elif kind in ("denial", "contradiction"):
                    target = spans.get(d.b or "")
                    if target and target.overlaps(_span_of(article.text, g.other)):
                        result[kind].paired += 1
                else:
                    result[kind].paired += 1
            result[kind].fp += len(found) - len(used)
    return result


# file -> kind -> (precision floor, recall floor, pairing floor as a share of those found).
# Measured when set: articles.txt 1.00/1.00 everywhere (pairing 10/12 accusations);
# articles_test.txt (held out) P >= 0.96, R >= 0.96, pairing 99/99; articles_varied.txt
# P 1.00, R 1.00, pairing 6/6, 5/6, 4/6, 7/7; articles_varied_test.txt (held out) P 1.00,
# R 1.00, pairing 5/6, 4/6, 3/6, 6/6.
FLOORS = {
    "articles.txt": {"accusation": (0.9, 0.95, 0.8), "denial": (0.95, 0.95, 0.95),
                     "contradiction": (0.95, 0.95, 0.95), "numeric_conflict": (0.95, 0.95, 1.0)},
    "articles_test.txt": {"accusation": (0.95, 0.95, 0.95), "denial": (0.9, 0.95, 0.95),
                          "contradiction": (0.95, 0.95, 0.95),
                          "numeric_conflict": (0.95, 0.9, 1.0)},
    "articles_varied.txt": {"accusation": (0.95, 0.95, 0.95), "denial": (0.95, 0.95, 0.8),
                            "contradiction": (0.95, 0.95, 0.6),
                            "numeric_conflict": (0.95, 0.95, 1.0)},
    "articles_varied_test.txt": {"accusation": (0.95, 0.95, 0.8), "denial": (0.95, 0.95, 0.6),
                                 "contradiction": (0.95, 0.95, 0.5),
                                 "numeric_conflict": (0.95, 0.95, 1.0)},
}


def _scores(nlp: Language, name: str) -> dict[str, KindScore]:
    articles = read_articles(DATA / name)
    pairs = [(a, claimmap.analyze(Article(id=a.id, text=a.text, title=a.title), nlp=nlp))
             for a in articles]
    for article, cm in pairs:
        spans = [d.evidence for d in cm.disputes if d.evidence]
        spans += [a.of for a in cm.accusations]
        spans += [a.accused_mention for a in cm.accusations if a.accused_mention]
        for span in spans:
            assert article.text[span.start:span.end] == span.text, (article.id, span)
        ids = {q.id for q in cm.quotes} | {c.id for c in cm.claims}
        for dispute in cm.disputes:
            assert dispute.a in ids and (dispute.b is None or dispute.b in ids)
    return score(pairs)


def test_disputes_gold_has_thirty_of_each_kind() -> None:
    counts = dict.fromkeys(KINDS, 0)
    for name in FLOORS:
        for article in read_articles(DATA / name):
            for dispute in article.disputes:
                counts[dispute.kind] += 1
    assert all(n >= 30 for n in counts.values()), counts


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_disputes_gold_floors(nlp: Language, name: str) -> None:
    scores = _scores(nlp, name)
    for kind, (p_floor, r_floor, pair_floor) in FLOORS[name].items():
        s = scores[kind]
        assert s.precision >= p_floor, (kind, s)
        assert s.recall >= r_floor, (kind, s)
        assert s.paired >= pair_floor * s.tp, (kind, s)
