"""Public entry points: ``analyze`` for people, ``analyze_doc`` for programs,
``analyze_many`` for corpora. The CLI and the server are thin shells over these."""

from __future__ import annotations

import dataclasses
import functools
import logging
import pickle
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimmap.claimmap import from_doc, provenance_for
from claimmap.errors import ClaimmapError, InputError, InputTooLargeError
from claimmap.ingest.dispatch import Source
from claimmap.ingest.dispatch import to_article as ingest_one
from claimmap.ingest.text import check_prose
from claimmap.nlp.pipeline import load_pipeline
from claimmap.settings import PROFILES, Options, Settings, load_settings
from claimmap.types import Article, ClaimMap, Provenance
from claimmap.workers import ForkedWorkers, batches

log = logging.getLogger(__name__)
# Articles per batch sent to one worker (at most; a smaller batch_size wins).
WORKER_BATCH = 4


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
    """ClaimMaps for many articles, in input order, batched through ``nlp.pipe``.

    With ``n_process`` above 1, worker processes forked with ``nlp`` loaded analyse the
    articles and send back finished ClaimMaps (the same ones, byte for byte). Either way, an
    input that cannot be read or an article that cannot be analysed raises its error once the
    ClaimMaps of the articles before it have been yielded."""
    options = options or Options()
    settings = settings or load_settings()
    nlp = nlp or get_pipeline(options, settings)
    size = batch_size or settings.batch_size
    unreadable: list[Exception] = []

    def readable() -> Iterator[Article]:
        """The inputs as Articles, up to the first that cannot be read (raised at its turn)."""
        try:
            for item in items:
                yield to_article(item, settings=settings)
        except Exception as err:
            unreadable.append(err)

    sized = dataclasses.replace(settings, batch_size=size)
    results: Iterator[tuple[list[Article], list[ClaimMap | Exception] | None]]
    if n_process <= 1:
        results = ((batch, analyze_batch(batch, nlp=nlp, options=options, settings=sized))
                   for batch in batches(readable(), size))
    else:
        work = functools.partial(_analyze_in_worker, nlp, options, sized)
        # Small batches, each one worker's: a short last batch leaves the others idle less.
        results = ForkedWorkers(work, n_process).run(batches(readable(), min(size, WORKER_BATCH)))
    for _, batch_results in results:
        if batch_results is None:
            raise ClaimmapError("analysis failed: a worker process died")
        for result in batch_results:
            if isinstance(result, Exception):
                raise result
            yield result
    if unreadable:
        raise unreadable[0]


def analyze_batch(articles: list[Article], *, nlp: Language, options: Options | None = None,
                  settings: Settings | None = None) -> list[ClaimMap | Exception]:
    """One result per article, in this process: its ClaimMap, or the error it raised. When
    the batch fails, its articles are analysed one by one to find the ones that break it."""
    options = options or Options()
    settings = settings or load_settings()
    provenance = provenance_for(nlp.meta, nlp.pipe_names)
    try:
        return list(_pipe_here(nlp, articles, provenance, options, settings.batch_size))
    except Exception as err:
        log.debug("batch failed: %s", err)
    out: list[ClaimMap | Exception] = []
    for article in articles:
        try:
            out.extend(_pipe_here(nlp, [article], provenance, options, 1))
        except Exception as err:
            out.append(err)
    return out


def _pipe_here(nlp: Language, articles: Iterable[Article], provenance: Provenance,
               options: Options, batch_size: int) -> Iterator[ClaimMap]:
    def docs_with_context() -> Iterator[tuple[Doc, Article]]:
        for article in articles:
            yield prepare_doc(nlp, article), article

    for doc, article in nlp.pipe(docs_with_context(), as_tuples=True, batch_size=batch_size):
        yield from_doc(article, doc, provenance, options.min_checkworthiness)


def _analyze_in_worker(nlp: Language, options: Options, settings: Settings,
                       articles: list[Article]) -> list[ClaimMap | Exception]:
    """In a forked worker: one batch, its Docs and their strings freed when it is done."""
    with nlp.memory_zone():
        results = analyze_batch(articles, nlp=nlp, options=options, settings=settings)
    return [r if isinstance(r, ClaimMap) else sendable_error(r) for r in results]


def sendable_error(err: Exception) -> Exception:
    """``err`` if it survives pickling back to the parent, else a RuntimeError saying it."""
    try:
        pickle.loads(pickle.dumps(err))
    except Exception:
        first = str(err).splitlines()[0] if str(err) else ""
        return RuntimeError(f"{type(err).__name__}: {first}")
    return err
