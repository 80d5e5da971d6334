"""The accusation graph of one article, once: who accuses, denies or contradicts whom.

:func:`accusation_graph` builds it (nodes are actors, or the words that named an unresolved
party; edges are accusations, solid and labelled with what is alleged, and the other
disputes between actors, dashed or dotted). The DOT report (:mod:`claimmap.report.dot`)
writes it as Graphviz; the HTML report lays it out on a ring with :func:`ring_layout`.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from claimmap.report.marks import SpeakerStyle, _initials
from claimmap.types import ClaimMap

EdgeStyle = Literal["solid", "dashed", "dotted"]
_STYLE: dict[str, EdgeStyle] = {"denial": "dashed", "contradiction": "dashed",
                                "numeric_conflict": "dotted"}


@dataclass(frozen=True, slots=True)
class GraphNode:
    key: str  # the actor id, or "mention:<words>" for a party no actor was resolved for
    name: str
    actor_id: str | None


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str  # node keys
    target: str
    kind: str  # "accuses", "denial", "contradiction", "numeric conflict"
    label: str  # what is alleged, or the dispute's evidence
    style: EdgeStyle


@dataclass(frozen=True, slots=True)
class AccusationGraph:
    nodes: tuple[GraphNode, ...]  # in order of first appearance
    edges: tuple[GraphEdge, ...]


def accusation_graph(cm: ClaimMap) -> AccusationGraph:
    """Accusations first (in text order), then the other disputes between two actors or
    more. Accusation disputes are the same acts as the accusations and are not drawn twice."""
    nodes: dict[str, GraphNode] = {}

    def node(actor_id: str | None, words: str | None) -> str:
        key = actor_id or f"mention:{(words or '?').lower()}"
        if key not in nodes:
            actor = cm.actor(actor_id)
            name = actor.name if actor else words or "(unknown)"
            nodes[key] = GraphNode(key, name, actor_id)
        return key

    speakers = {q.id: q.speaker for q in cm.quotes}
    edges: list[GraphEdge] = []
    for acc in cm.accusations:
        speaker = speakers.get(acc.quote_id or "")
        accuser = node(acc.accuser, speaker.mention.text if speaker and speaker.mention
                       else None)
        accused = node(acc.accused, acc.accused_mention.text if acc.accused_mention else None)
        edges.append(GraphEdge(accuser, accused, "accuses", acc.of.text, "solid"))
    for dispute in cm.disputes:
        if dispute.kind == "accusation":
            continue
        for first, second in itertools.pairwise(dispute.actors):
            edges.append(GraphEdge(node(first, None), node(second, None),
                                   dispute.kind.replace("_", " "),
                                   dispute.evidence.text if dispute.evidence else "",
                                   _STYLE.get(dispute.kind, "solid")))
    return AccusationGraph(tuple(nodes.values()), tuple(edges))


def ring_layout(graph: AccusationGraph,
                styles: dict[str, SpeakerStyle]) -> dict[str, Any] | None:
    """Where the HTML report draws the graph: nodes on an ellipse, arrows between their
    rims (a loop for a self-accusation), labels outside the ring. None when nothing to draw."""
    if not graph.edges:
        return None
    width, height, radius = 460, 330, 16
    cx, cy, rx, ry = width / 2, height / 2, 80, 120
    placed: dict[str, dict[str, Any]] = {}
    taken: Counter[str] = Counter()
    count = len(graph.nodes)
    for i, gnode in enumerate(graph.nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        cos, sin = (math.cos(angle), math.sin(angle)) if count > 1 else (0.0, 1.0)
        x, y = cx + rx * cos, cy + ry * sin
        style = styles.get(f"actor:{gnode.actor_id}") if gnode.actor_id else None
        # Labels sit outside the ring, beside the node on the flanks and above or below it
        # at the poles, so neighbouring names do not run into each other.
        if abs(cos) > 0.15:
            label = (x + math.copysign(radius + 4, cos), y + 4, "start" if cos > 0 else "end")
        else:
            label = (x, y + (radius + 13 if sin > 0 else -radius - 5), "middle")
        initials = style.initials if style else _initials(gnode.name)
        taken[initials] += 1
        if taken[initials] > 1:  # two nodes must never read the same
            initials = f"{initials}{taken[initials]}"
        placed[gnode.key] = {"x": round(x, 1), "y": round(y, 1), "name": gnode.name,
                             "initials": initials,
                             "colour": style.colour if style else None,
                             "label_x": round(label[0], 1), "label_y": round(label[1], 1),
                             "anchor": label[2]}
    lines = []
    for edge in graph.edges:
        src, dst = placed[edge.source], placed[edge.target]
        drawn = {"kind": edge.kind, "label": edge.label, "dashed": edge.style != "solid",
                 "from": src["name"], "to": dst["name"]}
        dx, dy = dst["x"] - src["x"], dst["y"] - src["y"]
        dist = math.hypot(dx, dy)
        if dist < 1:  # self-accusation: draw a small loop above the node
            lines.append({**drawn, "loop": True, "x": src["x"], "y": src["y"] - radius})
            continue
        ux, uy = dx / dist, dy / dist
        lines.append({**drawn, "loop": False,
                      "x1": round(src["x"] + ux * radius, 1),
                      "y1": round(src["y"] + uy * radius, 1),
                      "x2": round(dst["x"] - ux * (radius + 4), 1),
                      "y2": round(dst["y"] - uy * (radius + 4), 1)})
    return {"width": width, "height": height, "radius": radius,
            "nodes": list(placed.values()), "edges": lines}
