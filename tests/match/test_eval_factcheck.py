from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimmap.cli import app
from claimmap.eval.factcheck import average_precision, format_run, score_run

DATA = Path(__file__).resolve().parents[1] / "data" / "factchecks"
CLEF = Path(__file__).resolve().parents[3] / "shared" / "data" / "clef2020_claim_retrieval"
runner = CliRunner()


def test_eval_factcheck_metrics_follow_the_task_definition() -> None:
    assert average_precision(["a", "b", "c"], {"b"}, 5) == 0.5
    assert average_precision(["a", "b", "c"], {"b"}, 1) == 0.0
    # Two relevant, one found at rank 1: AP divides by both.
    assert average_precision(["x", "q"], {"x", "y"}, 5) == 0.5
    scores = score_run({"1": ["a", "b"], "2": ["c"]}, {"1": {"b"}, "2": {"c"}, "3": {"d"}})
    assert scores["map@5"] == pytest.approx((0.5 + 1.0 + 0.0) / 3)
    assert scores["p@1"] == pytest.approx(1 / 3) and scores["mrr"] == pytest.approx(0.5)
    line = format_run({"7": [("12", 0.9), ("3", 0.5)]}, tag="t").splitlines()[1]
    assert line.split("\t") == ["7", "Q0", "3", "2", "0.500000", "t"]


def test_eval_factcheck_cli_json_and_predictions(tmp_path: Path) -> None:
    run_file = tmp_path / "run.tsv"
    result = runner.invoke(app, [
        "eval", "factcheck", "--clef2020", str(DATA / "clef_mini"),
        "--vclaims", str(DATA / "clef_mini" / "vclaims.tsv"), "--json",
        "--predictions", str(run_file), "--cache", str(tmp_path / "v.sqlite")])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["queries"] == 3 and scores["map@5"] >= 0.99
    rows = [line.split("\t") for line in run_file.read_text().splitlines()]
    assert {r[0] for r in rows} == {"1", "2", "3"} and all(r[1] == "Q0" for r in rows)
    assert [r[3] for r in rows if r[0] == "1"] == [str(i) for i in range(1, 7)]
    tfidf = runner.invoke(app, [
        "eval", "factcheck", "--clef2020", str(DATA / "clef_mini"),
        "--vclaims", str(DATA / "clef_mini" / "vclaims.tsv"), "--method", "tfidf"])
    assert tfidf.exit_code == 0 and "MAP: @1" in tfidf.stdout


def test_eval_factcheck_cli_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "factcheck", "--clef2020", str(tmp_path),
                                 "--vclaims", str(DATA / "clef_mini" / "vclaims.tsv")])
    assert result.exit_code == 1 and "tweets.queries.tsv" in result.stderr
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\ttext\n1\tx\n")
    result = runner.invoke(app, ["eval", "factcheck", "--clef2020", str(DATA / "clef_mini"),
                                 "--vclaims", str(bad)])
    assert result.exit_code == 1 and "verified-claims TSV" in result.stderr


@pytest.mark.slow
def test_eval_factcheck_clef_dev_floor(tmp_path: Path) -> None:
    """Held-out CLEF-2020 dev tweets against a fixed slice of the collection (their gold
    claims plus every 16th other one, about 850), to keep the test to a minute or two on an
    idle machine: the full collection scores lower (0.9143 MAP@5 with the pair model, 0.9124
    without; MODELS.md)."""
    if not CLEF.is_dir():
        pytest.skip("../shared/data/clef2020_claim_retrieval is not beside this checkout")
    from claimmap.eval.factcheck import claimmap_run, tfidf_run
    from claimmap.match.clef import read_qrels, read_queries, read_vclaims

    queries = read_queries(CLEF / "dev" / "tweets.queries.tsv")
    qrels = read_qrels(CLEF / "dev" / "tweet-vclaim-pairs.qrels")
    gold = set().union(*qrels.values())
    vclaims = [v for i, v in enumerate(read_vclaims(CLEF / "verified_claims.docs.tsv"))
               if v.id in gold or i % 16 == 0]
    ours = score_run({q: [d for d, _ in docs] for q, docs in
                      claimmap_run(queries, vclaims, cache=tmp_path / "v.sqlite").items()}, qrels)
    tfidf = score_run({q: [d for d, _ in docs] for q, docs in
                       tfidf_run(queries, vclaims).items()}, qrels)
    print(f"MAP@5 ours {ours['map@5']:.4f} TF-IDF {tfidf['map@5']:.4f}")
    # 0.9615 when written; 0.9594 with the 40-feature ranker; 0.9636 with the pair model
    assert ours["map@5"] >= 0.95
    assert ours["map@5"] >= tfidf["map@5"] + 0.08
