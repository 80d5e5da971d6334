"""``create_app(settings)``: the FastAPI application of ``claimmap serve``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI

from claimmap.about import __version__
from claimmap.server.analysis import Analyzer
from claimmap.server.docs import add_docs
from claimmap.server.limits import BodyLimit, TimeLimit
from claimmap.server.views import router
from claimmap.settings import Options, Settings, load_settings

if TYPE_CHECKING:
    from claimmap.store import Store


def create_app(settings: Settings | None = None, *, store: Store | None = None,
               warm: bool = True, options: Options | None = None) -> FastAPI:
    """The app; ``warm`` loads the pipeline in the background at start-up. With a ``store``
    (open it read-only: ``open_store(db, read_only=True)``) the corpus pages are added."""
    settings = settings or load_settings()
    # ``options`` (e.g. Options(profile="accurate")) applies to every analysis.
    analyzer = Analyzer(settings, options)
    corpus = None
    if store is not None:
        from claimmap.server.corpus_db import CorpusDB

        corpus = CorpusDB(store, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            analyzer.warm_up()
        yield
        analyzer.close()
        if corpus is not None:
            corpus.close()

    # The stock /docs and /redoc load their scripts from a CDN: off; ours serves them locally.
    app = FastAPI(title="claimmap", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="Who claims what in a news article: quotes, speakers, claims, "
                              "rhetoric, stance and disputes as a ClaimMap.")
    app.state.settings = settings
    app.state.analyzer = analyzer
    app.state.docs = add_docs(app)
    app.state.corpus = corpus
    app.include_router(router)
    if corpus is not None:
        from claimmap.server.corpus_views import install_error_pages
        from claimmap.server.corpus_views import router as corpus_router

        app.include_router(corpus_router)
        from claimmap.server.cluster_views import router as cluster_router

        app.include_router(cluster_router)
        install_error_pages(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    # Outermost, a little later than the analysis' own limit, which answers more precisely.
    app.add_middleware(TimeLimit, seconds=settings.request_timeout + 2)
    return app
