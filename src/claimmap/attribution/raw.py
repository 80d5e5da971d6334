"""The plain record every attribution finder writes: character ranges and token indices."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RawAttribution:
    content: tuple[int, int]
    cue: tuple[int, int] | None
    cue_class: str
    source: tuple[int, int] | None
    source_head: int | None  # token index of the source's head word
    kind: str = "indirect"
    method: str = "rule"
    score: float = 0.8
    cue_token: int | None = None
    target: tuple[int, int] | None = None  # the accused, for accusations
    # Who relayed it ("the Herald reported that the mayor denied ..."): span and head.
    via: tuple[int, int] | None = None
    via_head: int | None = None
