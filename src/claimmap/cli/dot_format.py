"""``claimmap analyze --format dot``: the accusation graph as Graphviz DOT."""

from __future__ import annotations

from claimmap.cli.analyze import RENDERERS
from claimmap.report.dot import render_dot

RENDERERS["dot"] = render_dot
