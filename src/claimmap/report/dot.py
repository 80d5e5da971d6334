"""The accusation graph of ClaimMaps as Graphviz DOT: who accuses, denies or contradicts whom.

Nodes are actors (or the words that named an unresolved party); edges are accusations
(solid, labelled with what is alleged) and the other disputes (dashed). No spaCy here.
"""

from __future__ import annotations

from claimmap.types import ClaimMap

_STYLE = {"denial": "dashed", "contradiction": "dashed", "numeric_conflict": "dotted"}


def _quote(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_dot(maps: list[ClaimMap]) -> str:
    """One ``digraph``; with several articles each is a cluster of its own."""
    lines = ["digraph accusations {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
    for n, cm in enumerate(maps):
        prefix = f"a{n}_"
        names = {a.id: a.name for a in cm.actors}
        nodes: dict[str, str] = {}

        def node(actor_id: str | None, fallback: str | None, nodes: dict[str, str] = nodes,
                 names: dict[str, str] = names, prefix: str = prefix) -> str:
            key = actor_id or f"mention:{(fallback or '?').lower()}"
            if key not in nodes:
                nodes[key] = f"{prefix}n{len(nodes)}"
                label = names.get(actor_id or "", fallback or "(unknown)")
                lines.append(f"    {nodes[key]} [label={_quote(label)}];")
            return nodes[key]

        lines.append(f"  subgraph cluster_{n} {{")
        lines.append(f"    label={_quote(cm.article.title or cm.article.id)};")
        speakers = {q.id: q.speaker for q in cm.quotes}
        for acc in cm.accusations:
            speaker = speakers.get(acc.quote_id or "")
            accuser = node(acc.accuser, speaker.mention.text if speaker and speaker.mention
                           else None)
            accused = node(acc.accused, acc.accused_mention.text if acc.accused_mention
                           else None)
            lines.append(f"    {accuser} -> {accused} [label={_quote(acc.of.text, 40)}];")
        for dispute in cm.disputes:
            if dispute.kind == "accusation" or len(dispute.actors) < 2:
                continue
            first, second = dispute.actors[0], dispute.actors[1]
            label = dispute.kind.replace("_", " ")
            lines.append(f"    {node(first, None)} -> {node(second, None)} "
                         f"[label={_quote(label)}, style={_STYLE.get(dispute.kind, 'solid')}];")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"
