"""Server-side SVG charts for the corpus pages: no script, no CDN, no network.

Each function returns escaped SVG markup (every label goes through :func:`escape`) with a
``<title>`` per mark for hover text and an ``aria-label`` summary; the pages put the same
numbers in a table beside the chart, so nothing is only in the picture.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from markupsafe import Markup

from claimmap.report.safe import escape

# Dark enough on white for text and thin lines (WCAG AA for large marks).
SERIES_COLOURS = ("#1d4ed8", "#b45309", "#047857", "#9d174d", "#4b5563", "#6d28d9")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 28, 46


@dataclasses.dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]


def _nice_max(value: float) -> float:
    """The axis top: 1, 2 or 5 times a power of ten at or above ``value``."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def _frame(label: str, top: float, unit: str) -> list[str]:
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(label)}</title>"]
    plot_h = HEIGHT - TOP - BOTTOM
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" '
                     f'y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 4}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{escape(_fmt(value))}</text>')
    if unit:
        parts.append(f'<text class="unit" x="{LEFT}" y="{TOP - 10}">{escape(unit)}</text>')
    return parts


def _x_labels(labels: Sequence[str], slot: float) -> list[str]:
    # At most about twelve labels fit; the others stay in the table and the hover titles.
    every = max(1, math.ceil(len(labels) / 12))
    parts = []
    for i, label in enumerate(labels):
        if i % every:
            continue
        x = LEFT + slot * (i + 0.5)
        parts.append(f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" '
                     f'text-anchor="middle">{escape(label)}</text>')
    return parts


def _legend(names: Sequence[str], kind: str = "rect") -> list[str]:
    parts = []
    x = LEFT
    for i, name in enumerate(names):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        y = HEIGHT - 14
        if kind == "line":
            parts.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 14}" y2="{y - 4}" '
                         f'stroke="{colour}" stroke-width="3"/>')
        else:
            parts.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text class="key" x="{x + 18}" y="{y}">{escape(name)}</text>')
        x += 28 + 7 * len(name)
    return parts


def empty_chart(label: str, message: str) -> Markup:
    return Markup(f'<svg class="chart empty" viewBox="0 0 {WIDTH} 60" role="img" '
                  f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
                  f"<title>{escape(label)}</title>"
                  f'<text x="{WIDTH / 2}" y="34" text-anchor="middle">{escape(message)}</text>'
                  "</svg>")


def bar_chart(label: str, labels: Sequence[str], series: Sequence[Series], *,
              unit: str = "", stacked: bool = False) -> Markup:
    """Grouped (or stacked) bars, one slot per label (an ISO week, say)."""
    if not labels or not series:
        return empty_chart(label, "No dated data yet.")
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    peak = max(totals) if stacked else max(max(s.values, default=0) for s in series)
    top = _nice_max(peak)
    parts = _frame(label, top, unit)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(labels)
    width = slot * 0.8 / (1 if stacked else len(series))
    for i, name in enumerate(labels):
        base = 0.0
        for j, s in enumerate(series):
            value = s.values[i]
            h = plot_h * value / top
            x = LEFT + slot * i + slot * 0.1 + (0 if stacked else j * width)
            y = TOP + plot_h - h - (plot_h * base / top if stacked else 0)
            colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
            parts.append(f'<rect class="cbar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                         f'height="{h:.1f}" fill="{colour}"><title>{escape(name)}: '
                         f"{escape(s.name)} {escape(_fmt(value))}</title></rect>")
            if stacked:
                base += value
    parts += _x_labels(labels, slot)
    parts += _legend([s.name for s in series])
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(label: str, labels: Sequence[str], series: Sequence[Series], *,
               unit: str = "") -> Markup:
    """One line (with a dot per point) per series over the labels."""
    if not labels or not series:
        return empty_chart(label, "No dated data yet.")
    top = _nice_max(max(max(s.values, default=0) for s in series))
    parts = _frame(label, top, unit)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(labels)
    for j, s in enumerate(series):
        colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
        points = [(LEFT + slot * (i + 0.5), TOP + plot_h - plot_h * v / top)
                  for i, v in enumerate(s.values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline class="line" points="{path}" fill="none" stroke="{colour}" '
                     'stroke-width="2.5"/>')
        for (x, y), name, value in zip(points, labels, s.values, strict=True):
            parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3.5" '
                         f'fill="{colour}"><title>{escape(name)}: {escape(s.name)} '
                         f"{escape(_fmt(value))}</title></circle>")
    parts += _x_labels(labels, slot)
    parts += _legend([s.name for s in series], kind="line")
    parts.append("</svg>")
    return Markup("".join(parts))
