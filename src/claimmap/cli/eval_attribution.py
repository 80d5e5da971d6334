"""``claimmap eval attribution --polnear DIR``: quotes scored against PolNeAR gold spans."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from claimmap.cli._app import eval_app, fail
from claimmap.cli._progress import with_progress
from claimmap.errors import ClaimmapError

if TYPE_CHECKING:
    from claimmap.eval.attribution import AttributionScores

_HELP = """Score quotes (content, cue, speaker mention as source) against a PolNeAR-style
folder: DIR/text/*.txt and DIR/attributions/<article>_<annotator>.ann (brat; the first
annotator file of an article is used). Precision, recall and F1 per role, exact (same start
and end after trimming whitespace) and overlap (greedy one-to-one pairing by shared
characters), plus content token F1. Discontinuous gold spans count as their covering range."""


@eval_app.command("attribution", help=_HELP)
def eval_attribution(
    polnear: Path | None = typer.Option(None, "--polnear",
                                        help="PolNeAR-style folder to score on."),
    news: list[Path] = typer.Option([], "--news", help="Hand-annotated news bodies to score "
                                    "on (our format, see docs/attribution.md); repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    predictions: Path | None = typer.Option(
        None, "--predictions", help="Write raw predictions: a .jsonl file, or else a folder "
        "of brat <article>_claimmap.ann files."),
    limit: int | None = typer.Option(None, "--limit", min=1,
                                     help="Score only the first N articles (by name)."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="Worker processes."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress on stderr."),
) -> None:
    from claimmap.eval.attribution import PredictionWriter, evaluate, predict
    from claimmap.eval.polnear import read_polnear

    if news:
        _eval_news(news, as_json=as_json, quiet=quiet)
        if polnear is None:
            return
    if polnear is None:
        raise fail("give --polnear DIR or --news FILE", code=2)
    started = time.perf_counter()
    try:
        articles = read_polnear(polnear, limit=limit)
        writer = PredictionWriter(predictions) if predictions is not None else None
    except ClaimmapError as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"cannot write predictions to {predictions}: {err.strerror}") from None
    try:
        pairs = with_progress(predict(articles, n_process=n_process), len(articles),
                              quiet=quiet)
        scores = evaluate(pairs, on_article=writer)
    except ClaimmapError as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"cannot write predictions to {predictions}: {err.strerror}") from None
    finally:
        if writer is not None:
            writer.close()
    seconds = time.perf_counter() - started
    if as_json:
        result = {"benchmark": "polnear", "data": str(polnear), **scores.to_dict(),
                  "seconds": round(seconds, 2)}
        typer.echo(json.dumps(result))
    else:
        typer.echo(render_table(scores, str(polnear)))
        typer.echo(f"claimmap: {scores.articles} articles in {seconds:.1f} s", err=True)


def render_table(scores: AttributionScores, name: str) -> str:
    """A plain-text table: one row per role and match kind, then content tokens."""
    lines = [f"PolNeAR attribution: {name} ({scores.articles} articles)",
             f"{'role':<9}{'match':<9}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'pred':>7}{'gold':>7}"]
    rows = [(role, kind, prf) for role in ("content", "source", "cue")
            for kind, prf in (("exact", scores.exact[role]), ("overlap", scores.overlap[role]))]
    rows.append(("content", "tokens", scores.content_tokens))
    for role, kind, prf in rows:
        lines.append(f"{role:<9}{kind:<9}{prf.precision:>7.3f}{prf.recall:>7.3f}"
                     f"{prf.f1:>7.3f}{prf.tp:>7}{prf.n_pred:>7}{prf.n_gold:>7}")
    lines.append(f"source accuracy (of overlapping contents): {scores.source_accuracy:.3f} "
                 f"({scores.sourced_right} of {scores.sourced_pairs})")
    return "\n".join(lines)


def _eval_news(paths: list[Path], *, as_json: bool, quiet: bool) -> None:
    from claimmap.eval.attribution_news import predict as predict_news
    from claimmap.eval.attribution_news import read_news, score

    for path in paths:
        try:
            bodies = read_news(path)
        except ClaimmapError as err:
            raise fail(str(err)) from None
        result = score(with_progress(predict_news(bodies), len(bodies), quiet=quiet))
        if as_json:
            typer.echo(json.dumps({"benchmark": "news", "data": str(path), **result.to_dict()}))
            continue
        typer.echo(f"news attribution: {path} ({result.bodies} bodies, {result.gold} "
                   f"attributions)\n  found {result.found_share:.3f} ({result.found})   "
                   f"speaker recall {result.speaker_recall:.3f} ({result.speaker_right})   "
                   f"via {result.via_right} of {result.via_gold}")
        if not quiet:
            for miss in result.misses:
                typer.echo(f"  {miss}", err=True)
