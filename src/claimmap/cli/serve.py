"""``claimmap serve``: the web app on loopback (FastAPI + uvicorn, the ``server`` extra)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import typer

from claimmap.cli._app import app, fail
from claimmap.cli._profile import PROFILE_OPTION, check_profile

INSTALL_HINT = "the web app needs the server extra: pip install 'claimmap[server]'"


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; loopback by "
                             "default, so nothing outside this machine can reach it."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    workers: int | None = typer.Option(None, "--workers", min=1,
                                       help="Analysis threads (default: server_workers)."),
    settings_file: Path | None = typer.Option(None, "--settings", help="A TOML settings file."),
    db: str | None = typer.Option(None, "--db", help="A corpus store (SQLite path or "
                                  "postgresql:// URL), opened read-only: adds the corpus "
                                  "pages at /corpus and /api/corpus/..."),
    profile: str = PROFILE_OPTION,
) -> None:
    """Serve the web app: paste or upload an article and see its report; JSON API at /api."""
    missing = [m for m in ("fastapi", "uvicorn", "multipart")
               if importlib.util.find_spec(m) is None]
    if missing:
        raise fail(f"{INSTALL_HINT} (missing: {', '.join(missing)})")
    check_profile(profile)
    import uvicorn

    from claimmap.errors import ClaimmapError
    from claimmap.server.app import create_app
    from claimmap.settings import Options, load_settings

    try:
        overrides = {"server_workers": workers} if workers else {}
        settings = load_settings(settings_file, **overrides)
        store = None
        if db is not None:
            from claimmap.store import open_store

            store = open_store(db, read_only=True)
    except ClaimmapError as err:
        raise fail(str(err)) from None
    where = f"http://{host}:{port}/" + ("corpus" if store is not None else "")
    typer.echo(f"claimmap: serving on {where} (Ctrl+C to stop)", err=True)
    try:
        # A short keep-alive: idle connections do not hold sockets for long under load.
        uvicorn.run(create_app(settings, store=store, options=Options(profile=profile)),
                    host=host, port=port, log_level="warning", timeout_keep_alive=5)
    except OSError as err:
        raise fail(f"cannot serve on {host}:{port}: {err.strerror or err}") from None
