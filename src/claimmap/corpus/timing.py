"""Where a corpus run's fixed costs go: ``timing`` lines on stderr at debug level.

``CLAIMMAP_LOG_LEVEL=debug claimmap corpus add ...`` prints, for each step of a run (Ray
started, the first result back, the pipeline loaded, the writer's total, the shutdown), a line
``claimmap: timing EVENT at T s [+D s] [key=value ...]``: ``T`` is seconds since this process
started (interpreter start-up and imports included), ``D`` the step's own duration.
``bench/scale.py compare`` reads these lines to report each engine's fixed costs.
"""

from __future__ import annotations

import logging
import os
import time

log = logging.getLogger("claimmap.timing")
PREFIX = "timing "


def clock() -> float:
    # /proc gives process start times in the boot-time clock (suspend included).
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    return time.clock_gettime(boottime) if boottime is not None else time.monotonic()


def _process_start() -> float:
    """This process's start as a :func:`clock` reading (Linux: from /proc; elsewhere the
    first import of this module)."""
    try:
        with open("/proc/self/stat") as handle:
            started_ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
        return started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return clock()


_STARTED = _process_start()


def since_start(reading: float | None = None) -> float:
    """Seconds from this process's start to ``reading`` (a :func:`clock` reading, perhaps
    another process's on this machine) or to now."""
    return (clock() if reading is None else reading) - _STARTED


def process_started() -> float:
    """This process's start, as a :func:`clock` reading."""
    return _STARTED


def enabled() -> bool:
    return log.isEnabledFor(logging.DEBUG)


def mark(event: str, seconds: float | None = None, /, **figures: object) -> None:
    """Log ``event`` (``seconds``: how long it took) if timing is on; costs nothing if not."""
    if not enabled():
        return
    took = f" +{seconds:.2f} s" if seconds is not None else ""
    extra = "".join(f" {key}={value}" for key, value in figures.items())
    log.debug("%s%s at %.2f s%s%s", PREFIX, event, since_start(), took, extra)


class Stopwatch:
    """Seconds summed over many short calls (decoding, writing), reported once."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._since = 0.0

    def __enter__(self) -> Stopwatch:
        self._since = time.perf_counter()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.seconds += time.perf_counter() - self._since
        self.calls += 1
