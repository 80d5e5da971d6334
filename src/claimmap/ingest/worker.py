"""HTML extraction in a child process that can be killed: lxml and trafilatura hang or blow up
on some malformed pages, and a thread cannot be stopped.

Workers are started once (``python -m claimmap.ingest.worker``, so no ``fork`` of a threaded
server and no re-import of the caller's ``__main__``) and reused; a page that runs past the
time cap gets its worker killed and an :class:`InputError`, and the next page a fresh worker.
Each worker caps its own address space, so a page that explodes in memory fails alone.
Set ``CLAIMMAP_HTML_ISOLATE=0`` to extract in-process (no caps; for debugging).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from typing import IO, Any

from claimmap.errors import ClaimmapError, InputError

DEFAULT_TIMEOUT_S = 5.0
# Address-space cap of a worker: the interpreter, lxml and trafilatura take ~150 MB; a page
# that needs more than this is not an article.
MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024
_HEADER = struct.Struct(">Q")
_START_TIMEOUT_S = 60.0
# A page may take this many times its CPU cap in wall time on a loaded machine.
_WALL_FACTOR = 6.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _write(stream: IO[bytes], payload: Any) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read(stream: IO[bytes]) -> Any:
    (size,) = _HEADER.unpack(_read_exact(stream, _HEADER.size))
    return pickle.loads(_read_exact(stream, size))


class _Worker:
    def __init__(self) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "claimmap.ingest.worker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.out: IO[bytes] = self.proc.stdout
        self.inp: IO[bytes] = self.proc.stdin
        if not self._ready(_START_TIMEOUT_S) or _read(self.out) != "ready":
            self.kill()
            raise InputError("HTML extraction worker did not start")

    def _ready(self, timeout: float) -> bool:
        readable, _, _ = select.select([self.out], [], [], timeout)
        return bool(readable)

    def _cpu_seconds(self) -> float | None:
        """The worker's CPU time so far (Linux), or None where /proc is not there."""
        try:
            with open(f"/proc/{self.proc.pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS

    def _answered_within(self, timeout: float) -> bool:
        """Wait for the answer while the page has used under ``timeout`` seconds of CPU (so
        a machine busy with other work does not fail good pages), and never more than
        ``_WALL_FACTOR`` times that in wall time."""
        started, cpu_start = time.monotonic(), self._cpu_seconds()
        while True:
            elapsed = time.monotonic() - started
            cpu_now = self._cpu_seconds()
            used = (cpu_now - cpu_start) if cpu_now is not None and cpu_start is not None \
                else elapsed
            if used >= timeout or elapsed >= timeout * _WALL_FACTOR:
                return self._ready(0)
            if self._ready(min(0.2, max(timeout - used, 0.01))):
                return True

    def call(self, html: str, url: str | None, source: str, timeout: float) -> dict[str, Any]:
        try:
            _write(self.inp, (html, url, source))
        except (BrokenPipeError, OSError):
            self.kill()
            raise InputError(f"{source}: HTML extraction worker failed") from None
        if not self._answered_within(timeout):
            self.kill()
            raise InputError(f"{source}: HTML extraction took over {timeout:g} s; the page "
                             "is malformed or too complex")
        try:
            status, payload = _read(self.out)
        except (EOFError, pickle.UnpicklingError, struct.error):
            self.kill()
            raise InputError(f"{source}: HTML extraction failed on this page (the worker "
                             "died: out of memory or a parser crash)") from None
        if status == "ok":
            return dict(payload)
        if isinstance(payload, ClaimmapError):
            raise payload
        raise InputError(f"{source}: cannot extract text from the HTML ({payload})")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.inp, self.out):
            with contextlib.suppress(OSError):
                stream.close()


class _Pool:
    """Idle workers, shared by threads; a caller takes one, or starts one when none is idle."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: list[_Worker] = []
        self.started = 0

    def run(self, html: str, url: str | None, source: str, timeout: float) -> dict[str, Any]:
        with self.lock:
            worker = self.idle.pop() if self.idle else None
        if worker is not None and not worker.alive():
            worker.kill()  # died while idle: reap it and close its pipes
            worker = None
        if worker is None:
            worker = _Worker()
            self.started += 1
        try:
            result = worker.call(html, url, source, timeout)
        except ClaimmapError:
            if worker.alive():  # a clean refusal; a timed-out worker was killed
                self._give_back(worker)
            raise
        except BaseException:
            worker.kill()  # interrupted mid-page: its answer would reach the next caller
            raise
        self._give_back(worker)
        return result

    def _give_back(self, worker: _Worker) -> None:
        with self.lock:
            self.idle.append(worker)

    def close(self) -> None:
        with self.lock:
            workers, self.idle = self.idle, []
        for worker in workers:
            worker.kill()


POOL = _Pool()
atexit.register(POOL.close)


def isolated() -> bool:
    return os.environ.get("CLAIMMAP_HTML_ISOLATE", "1").strip().lower() not in (
        "0", "false", "no", "off")


def extract(html: str, *, url: str | None, source: str,
            timeout: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
    """:func:`claimmap.ingest.extract.extract_fields`, in a worker under the caps."""
    if not isolated():
        from claimmap.ingest.extract import extract_fields

        return extract_fields(html, url, source)
    return POOL.run(html, url, source, timeout)


_WARM_UP_PAGE = ("<html><head><title>Warm</title></head><body><table><tr><td>By Ann Lee"
                 "<br><br>A short note.</td></tr></table><p>Updated May 2, 2026</p>"
                 "</body></html>")


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the time cap still holds


def main() -> None:
    from claimmap.ingest.extract import extract_fields, quiet_libraries

    _limit_memory()
    quiet_libraries()
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    # Nothing else may write to our stdout: it carries the answers.
    sys.stdout = sys.stderr
    # Warm every lazy import and table (all three extraction modes) before taking pages, so
    # no real page pays for it against its time cap.
    with contextlib.suppress(ClaimmapError):
        extract_fields(_WARM_UP_PAGE, None, "warm-up")
    _write(out, "ready")
    while True:
        try:
            html, url, source = _read(inp)
        except EOFError:
            return
        started = time.monotonic()
        try:
            answer: tuple[str, Any] = ("ok", extract_fields(html, url, source))
        except ClaimmapError as err:
            answer = ("error", err)
        except MemoryError:
            answer = ("error", InputError(f"{source}: the HTML needs too much memory to "
                                          "extract"))
        except RecursionError:
            answer = ("error", InputError(f"{source}: the HTML is nested too deeply"))
        except Exception as err:
            # A parser bug must not kill the worker: report it as this page's failure.
            answer = ("error", f"{type(err).__name__} after "
                               f"{time.monotonic() - started:.1f} s")
        _write(out, answer)


if __name__ == "__main__":
    main()
