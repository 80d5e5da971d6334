"""``claimmap eval attribution`` on the hand-made PolNeAR folder (tests/data/polnear)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.eval.polnear import parse_ann, read_polnear

FOLDER = Path(__file__).resolve().parent.parent / "data" / "polnear"


@pytest.mark.slow
def test_polnear_cli_json(nlp: Language) -> None:
    result = CliRunner().invoke(app, ["eval", "attribution", "--polnear", str(FOLDER),
                                      "--json", "--quiet"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["articles"] == 2
    roles = report["roles"]
    # Gold counts of the folder: 5 contents, 4 sources (one attribution has none), 5 cues.
    assert [roles[r]["exact"]["n_gold"] for r in ("content", "source", "cue")] == [5, 4, 5]
    for role in roles.values():
        for kind in ("exact", "overlap"):
            assert 0.0 <= role[kind]["f1"] <= 1.0
        assert role["exact"]["tp"] <= role["overlap"]["tp"]
    # "its chair Mara Tollan said" and "Tollan said" are plain reported speech.
    assert roles["cue"]["overlap"]["tp"] >= 2
    assert report["content_tokens"]["recall"] > 0.3


@pytest.mark.slow
def test_polnear_cli_table_and_predictions(nlp: Language, tmp_path: Path) -> None:
    runner = CliRunner()
    jsonl = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["eval", "attribution", "--polnear", str(FOLDER), "--quiet",
                                 "--predictions", str(jsonl)])
    assert result.exit_code == 0, result.stderr
    assert "content  overlap" in result.stdout and "content  tokens" in result.stdout
    texts = {a.id: a.text for a in read_polnear(FOLDER)}
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == sorted(texts)
    for record in records:
        for attribution in record["attributions"]:
            for start, end in attribution["content"] + attribution["cue"]:
                assert 0 <= start < end <= len(texts[record["id"]])

    folder = tmp_path / "brat"
    result = runner.invoke(app, ["eval", "attribution", "--polnear", str(FOLDER), "--quiet",
                                 "--limit", "1", "--predictions", str(folder)])
    assert result.exit_code == 0, result.stderr
    (ann,) = folder.glob("*.ann")
    assert ann.name == "bridge-reopens_claimmap.ann"
    parsed = parse_ann(ann.read_text(encoding="utf-8"), text_length=len(texts["bridge-reopens"]))
    assert len(parsed) == len(records[0]["attributions"])


def test_polnear_cli_missing_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "attribution", "--polnear",
                                      str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("claimmap: error:")
    assert len(result.stderr.strip().splitlines()) == 1
