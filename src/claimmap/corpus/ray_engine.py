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

import itertools
import json
import logging
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from claimmap.corpus.engine import Analysed, Failed, Outcome, WorkItem
from claimmap.errors import ClaimmapError
from claimmap.settings import Options, Settings, load_settings
from claimmap.store.write import claimmap_json, compress_claimmap_json
from claimmap.types import Article, ClaimMap, from_dict, to_dict

log = logging.getLogger(__name__)

# One thread per actor for every BLAS/OpenMP runtime numpy or thinc may load: the actors are the
# parallelism, and N actors each spawning a thread per core would fight over the cores.
SINGLE_THREAD_ENV = {name: "1" for name in (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")}
# Work items shipped to Ray per dataset: bounds the driver's memory on an endless input; each
# window starts its actor pool anew (one pipeline load per actor per window).
DEFAULT_WINDOW = 10_000
THREADS_ENV = {"env_vars": SINGLE_THREAD_ENV}


class RayUnavailable(ClaimmapError):
    """Ray is not installed or cannot be reached."""


def import_ray() -> Any:
    try:
        import ray
        import ray.data  # Ray Data is what the engine runs on
    except ImportError:
        raise RayUnavailable("the Ray engine needs Ray: pip install 'claimmap[ray]'") from None
    return ray


class ClaimMapper:
    """The Ray Data callable class: one per actor, the pipeline loaded once in ``__init__``.

    The analysis itself is the local engine's, in this process (``workers=1``: no
    ``n_process``), so a record that breaks a batch fails here exactly as it does there.
    """

    def __init__(self, options: Options, settings: Settings) -> None:
        from claimmap.corpus.local import LocalEngine

        self.local = LocalEngine(1, options=options, settings=settings)
        self.nlp = self.local._pipeline()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        seqs = [int(s) for s in batch["seq"]]
        items = [WorkItem(seq, "", None, from_dict(Article, json.loads(str(raw))), "")
                 for seq, raw in zip(seqs, batch["article"], strict=True)]
        out: dict[str, list[Any]] = {"seq": [], "claimmap": [], "error": []}
        # Docs and the strings they add to the vocabulary live only inside the zone: the
        # ClaimMaps are turned into JSON before it closes.
        with self.nlp.memory_zone():
            for outcome in self.local.run(items):
                out["seq"].append(outcome.item.seq)
                if isinstance(outcome, Analysed):
                    # The store's own JSON: the driver only compresses it.
                    out["claimmap"].append(claimmap_json(outcome.claimmap))
                    out["error"].append("")
                else:
                    out["claimmap"].append("")
                    out["error"].append(outcome.reason)
        return out


class RaySession:
    """Connect to Ray (or start a local one) and always leave as found.

    ``address`` None starts a private local Ray with ``num_cpus`` CPUs and no dashboard, shut
    down on :meth:`close`; ``"auto"`` or ``ray://HOST:PORT`` joins a running cluster and only
    disconnects. When the caller already initialised Ray, that connection is used and kept.
    """

    def __init__(self, address: str | None = None, *, num_cpus: int | None = None) -> None:
        self.address = address
        self.num_cpus = num_cpus
        self._owned = False
        # True once every worker of this session starts with SINGLE_THREAD_ENV.
        self.threads_set = False
        self._previous: Any = None

    def open(self) -> Any:
        ray = import_ray()
        if ray.is_initialized():
            return ray
        kwargs: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
        # A private local Ray turns on token authentication and says so on every start.
        logging.getLogger("ray._private.authentication.authentication_token_setup").setLevel(
            logging.ERROR)
        # For the Ray processes started here, then put back: one BLAS/OpenMP thread per
        # worker (set here rather than per dataset, so the actors can use the workers Ray
        # starts ahead); Ray's C++ core logs a warning per actor pool about Ray Data's own
        # constructor arguments (errors that matter reach us as exceptions;
        # RAY_BACKEND_LOG_LEVEL=info brings the logs back); and Ray runs its workers at
        # niceness 15, which starves the actors on a machine shared with other work (the
        # local engine's processes run at the caller's niceness).
        wanted = {**SINGLE_THREAD_ENV, "RAY_BACKEND_LOG_LEVEL": "fatal",
                  "RAY_worker_niceness": "0"}
        quieted = {k: v for k, v in wanted.items() if k not in os.environ}
        os.environ.update(quieted)
        before = signal.getsignal(signal.SIGTERM)
        try:
            if self.address is None:
                ray.init(num_cpus=self.num_cpus, include_dashboard=False, **kwargs)
            elif self.address.startswith("ray://"):
                ray.init(address=self.address, logging_level=logging.WARNING,
                         runtime_env=THREADS_ENV)
            else:
                ray.init(address=self.address, runtime_env=THREADS_ENV, **kwargs)
        except (ConnectionError, RuntimeError, ValueError) as err:
            where = self.address or "a local Ray"
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise RayUnavailable(f"cannot start or reach {where}: {first}") from None
        finally:
            for name in quieted:
                os.environ.pop(name, None)
        self._owned = self.threads_set = True
        self._catch_sigterm(before)
        _quiet_ray_data()
        return ray

    def _catch_sigterm(self, before: Any) -> None:
        """A SIGTERM (a scheduler's stop, ``kill``) unwinds like Ctrl-C, so :meth:`close`
        runs and the Ray this session started goes with it. (A SIGKILL cannot be caught: Ray
        itself stops its raylet and GCS with the driver, and its agents follow in about two
        minutes.)"""
        if threading.current_thread() is not threading.main_thread():
            return

        def stop(signum: int, _frame: object) -> None:
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, stop)
        self._previous = before

    def close(self) -> None:
        if self._owned:
            import ray

            ray.shutdown()
            self._owned = False
            if self._previous is not None:
                signal.signal(signal.SIGTERM, self._previous)
                self._previous = None


def _quiet_ray_data() -> None:
    """Ray Data's own progress bars and plan logs would mix with ours on stderr."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)


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

    def _connect(self) -> Any:
        if self._ray is None:
            from claimmap.corpus.local import default_workers

            local_cpus = max(self._requested or 0, default_workers())
            self._session = RaySession(self.address,
                                       num_cpus=local_cpus if self.address is None else None)
            self._ray = self._session.open()
            if not self._requested:
                cpus = int(self._ray.cluster_resources().get("CPU", 1))
                self.workers = max(1, cpus)
            else:
                self.workers = self._requested
        return self._ray

    def run(self, items: Iterable[WorkItem]) -> Iterator[Outcome]:
        stream = iter(items)
        while True:
            window = list(itertools.islice(stream, self.window))
            if not window:
                return
            yield from self._run_window(window)

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

    def _run_window(self, window: list[WorkItem]) -> Iterator[Outcome]:
        by_seq = {item.seq: item for item in window}
        order = iter(window)
        expected = next(order, None)
        early: dict[int, Outcome] = {}
        ds = self._dataset(window)
        # Whole blocks as they come (a row at a time costs the driver more).
        for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
            for seq, cm_json, error in zip(batch["seq"], batch["claimmap"], batch["error"],
                                           strict=True):
                item = by_seq.pop(int(seq))
                early[item.seq] = _outcome(item, str(cm_json), str(error))
            # Yield in input order: the writer then sees what the local engine gives it.
            while expected is not None and expected.seq in early:
                yield early.pop(expected.seq)
                expected = next(order, None)
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


def _outcome(item: WorkItem, data: str, error: str) -> Outcome:
    if error or not data:
        return Failed(item, error or "analysis failed: empty result")
    return Analysed(item, ClaimMap.from_dict(json.loads(data)), compress_claimmap_json(data))


def ray_available() -> bool:
    try:
        import_ray()
    except RayUnavailable:
        return False
    return True
