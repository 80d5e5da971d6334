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

import functools
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from claimmap.corpus import timing
from claimmap.corpus.engine import Analysed, Failed, Outcome, WorkItem
from claimmap.settings import Options, Settings, load_settings
from claimmap.types import Article, ClaimMap
from claimmap.workers import ForkedWorkers, batches, default_workers

__all__ = ["LocalEngine", "default_workers"]
log = logging.getLogger(__name__)

# A batch's results: a ClaimMap, or the one-line reason its article failed.
BatchResult = list[ClaimMap | str]
# From a worker: each ClaimMap with its stored encoding (made there, in parallel).
EncodedBatch = list[tuple[ClaimMap, bytes] | str]


def _analyse_batch(engine: LocalEngine, items: list[WorkItem]) -> EncodedBatch:
    """In a worker: one batch, its Docs and their strings freed when the batch is done."""
    from claimmap.store.write import encode_claimmap

    with engine._pipeline().memory_zone():
        results = engine.analyse_batch([it.article for it in items])
    return [(r, encode_claimmap(r)) if isinstance(r, ClaimMap) else r for r in results]


class LocalEngine:
    """Analyse on this machine with ``workers`` processes (1 means in this process)."""

    name = "local"

    def __init__(self, workers: int | None = None, *, options: Options | None = None,
                 settings: Settings | None = None) -> None:
        self.workers = max(1, workers or default_workers())
        self.options = options or Options()
        self.settings = settings or load_settings()
        self._nlp: Any = None
        self._when_started: list[Callable[[], None]] = []

    def when_started(self, callback: Callable[[], None]) -> bool:
        """Run ``callback`` once this engine's workers are forked (True), or not at all
        (False: no workers to wait for; the caller runs it now). The writer loads its
        encoder so: a thread loading it beside the pipeline load holds the GIL about half
        the time and slows that load by about as much, and every fork would wait for it."""
        if self.workers <= 1:
            return False
        self._when_started.append(callback)
        return True

    def _started(self, batches: Iterator[list[WorkItem]]) -> Iterator[list[WorkItem]]:
        # The pool forks every worker when the first batch is submitted; the second batch
        # is asked for only after that.
        yield next(batches)
        callbacks, self._when_started = self._when_started, []
        for callback in callbacks:
            callback()
        yield from batches

    def _pipeline(self) -> Any:
        if self._nlp is None:
            started = time.perf_counter()
            from claimmap.api import get_pipeline

            self._nlp = get_pipeline(self.options, self.settings)
            timing.mark("pipeline loaded", time.perf_counter() - started)
        return self._nlp

    def run(self, items: Iterable[WorkItem]) -> Iterator[Outcome]:
        if self.workers > 1:
            yield from self._run_forked(iter(items))
        else:
            yield from self._run_here(iter(items))

    def analyse_batch(self, articles: list[Article]) -> BatchResult:
        """ClaimMaps of ``articles`` in this process; an article that breaks the batch is
        found by analysing the batch's articles one by one."""
        from claimmap.api import analyze_batch

        results = analyze_batch(articles, nlp=self._pipeline(), options=self.options,
                                settings=self.settings)
        return [r if isinstance(r, ClaimMap) else _reason(r) for r in results]

    def _run_forked(self, stream: Iterator[WorkItem]) -> Iterator[Outcome]:
        first = next(stream, None)
        if first is None:
            return
        self._pipeline()  # loaded once, here: the workers are forked with it
        from claimmap.api import WORKER_BATCH

        work = functools.partial(_analyse_batch, self)
        # Small batches, as analyze_many sends its workers: with batches of 16 the last one
        # kept one worker busy while the other idled, and the writer then stored all of it
        # while both idled. The last articles go one at a time for the same reason: the
        # writer stores each as it comes back, while the other worker still analyses, and
        # is left with one article to store at the end, not a batch.
        size = min(self.settings.batch_size, WORKER_BATCH)
        items = self._started(batches(itertools.chain([first], stream), size,
                                      tail=self.workers * size))
        started = time.perf_counter()
        got_first = False
        for batch, results in ForkedWorkers(work, self.workers).run(items):
            if not got_first:
                timing.mark("local.first result", time.perf_counter() - started)
                got_first = True
            if results is None:
                yield from (Failed(it, "analysis failed: a worker process died") for it in batch)
                continue
            yield from (Failed(it, res) if isinstance(res, str) else Analysed(it, *res)
                        for it, res in zip(batch, results, strict=True))

    def _run_here(self, stream: Iterator[WorkItem]) -> Iterator[Outcome]:
        # analyse_batch already redoes a broken batch one article at a time.
        for batch in batches(stream, self.settings.batch_size):
            results = self.analyse_batch([it.article for it in batch])
            yield from (Failed(it, res) if isinstance(res, str) else Analysed(it, res)
                        for it, res in zip(batch, results, strict=True))

    def close(self) -> None:
        self._nlp = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _reason(err: Exception) -> str:
    first = str(err).splitlines()[0] if str(err) else type(err).__name__
    return f"analysis failed: {type(err).__name__}: {first}"[:500]
