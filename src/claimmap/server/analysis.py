"""Analysis off the event loop: a bounded thread pool that owns the only spaCy calls.

spaCy is imported inside :meth:`Analyzer.run` (on a worker thread), so importing the server
stays light and a health check answers before the pipeline has loaded.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from claimmap.ingest.text import from_text
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


class Analyzer:
    """Runs jobs on ``settings.server_workers`` threads; at most that many run at once, and
    at most ``queue_factor`` times that many wait, so a burst cannot pile up memory."""

    def __init__(self, settings: Settings, queue_factor: int = 8,
                 options: Options | None = None) -> None:
        self.settings = settings
        self.options = options or Options()
        self._pool = ThreadPoolExecutor(max_workers=settings.server_workers,
                                        thread_name_prefix="claimmap-analyze")
        self._slots = asyncio.Semaphore(settings.server_workers * queue_factor)
        self._loaded = threading.Event()

    @property
    def loaded(self) -> bool:
        return self._loaded.is_set()

    def to_article(self, job: Job) -> Article:
        if job.html is not None:
            from claimmap.ingest.html import from_html

            article = from_html(job.html, id=job.id, url=job.url,
                                max_chars=self.settings.max_chars)
            return dataclasses.replace(article, title=job.title) if job.title else article
        return from_text(job.text or "", id=job.id, title=job.title or None, url=job.url,
                         max_chars=self.settings.max_chars)

    def run(self, job: Job) -> ClaimMap:
        """Blocking: ingest and analyse one job (called on a pool thread)."""
        # Input errors (empty, too long) answer before the pipeline is even loaded.
        article = self.to_article(job)
        from claimmap.api import analyze, get_pipeline

        nlp = get_pipeline(self.options, settings=self.settings)
        self._loaded.set()
        return analyze(article, nlp=nlp, options=self.options, settings=self.settings)

    async def analyze(self, job: Job) -> ClaimMap:
        async with self._slots:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pool, self.run, job)

    def warm_up(self) -> Future[ClaimMap]:
        """Load the pipeline in the background so the first request is fast."""
        future = self._pool.submit(self.run, Job(id="warm-up", text="The mayor said it works."))
        future.add_done_callback(_log_failure)
        return future

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _log_failure(future: Future[ClaimMap]) -> None:
    # A failed warm-up is not fatal (each request retries the load) but must not be silent.
    if not future.cancelled() and future.exception() is not None:
        log.warning("pipeline warm-up failed: %s", future.exception())
