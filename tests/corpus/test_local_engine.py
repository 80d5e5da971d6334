"""The local engine's bookkeeping around analyze_many, with the analysis stood in for."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from claimmap.corpus.engine import Analysed, Failed, WorkItem
from claimmap.corpus.local import LocalEngine, default_workers
from claimmap.settings import load_settings
from claimmap.store.write import encode_claimmap
from claimmap.types import Article, ClaimMap, Provenance

PROVENANCE = Provenance("0.1", "3.8.0", "m", "3.8.0", "t")


def _items(n: int) -> list[WorkItem]:
    return [WorkItem(i, "in.jsonl", i + 1, Article(id=f"a{i}", text=f"Text {i}."), f"h{i}")
            for i in range(n)]


def test_local_engine_a_broken_batch_is_redone_one_by_one(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import claimmap.api

    calls = {"batches": 0, "singles": 0}

    def pipe(nlp: Any, articles: list[Article], provenance: Provenance, options: Any,
             batch_size: int) -> Iterator[ClaimMap]:
        calls["batches" if len(articles) > 1 else "singles"] += 1
        for article in articles:
            if article.id == "a3":
                raise ValueError("E871: worker failed")
            yield ClaimMap(article=article, provenance=PROVENANCE)

    monkeypatch.setattr(claimmap.api, "_pipe_here", pipe)
    monkeypatch.setattr(claimmap.api, "provenance_for", lambda meta, names: PROVENANCE)
    monkeypatch.setattr(LocalEngine, "_pipeline", lambda self: _FakePipeline())
    engine = LocalEngine(1, settings=dataclasses.replace(load_settings(), batch_size=2))
    outcomes = list(engine.run(_items(7)))
    assert [(o.item.article.id, type(o).__name__) for o in outcomes] == [
        ("a0", "Analysed"), ("a1", "Analysed"), ("a2", "Analysed"), ("a3", "Failed"),
        ("a4", "Analysed"), ("a5", "Analysed"), ("a6", "Analysed")]
    assert isinstance(outcomes[3], Failed) and outcomes[3].reason.endswith("worker failed")
    # Batches of two (a6 alone at the end); only the one holding a3 was redone, one by one.
    assert calls == {"batches": 3, "singles": 3}


def test_local_engine_nothing_to_do_loads_nothing() -> None:
    engine = LocalEngine(2)
    assert list(engine.run([])) == [] and engine._nlp is None
    assert default_workers() >= 1


class _FakePipeline:
    meta: ClassVar[dict[str, Any]] = {}
    pipe_names: ClassVar[list[str]] = []

    def memory_zone(self) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()


def _forked_engine(monkeypatch: pytest.MonkeyPatch, batch: Any) -> LocalEngine:
    # Forked workers inherit the patched class, so the stand-in runs in them too.
    monkeypatch.setattr(LocalEngine, "_pipeline", lambda self: _FakePipeline())
    monkeypatch.setattr(LocalEngine, "analyse_batch", batch)
    settings = dataclasses.replace(load_settings(), batch_size=2)
    return LocalEngine(2, settings=settings)


def test_local_engine_workers_send_back_claimmaps_in_input_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def batch(self: LocalEngine, articles: list[Article]) -> list[ClaimMap | str]:
        return ["analysis failed: ValueError: bad" if a.id == "a3" else
                ClaimMap(article=a, provenance=Provenance("0.1", "3.8.0", "m", "3.8.0",
                                                          str(os.getpid())))
                for a in articles]

    outcomes = list(_forked_engine(monkeypatch, batch).run(_items(9)))
    assert [(o.item.article.id, type(o).__name__) for o in outcomes] == [
        (f"a{i}", "Failed" if i == 3 else "Analysed") for i in range(9)]
    assert isinstance(outcomes[3], Failed) and outcomes[3].reason.endswith("bad")
    pids = {o.claimmap.provenance.config_hash for o in outcomes if isinstance(o, Analysed)}
    assert str(os.getpid()) not in pids  # analysed in the workers, not here
    # Each comes with the stored encoding made in its worker, the one the writer would make.
    assert all(o.encoded == encode_claimmap(o.claimmap)
               for o in outcomes if isinstance(o, Analysed))


def test_local_engine_a_dead_worker_fails_only_its_batch(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    def batch(self: LocalEngine, articles: list[Article]) -> list[ClaimMap | str]:
        if any(a.id == "a2" for a in articles):
            os._exit(9)  # as if the kernel killed it
        return [ClaimMap(article=a, provenance=PROVENANCE) for a in articles]

    outcomes = list(_forked_engine(monkeypatch, batch).run(_items(8)))
    kinds = {o.item.article.id: type(o).__name__ for o in outcomes}
    # a0's batch may break with it (it ran beside it); the later ones go to a new pool.
    assert len(outcomes) == 8 and kinds["a2"] == kinds["a3"] == "Failed"
    assert kinds["a6"] == kinds["a7"] == "Analysed"


def test_local_engine_when_started_runs_once_the_workers_are_forked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    def batch(self: LocalEngine, articles: list[Article]) -> list[ClaimMap | str]:
        return [ClaimMap(article=a, provenance=PROVENANCE) for a in articles]

    engine = _forked_engine(monkeypatch, batch)
    workers_then: list[int] = []
    assert engine.when_started(lambda: workers_then.append(
        len(multiprocessing.active_children())))
    assert len(list(engine.run(_items(7)))) == 7
    # Once, with both workers already running (nothing forks after it in a healthy run).
    assert workers_then == [2]
    assert list(engine.run(_items(3))) and workers_then == [2]
    assert not LocalEngine(1).when_started(lambda: None)


def test_local_engine_workers_get_small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimmap.api import WORKER_BATCH

    def batch(self: LocalEngine, articles: list[Article]) -> list[ClaimMap | str]:
        size = str(len(articles))
        return [ClaimMap(article=a, provenance=Provenance("0.1", "3.8.0", "m", "3.8.0", size))
                for a in articles]

    monkeypatch.setattr(LocalEngine, "_pipeline", lambda self: _FakePipeline())
    monkeypatch.setattr(LocalEngine, "analyse_batch", batch)
    engine = LocalEngine(2, settings=dataclasses.replace(load_settings(), batch_size=16))
    sizes = [int(o.claimmap.provenance.config_hash) for o in engine.run(_items(20))
             if isinstance(o, Analysed)]
    # As analyze_many sends them (a batch of 16 left one worker idle at the end), and the
    # last 2 * WORKER_BATCH to 3 * WORKER_BATCH - 1 one at a time.
    assert sizes == [WORKER_BATCH] * 12 + [1] * 8
