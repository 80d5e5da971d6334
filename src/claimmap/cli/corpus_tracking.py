"""``claimmap corpus conflicts`` and ``claimmap corpus retrack``: claim tracking's commands.

Registered on the ``corpus`` command group by :func:`register` (one call in
:mod:`claimmap.cli.corpus`). Thin shells over :mod:`claimmap.corpus.tracking`.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

from claimmap.cli._app import fail
from claimmap.text import escape_controls

FORMATS = ("json", "jsonl", "text")
DB_HELP = "SQLite file or postgresql:// URL (default $CLAIMMAP_DB or ./claimmap.db)."


def conflicts(
    db: str | None = typer.Option(None, "--db", help=DB_HELP, show_default=False),
    fmt: str = typer.Option("text", "--format", "-f", help="json, jsonl or text."),
    kind: list[str] = typer.Option(
        [], "--kind", help="numeric_conflict, contradiction or denial (repeatable; "
                           "default all)."),
    article: str | None = typer.Option(None, "--article", help="Only disputes involving "
                                                               "this article id."),
    limit: int = typer.Option(1000, "--limit", min=0, help="At most this many."),
) -> None:
    """Disputes across articles: one quantity with clashing figures from different outlets or
    sources, a claim and its negation, a denial answering another article's accusation."""
    from claimmap.corpus.tracking import CORPUS_KINDS, list_conflicts
    from claimmap.store import StoreError, open_store

    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}", 2)
    bad = [k for k in kind if k not in CORPUS_KINDS]
    if bad:
        raise fail(f"unknown kind {bad[0]!r}; choose from {', '.join(CORPUS_KINDS)}", 2)
    try:
        store = open_store(db, read_only=True)
    except StoreError as err:
        raise fail(str(err), 2) from None
    try:
        found = list_conflicts(store, kinds=tuple(kind) or CORPUS_KINDS, article_id=article,
                               limit=limit)
    finally:
        store.close()
    rows = [d.as_dict() for d in found]
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        sys.stdout.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    else:
        sys.stdout.write(_text(rows))


def _text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No disputes across articles.\n"
    lines = []
    for r in rows:
        a, b = r["a"], r["b"]
        lines.append(f"{r['kind']} (score {r['score']:.2f})")
        for side in (b, a):
            figures = f"  [{', '.join(side['figures'])}]" if side["figures"] else ""
            lines.append(f"  {side['article_id']} ({side['outlet'] or 'no outlet'}, "
                         f"{side['published'] or 'undated'}): {side['text']}{figures}")
        lines.append("")
    # Stored text is untrusted: its controls are shown, not sent to the terminal.
    return "\n".join(escape_controls(line) for line in lines)


def retrack_command(
    db: str | None = typer.Option(None, "--db", help=DB_HELP, show_default=False),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Clear every tracking result (copies, clusters, cross-article disputes) and track all
    stored articles again, in storage order."""
    from claimmap.corpus.tracking import retrack
    from claimmap.store import StoreError

    progress = None
    bar: Any = None
    if not quiet:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        bar = Progress(TextColumn("retrack"), BarColumn(), MofNCompleteColumn(),
                       console=Console(stderr=True), transient=True)
        task = bar.add_task("retrack", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        bar.start()
    try:
        n = retrack(db, progress=progress)
    except StoreError as err:
        raise fail(str(err), 2) from None
    finally:
        if bar is not None:
            bar.stop()
    typer.echo(f"tracked {n} articles", err=True)


def register(corpus_app: typer.Typer) -> None:
    """Add the tracking commands to the ``corpus`` group."""
    corpus_app.command("conflicts")(conflicts)
    corpus_app.command("retrack")(retrack_command)
