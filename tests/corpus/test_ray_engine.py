"""The Ray engine on a local Ray (2 CPUs, no dashboard): the same store as the local engine,
shards through Ray, and no Ray process left behind by the CLI. Slow: Ray and the pipeline
start here."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from claimmap.corpus.engines import EngineChoiceError, open_engine
from claimmap.corpus.inputs import iter_inputs
from claimmap.corpus.local import LocalEngine
from claimmap.corpus.run import add_to_store
from claimmap.corpus.shards import load_shards, write_shards
from claimmap.store import open_store

ray = pytest.importorskip("ray")

TIMESTAMPS = {"added_at", "updated_at", "first_seen", "finished_at", "stored_at",
              "replaced_at"}
STORIES = [
    "Port Ellery's harbour master, Ilse Drummore, said on Monday that the new ferry contract "
    "would cost 40 million crowns. \"We were never consulted,\" said Tomas Kelby of the "
    "Transit Union.",
    "The Fisheries Board denied the figures. \"These claims are simply false,\" Petra Szabo "
    "told reporters in Nordhaven. Critics say the plan will ruin the town for a generation.",
    "According to a report by the regional council, 30 percent of households in Greywater "
    "would pay more next year. Anwar Okafor accused the council of hiding the true cost.",
    "The council will vote on the bridge repairs on Friday, officials said. Mara Vellacott "
    "argued that the decision was rushed and that 200 jobs could be lost.",
]


def _jsonl(path: Path, stories: list[str], prefix: str, bad: bool = False) -> Path:
    lines = [json.dumps({"id": f"{prefix}{i}", "text": text, "outlet": "The Moorfield Courier",
                         "published": f"2026-03-0{i + 1}"}) for i, text in enumerate(stories)]
    if bad:
        lines.insert(1, json.dumps({"id": "empty", "text": ""}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    listed = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table' "
                          "AND name NOT LIKE 'sqlite_%'").fetchall()
    shadows = {f"{name}_{part}" for name, sql in listed if "VIRTUAL" in (sql or "").upper()
               for part in ("data", "idx", "content", "docsize", "config")}
    out = {}
    for table in sorted(name for name, _ in listed if name not in shadows):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")
                if r[1] not in TIMESTAMPS]
        out[table] = conn.execute(f'SELECT rowid, {", ".join(cols)} FROM "{table}" '
                                  "ORDER BY rowid").fetchall()
    conn.close()
    return out


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def test_ray_engine_choice_errors_are_usage_errors() -> None:
    with pytest.raises(EngineChoiceError):
        open_engine("spark")
    with pytest.raises(EngineChoiceError):
        open_engine("local", address="auto")


@pytest.mark.slow
def test_ray_engine_store_is_identical_to_the_local_engine(local_ray: None,
                                                            tmp_path: Path) -> None:
    first = _jsonl(tmp_path / "first.jsonl", STORIES[:3], "s", bad=True)
    second = _jsonl(tmp_path / "second.jsonl", STORIES[1:], "t")
    dbs = {}
    for name, engine in (("local", LocalEngine(1)), ("ray", open_engine("ray", 2))):
        dbs[name] = tmp_path / f"{name}.db"
        store = open_store(dbs[name])
        with closing(engine):
            report = add_to_store(iter_inputs([first, second]), store, engine)
        store.close()
        assert (report.inserted, report.errors) == (6, 1)
    local, via_ray = _dump(dbs["local"]), _dump(dbs["ray"])
    assert local["claims"] and local["quotes"]
    assert via_ray == local
    # The engine joined the caller's Ray and left it running.
    assert ray.is_initialized()


@pytest.mark.slow
def test_ray_engine_shards_then_load_equal_a_direct_ray_add(local_ray: None,
                                                            tmp_path: Path) -> None:
    inputs = [_jsonl(tmp_path / "a.jsonl", STORIES[:2], "a"),
              _jsonl(tmp_path / "b.jsonl", STORIES[2:], "b", bad=True)]
    out = tmp_path / "shards"
    with closing(open_engine("ray", 2)) as engine:
        report = write_shards(iter_inputs(inputs), out, engine)
        assert (report.inserted, report.errors) == (4, 1)
        rerun = write_shards(iter_inputs(inputs), out, engine)
        assert (rerun.inserted, rerun.inputs_skipped) == (0, 2)
        direct = open_store(tmp_path / "direct.db")
        add_to_store(iter_inputs(inputs), direct, engine)
        direct.close()
    loaded = open_store(tmp_path / "loaded.db")
    assert load_shards(out, loaded).inserted == 4
    loaded.close()
    a, b = _dump(tmp_path / "direct.db"), _dump(tmp_path / "loaded.db")
    for table in ("articles", "claims", "quotes", "techniques", "actors", "errors"):
        assert a[table] == b[table], table


@pytest.mark.slow
def test_ray_cli_run_exits_0_and_leaves_no_ray_process(tmp_path: Path, descendants: Any) -> None:
    data = _jsonl(tmp_path / "in.jsonl", STORIES[:2], "c")
    claimmap = str(Path(sys.executable).with_name("claimmap"))
    proc = subprocess.Popen([claimmap, "corpus", "add", str(data), "--db",
                             str(tmp_path / "c.db"), "--engine", "ray", "--workers", "1",
                             "--json", "--quiet"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE,
                            text=True)
    started: set[int] = set()  # every process the run started (raylet, GCS, workers...)
    while proc.poll() is None:
        started |= descendants(proc.pid)
        time.sleep(0.5)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr[-2000:]
    assert json.loads(stdout)["inserted"] == 2
    assert len(started) >= 2  # Ray did start here
    deadline = time.monotonic() + 20
    while any(_alive(p) for p in started) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not [p for p in started if _alive(p)]
    assert "Traceback" not in stderr


def test_ray_engine_outcome_carries_the_stored_encoding_of_the_actor_json() -> None:
    from claimmap.corpus.engine import Analysed, WorkItem
    from claimmap.corpus.ray_engine import _outcome
    from claimmap.store.write import claimmap_json, encode_claimmap
    from claimmap.types import Article, ClaimMap, Provenance

    article = Article(id="n1", text="Ilse Kelby said the ferry would cost \u20ac4 million.")
    cm = ClaimMap(article=article, provenance=Provenance("0.1", "3.8.0", "m", "3.8.0", "t"))
    outcome = _outcome(WorkItem(0, "in.jsonl", 1, article, "h"), claimmap_json(cm), "")
    assert isinstance(outcome, Analysed) and outcome.claimmap == cm
    assert outcome.encoded == encode_claimmap(cm)
