"""The Typer application objects every command module registers on."""

from __future__ import annotations

import typer

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
    typer.echo(f"claimmap: error: {message}", err=True)
    return typer.Exit(code)
