"""The accusation graph of one article: actors on a ring, arrows accuser -> accused."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from typing import Any

from claimmap.report.marks import SpeakerStyle, _actor_label, _initials
from claimmap.types import ClaimMap, TextSpan


def _accusation_graph(cm: ClaimMap, styles: dict[str, SpeakerStyle]) -> dict[str, Any] | None:
    """Nodes on a circle and arrows accuser -> accused (disputes as dashed lines)."""
    nodes: dict[str, str] = {}

    def node(actor_id: str | None, mention: TextSpan | None = None) -> str:
        if actor_id:
            key = f"a:{actor_id}"
            nodes.setdefault(key, _actor_label(cm, actor_id, actor_id))
        elif mention is not None:
            key = f"m:{mention.text.lower()}"
            nodes.setdefault(key, mention.text)
        else:
            key = "unknown"
            nodes.setdefault(key, "(unknown)")
        return key

    edges: list[dict[str, Any]] = []
    for acc in cm.accusations:
        edges.append({"a": node(acc.accuser), "b": node(acc.accused, acc.accused_mention),
                      "kind": "accuses", "label": acc.of.text, "dashed": False})
    for dispute in cm.disputes:
        ids = list(dispute.actors)
        for first, second in itertools.pairwise(ids):
            edges.append({"a": node(first), "b": node(second),
                          "kind": dispute.kind.replace("_", " "),
                          "label": dispute.evidence.text if dispute.evidence else "",
                          "dashed": dispute.kind != "accusation"})
    if not edges:
        return None
    width, height, radius = 460, 330, 16
    cx, cy, rx, ry = width / 2, height / 2, 80, 120
    keys = list(nodes)
    placed: dict[str, dict[str, Any]] = {}
    taken: Counter[str] = Counter()
    for i, key in enumerate(keys):
        angle = -math.pi / 2 + 2 * math.pi * i / len(keys)
        cos, sin = (math.cos(angle), math.sin(angle)) if len(keys) > 1 else (0.0, 1.0)
        x, y = cx + rx * cos, cy + ry * sin
        style = styles.get(f"actor:{key[2:]}") if key.startswith("a:") else None
        # Labels sit outside the ring, beside the node on the flanks and above or below it
        # at the poles, so neighbouring names do not run into each other.
        if abs(cos) > 0.15:
            label = (x + math.copysign(radius + 4, cos), y + 4, "start" if cos > 0 else "end")
        else:
            label = (x, y + (radius + 13 if sin > 0 else -radius - 5), "middle")
        initials = style.initials if style else _initials(nodes[key])
        taken[initials] += 1
        if taken[initials] > 1:  # two nodes must never read the same
            initials = f"{initials}{taken[initials]}"
        placed[key] = {"x": round(x, 1), "y": round(y, 1), "name": nodes[key],
                       "initials": initials,
                       "colour": style.colour if style else None,
                       "label_x": round(label[0], 1), "label_y": round(label[1], 1),
                       "anchor": label[2]}
    lines = []
    for edge in edges:
        src, dst = placed[edge["a"]], placed[edge["b"]]
        dx, dy = dst["x"] - src["x"], dst["y"] - src["y"]
        dist = math.hypot(dx, dy)
        if dist < 1:  # self-accusation: draw a small loop above the node
            lines.append({**edge, "loop": True, "x": src["x"], "y": src["y"] - radius,
                          "from": src["name"], "to": dst["name"]})
            continue
        ux, uy = dx / dist, dy / dist
        lines.append({**edge, "loop": False,
                      "x1": round(src["x"] + ux * radius, 1),
                      "y1": round(src["y"] + uy * radius, 1),
                      "x2": round(dst["x"] - ux * (radius + 4), 1),
                      "y2": round(dst["y"] - uy * (radius + 4), 1),
                      "from": src["name"], "to": dst["name"]})
    return {"width": width, "height": height, "radius": radius,
            "nodes": list(placed.values()), "edges": lines}
