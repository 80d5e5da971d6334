from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.errors import InputError
from claimmap.eval.stance import fnc_scores, read_bodies, read_stances


def test_stance_fnc_score_uses_the_official_weights() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated"]
    # exact related (1.0), related but wrong class (0.25), called unrelated (0), right (0.25)
    scores = fnc_scores(gold, ["agree", "agree", "unrelated", "unrelated"])
    assert scores.score == 1.5
    assert scores.max_score == 3.25
    assert scores.relative == round(1.5 / 3.25, 4)
    assert scores.confusion["disagree"]["agree"] == 1
    assert scores.f1["disagree"] == 0.0
    assert scores.f1["unrelated"] == round(2 / 3, 4)


def test_stance_fnc_perfect_predictions_score_one() -> None:
    gold = ["agree", "discuss", "unrelated", "disagree"]
    scores = fnc_scores(gold, gold)
    assert scores.relative == 1.0 and scores.macro_f1 == 1.0


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture()
def fnc_files(tmp_path: Path) -> tuple[Path, Path]:
    bodies = _write(tmp_path / "bodies.csv", ["Body ID", "articleBody"], [
        ["1", "The harbour ferry sank near the pier on Sunday, the coast guard said.\n"
              "All passengers were rescued by fishing boats."],
        ["2", "A bakery in the old town won a prize for its rye bread."],
    ])
    stances = _write(tmp_path / "stances.csv", ["Headline", "Body ID", "Stance"], [
        ["Harbour ferry sinks near pier", "1", "agree"],
        ["Harbour ferry sinks near pier", "2", "unrelated"],
    ])
    return bodies, stances


def test_stance_fnc_reader_keeps_multiline_bodies(fnc_files: tuple[Path, Path]) -> None:
    bodies = read_bodies(fnc_files[0])
    assert "\n" in bodies["1"]
    assert [p.stance for p in read_stances(fnc_files[1])] == ["agree", "unrelated"]


def test_stance_fnc_reader_rejects_bad_labels(tmp_path: Path) -> None:
    bad = _write(tmp_path / "s.csv", ["Headline", "Body ID", "Stance"], [["h", "1", "maybe"]])
    with pytest.raises(InputError):
        read_stances(bad)


def test_stance_fnc_cli_json_and_predictions(fnc_files: tuple[Path, Path],
                                             tmp_path: Path) -> None:
    out = tmp_path / "pred.csv"
    result = CliRunner().invoke(app, ["eval", "stance", "--fnc1", str(fnc_files[0]),
                                      str(fnc_files[1]), "--json", "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 2 and set(data["f1"]) == {"agree", "disagree", "discuss", "unrelated"}
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Headline", "Body ID", "Stance"] and len(rows) == 3
    assert rows[2][2] == "unrelated"


def test_stance_fnc_cli_text_prints_score_and_confusion(fnc_files: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(app, ["eval", "stance", "--fnc1", str(fnc_files[0]),
                                      str(fnc_files[1])])
    assert result.exit_code == 0
    assert "FNC score" in result.stdout and "macro-F1" in result.stdout
    assert "confusion" in result.stdout


def test_stance_fnc_cli_missing_body_is_one_line_error(tmp_path: Path,
                                                       fnc_files: tuple[Path, Path]) -> None:
    stances = _write(tmp_path / "s.csv", ["Headline", "Body ID", "Stance"],
                     [["Ferry sinks", "99", "agree"]])
    result = CliRunner().invoke(app, ["eval", "stance", "--fnc1", str(fnc_files[0]),
                                      str(stances)])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip().count("\n") == 0 and "Body ID" in result.stderr


def test_stance_fnc_cli_unlabelled_file_writes_predictions(fnc_files: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    stances = _write(tmp_path / "unlabelled.csv", ["Headline", "Body ID"],
                     [["Harbour ferry sinks near pier", "1"]])
    result = CliRunner().invoke(app, ["eval", "stance", "--fnc1", str(fnc_files[0]),
                                      str(stances)])
    assert result.exit_code != 0 and "--predictions" in result.stderr
    out = tmp_path / "pred.csv"
    result = CliRunner().invoke(app, ["eval", "stance", "--fnc1", str(fnc_files[0]),
                                      str(stances), "--predictions", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 2 and rows[1][:2] == ["Harbour ferry sinks near pier", "1"]
