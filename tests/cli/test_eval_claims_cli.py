"""``claimmap eval checkworthiness`` on tiny made-up files: formats, JSON, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimmap.cli import app

CB_CSV = ("Sentence_id,Text,Verdict\n"
          "1,Unemployment in the valley fell to 6 percent last year.,1\n"
          "2,Thank you very much.,-1\n"
          "3,I went to the harbour this morning.,0\n"
          "4,The port handled 40 million tonnes of grain in 2019.,1\n")


@pytest.mark.slow
def test_eval_claims_cli_claimbuster_json_and_predictions(tmp_path: Path) -> None:
    source = tmp_path / "cb.csv"
    source.write_text(CB_CSV, encoding="utf-8")
    out = tmp_path / "pred.csv"
    result = CliRunner().invoke(app, ["eval", "checkworthiness", "--claimbuster", str(source),
                                      "--json", "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["benchmark"] == "claimbuster" and report["n"] == 4
    assert 0.0 <= report["cfs_f1"] <= 1.0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Sentence_id,label,score" and len(lines) == 5
    scores = {row.split(",")[0]: float(row.split(",")[2]) for row in lines[1:]}
    # A number-laden statement of fact outranks a pleasantry.
    assert scores["1"] > scores["2"]


@pytest.mark.slow
def test_eval_claims_cli_clef_text_and_submission(tmp_path: Path) -> None:
    folder = tmp_path / "debates"
    folder.mkdir()
    (folder / "d1.tsv").write_text(
        "1\tANNE\tGood evening and welcome.\t0\n"
        "2\tBOB\tWe cut the deficit by 40 percent in four years.\t1\n"
        "3\tSYSTEM\t[ applause ]\t0\n", encoding="utf-8")
    out = tmp_path / "submission"
    result = CliRunner().invoke(app, ["eval", "checkworthiness", "--clef2020", str(folder),
                                      "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    assert "MAP:" in result.stdout and "d1" in result.stdout
    rows = [r.split("\t") for r in (out / "d1.tsv").read_text(encoding="utf-8").splitlines()]
    assert [r[0] for r in rows] == ["1", "2", "3"]


def test_eval_claims_cli_needs_exactly_one_benchmark(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "checkworthiness"])
    assert result.exit_code == 2
    assert "exactly one" in result.stderr


def test_eval_claims_cli_bad_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "checkworthiness", "--claimbuster", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "missing columns" in result.stderr
