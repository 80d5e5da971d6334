"""``claimmap analyze PATH...``: ClaimMaps of files, folders or stdin."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

from claimmap.cli._app import app, fail
from claimmap.cli._lean_spacy import import_spacy
from claimmap.cli._profile import PROFILE_OPTION, check_profile
from claimmap.cli._progress import with_progress
from claimmap.errors import ClaimmapError
from claimmap.text import escape_controls
from claimmap.types import Article, ClaimMap

if TYPE_CHECKING:
    from claimmap.match import FactCheckIndex


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


# Renderers by format name; other modules (HTML report, DOT graph) add theirs here.
RENDERERS: dict[str, Callable[[list[ClaimMap]], str]] = {}


def _piece_renderer(fmt: str) -> Callable[[ClaimMap], str]:
    """How one ClaimMap is written in a built-in format: rendered as each arrives, while the
    workers go on with the next ones, and joined by ``_join_pieces`` at the end."""
    from claimmap.report import render_text, to_json, to_jsonl_line

    return {"jsonl": to_jsonl_line, "text": render_text}.get(fmt, to_json)


def _join_pieces(fmt: str, pieces: list[str]) -> str:
    if fmt == "jsonl":
        return "".join(piece + "\n" for piece in pieces)
    if fmt == "text":
        return "\n".join(pieces)
    if len(pieces) == 1:
        return pieces[0] + "\n"
    return "[\n" + ",\n".join(pieces) + "\n]\n"


@contextlib.contextmanager
def _open_output(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        return
    with output.open("w", encoding="utf-8") as handle:
        yield handle


def _factcheck_index(paths: list[Path], pairs: bool) -> FactCheckIndex:
    """The fact-check index of ``--factchecks`` files (vectors cached across runs); ``pairs``:
    the ``factcheck_pairs`` setting."""
    from claimmap.embed import cached_encode, load_encoder
    from claimmap.match import FactCheckIndex, load_factchecks

    factchecks, problems = load_factchecks(paths)
    for problem in problems:
        typer.echo(f"claimmap: warning: {escape_controls(problem)}", err=True)
    encoder = load_encoder()
    claims = cached_encode(encoder, [f.claim_reviewed for f in factchecks])
    titles = cached_encode(encoder, [f.title or f.claim_reviewed for f in factchecks])
    return FactCheckIndex(factchecks, claim_vectors=claims, title_vectors=titles,
                          encoder=encoder, pairs=pairs)


def _with_factchecks(cm: ClaimMap, index: FactCheckIndex) -> ClaimMap:
    """With a fact-check file the ClaimMap carries its matches and credibility signals."""
    from claimmap.corpus.signals import with_signals
    from claimmap.match import match_claim_map

    return with_signals(match_claim_map(cm, index))


# Fewer files than this run in the one process: starting workers costs more than they save.
MIN_FILES_FOR_WORKERS = 4


def auto_workers(n_articles: int) -> int:
    """Worker processes for ``n_articles``: one per core this process may use, or none
    (the main process alone) for a handful of files."""
    if n_articles < MIN_FILES_FOR_WORKERS:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, n_articles))


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files (.txt .html .htm .json .jsonl), "
                                      "folders, or - for standard input."),
    format: str = typer.Option("text", "--format", "-f",
                               help="json, jsonl or text (html and dot when installed)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    min_checkworthiness: float = typer.Option(0.0, "--min-checkworthiness",
                                              help="Leave out claims scored below this."),
    n_process: int = typer.Option(0, "--n-process", min=0, help="Worker processes for many "
                                  "files; 0 (the default) uses every core for 4 files or more."),
    settings_file: Path | None = typer.Option(None, "--settings", help="A TOML settings file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress on stderr."),
    factcheck_files: list[Path] | None = typer.Option(
        None, "--factchecks", help="Match claims against these fact-checks (ClaimReview "
        "JSON-LD or a CLEF-2020 verified-claims TSV); repeatable."),
    profile: str = PROFILE_OPTION,
) -> None:
    """Analyse articles and print their ClaimMaps."""
    import_spacy()
    from claimmap.api import analyze_many, get_pipeline
    from claimmap.ingest.sources import load_paths
    from claimmap.settings import Options, load_settings

    known = {f.value for f in Format} | set(RENDERERS)
    if format not in known:
        raise fail(f"unknown format {format!r}; choose from {', '.join(sorted(known))}", 2)
    check_profile(profile)
    if not 0.0 <= min_checkworthiness <= 1.0:
        raise fail("--min-checkworthiness must be between 0 and 1", 2)
    try:
        settings = load_settings(settings_file)
        options = Options(min_checkworthiness=min_checkworthiness, profile=profile)
        articles: list[Article] = []
        failures = 0
        for loaded in load_paths(paths, max_chars=settings.max_chars):
            if loaded.error is not None:
                failures += 1
                typer.echo(f"claimmap: error: {escape_controls(str(loaded.error))}", err=True)
            elif loaded.article is not None:
                articles.append(loaded.article)
        if not articles:
            raise typer.Exit(1 if failures else 2)
        index = (_factcheck_index(factcheck_files, settings.factcheck_pairs)
                 if factcheck_files else None)
        nlp = get_pipeline(options, settings)
        workers = n_process or auto_workers(len(articles))
        # Batches small enough that every worker gets some of a short list.
        batch = max(1, min(settings.batch_size, -(-len(articles) // workers)))
        stream = analyze_many(articles, nlp=nlp, options=options, settings=settings,
                              n_process=workers, batch_size=batch)
        render = RENDERERS.get(format)
        piece = None if render else _piece_renderer(format)
        maps: list[ClaimMap] = []
        pieces: list[str] = []
        for cm in with_progress(stream, len(articles), quiet=quiet, min_total=3):
            if index is not None:
                cm = _with_factchecks(cm, index)
            if piece is None:
                maps.append(cm)
            else:
                pieces.append(piece(cm))
        rendered = render(maps) if render else _join_pieces(format, pieces)
        with _open_output(output) as handle:
            handle.write(rendered)
    except ClaimmapError as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"cannot write {output}: {err.strerror}") from None
    if failures:
        raise typer.Exit(1)
