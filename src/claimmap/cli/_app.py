"""The Typer application objects every command module registers on."""

from __future__ import annotations

import typer

from claimmap.safetext import terminal_safe

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


def say(kind: str, message: object) -> None:
    """One line to stderr, ``claimmap: <kind>: <message>``; the message often quotes file
    names or document text, so it is escaped and kept to one line."""
    typer.echo(f"claimmap: {kind}: {terminal_safe(str(message), keep_newlines=False)}",
               err=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit to raise."""
    say("error", message)
    return typer.Exit(code)
