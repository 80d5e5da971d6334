"""Public entry points: ``analyze`` for people, ``analyze_doc`` for programs,
``analyze_many`` for corpora. The CLI and the server are thin shells over these."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimmap.claimmap import from_doc, provenance_for
from claimmap.errors import InputError, InputTooLargeError
from claimmap.ingest.dispatch import Source
from claimmap.ingest.dispatch import to_article as ingest_one
from claimmap.ingest.text import check_prose
from claimmap.nlp.pipeline import load_pipeline
from claimmap.settings import PROFILES, Options, Settings, load_settings
from claimmap.types import Article, ClaimMap

log = logging.getLogger(__name__)


def get_pipeline(options: Options | None = None, settings: Settings | None = None) -> Language:
    """The cached pipeline that runs the stages ``options`` asks for."""
    options = options or Options()
    settings = settings or load_settings()
    if options.profile not in PROFILES:
        raise InputError(f"unknown profile {options.profile!r}; use one of "
                         + ", ".join(PROFILES))
    return load_pipeline(settings.model, options.stages(), options.profile)


def to_article(source: Source, *, url: str | None = None,
               settings: Settings | None = None) -> Article:
    """Accept an Article, a Path to a file, or a string of text (HTML is recognised)."""
    settings = settings or load_settings()
    return ingest_one(source, url=url, max_chars=settings.max_chars)


def prepare_doc(nlp: Language, article: Article) -> Doc:
    """A tokenised Doc carrying what the components need to know about the article."""
    # Articles built by callers skip ingest's checks; spaCy would raise a bare ValueError.
    if len(article.text) > nlp.max_length:
        raise InputTooLargeError(f"{article.id}: {len(article.text):,} characters is over the "
                                 f"pipeline's limit of {nlp.max_length:,}")
    check_prose(article.text, article.id)
    doc = nlp.make_doc(article.text)
    doc._.nc_title = article.title
    doc._.nc_title_span = ((article.title_span.start, article.title_span.end)
                           if article.title_span else None)
    doc._.nc_captions = tuple((c.start, c.end) for c in article.captions)
    return doc


def analyze_doc(source: Source, *, url: str | None = None, nlp: Language | None = None,
                options: Options | None = None,
                settings: Settings | None = None) -> tuple[Article, Doc]:
    """The Article and its annotated Doc, for programs that want spaCy objects."""
    article = to_article(source, url=url, settings=settings)
    nlp = nlp or get_pipeline(options, settings)
    return article, nlp(prepare_doc(nlp, article))


def analyze(source: Source, *, url: str | None = None, nlp: Language | None = None,
            options: Options | None = None, settings: Settings | None = None) -> ClaimMap:
    """Analyse one article (text, HTML string, Path or Article) into its ClaimMap."""
    options = options or Options()
    nlp = nlp or get_pipeline(options, settings)
    article, doc = analyze_doc(source, url=url, nlp=nlp, options=options, settings=settings)
    return from_doc(article, doc, provenance_for(nlp.meta, nlp.pipe_names),
                    options.min_checkworthiness)


def analyze_many(items: Iterable[Source], *, nlp: Language | None = None,
                 options: Options | None = None, settings: Settings | None = None,
                 n_process: int = 1, batch_size: int | None = None) -> Iterator[ClaimMap]:
    """ClaimMaps for many articles, in input order, batched through ``nlp.pipe``."""
    options = options or Options()
    settings = settings or load_settings()
    nlp = nlp or get_pipeline(options, settings)
    provenance = provenance_for(nlp.meta, nlp.pipe_names)
    articles = (to_article(item, settings=settings) for item in items)

    def docs_with_context() -> Iterator[tuple[Doc, Article]]:
        for article in articles:
            yield prepare_doc(nlp, article), article

    stream = nlp.pipe(docs_with_context(), as_tuples=True, n_process=n_process,
                      batch_size=batch_size or settings.batch_size)
    with _frozen_heap(n_process > 1):
        for doc, article in stream:
            yield from_doc(article, doc, provenance, options.min_checkworthiness)


@contextlib.contextmanager
def _frozen_heap(freeze: bool) -> Iterator[None]:
    """While workers are forked: the objects alive now (the loaded models) left out of the
    garbage collector's full passes, so neither the workers nor the parent walk them again
    (and workers do not copy the pages those passes touch). Undone afterwards."""
    if not freeze:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
