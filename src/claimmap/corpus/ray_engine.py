"""The Ray engine: the same corpus job on a Ray cluster (or a local Ray), same results.

Ray Data does the work: each window of work items becomes a dataset of blocks (one row per
article: its sequence number and its Article as JSON), ``map_batches`` runs
:class:`ClaimMapper` in a fixed actor pool (``ActorPoolStrategy(size=N)``), and the rows that
come back (plain ClaimMap JSON or a one-line failure, never a Doc) are put back in input order
on the calling thread, so the store is written by the same single writer, in the same order, as
with the local engine: identical stores, and the same resume after a kill.

Each actor loads the spaCy pipeline once, runs ``nlp.pipe`` in its own process only (no
``n_process``), is started with one BLAS/OpenMP thread, and analyses each batch inside
``nlp.memory_zone()`` so the vocabulary does not grow over a long run.

This module imports Ray lazily: the package works without the ``claimmap[ray]`` extra.
"""

from __future__ import annotations

import gc
import itertools
import json
import logging
import os
import time
from collections.abc import Iterable, Iterator
from typing import Any

from claimmap.corpus import timing
from claimmap.corpus.engine import Analysed, Failed, Outcome, WorkItem
from claimmap.corpus.ray_session import (
    THREADS_ENV,
    RaySession,
    RayUnavailable,
    check_ray_installed,
    import_ray,
)
from claimmap.settings import Options, Settings, load_settings
from claimmap.types import Article, ClaimMap, from_dict, to_dict

log = logging.getLogger(__name__)

# Work items shipped to Ray per dataset: bounds the driver's memory on an endless input; each
# window starts its actor pool anew (one pipeline load per actor per window).
DEFAULT_WINDOW = 10_000


class ClaimMapper:
    """The Ray Data callable class: one per actor, the pipeline loaded once in ``__init__``.

    The analysis itself is the local engine's, in this process (``workers=1``: no
    ``n_process``), so a record that breaks a batch fails here exactly as it does there.
    """

    def __init__(self, options: Options, settings: Settings) -> None:
        init_at = timing.clock()
        from claimmap.corpus.local import LocalEngine

        self.local = LocalEngine(1, options=options, settings=settings)
        self.nlp = self.local._pipeline()
        # For the driver's timing lines, with each batch (clock readings of this machine):
        # when this process started, this call began and the pipeline was loaded (first batch
        # only), and when the batch was done.
        self.note: dict[str, float] = {
            "process": timing.process_started(), "init": init_at, "ready": timing.clock(),
            "cpu_at_ready": time.process_time()}

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        started = time.perf_counter()
        seqs = [int(s) for s in batch["seq"]]
        items = [WorkItem(seq, "", None, from_dict(Article, json.loads(str(raw))), "")
                 for seq, raw in zip(seqs, batch["article"], strict=True)]
        out: dict[str, list[Any]] = {"seq": [], "claimmap": [], "error": [], "note": []}
        # Docs and the strings they add to the vocabulary live only inside the zone: the
        # ClaimMaps are turned into JSON before it closes.
        with self.nlp.memory_zone():
            for outcome in self.local.run(items):
                out["seq"].append(outcome.item.seq)
                if isinstance(outcome, Analysed):
                    # The store's own JSON (store.write.claimmap_json, without importing the
                    # store and SQLAlchemy here): the driver only compresses it.
                    out["claimmap"].append(outcome.claimmap.to_json_line())
                    out["error"].append("")
                else:
                    out["claimmap"].append("")
                    out["error"].append(outcome.reason)
        out["note"] = [""] * len(out["seq"])
        if out["note"]:
            out["note"][0] = json.dumps({**self.note, "pid": os.getpid(), "done": timing.clock(),
                                         "busy": time.perf_counter() - started,
                                         "cpu": time.process_time()})
            self.note = {}
        return out


class RayEngine:
    """Analyse on Ray with ``workers`` actors (default: the cluster's CPUs, or this machine's).

    ``address``: None for a private local Ray, ``"auto"`` or ``"ray://HOST:PORT"`` for a
    cluster. ``window``: work items per Ray dataset. ``batch_size``: articles per actor call.
    """

    name = "ray"

    def __init__(self, workers: int | None = None, *, address: str | None = None,
                 options: Options | None = None, settings: Settings | None = None,
                 window: int = DEFAULT_WINDOW, batch_size: int | None = None) -> None:
        if workers is not None and workers < 1:
            raise ValueError("workers must be at least 1")
        self.options = options or Options()
        self.settings = settings or load_settings()
        self.address = address
        self.window = max(1, window)
        self.batch_size = max(1, batch_size or self.settings.batch_size)
        self._requested = workers
        self.workers = workers or 0  # known once connected
        self._session: RaySession | None = None
        self._ray: Any = None

    def prepare(self) -> None:
        """Import Ray in the background now (``open_engine`` does, before the store opens);
        Ray itself starts at ``run``'s first work item."""
        self._current_session().prepare()

    def start(self) -> None:
        """Begin connecting to Ray in the background (``run`` does so at its first work item,
        so a run with nothing to analyse never starts Ray)."""
        self._current_session().start()

    def _current_session(self) -> RaySession:
        if self._session is not None and self._session.shutting_down:
            self._session.close()  # shut after an earlier run: start afresh
            self._session = None
        if self._session is None:
            from claimmap.corpus.local import default_workers

            local_cpus = max(self._requested or 0, default_workers())
            self._session = RaySession(self.address,
                                       num_cpus=local_cpus if self.address is None else None)
        return self._session

    def _connect(self) -> Any:
        if self._ray is None:
            self.start()
            assert self._session is not None
            self._ray = self._session.wait()
            if not self._requested:
                cpus = int(self._ray.cluster_resources().get("CPU", 1))
                self.workers = max(1, cpus)
            else:
                self.workers = self._requested
        return self._ray

    def run(self, items: Iterable[WorkItem]) -> Iterator[Outcome]:
        stream = iter(items)
        first = next(stream, None)
        if first is None:
            return
        # Ray starts while the rest of the window is planned.
        self.start()
        stream = itertools.chain([first], stream)
        window = list(itertools.islice(stream, self.window))
        while window:
            following = next(stream, None)  # one item ahead: is this the last window?
            yield from self._run_window(window, last=following is None)
            if following is None:
                return
            window = [following, *itertools.islice(stream, self.window - 1)]

    def _dataset(self, window: list[WorkItem]) -> Any:
        ray = self._connect()
        rows = [{"seq": item.seq, "article": json.dumps(to_dict(item.article),
                                                         ensure_ascii=False)}
                for item in window]
        # Blocks of one batch each, so the pool balances articles, not whole windows.
        blocks = max(1, min(len(rows), -(-len(rows) // self.batch_size)))
        ds = ray.data.from_items(rows, override_num_blocks=blocks)
        return ds.map_batches(
            ClaimMapper,
            fn_constructor_args=(self.options, self.settings),
            batch_size=self.batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=min(self.workers, blocks)),
            num_cpus=1,
            # A Ray the caller started: the actors need the thread limits of their own.
            **({} if self._session and self._session.threads_set
               else {"runtime_env": THREADS_ENV}),
        )

    def _run_window(self, window: list[WorkItem], *, last: bool) -> Iterator[Outcome]:
        """``window``'s outcomes in input order; ``last``: no window follows, so once every
        result is in, Ray shuts down while the writer stores the last of them."""
        timing.mark("ray.window planned", items=len(window))
        by_seq = {item.seq: item for item in window}
        order = iter(window)
        expected = next(order, None)
        early: dict[int, Outcome] = {}
        started = time.perf_counter()
        ds = self._dataset(window)
        timing.mark("ray.dataset built", time.perf_counter() - started)
        decode = timing.Stopwatch()
        actors: dict[int, dict[str, float]] = {}
        first = True
        batch: Any = None
        # Whole blocks as they come (a row at a time costs the driver more).
        batches = iter(ds.iter_batches(batch_size=None, batch_format="numpy"))
        for batch in batches:
            if first:
                timing.mark("ray.first result", time.perf_counter() - started)
                first = False
            for note in batch["note"]:
                if note:
                    _note_actor(actors, json.loads(str(note)))
            with decode:
                for seq, cm_json, error in zip(batch["seq"], batch["claimmap"],
                                               batch["error"], strict=True):
                    item = by_seq.pop(int(seq))
                    early[item.seq] = _outcome(item, str(cm_json), str(error))
            if last and not by_seq:
                break  # all in: the rest is yielded below, after Ray is let go
            # Yield in input order: the writer then sees what the local engine gives it.
            while expected is not None and expected.seq in early:
                yield early.pop(expected.seq)
                expected = next(order, None)
        # Nothing of Ray's may outlive this window: the dataset, its iterator (closing it stops
        # Ray Data's executor) and the last batch (its arrays may be views of Ray's memory).
        getattr(batches, "close", lambda: None)()
        del batch, batches, ds
        if last:
            # Ray Data's objects sit in reference cycles: freed by a later garbage collection
            # on this thread, after Ray is shut down, they would touch Ray's core worker, and
            # Ray ends the process when that happens. Free them now, while Ray is up.
            gc.collect()
        timing.mark("ray.window done", time.perf_counter() - started)
        timing.mark("ray.driver decode", decode.seconds, blocks=decode.calls)
        for pid, seen in actors.items():
            timing.mark("ray.actor", pid=pid, **{key: f"{value:.2f}"
                                                 for key, value in seen.items()})
        if last and self._session is not None:
            self._ray = None
            self._session.shutdown_soon()
        for item in ([expected] if expected is not None else []) + list(order):
            lost: Outcome = Failed(item, "analysis failed: lost by Ray")
            yield early.pop(item.seq, lost)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
        self._session = None
        self._ray = None

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _note_actor(actors: dict[int, dict[str, float]], note: dict[str, float]) -> None:
    """Gather an actor's batch notes: its start as seen from the driver (same machine, same
    clock), its batches, the seconds it was busy with them and when it finished the last."""
    seen = actors.setdefault(int(note["pid"]), {"blocks": 0, "busy": 0.0})
    for key in ("process", "init", "ready"):
        if key in note:
            seen[f"{key}_at"] = timing.since_start(note[key])
    if "ready" in note:
        seen["first_done_at"] = timing.since_start(note["done"])
        seen["cpu_at_ready"] = note["cpu_at_ready"]
    seen["cpu"] = note["cpu"]
    seen["last_done_at"] = timing.since_start(note["done"])
    seen["blocks"] += 1
    seen["busy"] += note["busy"]


def _outcome(item: WorkItem, data: str, error: str) -> Outcome:
    from claimmap.store.write import compress_claimmap_json

    if error or not data:
        return Failed(item, error or "analysis failed: empty result")
    return Analysed(item, ClaimMap.from_dict(json.loads(data)), compress_claimmap_json(data))


__all__ = ["ClaimMapper", "RayEngine", "RayUnavailable", "check_ray_installed", "import_ray",
           "ray_available"]


def ray_available() -> bool:
    try:
        import_ray()
    except RayUnavailable:
        return False
    return True
