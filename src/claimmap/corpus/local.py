"""The local engine: ``claimmap.api.analyze_many`` in ``workers`` forked processes.

This is the one corpus module that imports the analysis (lazily, when there is work), so that
a rerun with nothing left to do never loads the pipeline.

With more than one worker, each worker is forked from this process after the pipeline is
loaded (no second load), analyses a batch of articles inside ``nlp.memory_zone()`` and sends
back finished ClaimMaps, never Docs, as the Ray actors do: this process then only writes. (With
spaCy's own ``n_process`` this process tokenised every article, serialised each Doc out and
deserialised it back, and built every ClaimMap: most of its time per article.)
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from claimmap.corpus.engine import Analysed, Failed, Outcome, WorkItem
from claimmap.settings import Options, Settings, load_settings
from claimmap.types import Article, ClaimMap

log = logging.getLogger(__name__)
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In a forked worker: be killed when the parent dies, so a SIGKILLed run leaves no
    orphan workers waiting forever on their queues."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: nothing to do
        pass


def default_workers() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


# In a forked worker: the engine it was forked from (its pipeline already loaded).
_forked: LocalEngine | None = None
# A batch's results: a ClaimMap, or the one-line reason its article failed.
BatchResult = list[ClaimMap | str]


def _start_worker(engine: LocalEngine) -> None:
    global _forked
    _die_with_parent()
    _forked = engine


def _analyse_batch(articles: list[Article]) -> BatchResult:
    """In a worker: one batch, its Docs and their strings freed when the batch is done."""
    engine = _forked
    assert engine is not None, "a worker runs only in a process forked by LocalEngine"
    with engine._pipeline().memory_zone():
        return engine.analyse_batch(articles)


class LocalEngine:
    """Analyse on this machine with ``workers`` processes (1 means in this process)."""

    name = "local"

    def __init__(self, workers: int | None = None, *, options: Options | None = None,
                 settings: Settings | None = None) -> None:
        self.workers = max(1, workers or default_workers())
        self.options = options or Options()
        self.settings = settings or load_settings()
        self._nlp: Any = None

    def _pipeline(self) -> Any:
        if self._nlp is None:
            from claimmap.api import get_pipeline

            self._nlp = get_pipeline(self.options, self.settings)
        return self._nlp

    def run(self, items: Iterable[WorkItem]) -> Iterator[Outcome]:
        if self.workers > 1:
            yield from self._run_forked(iter(items))
        else:
            yield from self._run_here(iter(items))

    def analyse_batch(self, articles: list[Article]) -> BatchResult:
        """ClaimMaps of ``articles`` in this process; an article that breaks the batch is
        found by analysing the batch's articles one by one."""
        from claimmap.api import analyze, analyze_many

        nlp = self._pipeline()
        try:
            return list(analyze_many(articles, nlp=nlp, options=self.options,
                                     settings=self.settings))
        except Exception as err:
            log.debug("batch failed: %s", err)
        out: BatchResult = []
        for article in articles:
            try:
                out.append(analyze(article, nlp=nlp, options=self.options,
                                   settings=self.settings))
            except Exception as err:
                out.append(_reason(err))
        return out

    def _run_forked(self, stream: Iterator[WorkItem]) -> Iterator[Outcome]:
        batches = _batches(stream, self.settings.batch_size)
        first = next(batches, None)
        if first is None:
            return
        self._pipeline()  # loaded once, here: the workers are forked with it
        in_flight: deque[tuple[list[WorkItem], Future[BatchResult]]] = deque()
        pool = self._pool()

        def submit(batch: list[WorkItem]) -> None:
            in_flight.append((batch, pool.submit(_analyse_batch, [it.article for it in batch])))

        def collect() -> list[Outcome]:
            """The outcomes of the oldest batch. When a worker died, every unfinished batch
            of that pool breaks: the oldest fails (tried again next run) and the others go
            to a new pool."""
            nonlocal pool
            batch, fut = in_flight.popleft()
            try:
                results = fut.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = self._pool()
                for _ in range(len(in_flight)):
                    submit(in_flight.popleft()[0])
                return [Failed(it, "analysis failed: a worker process died") for it in batch]
            return [Analysed(it, res) if isinstance(res, ClaimMap) else Failed(it, res)
                    for it, res in zip(batch, results, strict=True)]

        try:
            for batch in itertools.chain([first], batches):
                # A few batches ahead per worker, no more: memory stays bounded.
                while len(in_flight) >= 2 * self.workers:
                    yield from collect()
                submit(batch)
            while in_flight:
                yield from collect()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker, initargs=(self,))

    def _run_here(self, stream: Iterator[WorkItem]) -> Iterator[Outcome]:
        first = next(stream, None)
        if first is None:
            return
        pending: deque[WorkItem] = deque()

        def feed(source: Iterator[WorkItem]) -> Iterator[WorkItem]:
            for item in source:
                pending.append(item)
                yield item

        source: Iterator[WorkItem] = itertools.chain([first], stream)
        while True:
            try:
                for cm in self._analyze(feed(source)):
                    item = pending.popleft()
                    while item.article.id != cm.article.id or item.article.text != cm.article.text:
                        # A worker batch failed and spaCy dropped it: those items failed.
                        yield Failed(item, "analysis failed in a worker")
                        item = pending.popleft()
                    yield Analysed(item, cm)
                while pending:
                    yield Failed(pending.popleft(), "analysis failed in a worker")
                return
            except Exception as err:  # one record broke a batch: find it, then go on
                log.debug("batch failed: %s", err)
                yield from self._one_by_one(list(pending))
                pending.clear()

    def _analyze(self, items: Iterator[WorkItem]) -> Iterator[Any]:
        from claimmap.api import analyze_many

        nlp = self._pipeline()
        articles = (item.article for item in items)
        yield from analyze_many(articles, nlp=nlp, options=self.options,
                                settings=self.settings)

    def _one_by_one(self, items: list[WorkItem]) -> Iterator[Outcome]:
        """The items of a failed batch, analysed singly in this process."""
        from claimmap.api import analyze

        nlp = self._pipeline()
        for item in items:
            try:
                cm = analyze(item.article, nlp=nlp, options=self.options,
                             settings=self.settings)
            except Exception as err:
                yield Failed(item, _reason(err))
            else:
                yield Analysed(item, cm)

    def close(self) -> None:
        self._nlp = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _reason(err: Exception) -> str:
    first = str(err).splitlines()[0] if str(err) else type(err).__name__
    return f"analysis failed: {type(err).__name__}: {first}"[:500]


def _batches(stream: Iterator[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    while batch := list(itertools.islice(stream, max(1, size))):
        yield batch
