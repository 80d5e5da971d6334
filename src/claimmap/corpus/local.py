"""The local engine: ``claimmap.api.analyze_many`` with ``n_process`` worker processes.

This is the one corpus module that imports the analysis (lazily, when there is work), so that
a rerun with nothing left to do never loads the pipeline.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from claimmap.corpus.engine import Analysed, Failed, Outcome, WorkItem
from claimmap.settings import Options, Settings, load_settings

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


_registered = False


def _register_fork_hook() -> None:
    global _registered
    if not _registered and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_die_with_parent)
        _registered = True


def default_workers() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


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
        stream = iter(items)
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
        if self.workers > 1:
            _register_fork_hook()
        articles = (item.article for item in items)
        yield from analyze_many(articles, nlp=nlp, options=self.options,
                                settings=self.settings, n_process=self.workers)

    def _one_by_one(self, items: list[WorkItem]) -> Iterator[Outcome]:
        """The items of a failed batch, analysed singly in this process."""
        from claimmap.api import analyze

        nlp = self._pipeline()
        for item in items:
            try:
                cm = analyze(item.article, nlp=nlp, options=self.options,
                             settings=self.settings)
            except Exception as err:
                reason = str(err).splitlines()[0] if str(err) else type(err).__name__
                yield Failed(item, f"analysis failed: {type(err).__name__}: {reason}"[:500])
            else:
                yield Analysed(item, cm)

    def close(self) -> None:
        self._nlp = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
