"""``create_app(settings)``: the FastAPI application of ``claimmap serve``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from claimmap.about import __version__
from claimmap.server.analysis import Analyzer
from claimmap.server.docs import add_docs
from claimmap.server.limits import BodyLimit, TimeLimit
from claimmap.server.views import router
from claimmap.settings import Settings, load_settings


def create_app(settings: Settings | None = None, *, warm: bool = True) -> FastAPI:
    """The app; ``warm`` loads the pipeline in the background at start-up."""
    settings = settings or load_settings()
    analyzer = Analyzer(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            analyzer.warm_up()
        yield
        analyzer.close()

    # The stock /docs and /redoc load their scripts from a CDN: off; ours serves them locally.
    app = FastAPI(title="claimmap", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="Who claims what in a news article: quotes, speakers, claims, "
                              "rhetoric, stance and disputes as a ClaimMap.")
    app.state.settings = settings
    app.state.analyzer = analyzer
    app.state.docs = add_docs(app)
    app.include_router(router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    # Outermost, a little later than the analysis' own limit, which answers more precisely.
    app.add_middleware(TimeLimit, seconds=settings.request_timeout + 2)
    return app
