"""The ``claimmap`` command: thin shells over the library. Data to stdout, logs to stderr,
exit codes 0 (all good), 1 (some documents failed) and 2 (usage)."""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading

import typer

# Each command lives in its own module and registers itself on import.
from claimmap.cli import analyze as _analyze  # noqa: F401
from claimmap.cli import corpus as _corpus  # noqa: F401
from claimmap.cli import corpus_load as _corpus_load  # noqa: F401
from claimmap.cli import dot_format as _dot_format  # noqa: F401
from claimmap.cli import eval_attribution as _eval_attribution  # noqa: F401
from claimmap.cli import eval_claims as _eval_claims  # noqa: F401
from claimmap.cli import eval_factcheck as _eval_factcheck  # noqa: F401
from claimmap.cli import eval_propaganda as _eval_propaganda  # noqa: F401
from claimmap.cli import eval_stance as _eval_stance  # noqa: F401
from claimmap.cli import factchecks as _factchecks  # noqa: F401
from claimmap.cli import info as _info  # noqa: F401
from claimmap.cli import report_format as _report_format  # noqa: F401
from claimmap.cli import serve as _serve  # noqa: F401
from claimmap.cli import stance as _stance  # noqa: F401
from claimmap.cli._app import app, eval_app

__all__ = ["app", "eval_app", "main"]


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="claimmap: %(message)s", stream=sys.stderr)
    # CLAIMMAP_LOG_LEVEL=debug: claimmap's own debug lines (e.g. a corpus run's timings), not
    # every library's.
    level = os.environ.get("CLAIMMAP_LOG_LEVEL", "").upper()
    if level in ("DEBUG", "INFO", "WARNING", "ERROR"):
        logging.getLogger("claimmap").setLevel(level)
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("claimmap: interrupted", err=True)
        sys.exit(130)
    except SystemExit as done:
        _exit_now(done)
    except Exception as err:  # a bug of ours: one line for users, the trace on request
        if os.environ.get("CLAIMMAP_DEBUG"):
            raise
        typer.echo(f"claimmap: internal error: {type(err).__name__}: {err} "
                   "(set CLAIMMAP_DEBUG=1 for the traceback)", err=True)
        sys.exit(1)


def _exit_now(done: SystemExit) -> None:
    """Exit with ``done``'s status without tearing the interpreter down: freeing the loaded
    models object by object costs ~0.15 s of CPU at the end of every ``analyze``. The exit
    handlers still run (logging, temporary files, weakref finalizers); a run with threads
    left over exits the ordinary way, so they are waited for."""
    if threading.active_count() > 1:
        raise done
    code = done.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what sys.exit("message") prints
        code = 1
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        code = 120  # what Python returns when it cannot flush at exit
    os._exit(code or 0)
