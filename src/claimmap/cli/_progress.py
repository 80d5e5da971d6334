"""A progress bar on stderr for long runs; data on stdout stays clean."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def with_progress(items: Iterable[T], total: int, *, quiet: bool = False,
                  label: str = "analysing", min_total: int = 1) -> Iterator[T]:
    """Yield ``items`` unchanged, advancing a transient rich bar on stderr."""
    if quiet or total < min_total:
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            progress.advance(task)
            yield item
