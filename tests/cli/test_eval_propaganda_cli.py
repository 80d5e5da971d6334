"""``claimmap eval propaganda`` on a tiny fictional PTC-style directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.rhetoric.text import TECHNIQUES

ARTICLE = ("Harbour Board Caves In To Greedy Dock Bosses\n\n"
           "The spineless harbour board surrendered again on Tuesday.\n"
           "Who really believes these cowards will protect the workers?\n")


def make_ptc(root: Path) -> Path:
    (root / "dev-articles").mkdir(parents=True)
    (root / "dev-articles" / "article900001.txt").write_text(ARTICLE, "utf-8")
    spans = [("Loaded_Language", "spineless"), ("Name_Calling,Labeling", "cowards"),
             ("Doubt", "Who really believes these cowards will protect the workers?")]
    lines = [f"900001\t{t}\t{ARTICLE.index(s)}\t{ARTICLE.index(s) + len(s)}\n"
             for t, s in spans]
    (root / "dev-task2-TC.labels").write_text("".join(lines), "utf-8")
    return root


@pytest.mark.slow
def test_eval_propaganda_cli_json_and_predictions(tmp_path: Path) -> None:
    root = make_ptc(tmp_path / "ptc")
    out = tmp_path / "pred.txt"
    result = CliRunner().invoke(app, ["eval", "propaganda", "--ptc", str(root), "--json",
                                      "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 1 and data["tc"]["spans"] == 3
    assert 0.0 <= data["si"]["f1"] <= 1.0 and 0.0 <= data["tc"]["micro_f1"] <= 1.0
    tc_lines = out.read_text("utf-8").splitlines()
    assert len(tc_lines) == 3
    for line in tc_lines:
        article_id, technique, start, end = line.split("\t")
        assert article_id == "900001" and int(start) < int(end)
        assert technique in TECHNIQUES
    for line in (tmp_path / "pred.txt.si").read_text("utf-8").splitlines():
        article_id, start, end = line.split("\t")
        assert 0 <= int(start) < int(end) <= len(ARTICLE)


def test_eval_propaganda_cli_errors_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "propaganda", "--ptc", str(tmp_path / "no")])
    assert result.exit_code == 2
    assert result.stderr.startswith("claimmap: error:") and result.stderr.count("\n") == 1
    result = CliRunner().invoke(app, ["eval", "propaganda", "--ptc", str(tmp_path),
                                      "--split", "nope"])
    assert result.exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(app, ["eval", "propaganda", "--ptc", str(empty)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
