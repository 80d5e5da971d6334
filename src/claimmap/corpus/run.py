"""``add_to_store``: read inputs, skip what is stored, analyse the rest, write, report.

The planner decides what reaches the engine: a record whose (id, content) is already stored,
or is in flight in this run, is skipped without analysis; a bad record becomes an
``errors`` row at once. An input whose every record was stored or recorded is noted in the
ledger, so the next run skips it without reading it (unless some of its records failed in
analysis or storage: those are tried again next time).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from claimmap.corpus import timing
from claimmap.corpus.engine import Engine, Outcome, WorkItem
from claimmap.corpus.inputs import Input
from claimmap.corpus.tally import WriteTally
from claimmap.corpus.writer import Writer
from claimmap.store.backend import Store
from claimmap.store.write import ErrorRecord, content_hash, ledger_done, stored_hashes


@dataclass
class AddReport(WriteTally):
    """What one run did. ``errors`` counts bad records met in this run (new or already
    recorded), so a rerun over the same bad input still exits 1."""

    records: int = 0
    new_errors: int = 0
    inputs_skipped: int = 0
    factcheck_matches: int = 0
    error_reasons: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def as_dict(self) -> dict[str, object]:
        return {"records": self.records, "inserted": self.inserted, "revised": self.revised,
                "unchanged": self.unchanged, "errors": self.errors,
                "new_errors": self.new_errors, "inputs_skipped": self.inputs_skipped,
                "factcheck_matches": self.factcheck_matches,
                "seconds": round(self.seconds, 3)}


@dataclass
class _InputState:
    input: Input
    records: int = 0
    stored: int = 0
    errors: int = 0
    outstanding: int = 0
    # Analysis or store failures: not noted in the ledger, so the next run tries them again
    # (a fixed claimmap may store them); bad input records are final.
    retryable: int = 0
    read: bool = False


Progress = Callable[[AddReport], None]


def _in_order(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    """Outcomes in input order, whatever order the engine finished them in, so every engine
    writes the same store (first-seen actors, duplicate_of, revisions of one id)."""
    waiting: dict[int, Outcome] = {}
    expected = 0
    for outcome in outcomes:
        waiting[outcome.item.seq] = outcome
        while expected in waiting:
            yield waiting.pop(expected)
            expected += 1
    yield from (waiting[seq] for seq in sorted(waiting))


def add_to_store(inputs: Iterable[Input], store: Store, engine: Engine, *,
                 progress: Progress | None = None, track: bool = True,
                 match_factchecks: bool = True) -> AddReport:
    """Analyse and store every new record of ``inputs``; see :class:`AddReport`.

    ``track``: claim tracking as each article is stored; ``match_factchecks``: the new
    articles' claims against the fact-checks already stored (nothing while there are none),
    also as each article is stored, so a resumed run leaves none unmatched."""
    started = time.perf_counter()
    report = AddReport()
    # The encoder loads while the engine's workers analyse the first batch when the engine
    # can say when they are up; otherwise now, beside whatever the engine loads.
    writer = Writer(store, track=track, match_factchecks=match_factchecks, preload=False)
    when_started = getattr(engine, "when_started", None)
    if not (callable(when_started) and when_started(writer.preload)):
        writer.preload()
    states: dict[int, _InputState] = {}
    # (id, content hash) of the records in flight only: a repeat of one already written is
    # found in the store, so the set stays as small as the engine's queue over any run.
    in_flight: set[tuple[str, str]] = set()
    owner: dict[int, int] = {}  # work item seq -> input number

    def tick() -> None:
        if progress is not None:
            report.seconds = time.perf_counter() - started
            progress(report)

    def maybe_finish(state: _InputState) -> None:
        if state.read and state.outstanding == 0 and state.retryable == 0 and state.input.key:
            writer.finish_input(state.input.key, state.input.source, state.records,
                                state.stored, state.errors)

    def bad(state: _InputState, rec: ErrorRecord) -> None:
        state.errors += 1
        report.errors += 1
        if len(report.error_reasons) < 50:
            report.error_reasons.append(rec.reason)
        if writer.error(rec):
            report.new_errors += 1
        tick()

    def plan() -> Iterator[WorkItem]:
        seq = 0
        for number, inp in enumerate(inputs):
            state = states[number] = _InputState(inp)
            if inp.key is not None:
                with store.connect() as conn:
                    done = ledger_done(conn, inp.key)
                if done is not None:
                    report.inputs_skipped += 1
                    report.unchanged += done[0]
                    report.errors += done[1]
                    report.records += done[0] + done[1]
                    tick()
                    continue
            for record in inp.records:
                report.records += 1
                state.records += 1
                if record.article is None:
                    bad(state, ErrorRecord(record.source, record.position, record.record_id,
                                           "input", record.error or "unreadable record"))
                    continue
                article = record.article
                digest = content_hash(article)
                with store.connect() as conn:
                    current, older = stored_hashes(conn, article.id)
                if (article.id, digest) in in_flight or current == digest or digest in older:
                    state.stored += 1
                    report.unchanged += 1
                    tick()
                    continue
                in_flight.add((article.id, digest))
                state.outstanding += 1
                owner[seq] = number
                yield WorkItem(seq, record.source, record.position, article, digest)
                seq += 1
            state.read = True
            maybe_finish(state)

    writing = timing.Stopwatch()
    for outcome in _in_order(engine.run(plan())):
        state = states[owner.pop(outcome.item.seq)]
        state.outstanding -= 1
        with writing:
            written = report.count(writer.write(outcome))
        # Only now: a repeat planned from here on finds this record in the store.
        in_flight.discard((outcome.item.article.id, outcome.item.content_hash))
        if written:
            state.stored += 1
        else:
            state.errors += 1
            state.retryable += 1
            report.new_errors += 1
            reason = getattr(outcome, "reason", "cannot store")
            if len(report.error_reasons) < 50:
                report.error_reasons.append(f"{outcome.item.source}: {reason}")
        tick()
        maybe_finish(state)
    report.factcheck_matches = writer.factcheck_matches
    report.seconds = time.perf_counter() - started
    timing.mark("writer", writing.seconds, articles=writing.calls)
    timing.mark("add_to_store done", report.seconds)
    return report
