"""The local engine's bookkeeping around analyze_many, with the analysis stood in for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from claimmap.corpus.engine import Analysed, Failed, WorkItem
from claimmap.corpus.local import LocalEngine, default_workers
from claimmap.types import Article, ClaimMap, Provenance

PROVENANCE = Provenance("0.1", "3.8.0", "m", "3.8.0", "t")


def _items(n: int) -> list[WorkItem]:
    return [WorkItem(i, "in.jsonl", i + 1, Article(id=f"a{i}", text=f"Text {i}."), f"h{i}")
            for i in range(n)]


def test_local_engine_a_broken_batch_is_redone_one_by_one(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    engine = LocalEngine(2)
    calls = {"batches": 0}

    def analyze(self: LocalEngine, items: Iterator[WorkItem]) -> Iterator[ClaimMap]:
        calls["batches"] += 1
        for item in items:
            if item.article.id == "a3" and calls["batches"] == 1:
                next(items)  # a batch in flight: a4 was handed over too
                raise ValueError("E871: worker failed")
            yield ClaimMap(article=item.article, provenance=PROVENANCE)

    def one_by_one(self: LocalEngine, items: list[WorkItem]) -> Iterator[Any]:
        for item in items:
            if item.article.id == "a3":
                yield Failed(item, "analysis failed: ValueError: bad")
            else:
                yield Analysed(item, ClaimMap(article=item.article, provenance=PROVENANCE))

    monkeypatch.setattr(LocalEngine, "_analyze", analyze)
    monkeypatch.setattr(LocalEngine, "_one_by_one", one_by_one)
    outcomes = list(engine.run(_items(7)))
    assert [(o.item.article.id, type(o).__name__) for o in outcomes] == [
        ("a0", "Analysed"), ("a1", "Analysed"), ("a2", "Analysed"), ("a3", "Failed"),
        ("a4", "Analysed"), ("a5", "Analysed"), ("a6", "Analysed")]
    assert calls["batches"] == 2


def test_local_engine_nothing_to_do_loads_nothing() -> None:
    engine = LocalEngine(2)
    assert list(engine.run([])) == [] and engine._nlp is None
    assert default_workers() >= 1
