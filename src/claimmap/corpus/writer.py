"""The single writer: the only code that writes analysis results to the store.

One transaction per article (its row, its analysis rows and its search rows) and one per error
row, so a run killed at any moment leaves every article stored whole or not at all, and a
rerun finds exactly what is missing. Whatever the engine (local processes, Ray), outcomes come
here, on one thread.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from claimmap.corpus.engine import Analysed, Outcome
from claimmap.store.backend import Store, StoreError
from claimmap.store.write import ErrorRecord, PutResult, put_article, put_error, put_ledger

if TYPE_CHECKING:
    from claimmap.corpus.factchecks import ArticleMatcher

log = logging.getLogger(__name__)

WriteResult = PutResult | str  # "inserted", "revised", "unchanged" or "failed"


class Writer:
    """``track``: claim tracking (copies, clusters, cross-article disputes) runs in each
    article's own transaction, so an article is never stored without its tracking;
    ``match_factchecks``: its claims are matched against the stored fact-checks there too;
    ``signals``: its credibility signals (and those of the articles tracking or matching
    linked it to) are recomputed in the same transaction."""

    def __init__(self, store: Store, *, track: bool = True, signals: bool = True,
                 match_factchecks: bool = False, preload: bool = True) -> None:
        if store.read_only:
            raise StoreError("the store was opened read-only")
        self.store = store
        self.track = track
        self.signals = signals
        self.match_factchecks = match_factchecks
        self._matcher: ArticleMatcher | None = None
        self.factcheck_matches = 0
        if track and preload:
            self.preload()

    @property
    def matcher(self) -> ArticleMatcher | None:
        """Fact-check matching's index of the stored fact-checks (None when not matching).
        Tracking, matching and signals are imported at the first article, not with this
        module: ``corpus add`` creates its writer before the pipeline loads and the workers
        fork, and importing them then (about 0.15 s of CPU) held both workers back."""
        if self._matcher is None and self.match_factchecks:
            from claimmap.corpus.factchecks import ArticleMatcher

            self._matcher = ArticleMatcher(self.store)
        return self._matcher

    def preload(self) -> None:
        """Start loading the claim encoder in the background (tracking embeds claims from
        the first article on), so that it is ready before the first results come back."""
        if self.track:
            from claimmap.embed.encoder import preload_encoder

            preload_encoder()

    def write(self, outcome: Outcome) -> WriteResult:
        """Store an analysed article, or record why it failed; ``"failed"`` for the latter."""
        item = outcome.item
        if not isinstance(outcome, Analysed):
            self.error(ErrorRecord(item.source, item.position, item.article.id, "analysis",
                                   outcome.reason))
            return "failed"
        try:
            with self.store.begin() as conn:
                result = put_article(conn, outcome.claimmap,
                                     source=_where(item.source, item.position),
                                     encoded=outcome.encoded)
                if result in ("inserted", "revised"):
                    aid = outcome.claimmap.article.id
                    related: set[str] = set()
                    if self.track:
                        from claimmap.corpus.tracking import track_article

                        related = track_article(conn, aid, known=outcome.claimmap).related
                    matcher = self.matcher
                    if matcher is not None:
                        written, touched = matcher.match_in(conn, aid)
                        self.factcheck_matches += written
                        related |= touched
                    if self.signals:
                        from claimmap.corpus.signals import refresh_signals

                        refresh_signals(conn, {aid, *related}, known=outcome.claimmap)
                return result
        except (IntegrityError, DataError) as err:
            # A ClaimMap the schema refuses (e.g. two records with one id) is that record's
            # error, not the run's.
            reason = str(err.orig).splitlines()[0] if err.orig else type(err).__name__
            self.error(ErrorRecord(item.source, item.position, item.article.id, "store",
                                   f"cannot store: {reason}"))
            return "failed"
        except DBAPIError as err:
            raise StoreError(f"cannot write to the store: {str(err.orig).splitlines()[0]}") \
                from None

    def error(self, record: ErrorRecord) -> bool:
        """Record a bad record once; True when the row is new."""
        try:
            with self.store.begin() as conn:
                return put_error(conn, record)
        except DBAPIError as err:
            raise StoreError(f"cannot write to the store: {str(err.orig).splitlines()[0]}") \
                from None

    def finish_input(self, key: str, source: str, records: int, stored: int,
                     errors: int) -> None:
        """Note in the ledger that every record of an input is stored or recorded."""
        with self.store.begin() as conn:
            put_ledger(conn, key, source, records, stored, errors)


def _where(source: str, position: int | None) -> str:
    return source if position is None else f"{source}:{position}"
