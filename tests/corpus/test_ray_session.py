"""Starting Ray in the background for the Ray engine: a failure is one line on the caller's
thread, the session shuts down on the thread that started Ray, a run with nothing to analyse
never starts Ray, and an engine whose Ray was let go after its last window starts afresh."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.corpus import ray_session
from claimmap.corpus.ray_engine import RayEngine
from claimmap.corpus.ray_session import RaySession, RayUnavailable

STORY = ("The Greywater council will vote on the bridge repairs on Friday, officials said. "
         "\"We were never consulted,\" said Lenka Farrow of the residents' group.")


class FakeRay:
    """Stands in for the ``ray`` module: records which thread started and stopped it."""

    def __init__(self, fail: str | None = None) -> None:
        self.fail = fail
        self.initialised = False
        self.init_thread: str | None = None
        self.shutdown_thread: str | None = None
        self.data = self  # _quiet_ray_data imports the real ray.data, not this

    def is_initialized(self) -> bool:
        return self.initialised

    def init(self, **_kwargs: Any) -> None:
        self.init_thread = threading.current_thread().name
        time.sleep(0.05)
        if self.fail:
            raise RuntimeError(self.fail)
        self.initialised = True

    def shutdown(self) -> None:
        self.shutdown_thread = threading.current_thread().name
        self.initialised = False


@pytest.fixture
def fake_ray(monkeypatch: pytest.MonkeyPatch) -> FakeRay:
    fake = FakeRay()
    monkeypatch.setattr(ray_session, "import_ray", lambda: fake)
    monkeypatch.setattr(ray_session, "_quiet_ray_data", lambda: None)
    return fake


def test_ray_session_background_start_failure_is_a_one_line_error(
        fake_ray: FakeRay) -> None:
    fake_ray.fail = "could not bind the GCS port\n  a second line of detail"
    before = signal.getsignal(signal.SIGTERM)
    session = RaySession(None, num_cpus=2)
    session.start()
    with pytest.raises(RayUnavailable) as caught:
        session.wait()
    assert str(caught.value) == "cannot start or reach a local Ray: could not bind the GCS port"
    assert fake_ray.init_thread == "claimmap-ray-init"
    session.close()
    assert fake_ray.shutdown_thread is None  # nothing was started, nothing to stop
    assert signal.getsignal(signal.SIGTERM) == before


def test_ray_session_shutdown_soon_stops_ray_on_the_thread_that_started_it(
        fake_ray: FakeRay) -> None:
    session = RaySession(None, num_cpus=2)
    session.start()
    assert session.wait() is fake_ray
    # Ray's daemons die with the thread that started them: it must outlive the connection.
    assert any(t.name == "claimmap-ray-init" for t in threading.enumerate())
    session.shutdown_soon()
    assert session.shutting_down
    session.close()
    assert fake_ray.shutdown_thread == "claimmap-ray-init"
    assert not fake_ray.initialised
    assert not any(t.name == "claimmap-ray-init" for t in threading.enumerate())


def test_ray_session_close_while_starting_waits_and_shuts_down(fake_ray: FakeRay) -> None:
    session = RaySession(None, num_cpus=2)
    session.start()
    session.close()  # Ray still starting: close waits for it, then stops it
    assert fake_ray.shutdown_thread == threading.current_thread().name
    assert not fake_ray.initialised


def test_ray_engine_run_with_nothing_to_analyse_never_starts_ray(fake_ray: FakeRay) -> None:
    engine = RayEngine(2)
    assert list(engine.run(iter([]))) == []
    engine.close()
    assert fake_ray.init_thread is None


def test_ray_cli_ray_that_cannot_start_is_one_line_and_exit_1(
        fake_ray: FakeRay, tmp_path: Path) -> None:
    fake_ray.fail = "no space left for the object store\nTraceback-like detail"
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"id": "g1", "text": STORY}) + "\n", encoding="utf-8")
    # --no-track: no claim-embedder preload thread still importing when the test ends.
    result = CliRunner().invoke(app, ["corpus", "add", str(data), "--db",
                                      str(tmp_path / "x.db"), "--engine", "ray", "--quiet",
                                      "--no-track"])
    assert result.exit_code == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == ["claimmap: error: cannot start or reach a local Ray: no space left for "
                     "the object store"]


@pytest.mark.slow
def test_ray_engine_private_ray_twice_then_nothing_left(tmp_path: Path, descendants: Any) -> None:
    ray = pytest.importorskip("ray")
    if ray.is_initialized():
        pytest.skip("a Ray is already running in this process")
    from claimmap.corpus.inputs import iter_inputs
    from claimmap.corpus.run import add_to_store
    from claimmap.store import open_store

    before = descendants(os.getpid(), living=True)
    data = tmp_path / "in.jsonl"
    data.write_text("\n".join(json.dumps({"id": f"p{i}", "text": f"{STORY} Story {i}."})
                              for i in range(3)) + "\n", encoding="utf-8")
    with closing(RayEngine(1)) as engine:
        for name in ("a", "b"):  # the second run starts a new Ray: the first let its go
            store = open_store(tmp_path / f"{name}.db")
            report = add_to_store(iter_inputs([data]), store, engine)
            store.close()
            assert (report.inserted, report.errors) == (3, 0)
    deadline = time.monotonic() + 30
    while descendants(os.getpid(), living=True) - before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not descendants(os.getpid(), living=True) - before
    assert not ray.is_initialized()


def test_ray_session_prepared_but_never_started_imports_only(fake_ray: FakeRay) -> None:
    session = RaySession(None, num_cpus=2)
    session.prepare()  # what open_engine does: Ray's import, in the background
    session.close()  # no work came: Ray was never started, and the thread is gone
    assert fake_ray.init_thread is None and fake_ray.shutdown_thread is None
    assert not any(t.name == "claimmap-ray-init" for t in threading.enumerate())
    session.prepare()
    session.start()
    assert session.wait() is fake_ray
    assert fake_ray.init_thread == "claimmap-ray-init"
    session.close()
    assert fake_ray.shutdown_thread == threading.current_thread().name
