"""``corpus add --shards`` and ``corpus load`` through the CLI (local engine, in process), and
the engine options' usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimmap.cli import app

runner = CliRunner()
STORY = ("The Greywater council will vote on the bridge repairs on Friday, officials said. "
         "\"We were never consulted,\" said Lenka Farrow of the residents' group.")


def _jsonl(path: Path, ids: list[str]) -> Path:
    lines = [json.dumps({"id": i, "text": f"{STORY} Story {i}."}) for i in ids]
    path.write_text("\n".join([*lines, json.dumps({"id": "blank", "text": " "})]) + "\n")
    return path


def test_ray_cli_engine_options_are_usage_errors(tmp_path: Path) -> None:
    data = _jsonl(tmp_path / "a.jsonl", ["a1"])
    for extra in (["--engine", "spark"], ["--engine", "local", "--address", "auto"]):
        result = runner.invoke(app, ["corpus", "add", str(data), "--db",
                                     str(tmp_path / "x.db"), *extra])
        assert result.exit_code == 2, result.stderr
        assert "Traceback" not in result.stderr
    result = runner.invoke(app, ["corpus", "load", str(tmp_path / "nowhere"), "--db",
                                 str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "no such folder" in result.stderr


@pytest.mark.slow
def test_ray_cli_shards_then_load(tmp_path: Path) -> None:
    a, b = _jsonl(tmp_path / "a.jsonl", ["a1", "a2"]), _jsonl(tmp_path / "b.jsonl", ["b1"])
    out, db = tmp_path / "shards", str(tmp_path / "corpus.db")
    args = ["corpus", "add", str(a), str(b), "--engine", "local", "--workers", "1",
            "--shards", str(out), "--json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 1, first.stderr  # the blank records
    assert json.loads(first.stdout)["inserted"] == 3
    assert not (tmp_path / "claimmap.db").exists()
    again = runner.invoke(app, args)
    assert json.loads(again.stdout)["inputs_skipped"] == 2
    loaded = runner.invoke(app, ["corpus", "load", str(out), "--db", db, "--json"])
    assert loaded.exit_code == 1, loaded.stderr
    assert json.loads(loaded.stdout)["inserted"] == 3
    stats = runner.invoke(app, ["corpus", "stats", "--db", db, "--format", "json"])
    counts = json.loads(stats.stdout)["counts"]
    assert counts["articles"] == 3 and counts["errors"] == 2
    reload = runner.invoke(app, ["corpus", "load", str(out), "--db", db, "--json"])
    assert json.loads(reload.stdout)["shards_skipped"] == 2
