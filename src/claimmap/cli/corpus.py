"""``claimmap corpus ...``: analyse articles into a store, then query it.

Thin shells over :func:`claimmap.corpus.run.add_to_store` and :mod:`claimmap.store.queries`.
Data to stdout, progress and errors to stderr; exit 0, 1 (some records bad), 2 (usage).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, Protocol

import typer

from claimmap.cli._app import app, fail
from claimmap.cli._profile import PROFILE_OPTION, check_profile
from claimmap.cli._rows import ROW_FORMATS, render_rows
from claimmap.cli.corpus_tracking import register as _register_tracking
from claimmap.errors import ClaimmapError
from claimmap.text import escape_controls

corpus_app = typer.Typer(help="Store many articles' ClaimMaps in one database and query them.",
                         no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")

DB_HELP = "SQLite file or postgresql:// URL (default $CLAIMMAP_DB or ./claimmap.db)."


def _db_option() -> Any:
    return typer.Option(None, "--db", help=DB_HELP, show_default=False)


def _format_option(default: str = "text") -> Any:
    return typer.Option(default, "--format", "-f", help="json, jsonl, csv or text.")


def _open(db: str | None, *, read_only: bool) -> Any:
    from claimmap.store import StoreError, default_db, open_store

    try:
        return open_store(db, read_only=read_only)
    except StoreError as err:
        raise fail(str(err), 2) from None
    except ClaimmapError as err:  # pragma: no cover - defensive
        raise fail(f"{db or default_db()}: {err}", 2) from None


def _emit(rows: Any, fmt: str, columns: list[str] | None = None) -> None:
    if fmt not in ROW_FORMATS:
        raise fail(f"unknown format {fmt!r}; choose from {', '.join(ROW_FORMATS)}", 2)
    sys.stdout.write(render_rows(rows, fmt, columns=columns))


def _progress_bar(total: int | None, quiet: bool) -> tuple[Any, Any]:
    """A rich bar on stderr (articles/s, ETA) and the callback that advances it."""
    if quiet:
        return None, None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn("corpus add"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]:.1f} articles/s"),
                   TextColumn("stored {task.fields[stored]} skipped {task.fields[skipped]} "
                              "errors {task.fields[errors]}"),
                   TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task("add", total=total, rate=0.0, stored=0, skipped=0, errors=0)

    def advance(report: Any) -> None:
        done = report.records
        rate = report.stored / report.seconds if report.seconds > 0 else 0.0
        bar.update(task, completed=done, rate=rate, stored=report.stored,
                   skipped=report.unchanged, errors=report.errors,
                   total=max(total or 0, done) or None)

    return bar, advance


@corpus_app.command("add")
def add(
    paths: list[str] = typer.Argument(None, help="Files (.txt .html .json .jsonl), folders, "
                                      "or - for standard input.", show_default=False),
    db: str | None = _db_option(),
    workers: int | None = typer.Option(None, "--workers", "-w",
                                       help="Analysis processes (default: the cores)."),
    url: list[str] = typer.Option(None, "--url", help="Fetch this page (repeatable)."),
    urls: Path | None = typer.Option(None, "--urls", help="Fetch every URL in this file."),
    feed: list[str] = typer.Option(None, "--feed", help="Fetch the articles an RSS/Atom feed "
                                   "or a sitemap lists (repeatable)."),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Allow fetching private and loopback addresses."),
    timeout: float = typer.Option(20.0, "--timeout", help="Seconds per fetch."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", help="Largest page fetched."),
    settings_file: Path | None = typer.Option(None, "--settings", help="A TOML settings file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the run's report as JSON."),
    engine_name: str = typer.Option("local", "--engine", help="local (processes here) or ray "
                                    "(pip install 'claimmap[ray]')."),
    address: str | None = typer.Option(None, "--address", help="With --engine ray: auto or "
                                       "ray://HOST:PORT (default: a private local Ray)."),
    shards: Path | None = typer.Option(None, "--shards", help="Write one ClaimMaps file per "
                                       "input into this folder, no store; then corpus load."),
    profile: str = PROFILE_OPTION,
    track: bool = typer.Option(True, "--track/--no-track", help="Claim tracking as articles "
                               "are stored: copies, claim clusters, cross-article disputes."),
) -> None:
    """Analyse articles and store them: idempotent and resumable."""
    from contextlib import closing

    from claimmap.corpus import timing

    timing.mark("command started")

    from claimmap.corpus.engines import open_engine
    from claimmap.corpus.inputs import count_records, iter_inputs
    from claimmap.corpus.run import add_to_store
    from claimmap.corpus.shards import write_shards
    from claimmap.settings import load_settings

    check_profile(profile)
    paths = list(paths or [])
    fetch_urls = list(url or [])
    if not paths and not fetch_urls and urls is None and not feed:
        raise fail("give files, folders, - for stdin, or --url/--urls/--feed", 2)
    if workers is not None and workers < 1:
        raise fail("--workers must be at least 1", 2)
    if timeout <= 0 or max_bytes <= 0:
        raise fail("--timeout and --max-bytes must be positive", 2)
    try:
        settings = load_settings(settings_file)
    except ClaimmapError as err:
        raise fail(str(err), 2) from None
    inputs: list[Any] = []
    total = count_records(paths)
    if paths:
        inputs.append(iter_inputs(paths, max_chars=settings.max_chars))
    if fetch_urls or urls is not None or feed:
        from claimmap.corpus.fetch import FetchPolicy, fetch_inputs, read_url_file

        if urls is not None:
            try:
                fetch_urls += read_url_file(urls)
            except OSError as err:
                raise fail(f"cannot read {urls}: {err.strerror}", 2) from None
        policy = FetchPolicy(timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
        inputs.append(fetch_inputs(fetch_urls, list(feed or []), policy,
                                   max_chars=settings.max_chars))
        total = None
    try:
        from claimmap.settings import Options

        engine = open_engine(engine_name, workers, address=address, settings=settings,
                             options=Options(profile=profile))
    except ClaimmapError as err:
        raise fail(str(err), 2) from None
    store = _open(db, read_only=False) if shards is None else None
    bar, advance = _progress_bar(total, quiet)
    try:
        with closing(engine):
            if bar is not None:
                bar.start()
            every = (i for group in inputs for i in group)
            report = (add_to_store(every, store, engine, progress=advance, track=track)
                      if store is not None
                      else write_shards(every, shards or Path(), engine, progress=advance))
    except ClaimmapError as err:
        raise fail(str(err)) from None
    finally:
        if bar is not None:
            bar.stop()
        if store is not None:
            store.close()
    timing.mark("command done")
    finish(report, report.error_reasons,
           f"claimmap: {report.inserted} stored, {report.revised} revised, "
           f"{report.unchanged} already stored, {report.errors} bad record(s) "
           f"in {report.seconds:.1f} s", as_json=as_json, quiet=quiet)


class _Report(Protocol):
    @property
    def exit_code(self) -> int: ...

    def as_dict(self) -> dict[str, Any]: ...


def finish(report: _Report, problems: Sequence[str], summary: str, *, as_json: bool,
           quiet: bool) -> NoReturn:
    """The end of a bulk command: the first problems and the summary on stderr (or the report
    as JSON on stdout), then the report's exit code."""
    for problem in problems[:20]:
        typer.echo(f"claimmap: skipped: {escape_controls(problem)}", err=True)
    if as_json:
        import json

        typer.echo(json.dumps(report.as_dict()))
    elif not quiet:
        typer.echo(summary, err=True)
    raise typer.Exit(report.exit_code)


@corpus_app.command("search")
def search(query: str = typer.Argument(..., help="Words to find (all of them, stemmed)."),
           db: str | None = _db_option(), format: str = _format_option(),
           limit: int = typer.Option(20, "--limit", "-n")) -> None:
    """Full text over article titles, texts and claims; each hit names its article."""
    from claimmap.store import queries

    store = _open(db, read_only=True)
    hits = queries.search(store, query, limit=limit)
    _emit(hits, format, ["article_id", "kind", "outlet", "published", "snippet"])


@corpus_app.command("claims")
def claims(db: str | None = _db_option(), format: str = _format_option(),
           actor: str | None = typer.Option(None, "--actor", help="Actor id or name."),
           outlet: str | None = typer.Option(None, "--outlet"),
           since: str | None = typer.Option(None, "--since", help="YYYY-MM-DD"),
           until: str | None = typer.Option(None, "--until", help="YYYY-MM-DD"),
           min_checkworthiness: float = typer.Option(0.0, "--min-checkworthiness"),
           top: int = typer.Option(50, "--top", help="At most this many, best first.")) -> None:
    """Stored claims, most check-worthy first."""
    from claimmap.store import queries

    for name, value in (("--since", since), ("--until", until)):
        if value is not None and not _is_day(value):
            raise fail(f"{name} takes a date as YYYY-MM-DD, not {value!r}", 2)
    store = _open(db, read_only=True)
    rows = queries.list_claims(store, queries.ClaimFilter(
        actor=actor, outlet=outlet, since=since, until=until,
        min_checkworthiness=min_checkworthiness, top=top))
    _emit(rows, format, ["article_id", "checkworthiness", "actor", "outlet", "published",
                         "text"])


def _is_day(value: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@corpus_app.command("actors")
def actors(db: str | None = _db_option(), format: str = _format_option(),
           name: str | None = typer.Option(None, "--name", help="Part of a name."),
           limit: int = typer.Option(50, "--limit", "-n")) -> None:
    """Actors across the corpus, most quoted first."""
    from claimmap.store import queries

    store = _open(db, read_only=True)
    _emit(queries.list_actors(store, name=name, limit=limit), format)


@corpus_app.command("outlets")
def outlets(db: str | None = _db_option(), format: str = _format_option(),
            weekly: bool = typer.Option(True, "--weekly/--overall",
                                        help="Per ISO week (default) or over the corpus."),
            outlet: str | None = typer.Option(None, "--outlet", help="Only this outlet.")
            ) -> None:
    """Technique rate (per 1,000 words) and sourcing mix per outlet, per week."""
    from claimmap.store import queries

    store = _open(db, read_only=True)
    rows = (queries.outlet_weeks(store, outlet) if weekly
            else [r for r in queries.list_outlets(store) if outlet in (None, r.outlet)])
    _emit(rows, format)


@corpus_app.command("stats")
def stats(db: str | None = _db_option(), format: str = _format_option()) -> None:
    """Rows per table and errors per stage."""
    from claimmap.store import queries

    store = _open(db, read_only=True)
    s = queries.stats(store)
    rows: list[dict[str, Any]] = [{"table": t, "rows": n} for t, n in s.counts.items()]
    rows += [{"table": f"errors ({stage})", "rows": n} for stage, n in
             s.errors_by_stage.items()]
    if format in ("json", "jsonl"):
        from claimmap.cli._rows import as_dict

        sys.stdout.write(render_rows([as_dict(s)], format) if format == "jsonl" else
                         __import__("json").dumps(as_dict(s), indent=2) + "\n")
        return
    _emit(rows, format)


@corpus_app.command("check")
def check(db: str | None = _db_option(), format: str = _format_option()) -> None:
    """Integrity: SQLite's checks, orphan rows, counts; exit 1 when anything is wrong."""
    from claimmap.cli._rows import as_dict
    from claimmap.store import queries

    store = _open(db, read_only=True)
    report = queries.check(store)
    if format == "text":
        typer.echo("ok" if report.ok else "problems:\n  " + "\n  ".join(
            escape_controls(p) for p in report.problems))
    elif format in ("json", "jsonl"):
        import json

        typer.echo(json.dumps(as_dict(report), indent=2 if format == "json" else None))
    else:
        _emit([{"check": k, "value": v} for k, v in as_dict(report).items()], format)
    raise typer.Exit(0 if report.ok else 1)


@corpus_app.command("export")
def export(db: str | None = _db_option(),
           format: str = typer.Option("jsonl", "--format", "-f",
                                      help="jsonl (ClaimMaps), csv (one table) or "
                                      "claimreview (JSON-LD of the matched fact-checks)."),
           table: str = typer.Option("articles", "--table", help="The table for csv."),
           ) -> None:
    """Export every ClaimMap as JSON lines, or one table as CSV."""
    from claimmap.store import queries

    if format not in ("jsonl", "csv", "claimreview"):
        raise fail("export writes jsonl, csv or claimreview", 2)
    if format == "csv" and table not in queries.EXPORT_TABLES:
        raise fail(f"unknown table {table!r}; choose from {', '.join(queries.EXPORT_TABLES)}",
                   2)
    store = _open(db, read_only=True)
    out = sys.stdout
    if format == "claimreview":
        import json

        from claimmap.corpus.claimreview_export import claimreview_document

        out.write(json.dumps(claimreview_document(store), ensure_ascii=False, indent=1) + "\n")
        return
    if format == "jsonl":
        for line in queries.iter_claimmap_json(store):
            out.write(line + "\n")
        return
    import csv

    writer: Any = None
    for row in queries.iter_table(store, table):
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
            writer.writeheader()
        writer.writerow(row)


# Claim tracking's commands (corpus conflicts, corpus retrack) live in their own module.
_register_tracking(corpus_app)
