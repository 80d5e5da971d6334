"""The web app's read-only view of a corpus store: bounded, time-limited queries.

Corpus queries run on a small thread pool of their own, so they never wait behind analyses
and the event loop never blocks on SQLite. Like the analysis queue the pool is bounded: when
it is full a query is refused at once (:class:`~claimmap.server.analysis.Busy`, a 503 with
Retry-After). Each query has a deadline that the database itself enforces (a SQLite progress
handler, PostgreSQL's ``statement_timeout``), so a pathological search ends instead of holding
a thread.

Every query goes through the store's typed API (:mod:`claimmap.store.queries`) or SQLAlchemy
Core with bound parameters; no user text is ever formatted into SQL.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import event, select
from sqlalchemy.exc import DBAPIError

from claimmap.server.analysis import Busy
from claimmap.settings import Settings
from claimmap.store import Store
from claimmap.store.schema import actors

T = TypeVar("T")
# Progress-handler granularity: SQLite calls it every this many virtual-machine steps.
_PROGRESS_STEPS = 20_000


class CorpusDB:
    """A read-only store behind a bounded pool; :meth:`run` calls a query function on it."""

    def __init__(self, store: Store, settings: Settings, *, workers: int = 4,
                 queue: int = 96) -> None:
        self.store = store
        self.seconds = float(min(10, settings.request_timeout))
        self.capacity = workers + queue
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="claimmap-db")
        self._in_flight = 0
        self._lock = threading.Lock()
        self._local = threading.local()
        self._install_deadline()

    def _install_deadline(self) -> None:
        engine = self.store.engine
        if engine.dialect.name == "sqlite":
            def on_connect(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.set_progress_handler(self._past_deadline, _PROGRESS_STEPS)
        else:
            millis = int(self.seconds * 1000)

            def on_connect(dbapi_connection: Any, _record: Any) -> None:
                cursor = dbapi_connection.cursor()
                cursor.execute("SELECT set_config('statement_timeout', %s, false)",
                               (str(millis),))
                cursor.close()
        event.listen(engine, "connect", on_connect)
        # Connections opened before the listener (open_store's own check) lack it: drop them.
        engine.dispose()

    def _past_deadline(self) -> int:
        deadline = getattr(self._local, "deadline", None)
        return 1 if deadline is not None and time.monotonic() > deadline else 0

    def _call(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        self._local.deadline = time.monotonic() + self.seconds
        try:
            return fn(self.store, *args)
        except DBAPIError as err:
            text = str(err.orig).lower()
            if "interrupted" in text or "statement timeout" in text or "canceling" in text:
                raise Busy(f"the query took longer than {self.seconds:g} s", 2) from None
            raise
        finally:
            self._local.deadline = None

    def _release(self, _future: object) -> None:
        with self._lock:
            self._in_flight -= 1

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, *args)`` on the pool; :class:`Busy` when full or out of time."""
        with self._lock:
            full = self._in_flight >= self.capacity
            if not full:
                self._in_flight += 1
        if full:
            raise Busy(f"the corpus query queue is full ({self.capacity})", 1)
        future = self._pool.submit(self._call, fn, args)
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.seconds + 2)
        except TimeoutError:
            raise Busy(f"the query took longer than {self.seconds:g} s", 2) from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.store.close()


def actor_names(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """Display names of corpus actors by id (for facet labels)."""
    if not ids:
        return {}
    with store.connect() as conn:
        rows = conn.execute(select(actors.c.id, actors.c.name).where(actors.c.id.in_(list(ids))))
        return {str(r.id): str(r.name) for r in rows}
