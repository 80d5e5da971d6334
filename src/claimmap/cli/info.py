"""``claimmap info``: versions and the pipeline in use."""

from __future__ import annotations

import json

import typer

from claimmap.cli._app import app


@app.command()
def info(as_json: bool = typer.Option(False, "--json", help="Print a JSON object.")) -> None:
    """Show claimmap, spaCy and model versions and the pipeline components."""
    from spacy import about as spacy_about

    from claimmap.about import __version__
    from claimmap.api import get_pipeline

    nlp = get_pipeline()
    data = {"claimmap": __version__, "spacy": spacy_about.__version__,
            "model": nlp.meta.get("name"), "model_version": nlp.meta.get("version"),
            "pipeline": nlp.pipe_names}
    if as_json:
        typer.echo(json.dumps(data, indent=2))
    else:
        for key, value in data.items():
            typer.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
