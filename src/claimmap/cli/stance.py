"""``claimmap stance --headline TEXT FILE``: the body's stance toward a headline."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from claimmap.cli._app import app, fail
from claimmap.errors import ClaimmapError
from claimmap.safetext import terminal_safe

if TYPE_CHECKING:
    from claimmap.types import Stance


@app.command("stance")
def stance_command(
    path: str = typer.Argument(..., help="A text file with the article body, or - for stdin."),
    headline: str = typer.Option(..., "--headline", help="The headline to compare against."),
    as_json: bool = typer.Option(False, "--json", help="Print the Stance as one JSON object."),
) -> None:
    """Does the body agree with, disagree with, discuss, or ignore the headline (FNC-1)?"""
    from claimmap.stance.headline import stance
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
        result = stance(headline, body)
    except ClaimmapError as err:
        raise fail(str(err)) from None
    if as_json:
        typer.echo(json.dumps(to_dict(result), ensure_ascii=False))
        return
    typer.echo(stance_lines(result))


def stance_lines(result: Stance) -> str:
    """The label, the probabilities it was decided from, and the evidence sentences.

    The label is not always the most probable class: the model adds per-class offsets
    chosen on FNC-1 (disagree is rare and costly to miss), so the text says so when the two
    differ rather than print a label its own scores seem to contradict."""
    probabilities = "  ".join(f"{k} {v:.2f}" for k, v in result.scores.items())
    lines = [f"{result.label}\tprobabilities: {probabilities}"]
    likeliest = max(result.scores, key=lambda k: result.scores[k]) if result.scores else None
    if likeliest is not None and likeliest != result.label:
        lines.append(f"  (label chosen with the model's class offsets; the likeliest class "
                     f"alone is {likeliest})")
    for span in result.evidence:
        text = terminal_safe(" ".join(span.text.split())[:200], keep_newlines=False)
        lines.append(f"  evidence [{span.start}:{span.end}]: {text}")
    return "\n".join(lines)
