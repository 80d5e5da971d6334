"""``claimmap analyze --format dot``: the accusation graph as Graphviz DOT."""

from __future__ import annotations

from claimmap.cli.analyze import RENDERERS
from claimmap.types import ClaimMap


def render_dot_graph(maps: list[ClaimMap]) -> str:
    from claimmap.report.dot import render_dot  # on use: other formats need no graph code

    return render_dot(maps)


RENDERERS["dot"] = render_dot_graph
