"""Choosing an engine by name: what ``corpus add --engine`` and Python callers use."""

from __future__ import annotations

from claimmap.corpus.engine import Engine
from claimmap.errors import ClaimmapError
from claimmap.settings import Options, Settings

ENGINES = ("local", "ray")


class EngineChoiceError(ClaimmapError):
    """An unknown engine, or an option the chosen engine does not take."""


def open_engine(name: str = "local", workers: int | None = None, *,
                address: str | None = None, options: Options | None = None,
                settings: Settings | None = None) -> Engine:
    """An engine ready to ``run``: ``local`` (processes on this machine) or ``ray``
    (``address``: None for a private local Ray, ``auto`` or ``ray://HOST:PORT``)."""
    if name == "local":
        if address is not None:
            raise EngineChoiceError("--address is for --engine ray")
        from claimmap.corpus.local import LocalEngine

        return LocalEngine(workers, options=options, settings=settings)
    if name == "ray":
        from claimmap.corpus.ray_engine import RayEngine, check_ray_installed

        check_ray_installed()  # fail now, with the install hint, rather than after planning
        engine = RayEngine(workers, address=address, options=options, settings=settings)
        engine.prepare()  # Ray's import, in the background, ahead of the store and planner
        return engine
    raise EngineChoiceError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")
