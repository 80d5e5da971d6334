"""Connecting to Ray for the Ray engine: a private local Ray, a cluster, or the caller's.

:meth:`RaySession.start` begins connecting on a background thread, so that Ray's start (its
GCS, raylet and workers, about 3 s on two cores) overlaps the driver's own start: reading the
inputs, checking the store, loading the claim embedder. :meth:`RaySession.wait` joins it and
raises a failure there as a one-line :class:`RayUnavailable`. :meth:`RaySession.close` always
leaves Ray as found, also when it is called while Ray is still starting.

This module imports Ray lazily: the package works without the ``claimmap[ray]`` extra.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import signal
import threading
import time
from typing import Any

from claimmap.corpus import timing
from claimmap.errors import ClaimmapError

# One thread per actor for every BLAS/OpenMP runtime numpy or thinc may load: the actors are the
# parallelism, and N actors each spawning a thread per core would fight over the cores.
SINGLE_THREAD_ENV = {name: "1" for name in (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")}
THREADS_ENV = {"env_vars": SINGLE_THREAD_ENV}
SESSION_ENV = {"RAY_USAGE_STATS_ENABLED": "0"}
INSTALL_HINT = "the Ray engine needs Ray: pip install 'claimmap[ray]'"


class RayUnavailable(ClaimmapError):
    """Ray is not installed or cannot be reached."""


def import_ray() -> Any:
    try:
        import ray
        import ray.data  # Ray Data is what the engine runs on
    except ImportError:
        raise RayUnavailable(INSTALL_HINT) from None
    return ray


def check_ray_installed() -> None:
    """The install hint now, without paying for Ray's import (about a second) here."""
    if importlib.util.find_spec("ray") is None:
        raise RayUnavailable(INSTALL_HINT)


class _NotMainThread(logging.Filter):
    """Ray says it cannot set its SIGTERM handler off the main thread; ours is set there."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "SIGTERM handler is not set" not in record.getMessage()


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
        self._thread: threading.Thread | None = None
        self._ray: Any = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._ready = threading.Event()  # connected, or failed to
        self._release = threading.Event()  # closed: the starting thread may end
        self._shut_here = False  # the starting thread shuts Ray down (shutdown_soon)
        self._env_set: dict[str, str] = {}  # SESSION_ENV entries this session set
        self._go = threading.Event()  # start() was called: connect once imported
        self._cancelled = False  # closed before start(): the thread ends without Ray

    def open(self) -> Any:
        """Connect now (on this thread) and return the ``ray`` module."""
        self.start(background=False)
        return self.wait()

    def prepare(self) -> None:
        """Import Ray on the background thread now, and start it only at :meth:`start`: the
        import (a second or more of Python) then runs before the driver's own start-up
        threads compete with it, and a run that never calls :meth:`start` starts no Ray."""
        with self._lock:
            if self._thread is None and self._ray is None:
                self._spawn()

    def start(self, *, background: bool = True) -> None:
        """Begin connecting; on a background thread unless ``background`` is False."""
        with self._lock:
            if self._ray is not None or self._go.is_set():
                return
            # The SIGTERM handler can only be set on the main thread: set it now, so a stop
            # that comes while Ray starts also unwinds through close().
            self._catch_sigterm(signal.getsignal(signal.SIGTERM))
            # No usage statistics while the session lasts (claimmap runs offline): Ray Data
            # checks in the driver at each dataset, and collects them in an actor of its own
            # (a process, about a CPU second to start) unless told not to.
            self._env_set = {k: v for k, v in SESSION_ENV.items() if k not in os.environ}
            os.environ.update(self._env_set)
            self._go.set()
            if not background and self._thread is None:
                self._ray = self._connect()
            elif self._thread is None:
                self._spawn()

    def _spawn(self) -> None:
        self._ready.clear()
        self._release.clear()
        self._thread = threading.Thread(target=self._connect_in_background,
                                        name="claimmap-ray-init", daemon=True)
        self._thread.start()

    def _connect_in_background(self) -> None:
        try:
            ray = self._import()
            self._go.wait()
            if self._cancelled:
                return
            self._ray = self._connect(ray)
        except BaseException as err:  # re-raised on the caller's thread by wait()
            self._error = err
            return
        finally:
            self._ready.set()
        # This thread lives until close(): Ray starts its raylet and GCS with the kernel's
        # parent-death signal, which Linux sends when the *thread* that started them ends.
        self._release.wait()
        if self._shut_here:
            self._shutdown()

    def wait(self) -> Any:
        """The ``ray`` module once connected; a failure to connect raised here."""
        if not self._go.is_set():
            self.start()
        if self._thread is not None:
            self._ready.wait()
        if self._error is not None:
            err, self._error = self._error, None
            raise err
        if self._ray is None:
            raise RayUnavailable("Ray was not started")
        return self._ray

    def _import(self) -> Any:
        started = time.perf_counter()
        ray = import_ray()
        timing.mark("ray.import", time.perf_counter() - started)
        return ray

    def _connect(self, ray: Any = None) -> Any:
        ray = ray if ray is not None else self._import()
        if ray.is_initialized():
            return ray
        kwargs: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
        # A private local Ray turns on token authentication and says so on every start.
        logging.getLogger("ray._private.authentication.authentication_token_setup").setLevel(
            logging.ERROR)
        logging.getLogger("ray._private.worker").addFilter(_NotMainThread())
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
        started = time.perf_counter()
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
        timing.mark("ray.init", time.perf_counter() - started)
        self._owned = self.threads_set = True
        if self._previous is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _stop)  # ray.init put its own in place of ours
        _quiet_ray_data()
        return ray

    def _catch_sigterm(self, before: Any) -> None:
        """A SIGTERM (a scheduler's stop, ``kill``) unwinds like Ctrl-C, so :meth:`close`
        runs and the Ray this session started goes with it. (A SIGKILL cannot be caught: Ray
        itself stops its raylet and GCS with the driver, and its agents follow in about two
        minutes.)"""
        if threading.current_thread() is not threading.main_thread():
            return
        signal.signal(signal.SIGTERM, _stop)
        self._previous = before

    @property
    def shutting_down(self) -> bool:
        """:meth:`shutdown_soon` was called: only :meth:`close` is left to do."""
        return self._shut_here

    def shutdown_soon(self) -> None:
        """Begin shutting down now, on the background thread, while the caller finishes
        its own work (the writer's last articles); :meth:`close` then waits for it. For when
        no more Ray work will come: the caller must hold no Ray objects any more."""
        if self._thread is None or not self._owned:
            return
        self._ready.wait()
        self._shut_here = True
        self._release.set()

    def _shutdown(self) -> None:
        if self._owned:
            ray = self._ray if self._ray is not None else import_ray()
            started = time.perf_counter()
            ray.shutdown()
            timing.mark("ray.shutdown", time.perf_counter() - started)
            self._owned = False

    def close(self) -> None:
        """Shut down the Ray this session started (waiting for it to finish starting first),
        or disconnect from a cluster; a caller's own Ray is left alone."""
        if self._thread is not None and not self._go.is_set():
            self._cancelled = True
            self._go.set()
        if self._thread is not None:
            self._ready.wait()
        if not self._shut_here:
            self._shutdown()
        self._release.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._shut_here = self._cancelled = False
        self._go.clear()
        self._ray = None
        for name in self._env_set:
            os.environ.pop(name, None)
        self._env_set = {}
        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)
            self._previous = None


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _quiet_ray_data() -> None:
    """Ray Data's own progress bars and plan logs would mix with ours on stderr."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
