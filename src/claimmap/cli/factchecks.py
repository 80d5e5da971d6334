"""``claimmap factchecks import FILE... --db DB`` and ``claimmap factchecks matches --db DB``.

Thin shells over :mod:`claimmap.corpus.factchecks`. Exit 0, 1 (some records or files were
skipped), 2 (usage).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from claimmap.cli._app import app, fail
from claimmap.cli._rows import ROW_FORMATS, render_rows
from claimmap.errors import ClaimmapError
from claimmap.text import escape_controls

if TYPE_CHECKING:
    from claimmap.store import Store

factchecks_app = typer.Typer(help="Published fact-checks (ClaimReview, CLEF-2020 TSV) in a "
                             "corpus store, matched against its claims.", no_args_is_help=True)
app.add_typer(factchecks_app, name="factchecks")

DB_HELP = "SQLite file or postgresql:// URL (default $CLAIMMAP_DB or ./claimmap.db)."


def _open(db: str | None, *, read_only: bool) -> Store:
    from claimmap.store import StoreError, open_store

    try:
        return open_store(db, read_only=read_only)
    except (StoreError, ClaimmapError) as err:
        raise fail(str(err), 2) from None


@factchecks_app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., help="ClaimReview JSON / JSON-LD / JSON Lines / "
                                       "saved web pages, or CLEF-2020 verified_claims TSV."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP, show_default=False),
    match: bool = typer.Option(True, "--match/--no-match",
                               help="Match the store's claims against its fact-checks now."),
) -> None:
    """Store fact-checks verbatim (rating, reviewer, URL, date as written) and match them."""
    from claimmap.corpus.factchecks import import_factchecks
    from claimmap.match.claimreview import ImportedFactCheck
    from claimmap.match.loading import read_factcheck_file

    records: list[ImportedFactCheck] = []
    bad = 0
    for path in files:
        try:
            found, problems = read_factcheck_file(path)
        except ClaimmapError as err:
            bad += 1
            typer.echo(f"claimmap: error: {err}", err=True)
            continue
        for problem in problems:
            bad += 1
            typer.echo(f"claimmap: warning: {escape_controls(problem)}", err=True)
        records.extend(found)
    if not records:
        raise typer.Exit(1 if bad else 2)
    store = _open(db, read_only=False)
    try:
        with store:
            result = import_factchecks(store, records, match=match)
    except ClaimmapError as err:
        raise fail(str(err)) from None
    typer.echo(f"claimmap: {result.inserted} fact-checks stored, {result.unchanged} already "
               f"there; {result.matches} claim matches", err=True)
    if bad:
        raise typer.Exit(1)


@factchecks_app.command("matches")
def matches(
    db: str | None = typer.Option(None, "--db", help=DB_HELP, show_default=False),
    format: str = typer.Option("text", "--format", "-f", help="json, jsonl, csv or text."),
    limit: int = typer.Option(200, "--limit", help="At most this many rows."),
) -> None:
    """Stored claims that a fact-check appears to review, best match first."""
    from claimmap.corpus.factchecks import list_matches

    if format not in ROW_FORMATS:
        raise fail(f"unknown format {format!r}; choose from {', '.join(ROW_FORMATS)}", 2)
    store = _open(db, read_only=True)
    with store:
        rows = list_matches(store, limit=limit)
    sys.stdout.write(render_rows(rows, format))
