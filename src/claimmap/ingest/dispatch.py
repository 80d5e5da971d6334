"""One entry path from an input to its Article, for the library, the CLI and the server.

:func:`to_article` takes one document (an Article, a Path, or a string of text or HTML);
:func:`claimmap.ingest.sources.load_paths` reads many (files, folders, JSON lines) through
the same readers. Nothing else decides how an input becomes an Article.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from claimmap.errors import InputError
from claimmap.ingest.html import from_html
from claimmap.ingest.sources import _looks_like_html, load_path
from claimmap.ingest.text import from_text
from claimmap.types import Article

Source = Article | str | Path


def to_article(source: Source, *, id: str = "article", title: str | None = None,
               url: str | None = None, html: bool | None = None,
               max_chars: int = 2_000_000) -> Article:
    """The Article of one input.

    A string is HTML when ``html`` says so, or (``html=None``) when it looks like a page;
    otherwise plain text. ``id``, ``title`` and ``url`` apply to strings; a Path holds its
    own (and must hold exactly one document); an Article passes through unchanged.
    """
    if isinstance(source, Article):
        return source
    if isinstance(source, Path):
        loaded = list(load_path(source, max_chars=max_chars))
        if len(loaded) != 1:
            raise InputError(f"{source}: holds {len(loaded)} documents; use analyze_many")
        if loaded[0].error is not None:
            raise loaded[0].error
        assert loaded[0].article is not None
        return loaded[0].article
    if isinstance(source, str):
        if _looks_like_html(source) if html is None else html:
            article = from_html(source, id=id, url=url, max_chars=max_chars)
            return dataclasses.replace(article, title=title) if title else article
        return from_text(source, id=id, title=title, url=url, max_chars=max_chars)
    raise InputError(f"cannot analyse a {type(source).__name__}; pass text, a Path or an "
                     "Article")
