"""Forked workers (claimmap.workers) with stand-in batch functions: order, death, laziness."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator

from claimmap.workers import ForkedWorkers, batches


def _pids(batch: list[int]) -> list[tuple[int, int]]:
    return [(n * n, os.getpid()) for n in batch]


def test_workers_results_come_back_in_input_order_from_other_processes() -> None:
    got = list(ForkedWorkers(_pids, 2).run(batches(range(11), 2)))
    assert [b for b, _ in got] == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10]]
    results = [r for _, rs in got for r in rs or []]
    assert [square for square, _ in results] == [n * n for n in range(11)]
    assert os.getpid() not in {pid for _, pid in results}


def test_workers_a_dead_worker_fails_only_its_batch() -> None:
    def work(batch: list[int]) -> list[int]:
        if 4 in batch:
            os._exit(9)  # as if the kernel killed it
        return batch

    got = dict((b[0], rs) for b, rs in ForkedWorkers(work, 2).run(batches(range(12), 2)))
    assert got[4] is None
    # The batches after it are redone by fresh workers.
    assert got[8] == [8, 9] and got[10] == [10, 11]


def test_workers_read_the_stream_lazily_and_stop_when_left() -> None:
    pulled: list[int] = []

    def stream() -> Iterator[list[int]]:
        for n in range(1000):
            pulled.append(n)
            yield [n]

    run = ForkedWorkers(_pids, 2).run(stream())
    first = next(run)
    assert first[0] == [0]
    assert len(pulled) <= 2 * 2 + 1  # a few batches ahead per worker, no more
    run.close()
    assert multiprocessing.active_children() == []


def test_workers_nothing_to_do_forks_nothing() -> None:
    assert list(ForkedWorkers(_pids, 2).run([])) == []
    assert multiprocessing.active_children() == []


def test_workers_the_heap_is_frozen_while_they_run_and_not_after() -> None:
    before = gc.get_freeze_count()
    counts = [gc.get_freeze_count() for _ in ForkedWorkers(_pids, 2).run(batches(range(4), 2))]
    assert all(c > before for c in counts)
    assert gc.get_freeze_count() == before


def test_workers_batches_send_the_last_items_one_at_a_time() -> None:
    for n in range(30):
        got = list(batches(range(n), 4, tail=8))
        assert [x for batch in got for x in batch] == list(range(n))
        singles = [b for b in got if len(b) == 1]
        assert all(len(b) == 4 for b in got[:len(got) - len(singles)])
        # Every item once, in order; the last 8 to 11 of them (all when fewer) alone.
        assert len(singles) == (n if n < 12 else 8 + n % 4)
    assert [len(b) for b in batches(range(10), 4)] == [4, 4, 2]
