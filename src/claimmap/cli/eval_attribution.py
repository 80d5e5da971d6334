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
    polnear: Path = typer.Option(..., "--polnear", help="PolNeAR-style folder to score on."),
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
