"""The benchmarks' own metrics and file formats, on small made-up inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimmap.errors import InputError
from claimmap.eval.checkworthiness import (
    DebateLine,
    average_precision,
    f1_report,
    ranking_report,
    read_claimbuster,
    read_debates,
    write_clef_predictions,
)


def test_eval_average_precision_by_hand() -> None:
    # Positives at ranks 1 and 3: (1/1 + 2/3) / 2.
    assert average_precision([1, 0, 1, 0]) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision([0, 0, 0]) == 0.0


def test_eval_ranking_report_means_over_debates() -> None:
    debates = {
        "a": [DebateLine(1, "X", "s", 0), DebateLine(2, "X", "s", 1)],
        "b": [DebateLine(1, "Y", "s", 1), DebateLine(2, "Y", "s", 0)],
    }
    report = ranking_report(debates, {"a": [0.9, 0.1], "b": [0.9, 0.1]})
    assert report["map"] == pytest.approx((0.5 + 1.0) / 2)
    assert report["r_precision"] == pytest.approx(0.5)
    assert report["p@1"] == pytest.approx(0.5)
    assert report["debates"] == 2


def test_eval_f1_report_per_class() -> None:
    report = f1_report(["CFS", "CFS", "NFS", "UFS"], ["CFS", "NFS", "NFS", "UFS"])
    assert report["per_class"]["CFS"]["precision"] == 1.0
    assert report["per_class"]["CFS"]["recall"] == 0.5
    assert report["cfs_f1"] == pytest.approx(2 / 3)
    assert report["accuracy"] == 0.75


def test_eval_readers_and_submission_format(tmp_path: Path) -> None:
    csv_path = tmp_path / "cb.csv"
    csv_path.write_text("Sentence_id,Text,Verdict\n7,The port handled 40 ships.,1\n"
                        "8,Thank you.,-1\n", encoding="utf-8")
    rows = read_claimbuster(csv_path)
    assert [(r.sentence_id, r.label) for r in rows] == [("7", "CFS"), ("8", "NFS")]
    folder = tmp_path / "debates"
    folder.mkdir()
    (folder / "d1.tsv").write_text("1\tANNE\tWe cut taxes by 9 percent.\t1\n"
                                   "2\tSYSTEM\t[ applause ]\t0\n", encoding="utf-8")
    debates = read_debates(folder)
    out = tmp_path / "pred"
    write_clef_predictions(out, debates, {"d1": [0.75, 0.25]})
    assert (out / "d1.tsv").read_text(encoding="utf-8") == "1\t0.750000\n2\t0.250000\n"


def test_eval_readers_reject_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Sentence_id,Text\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="Verdict"):
        read_claimbuster(bad)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Sentence_id,Text,Verdict\n1,x,7\n", encoding="utf-8")
    with pytest.raises(InputError, match="-1, 0 or 1"):
        read_claimbuster(wrong)
    with pytest.raises(InputError):
        read_debates(tmp_path / "missing")
