"""The Typer application objects every command module registers on."""

from __future__ import annotations

import typer

from claimmap.text import escape_controls

app = typer.Typer(
    name="claimmap",
    help="Who claims what in a news article: quotes, speakers, claims, rhetoric, stance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score claimmap on public benchmarks, in their own formats.",
                       no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit to raise."""
    # Messages quote paths and input text: escaped, they stay one line and inert.
    typer.echo(f"claimmap: error: {escape_controls(message)}", err=True)
    return typer.Exit(code)
