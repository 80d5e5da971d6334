"""``claimmap eval factcheck --clef2020 DIR --vclaims FILE``: CLEF-2020 Task 2 MAP@k, P@k, MRR."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from claimmap.cli._app import eval_app, fail
from claimmap.errors import ClaimmapError


@eval_app.command("factcheck")
def eval_factcheck(
    clef2020: Path = typer.Option(..., "--clef2020", help="A split folder holding "
                                  "tweets.queries.tsv and (to score) tweet-vclaim-pairs.qrels."),
    vclaims: Path = typer.Option(..., "--vclaims", help="verified_claims.docs.tsv"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    predictions: Path | None = typer.Option(
        None, "--predictions",
        help="Write the run here: 'tweet_id Q0 vclaim_id rank score tag', 20 rows a tweet."),
    method: str = typer.Option("claimmap", "--method",
                               help="claimmap (BM25 + MiniLM + re-ranker) or tfidf (baseline)."),
    cache: Path | None = typer.Option(
        None, "--cache", help="Vector cache file (default ~/.cache/claimmap/vectors.sqlite): "
        "the 10k verified claims are embedded once, in a few minutes."),
) -> None:
    """Rank the verified claims for each tweet and score the ranking as the task did."""
    from claimmap.eval.factcheck import evaluate_factcheck, format_run

    if method not in ("claimmap", "tfidf"):
        raise fail("--method must be claimmap or tfidf", 2)
    if not clef2020.is_dir():
        raise fail(f"{clef2020}: not a directory", 2)
    if not vclaims.is_file():
        raise fail(f"{vclaims}: no such file", 2)
    try:
        scores, run = evaluate_factcheck(clef2020, vclaims, method=method, cache=cache,
                                         progress=True)
        if predictions is not None:
            predictions.write_text(format_run(run, tag=method), encoding="utf-8")
    except ClaimmapError as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"cannot write {predictions}: {err.strerror}") from None
    if scores is None:
        typer.echo(f"claimmap: no qrels in {clef2020}; ranked {len(run)} tweets"
                   + (f", run written to {predictions}" if predictions else ""), err=True)
        return
    if as_json:
        typer.echo(json.dumps(scores))
        return
    typer.echo(f"tweets: {scores['queries']} (method: {method})")
    typer.echo("MAP: " + "  ".join(f"@{k} {scores[f'map@{k}']:.4f}" for k in (1, 3, 5, 10, 20)))
    typer.echo("P:   " + "  ".join(f"@{k} {scores[f'p@{k}']:.4f}" for k in (1, 3, 5, 10, 20)))
    typer.echo(f"MRR: {scores['mrr']:.4f}")
