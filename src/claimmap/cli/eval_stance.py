"""``claimmap eval stance --fnc1 BODIES.csv STANCES.csv``: the FNC-1 scores."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from claimmap.cli._app import eval_app, fail
from claimmap.cli._profile import PROFILE_OPTION, check_profile
from claimmap.errors import ClaimmapError


@eval_app.command("stance")
def eval_stance(
    fnc1: tuple[Path, Path] = typer.Option(
        ..., "--fnc1", help="BODIES.csv STANCES.csv (official FNC-1 columns)."
    ),
    split: str = typer.Option(
        "all",
        "--split",
        help="all, or test / dev: only the bodies the shipped model held out in training; "
             "headline-test: held-out headlines on those bodies (unseen by both profiles); "
             "headline-dev: the accurate profile's selection pairs.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    predictions: Path | None = typer.Option(
        None, "--predictions", help="Write Headline,Body ID,Stance CSV here."
    ),
    profile: str = PROFILE_OPTION,
) -> None:
    """Score headline stance on FNC-1 files: FNC score, macro-F1, per-class F1, confusion."""
    from claimmap.eval.stance import LABELS, evaluate_fnc

    check_profile(profile)
    if split not in ("all", "test", "dev", "headline-test", "headline-dev"):
        raise fail("--split must be all, test, dev, headline-test or headline-dev", 2)
    try:
        scores = evaluate_fnc(fnc1[0], fnc1[1], split=split, predictions=predictions,
                              profile=profile)
    except ClaimmapError as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"cannot write {predictions}: {err.strerror}") from None
    if scores is None:
        typer.echo(f"claimmap: no gold labels; wrote predictions to {predictions}", err=True)
        return
    if as_json:
        typer.echo(json.dumps({"split": split, **scores.to_dict()}))
        return
    typer.echo(f"pairs: {scores.n} (split: {split})")
    typer.echo(
        f"FNC score: {scores.score:.2f} / {scores.max_score:.2f} "
        f"= {100 * scores.relative:.2f}% relative"
    )
    typer.echo(f"macro-F1: {scores.macro_f1:.4f}")
    typer.echo("F1: " + "  ".join(f"{k} {v:.4f}" for k, v in scores.f1.items()))
    typer.echo("confusion (rows gold, columns predicted):")
    typer.echo(" " * 11 + "".join(f"{label:>11}" for label in LABELS))
    for gold in LABELS:
        typer.echo(f"{gold:>11}" + "".join(f"{scores.confusion[gold][p]:>11}" for p in LABELS))
