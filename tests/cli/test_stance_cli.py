from __future__ import annotations

import json
from pathlib import Path

import pytest
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


def _decided(lines: list[str]) -> tuple[float, float, dict[str, float]]:
    line = next(x for x in lines if x.strip().startswith("decided on:"))
    words = line.replace(";", " ").split()
    related = float(words[words.index("P(related)") + 1])
    threshold = float(words[words.index("threshold") + 1])
    biased: dict[str, float] = {}
    if "bias:" in words:
        rest = words[words.index("bias:") + 1:]
        biased = {rest[i]: float(rest[i + 1]) for i in range(0, len(rest), 2)}
    return related, threshold, biased


@pytest.mark.parametrize("headline", ["River port grain terminal closes",
                                      "Grain terminal stays open, port says",
                                      "Chess champion retires after title loss"])
def test_stance_cli_label_follows_the_scores_it_shows(tmp_path: Path, headline: str) -> None:
    path = tmp_path / "body.txt"
    path.write_text(BODY, encoding="utf-8")
    result = CliRunner().invoke(app, ["stance", "--headline", headline, str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    label = lines[0]
    related, threshold, biased = _decided(lines)
    if label == "unrelated":
        assert related < threshold
    else:
        assert related >= threshold and max(biased, key=lambda k: biased[k]) == label
    assert any(x.strip().startswith("probabilities (before the bias):") for x in lines)


def test_stance_cli_escapes_control_characters_of_the_body(tmp_path: Path) -> None:
    path = tmp_path / "body.txt"
    path.write_text(BODY.replace("The terminal", "The \x1b[2J\u202eterminal"), encoding="utf-8")
    result = CliRunner().invoke(app, ["stance", "--headline", "River port grain terminal "
                                      "closes", str(path)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
