"""``create_app(settings)``: the FastAPI application of ``claimmap serve``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from claimmap.about import __version__
from claimmap.server.analysis import Analyzer
from claimmap.server.limits import BodyLimit
from claimmap.server.views import router
from claimmap.settings import Options, Settings, load_settings


def create_app(settings: Settings | None = None, *, warm: bool = True,
               options: Options | None = None) -> FastAPI:
    """The app; ``warm`` loads the pipeline in the background at start-up; ``options``
    (e.g. ``Options(profile="accurate")``) applies to every analysis."""
    settings = settings or load_settings()
    analyzer = Analyzer(settings, options=options)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            analyzer.warm_up()
        yield
        analyzer.close()

    app = FastAPI(title="claimmap", version=__version__, lifespan=lifespan,
                  description="Who claims what in a news article: quotes, speakers, claims, "
                              "rhetoric, stance and disputes as a ClaimMap.")
    app.state.settings = settings
    app.state.analyzer = analyzer
    app.include_router(router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    return app
