"""``claimmap stance --headline TEXT FILE``: the body's stance toward a headline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from claimmap.cli._app import app, fail
from claimmap.errors import ClaimmapError


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
    scores = "  ".join(f"{k} {v:.2f}" for k, v in result.scores.items())
    typer.echo(f"{result.label}\t{scores}")
    for span in result.evidence:
        typer.echo(f"  evidence [{span.start}:{span.end}]: {' '.join(span.text.split())[:200]}")
