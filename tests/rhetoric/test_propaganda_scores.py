"""The task's own SI and TC scores, reproduced on hand-computed cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimmap.eval.propaganda import (
    TechniqueSpan,
    load_ptc,
    merge_spans,
    score_si,
    score_tc,
    split_of,
)


def test_propaganda_si_partial_overlap_credit() -> None:
    gold = {"1": [(0, 10), (20, 30)]}
    # Half of the first gold span, and a prediction that misses everything.
    predicted = {"1": [(5, 10), (40, 50)]}
    score = score_si(gold, predicted)
    assert score.precision == pytest.approx((1.0 + 0.0) / 2)
    assert score.recall == pytest.approx((0.5 + 0.0) / 2)
    assert score.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_propaganda_si_merges_overlapping_predictions() -> None:
    assert merge_spans([(5, 9), (0, 6), (12, 14), (14, 15)]) == [(0, 9), (12, 15)]
    gold = {"1": [(0, 10)]}
    assert score_si(gold, {"1": [(0, 6), (4, 10)]}).f1 == pytest.approx(1.0)


def test_propaganda_si_missing_article_counts_as_no_predictions() -> None:
    score = score_si({"1": [(0, 4)], "2": [(3, 8)]}, {"1": [(0, 4)]})
    assert score.precision == pytest.approx(1.0)
    assert score.recall == pytest.approx(0.5)


def test_propaganda_tc_micro_and_per_class() -> None:
    gold = [TechniqueSpan("1", "Doubt", 0, 4), TechniqueSpan("1", "Slogans", 5, 9),
            TechniqueSpan("2", "Doubt", 0, 3)]
    score = score_tc(gold, ["Doubt", "Doubt", "Doubt"])
    assert score.micro_f1 == pytest.approx(2 / 3)
    assert score.per_class["Doubt"] == pytest.approx(2 * 2 / (2 + 3))
    assert score.per_class["Slogans"] == 0.0
    with pytest.raises(ValueError):
        score_tc(gold, ["Doubt"])


def test_propaganda_split_is_stable_and_shared() -> None:
    ids = [str(111111111 + i) for i in range(400)]
    splits = [split_of(i) for i in ids]
    assert splits == [split_of(i) for i in ids]
    share = splits.count("test") / len(ids)
    assert 0.1 < share < 0.3
    assert {"train", "dev", "test"} == set(splits)


def write_ptc(root: Path, articles: dict[str, str],
              spans: list[tuple[str, str, int, int]]) -> Path:
    (root / "train-articles").mkdir(parents=True)
    for article_id, text in articles.items():
        (root / "train-articles" / f"article{article_id}.txt").write_text(text, "utf-8")
    (root / "train-task2-TC.labels").write_text(
        "".join(f"{a}\t{t}\t{s}\t{e}\n" for a, t, s, e in spans), "utf-8")
    return root


def test_propaganda_load_without_si_file_merges_tc(tmp_path: Path) -> None:
    text = "Cowardly officials fled.\nWho really benefits from the deal?\n"
    root = write_ptc(tmp_path, {"7": text}, [("7", "Loaded_Language", 0, 8),
                                             ("7", "Name_Calling,Labeling", 0, 18),
                                             ("7", "Doubt", 25, 59)])
    data = load_ptc(root)
    assert data.articles["7"] == text
    assert [s.technique for s in data.tc] == ["Loaded_Language", "Name_Calling,Labeling",
                                             "Doubt"]
    assert data.si["7"] == [(0, 18), (25, 59)]
    held_out = load_ptc(root, split_of("7"))
    assert list(held_out.articles) == ["7"]
