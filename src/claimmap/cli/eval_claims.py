"""``claimmap eval checkworthiness --claimbuster FILE.csv | --clef2020 DIR``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from claimmap.cli._app import eval_app, fail
from claimmap.cli._profile import PROFILE_OPTION, check_profile
from claimmap.errors import ClaimmapError


@eval_app.command("checkworthiness")
def eval_checkworthiness(
    claimbuster: Path | None = typer.Option(
        None, "--claimbuster", help="ClaimBuster CSV (Sentence_id, Text, Verdict -1/0/1)."),
    clef2020: Path | None = typer.Option(
        None, "--clef2020", help="Directory of CLEF-2020 Task 5 debate .tsv files."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    predictions: Path | None = typer.Option(
        None, "--predictions",
        help="ClaimBuster: write Sentence_id,label,score CSV here. CLEF-2020: a directory "
             "that receives one <debate>.tsv of line<TAB>score per debate (the task's "
             "submission format)."),
    profile: str = PROFILE_OPTION,
) -> None:
    """Score check-worthiness: ClaimBuster per-class/macro/CFS F1, or CLEF-2020 Task 5 MAP,
    R-precision and P@k over debates."""
    from claimmap.eval import checkworthiness as cw

    check_profile(profile)
    if profile == "accurate" and clef2020 is not None:
        raise fail("the accurate profile scores sentences (--claimbuster); the CLEF debate "
                   "ranker is the fast profile's", 2)
    if (claimbuster is None) == (clef2020 is None):
        raise fail("give exactly one of --claimbuster FILE.csv or --clef2020 DIR", 2)
    try:
        if claimbuster is not None:
            report, rows, predicted = cw.evaluate_claimbuster(claimbuster, profile=profile)
            if predictions is not None:
                cw.write_cb_predictions(predictions, rows, predicted)
        else:
            assert clef2020 is not None
            report, debates, scores = cw.evaluate_clef(clef2020)
            if predictions is not None:
                cw.write_clef_predictions(predictions, debates, scores)
    except ClaimmapError as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"cannot write {predictions}: {err.strerror}") from None
    if as_json:
        typer.echo(json.dumps({"benchmark": "claimbuster" if claimbuster else "clef2020",
                               **report}))
        return
    if claimbuster is not None:
        typer.echo(f"sentences: {report['n']}")
        typer.echo(f"CFS F1: {report['cfs_f1']:.4f}")
        typer.echo(f"macro F1: {report['macro_f1']:.4f}   accuracy: {report['accuracy']:.4f}")
        for label, row in report["per_class"].items():
            typer.echo(f"  {label}: P {row['precision']:.4f}  R {row['recall']:.4f}  "
                       f"F1 {row['f1']:.4f}  (n={int(row['support'])})")
        return
    typer.echo(f"debates: {report['debates']}")
    typer.echo(f"MAP: {report['map']:.4f}   R-precision: {report['r_precision']:.4f}")
    typer.echo("P@k: " + "  ".join(f"{k} {report[k]:.4f}" for k in report if k.startswith("p@")))
    for name, row in report["per_debate"].items():
        typer.echo(f"  {name}: AP {row['ap']:.4f}  positives {int(row['positives'])}"
                   f"/{int(row['sentences'])}")
