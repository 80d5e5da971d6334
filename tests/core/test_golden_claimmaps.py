"""Whole-pipeline golden ClaimMaps: refactoring must leave every byte of the output alone.

Inputs are our own fictional texts: the packaged example and the annotated dispute articles
of tests/disputes/data, with every stage on and with some stages off. Only the claimmap and
spaCy version strings are masked, so a version bump does not read as a change. Rewrite with
``pytest tests/core/test_golden_claimmaps.py --update-golden`` only for a change you mean.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from claimmap.api import analyze, analyze_many, get_pipeline
from claimmap.ingest.text import from_text
from claimmap.report.serialize import to_jsonl_line
from claimmap.settings import Options
from claimmap.types import Article, ClaimMap

TESTS = Path(__file__).resolve().parent.parent
EXAMPLE = TESTS.parent / "src" / "claimmap" / "examples" / "harbour-strike.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"
PARTIAL = {"no-claims": Options(claims=False),
           "no-rhetoric-stance": Options(rhetoric=False, stance=False),
           "disputes-without-claims": Options(claims=False, rhetoric=False, stance=False)}


def _dispute_articles(path: Path) -> list[Article]:
    """The "## id / # title / # text" articles of a tests/disputes/data file."""
    articles: list[tuple[str, list[str], list[str]]] = []
    part = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            articles.append((line[3:].strip(), [], []))
        elif line.startswith("# ") and articles:
            part = line[2:].strip()
        elif line.startswith("#") or not articles:
            continue
        elif part in ("title", "text"):
            articles[-1][1 if part == "title" else 2].append(line)
    return [from_text("\n".join(text).strip("\n") + "\n", id=ident,
                      title=" ".join(t.strip() for t in title if t.strip()))
            for ident, title, text in articles]


def _articles() -> list[Article]:
    found = [from_text(EXAMPLE.read_text(encoding="utf-8"), id="harbour-strike")]
    for path in sorted((TESTS / "disputes" / "data").glob("*.txt")):
        found += _dispute_articles(path)
    return found


def _line(cm: ClaimMap) -> str:
    data = json.loads(to_jsonl_line(cm))
    data["provenance"]["claimmap"] = data["provenance"]["spacy"] = "*"
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _check(name: str, lines: list[str], update: bool) -> None:
    path = GOLDEN / f"{name}.jsonl"
    text = "\n".join(lines) + "\n"
    if update:
        path.write_text(text, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8").splitlines()
    assert len(expected) == len(lines), f"{path.name}: {len(lines)} maps, {len(expected)} golden"
    for want, got in zip(expected, lines, strict=True):
        article = json.loads(want)["article"]["id"]
        assert got == want, f"{path.name}: the ClaimMap of {article} changed"


def test_golden_claimmaps_full_pipeline(nlp: Language, request: pytest.FixtureRequest) -> None:
    lines = [_line(analyze(article, nlp=nlp)) for article in _articles()]
    _check("full", lines, bool(request.config.getoption("--update-golden")))


def test_golden_claimmaps_with_stages_off(request: pytest.FixtureRequest) -> None:
    articles = _articles()[:4]
    lines = []
    for options in PARTIAL.values():
        nlp = get_pipeline(options)
        lines += [_line(analyze(article, nlp=nlp, options=options)) for article in articles]
    _check("partial", lines, bool(request.config.getoption("--update-golden")))


def test_golden_claimmaps_the_same_from_worker_processes(nlp: Language) -> None:
    # analyze_many's forked workers build the ClaimMaps there: the bytes must not move.
    maps = analyze_many(_articles(), nlp=nlp, n_process=2, batch_size=2)
    _check("full", [_line(cm) for cm in maps], update=False)
