"""``claimmap eval propaganda`` reads the organisers' dev file names and refuses a directory
without labels; the stance split by headline keeps the two held-out sides apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.eval.propaganda import load_ptc
from claimmap.eval.stance import Pair, headline_share, in_split

TEXT = "Cowardly officials fled.\nWho really benefits from the deal?\n"


def _dev_release(root: Path, *, si: bool = True, tc: bool = True) -> Path:
    (root / "dev-articles").mkdir(parents=True)
    (root / "dev-articles" / "article7.txt").write_text(TEXT, "utf-8")
    if tc:
        (root / "dev-task-TC.labels").write_text("7\tLoaded_Language\t0\t8\n7\tDoubt\t25\t59\n",
                                                 "utf-8")
    if si:
        (root / "dev-task-SI.labels").write_text("7\t0\t8\n7\t25\t59\n", "utf-8")
    return root


def test_eval_files_dev_names_are_read(tmp_path: Path) -> None:
    data = load_ptc(_dev_release(tmp_path))
    assert [s.technique for s in data.tc] == ["Loaded_Language", "Doubt"]
    assert data.si["7"] == [(0, 8), (25, 59)]


def test_eval_files_dev_si_alone_is_read(tmp_path: Path) -> None:
    data = load_ptc(_dev_release(tmp_path, tc=False))
    assert data.tc == ()
    assert data.si["7"] == [(0, 8), (25, 59)]


def test_eval_files_no_labels_is_a_clear_error(tmp_path: Path) -> None:
    root = _dev_release(tmp_path, si=False, tc=False)
    with pytest.raises(FileNotFoundError, match="no labels file"):
        load_ptc(root)
    result = CliRunner().invoke(app, ["eval", "propaganda", "--ptc", str(root)])
    assert result.exit_code == 1
    assert "no labels file" in result.output
    assert "Traceback" not in result.output


def test_eval_files_headline_split_is_disjoint() -> None:
    bodies = {"test": ["1"], "dev": ["2"], "train": ["3"]}
    headlines = [f"Headline number {i}" for i in range(400)]
    shares = {h: headline_share(h) for h in headlines}
    assert 0.1 < sum(s == "test" for s in shares.values()) / 400 < 0.3
    for h in headlines:
        for body in ("1", "2", "3"):
            pair = Pair(h, body, "agree")
            test, dev = in_split(pair, "headline-test", bodies), in_split(pair, "headline-dev",
                                                                          bodies)
            assert not (test and dev)
            assert test == (shares[h] == "test" and body == "1")
            assert dev == (shares[h] == "dev" and body != "1")
