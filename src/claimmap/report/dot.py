"""The accusation graph of ClaimMaps as Graphviz DOT (the graph itself:
:func:`claimmap.report.graph.accusation_graph`). No spaCy here."""

from __future__ import annotations

from claimmap.report.graph import accusation_graph
from claimmap.text import escape_controls
from claimmap.types import ClaimMap


def _quote(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    # DOT goes to a terminal as often as to Graphviz: controls shown, before DOT's escaping.
    flat = escape_controls(flat)
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_dot(maps: list[ClaimMap]) -> str:
    """One ``digraph``; with several articles each is a cluster of its own."""
    lines = ["digraph accusations {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
    for n, cm in enumerate(maps):
        graph = accusation_graph(cm)
        ids = {gnode.key: f"a{n}_n{i}" for i, gnode in enumerate(graph.nodes)}
        lines.append(f"  subgraph cluster_{n} {{")
        lines.append(f"    label={_quote(cm.article.title or cm.article.id)};")
        lines += [f"    {ids[gnode.key]} [label={_quote(gnode.name)}];" for gnode in graph.nodes]
        for edge in graph.edges:
            if edge.kind == "accuses":
                attrs = f"label={_quote(edge.label, 40)}"
            else:
                attrs = f"label={_quote(edge.kind)}, style={edge.style}"
            lines.append(f"    {ids[edge.source]} -> {ids[edge.target]} [{attrs}];")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"
