"""``claimmap stance --headline TEXT FILE``: the body's stance toward a headline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from claimmap.cli._app import app, fail
from claimmap.errors import ClaimmapError
from claimmap.text import escape_controls


@app.command("stance")
def stance_command(
    path: str = typer.Argument(..., help="A text file with the article body, or - for stdin."),
    headline: str = typer.Option(..., "--headline", help="The headline to compare against."),
    as_json: bool = typer.Option(False, "--json", help="Print the Stance as one JSON object."),
) -> None:
    """Does the body agree with, disagree with, discuss, or ignore the headline (FNC-1)?"""
    from claimmap.stance.headline import stance_of_prediction
    from claimmap.stance.model import default_model
    from claimmap.types import to_dict

    if not headline.strip():
        raise fail("--headline is empty", 2)
    try:
        body = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise fail(f"cannot read {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise fail(f"{path}: not UTF-8 text") from None
    if not body.strip():
        raise fail(f"{path}: empty body", 2)
    try:
        prediction = default_model().predict(headline, body)
    except ClaimmapError as err:
        raise fail(str(err)) from None
    result = stance_of_prediction(headline, body, prediction)
    if as_json:
        typer.echo(json.dumps(to_dict(result), ensure_ascii=False))
        return
    typer.echo(result.label)
    decision = prediction.decision
    if decision is not None:
        # The label follows these figures, not the probabilities: a per-class bias tuned on
        # the dev bodies moves stage 2's choice, so the two can disagree.
        if decision.related < decision.threshold:
            why = f"P(related) {decision.related:.3f} < threshold {decision.threshold:.3f}"
        else:
            biased = "  ".join(f"{k} {v:.2f}" for k, v in decision.biased.items())
            why = (f"P(related) {decision.related:.3f} >= threshold "
                   f"{decision.threshold:.3f}; after the class bias: {biased}")
        typer.echo(f"  decided on: {why}")
    scores = "  ".join(f"{k} {v:.2f}" for k, v in result.scores.items())
    typer.echo(f"  probabilities (before the bias): {scores}")
    for span in result.evidence:
        shown = escape_controls(" ".join(span.text.split())[:200])
        typer.echo(f"  evidence [{span.start}:{span.end}]: {shown}")
