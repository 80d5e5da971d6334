"""The engine interface: work items in, ClaimMaps or per-record failures out.

An engine only analyses. It never touches the store: every outcome goes to the one
:class:`~claimmap.corpus.writer.Writer`, which stores each article in one transaction. That is
what makes a run resumable after a kill whatever the engine: what is stored is skipped by the
planner before it reaches the engine, and what is not stored is analysed again.

Writing an engine (the local one is :class:`claimmap.corpus.local.LocalEngine`; a Ray engine
follows the same shape):

- ``run(items)`` consumes ``items`` lazily **on the calling thread** (the planner reads the
  store while it yields; a distributed engine may pull items on the caller's thread and ship
  them out) and yields exactly one :data:`Outcome` per item, in any order, each carrying its
  item back so the writer knows where it came from (``add_to_store`` writes them in input
  order, holding early ones back, so every engine gives the same store);
- a record that cannot be analysed yields :class:`Failed` with a one-line reason, never an
  exception; an exception out of ``run`` means the engine itself broke (the run stops, and what
  was written stays written);
- ``close()`` releases workers; engines are also context managers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from claimmap.types import Article, ClaimMap


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One article to analyse. ``seq`` numbers items within a run (input order)."""

    seq: int
    source: str
    position: int | None
    article: Article
    content_hash: str


@dataclass(frozen=True, slots=True)
class Analysed:
    """``encoded``: the ClaimMap as the store keeps it (``store.write.encode_claimmap``), when
    a worker already made it, so the single writer need not."""

    item: WorkItem
    claimmap: ClaimMap
    encoded: bytes | None = None


@dataclass(frozen=True, slots=True)
class Failed:
    item: WorkItem
    reason: str


Outcome = Analysed | Failed


@runtime_checkable
class Engine(Protocol):
    """Analyses work items; see the module docstring for the contract."""

    name: str

    def run(self, items: Iterable[WorkItem]) -> Iterator[Outcome]: ...

    def close(self) -> None: ...
