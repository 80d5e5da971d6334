"""``claimmap eval propaganda --ptc DIR``: SemEval-2020 Task 11 SI and TC scores."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from claimmap.cli._app import eval_app, fail
from claimmap.cli._profile import PROFILE_OPTION, check_profile
from claimmap.errors import ClaimmapError


@eval_app.command("propaganda")
def eval_propaganda(
    ptc: Path = typer.Option(..., "--ptc", help="Directory laid out like the task release: "
                             "*-articles/article<ID>.txt and the SI/TC .labels files."),
    split: str = typer.Option(
        "all", "--split",
        help="all, or test / dev / train: only those articles of the shipped model's split. "
             "Only test is held out: dev picked the settings and, like train, was then "
             "trained on."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    predictions: Path | None = typer.Option(
        None, "--predictions",
        help="Write TC predictions here and SI predictions to FILE.si (task format)."),
    profile: str = PROFILE_OPTION,
) -> None:
    """Span identification (partial-overlap P/R/F1) and technique classification (micro-F1
    over the gold spans, per-class F1)."""
    from claimmap.eval.propaganda import evaluate_ptc

    check_profile(profile)
    if split not in ("all", "train", "dev", "test"):
        raise fail("--split must be all, train, dev or test", 2)
    if not ptc.is_dir():
        raise fail(f"{ptc}: not a directory", 2)
    try:
        scores = evaluate_ptc(ptc, split, predictions,  # type: ignore[arg-type]
                              profile=profile)
    except (ClaimmapError, ValueError, FileNotFoundError) as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"cannot write {predictions}: {err.strerror}") from None
    if as_json:
        typer.echo(json.dumps(scores.to_dict()))
        return
    typer.echo(f"articles: {scores.articles} (split: {split})")
    si = scores.si
    typer.echo(f"SI: precision {si.precision:.4f}  recall {si.recall:.4f}  F1 {si.f1:.4f}  "
               f"({si.n_predicted} predicted, {si.n_gold} gold spans)")
    typer.echo(f"TC: micro-F1 {scores.tc.micro_f1:.4f} over {scores.tc.n} gold spans")
    for label, f1 in scores.tc.per_class.items():
        typer.echo(f"  {label:<36} F1 {f1:.4f}")
