"""``claimmap corpus load DIR --db DB``: bulk-load the shards ``corpus add --shards`` wrote."""

from __future__ import annotations

from pathlib import Path

import typer

from claimmap.cli._app import fail
from claimmap.cli.corpus import _db_option, _open, corpus_app, finish
from claimmap.errors import ClaimmapError


@corpus_app.command("load")
def load(shard_dir: Path = typer.Argument(..., help="The folder given to corpus add --shards."),
         db: str | None = _db_option(),
         quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
         as_json: bool = typer.Option(False, "--json", help="Print the report as JSON.")
         ) -> None:
    """Store every finished shard of a folder (shards already loaded are skipped)."""
    from claimmap.corpus.shards import load_shards

    if not shard_dir.is_dir():
        raise fail(f"{shard_dir}: no such folder", 2)
    store = _open(db, read_only=False)
    try:
        report = load_shards(shard_dir, store)
    except ClaimmapError as err:
        raise fail(str(err)) from None
    finally:
        store.close()
    finish(report, report.problems,
           f"claimmap: {report.shards} shard(s) loaded ({report.shards_skipped} "
           f"already), {report.inserted} stored, {report.revised} revised, "
           f"{report.unchanged} already stored, {report.errors} error row(s) in "
           f"{report.seconds:.1f} s", as_json=as_json, quiet=quiet)
