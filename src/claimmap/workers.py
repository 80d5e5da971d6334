"""Worker processes forked from this one after the pipeline is loaded, each running a batch
function on the batches sent to it and sending its results back, in input order.

``api.analyze_many`` and the local corpus engine both analyse this way: the batch function
turns articles into finished ClaimMaps in the worker, so Docs never cross a process boundary
(spaCy's own ``n_process`` tokenised every article here, serialised each Doc out and back, and
left the ClaimMap to this process while the workers waited). Forking, not spawning, means no
second pipeline load, and the batch function itself is handed over at the fork, never pickled:
only the batches and their results are. Nothing here knows about spaCy or the stages.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

_PR_SET_PDEATHSIG = 1
Item = TypeVar("Item")
Result = TypeVar("Result")
# In a forked worker: the batch function it was forked with.
_work: Callable[[list[Any]], list[Any]] | None = None


def default_workers() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _die_with_parent() -> None:
    """In a forked worker: be killed when the parent dies, so a SIGKILLed run leaves no
    orphan workers waiting forever on their queues."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: nothing to do
        pass


def _start_worker(work: Callable[[list[Any]], list[Any]]) -> None:
    global _work
    _die_with_parent()
    _work = work


def _run_batch(batch: list[Any]) -> list[Any]:
    assert _work is not None, "a worker runs only in a process forked by ForkedWorkers"
    return _work(batch)


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """While workers are forked and run: the objects alive now (the loaded models) left out
    of the garbage collector's full passes, so neither the workers nor this process walk
    them again, and the workers do not copy the pages those passes would touch. Undone
    afterwards."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def batches(items: Iterable[Item], size: int, *, tail: int = 0) -> Iterator[list[Item]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily; with ``tail``, read
    that many items ahead, and the last ones (``tail`` to ``tail + size - 1`` of them) go one
    per list, so that workers finish their last items close together instead of one
    waiting out the other's last batch."""
    stream = iter(items)
    size = max(1, size)
    if tail <= 0:
        while batch := list(itertools.islice(stream, size)):
            yield batch
        return
    ahead: deque[Item] = deque()
    for item in stream:
        ahead.append(item)
        if len(ahead) >= size + tail:
            yield [ahead.popleft() for _ in range(size)]
    while ahead:
        yield [ahead.popleft()]


class ForkedWorkers(Generic[Item, Result]):
    """``workers`` processes forked from this one, each running ``work`` on whole batches.

    ``work`` must return one result per item. Fork only once what ``work`` needs is loaded:
    the workers are forked on the first batch.
    """

    def __init__(self, work: Callable[[list[Item]], list[Result]], workers: int) -> None:
        self.work, self.workers = work, max(1, workers)

    def _pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker, initargs=(self.work,))

    def run(self, stream: Iterable[list[Item]]
            ) -> Iterator[tuple[list[Item], list[Result] | None]]:
        """Each batch of ``stream`` with its results, in input order; ``None`` for a batch
        whose worker died (the batches that were in flight beside it go to fresh workers).
        ``stream`` is read lazily on the calling thread, a few batches ahead per worker, no
        more, so memory stays bounded; leaving early shuts the workers down."""
        source = iter(stream)
        first = next(source, None)
        if first is None:
            return
        with _frozen_heap():
            yield from self._run(first, source)

    def _run(self, first: list[Item], source: Iterator[list[Item]]
             ) -> Iterator[tuple[list[Item], list[Result] | None]]:
        in_flight: deque[tuple[list[Item], Future[list[Result]]]] = deque()
        pool = self._pool()

        def submit(batch: list[Item]) -> None:
            try:
                future = pool.submit(_run_batch, batch)
            except BrokenProcessPool as err:  # broke since the last collect: found there
                future = Future()
                future.set_exception(err)
            in_flight.append((batch, future))

        def collect() -> tuple[list[Item], list[Result] | None]:
            nonlocal pool
            batch, future = in_flight.popleft()
            try:
                return batch, future.result()
            except BrokenProcessPool:
                # Every unfinished batch of a broken pool breaks with it: the oldest is
                # reported, the others start again in a new pool.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = self._pool()
                for _ in range(len(in_flight)):
                    submit(in_flight.popleft()[0])
                return batch, None

        try:
            for batch in itertools.chain([first], source):
                while len(in_flight) >= 2 * self.workers:
                    yield collect()
                submit(batch)
            while in_flight:
                yield collect()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
