"""Analysis off the event loop: a bounded thread pool that owns the only spaCy calls.

spaCy is imported inside :meth:`Analyzer.run` (on a worker thread), so importing the server
stays light and a health check answers before the pipeline has loaded.

The queue is bounded: ``server_workers`` jobs run and at most ``server_queue`` wait, and a
job may wait only while its expected time (the recent mean analysis time times the rounds
ahead of it) stays within half of ``request_timeout``. A job refused is refused at once
(:class:`Busy`, a 503 with Retry-After) rather than queued, so latency stays flat under
overload, and on a slow machine the queue shortens by itself. A job that
runs past ``request_timeout`` answers :class:`Busy` too; its slot frees only when its thread
really ends, so timed-out work cannot pile up behind the bound.

With ``server_processes`` (the default for ``claimmap serve``) each pool thread hands its job
to one of ``server_workers`` spawned processes, each with its own pipeline: analyses then use
several cores and leave the web app's interpreter (its lock, its event loop, the corpus
queries) free. Without it the threads run the pipeline in this process.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from claimmap.ingest.dispatch import to_article
from claimmap.settings import Options, Settings
from claimmap.types import Article, ClaimMap

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class Job:
    """What to analyse: plain text or an HTML page, with an optional headline."""

    id: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None


class Busy(Exception):
    """The queue is full, or the job ran out of time: come back in ``retry_after`` seconds."""

    def __init__(self, reason: str, retry_after: int) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Analyzer:
    """Runs jobs on ``settings.server_workers`` threads with at most ``settings.server_queue``
    more waiting; beyond that :meth:`analyze` raises :class:`Busy` without waiting."""

    def __init__(self, settings: Settings, options: Options | None = None) -> None:
        self.settings = settings
        self.options = options or Options()
        self._pool = ThreadPoolExecutor(max_workers=settings.server_workers,
                                        thread_name_prefix="claimmap-analyze")
        self.capacity = settings.server_workers + settings.server_queue
        self._in_flight = 0
        self._lock = threading.Lock()
        # Mean seconds per job (moving average), for an honest Retry-After.
        self._mean_s = 1.0
        self._loaded = threading.Event()
        self._procs: ProcessPoolExecutor | None = None
        if settings.server_processes:
            self._procs = self._start_processes()

    def _start_processes(self) -> ProcessPoolExecutor:
        # spawn, not fork: the server has threads, and a forked lock would stay taken.
        return ProcessPoolExecutor(max_workers=self.settings.server_workers,
                                   mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_child_init,
                                   initargs=(self.settings, self.options))

    def _execute(self, job: Job) -> ClaimMap:
        """One job, here or in a worker process (this thread waits for it there)."""
        procs = self._procs
        if procs is None:
            return self.run(job)
        try:
            claim_map = procs.submit(_child_run, job).result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory): start fresh ones, refuse this job.
            log.warning("an analysis process died; starting new ones")
            with self._lock:
                if self._procs is procs:
                    self._procs = self._start_processes()
            procs.shutdown(wait=False, cancel_futures=True)
            raise Busy("an analysis worker restarted; try again", 5) from None
        self._loaded.set()
        return claim_map

    @property
    def loaded(self) -> bool:
        return self._loaded.is_set()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def retry_after(self) -> int:
        """Seconds until a slot is likely free: the work ahead of it, spread over the workers."""
        ahead = max(1, self._in_flight - self.settings.server_workers + 1)
        return max(1, math.ceil(self._mean_s * ahead / self.settings.server_workers))

    def expected_wait(self) -> float:
        """Seconds a job admitted now would likely take, its wait included."""
        rounds = self._in_flight // self.settings.server_workers + 1
        return self._mean_s * rounds

    def _refusal(self) -> str | None:
        """Why a new job is refused now, or None. A job may wait only when the queue has room
        and its expected time stays within half the time limit: when the machine is slow,
        the queue shortens, and latency stays flat instead of growing with the crowd."""
        if self._in_flight >= self.capacity:
            return f"the analysis queue is full ({self.capacity} jobs)"
        if self._in_flight >= self.settings.server_workers and \
                self.expected_wait() > self.settings.request_timeout / 2:
            return (f"the analyses waiting would take about {self.expected_wait():.0f} s; "
                    f"more than {self.settings.request_timeout / 2:g} s")
        return None

    def _release(self, _future: object) -> None:
        with self._lock:
            self._in_flight -= 1

    def _timed(self, job: Job) -> ClaimMap:
        start = time.perf_counter()
        try:
            return self._execute(job)
        finally:
            elapsed = time.perf_counter() - start
            with self._lock:
                self._mean_s = 0.8 * self._mean_s + 0.2 * elapsed

    def to_article(self, job: Job) -> Article:
        source = job.html if job.html is not None else job.text or ""
        return to_article(source, id=job.id, title=job.title or None, url=job.url,
                          html=job.html is not None, max_chars=self.settings.max_chars)

    def run(self, job: Job) -> ClaimMap:
        """Blocking: ingest and analyse one job (called on a pool thread)."""
        # Input errors (empty, too long) answer before the pipeline is even loaded.
        article = self.to_article(job)
        from claimmap.api import analyze, get_pipeline

        nlp = get_pipeline(self.options, settings=self.settings)
        self._loaded.set()
        return analyze(article, nlp=nlp, options=self.options, settings=self.settings)

    async def analyze(self, job: Job) -> ClaimMap:
        with self._lock:
            reason = self._refusal()
            if reason is None:
                self._in_flight += 1
        if reason is not None:
            raise Busy(reason, self.retry_after())
        try:
            future = self._pool.submit(self._timed, job)
        except RuntimeError:  # shutting down
            self._release(None)
            raise Busy("the server is shutting down", 5) from None
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future),
                                          timeout=self.settings.request_timeout)
        except TimeoutError:
            # wait_for cancelled the future: a job still waiting is dropped, a running one
            # ends on its own and only then frees its slot.
            raise Busy(f"the analysis took longer than {self.settings.request_timeout} s",
                       self.retry_after()) from None

    def warm_up(self) -> Future[ClaimMap]:
        """Load the pipeline in the background so the first request is fast. With worker
        processes, one warm-up job per worker at once, so all of them start now (the pool
        would otherwise start the second only under load, and count as growth there)."""
        jobs = self.settings.server_workers if self._procs is not None else 1
        futures = [self._pool.submit(self._execute,
                                     Job(id="warm-up", text="The mayor said it works."))
                   for _ in range(jobs)]
        for future in futures:
            future.add_done_callback(_log_failure)
        return futures[0]

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        procs = self._procs
        if procs is not None:
            workers = list(getattr(procs, "_processes", {}).values())
            procs.shutdown(wait=False, cancel_futures=True)
            for worker in workers:  # a job still running must not outlive the server
                worker.terminate()


# In a worker process: its own Analyzer (threads off), with the pipeline loaded at start.
_CHILD: Analyzer | None = None


def _watch_parent(parent: int) -> None:
    # Whatever ends the server (SIGKILL included), its workers follow within a second
    # instead of lingering as orphans holding a pipeline's memory.
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _child_init(settings: Settings, options: Options | None = None) -> None:
    global _CHILD
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True,
                     name="claimmap-watch-parent").start()
    _CHILD = Analyzer(dataclasses.replace(settings, server_processes=False), options)
    try:
        _CHILD.run(Job(id="warm-up", text="The mayor said it works."))
    except Exception as err:  # the first real job retries the load and reports it
        log.warning("pipeline warm-up in a worker process failed: %s", err)


def _child_run(job: Job) -> ClaimMap:
    if _CHILD is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker process was not initialised")
    return _CHILD.run(job)


def _log_failure(future: Future[ClaimMap]) -> None:
    # A failed warm-up is not fatal (each request retries the load) but must not be silent.
    if not future.cancelled() and future.exception() is not None:
        log.warning("pipeline warm-up failed: %s", future.exception())
