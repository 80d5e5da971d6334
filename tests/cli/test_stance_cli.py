from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from claimmap.cli import app

BODY = ("Officials of the river port denied reports that the grain terminal had closed. "
        "The terminal remains open and busy, the port authority said.")


def test_stance_cli_prints_label_and_scores(tmp_path: Path) -> None:
    path = tmp_path / "body.txt"
    path.write_text(BODY, encoding="utf-8")
    result = CliRunner().invoke(app, ["stance", "--headline", "River port grain terminal "
                                      "closes", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["label"] in ("agree", "disagree", "discuss", "unrelated")
    assert data["headline"] == "River port grain terminal closes"
    for span in data["evidence"]:
        assert BODY[span["start"]:span["end"]] == span["text"]


def test_stance_cli_errors_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["stance", "--headline", "x", str(tmp_path / "none.txt")])
    assert result.exit_code != 0
    assert result.stderr.startswith("claimmap: error:") and result.stderr.count("\n") == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("  ", encoding="utf-8")
    result = CliRunner().invoke(app, ["stance", "--headline", "x", str(empty)])
    assert result.exit_code == 2
