from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimmap.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()
GOOD = "The harbour master said the north quay would reopen on Friday after repairs.\n"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_cli_analyze_text_view_lists_speaker_and_quote(tmp_path: Path) -> None:
    path = tmp_path / "quay.txt"
    path.write_text(GOOD)
    code, out, _ = run("analyze", str(path))
    assert code == 0
    assert "Quotes by speaker" in out and "the north quay would reopen on Friday" in out


def test_cli_analyze_json_to_file_and_jsonl_from_stdin(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    path = tmp_path / "quay.txt"
    path.write_text(GOOD)
    code, _, _ = run("analyze", str(path), "--format", "json", "--output", str(target))
    assert code == 0
    data = json.loads(target.read_text())
    assert data["article"]["id"] == "quay" and data["quotes"]
    record = json.dumps({"id": "s1", "text": GOOD, "title": "Quay"})
    code, out, _ = run("analyze", "-", "--format", "jsonl", stdin=record + "\n")
    assert code == 0
    [line] = out.splitlines()
    assert json.loads(line)["article"]["title"] == "Quay"


@pytest.mark.parametrize("name,content", [
    ("empty.txt", b""),
    ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50),
    ("invalid.txt", b"caf\xe9 \xff\xfe\xfd" + bytes(range(128, 192)) * 20),
])
def test_cli_analyze_bad_input_is_one_line_and_nonzero(tmp_path: Path, name: str,
                                                        content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run("analyze", str(path))
    assert code != 0 and out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("claimmap: error:") and name in lines[0]
    assert "Traceback" not in err


def test_cli_analyze_oversize_file_is_refused(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMMAP_MAX_CHARS", "1000")
    path = tmp_path / "big.txt"
    path.write_text("The mayor said so. " * 400)
    code, _, err = run("analyze", str(path))
    assert code == 1 and "over the limit" in err


def test_cli_analyze_partial_failure_still_analyses_the_rest(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": "fine text said the mayor."}\n'
                                         "{broken\n")
    missing = tmp_path / "missing.txt"
    code, out, err = run("analyze", str(tmp_path), str(missing), "--format", "jsonl")
    assert code == 1
    ids = [json.loads(line)["article"]["id"] for line in out.splitlines()]
    assert ids == ["x", "good"]
    assert "bad.jsonl:2" in err and "missing.txt" in err


def test_cli_analyze_usage_errors_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "quay.txt"
    path.write_text(GOOD)
    assert run("analyze", str(path), "--format", "yaml")[0] == 2
    assert run("analyze")[0] == 2


def test_cli_analyze_uses_every_core_for_many_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimmap.cli import analyze as command

    monkeypatch.setattr(command.os, "sched_getaffinity", lambda _: {0, 1, 2}, raising=False)
    assert command.auto_workers(1) == 1
    assert command.auto_workers(command.MIN_FILES_FOR_WORKERS - 1) == 1
    assert command.auto_workers(command.MIN_FILES_FOR_WORKERS) == 3
    assert command.auto_workers(84) == 3
