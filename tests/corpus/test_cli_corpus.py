"""``claimmap corpus ...`` from the command line: usage errors, every query command in every
format over a hand-built store, and (slow) a real ``corpus add`` killed and resumed."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.store import open_store
from claimmap.store.write import put_article
from claimmap.types import ClaimMap

ROOT = Path(__file__).resolve().parents[2]
FNC_BODIES = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.fixture()
def db(tmp_path: Path, claimmap_builder: Any) -> str:
    path = tmp_path / "corpus.db"
    store = open_store(path)
    with store.begin() as conn:
        put_article(conn, claimmap_builder("a1"))
        put_article(conn, claimmap_builder("a2", outlet="Valley Times", published="2026-12-08",
                                           extra=" Port director Lena Holm praised it."))
    store.close()
    return str(path)


@pytest.mark.parametrize("args", [
    ["corpus", "add"],
    ["corpus", "add", "x.jsonl", "--workers", "0"],
    ["corpus", "claims", "--since", "last week"],
    ["corpus", "search", "x", "--db", "/nonexistent/dir/none.db"],
    ["corpus", "search", "x", "--db", "mysql://h/x"],
    ["corpus", "export", "--format", "xml"],
])
def test_cli_corpus_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_cli_corpus_search_in_every_format(db: str) -> None:
    text = invoke("corpus", "search", "praised director", "--db", db)
    assert text.exit_code == 0 and "a2" in text.output and "a1" not in text.output
    hits = json.loads(invoke("corpus", "search", "praised director", "--db", db,
                             "--format", "json").output)
    assert {h["article_id"] for h in hits} == {"a2"}
    lines = invoke("corpus", "search", "kroner", "--db", db, "-f", "jsonl").output.splitlines()
    assert {json.loads(line)["article_id"] for line in lines} == {"a1", "a2"}
    rows = list(csv.DictReader(io.StringIO(invoke("corpus", "search", "kroner", "--db", db,
                                                  "-f", "csv").output)))
    assert {r["article_id"] for r in rows} == {"a1", "a2"}
    assert invoke("corpus", "search", "' OR 1=1 --", "--db", db).exit_code == 0


def test_cli_corpus_claims_actors_outlets(db: str) -> None:
    claims = json.loads(invoke("corpus", "claims", "--db", db, "--actor", "Anna Berg",
                               "--outlet", "Valley Times", "-f", "json").output)
    assert [c["article_id"] for c in claims] == ["a2"]
    since = json.loads(invoke("corpus", "claims", "--db", db, "--since", "2026-12-01",
                              "--min-checkworthiness", "0.5", "--top", "5", "-f", "json").output)
    assert [c["article_id"] for c in since] == ["a2"]
    actors = json.loads(invoke("corpus", "actors", "--db", db, "-f", "json").output)
    assert actors[0]["name"] == "Anna Berg" and actors[0]["quotes"] == 2
    weeks = json.loads(invoke("corpus", "outlets", "--db", db, "-f", "json").output)
    assert {(w["outlet"], w["week"]) for w in weeks} == {("Harbour Herald", "2026-W49"),
                                                         ("Valley Times", "2026-W50")}
    overall = invoke("corpus", "outlets", "--db", db, "--overall")
    assert overall.exit_code == 0 and "technique_rate" in overall.output


def test_cli_corpus_stats_check_export(db: str) -> None:
    stats = json.loads(invoke("corpus", "stats", "--db", db, "-f", "json").output)
    assert stats["counts"]["articles"] == 2 and stats["backend"] == "sqlite"
    assert "articles" in invoke("corpus", "stats", "--db", db).output
    check = invoke("corpus", "check", "--db", db)
    assert check.exit_code == 0 and check.output.strip() == "ok"
    exported = invoke("corpus", "export", "--db", db).output.splitlines()
    maps = [ClaimMap.from_dict(json.loads(line)) for line in exported]
    assert [m.article.id for m in maps] == ["a1", "a2"] and maps[0].quotes
    rows = list(csv.DictReader(io.StringIO(invoke("corpus", "export", "--db", db, "-f", "csv",
                                                  "--table", "claims").output)))
    assert [r["id"] for r in rows] == ["a1#c1", "a2#c1"]


def _corpus(path: Path, n: int) -> tuple[set[str], int]:
    """n real bodies (FNC-1), one planted fictional article and 3 bad lines."""
    lines, ids = [], set()
    with FNC_BODIES.open(newline="", encoding="utf-8") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if i >= n:
                break
            ids.add(f"b{i}")
            lines.append(json.dumps({"id": f"b{i}", "text": row["articleBody"],
                                     "outlet": f"Outlet {i % 5}", "published": "2026-11-30"}))
    lines.insert(3, json.dumps({"id": "planted", "outlet": "Outlet 9", "text": (
        "The Tidewater ferry company said on Friday that its new lantern-class vessels "
        "would enter service in March. Port director Lena Holm welcomed the plan.")}))
    ids.add("planted")
    lines.insert(7, '{"id": "broken", "text": ')
    lines.insert(11, json.dumps({"id": "blank", "text": "   "}))
    lines.append(json.dumps({"id": ["list"], "text": "Wrong id type."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids, 3


def _dump(db: Path) -> list[Any]:
    """Every row of every table, search index included."""
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "ORDER BY name")]
    rows = [(name, conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall())
            for name in names]
    conn.close()
    return rows


@pytest.mark.slow
def test_cli_corpus_add_survives_sigkill_and_stores_each_article_once(tmp_path: Path) -> None:
    if not FNC_BODIES.exists():
        pytest.skip("../shared/data/fnc1 is not beside this checkout")
    data, db = tmp_path / "in.jsonl", tmp_path / "corpus.db"
    good, bad = _corpus(data, 24)
    command = [sys.executable, "-m", "claimmap", "corpus", "add", str(data), "--db", str(db),
               "--workers", "2", "--quiet"]
    rng = random.Random(5)
    for wait in (rng.uniform(4, 8), rng.uniform(8, 14)):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(wait)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    first = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert first.returncode == 1, first.stderr
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    assert sorted(ids) == sorted(good)
    assert conn.execute("SELECT count(*) FROM errors").fetchone()[0] == bad
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM claimmaps").fetchone()[0] == len(good)
    conn.close()
    before = _dump(db)
    again = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert again.returncode == 1
    assert _dump(db) == before
    found = subprocess.run([sys.executable, "-m", "claimmap", "corpus", "search",
                            "lantern Tidewater", "--db", str(db), "-f", "json"],
                           capture_output=True, text=True, check=True)
    assert {h["article_id"] for h in json.loads(found.stdout)} == {"planted"}
    check = subprocess.run([sys.executable, "-m", "claimmap", "corpus", "check", "--db",
                            str(db)], capture_output=True, text=True, check=False)
    assert check.returncode == 0 and check.stdout.strip() == "ok"
