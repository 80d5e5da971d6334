"""Server-side SVG charts: drawn to scale, labels escaped, empty data said plainly."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from claimmap.server.charts import Series, _nice_max, bar_chart, line_chart

NS = "{http://www.w3.org/2000/svg}"


def test_charts_nice_axis_tops() -> None:
    assert [_nice_max(v) for v in (0, 0.3, 1, 1.2, 3, 7, 40, 120)] == \
        [1.0, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0, 200.0]


def test_charts_bars_are_to_scale_and_parse() -> None:
    svg = str(bar_chart("Activity", ["W1", "W2"], [Series("a", (1.0, 4.0)),
                                                     Series("b", (2.0, 0.0))]))
    root = ET.fromstring(svg)
    heights = [float(r.get("height", "0")) for r in root.iter(f"{NS}rect")
               if r.get("class") == "cbar"]
    assert len(heights) == 4
    # Week by week, series by series: a/W2 is the tallest (4 of an axis topped at 5).
    assert max(heights) == heights[2] and heights[3] == 0
    assert abs(heights[2] / heights[0] - 4) < 0.05 and abs(heights[1] / heights[0] - 2) < 0.05


def test_charts_stacked_bars_add_up() -> None:
    svg = str(bar_chart("Mix", ["W1"], [Series("x", (60.0,)), Series("y", (40.0,))],
                        stacked=True))
    rects = [r for r in ET.fromstring(svg).iter(f"{NS}rect") if r.get("class") == "cbar"]
    (top_x, h_x), (top_y, h_y) = [(float(r.get("y", 0)), float(r.get("height", 0)))
                                  for r in rects]
    assert abs(top_y + h_y - top_x) < 0.2  # y sits on x
    assert abs(h_x / (h_x + h_y) - 0.6) < 0.01


def test_charts_escape_every_label() -> None:
    evil = '<script>alert("x")</script>&'
    for svg in (bar_chart(evil, [evil], [Series(evil, (1.0,))]),
                line_chart(evil, [evil], [Series(evil, (1.0,))])):
        text = str(svg)
        assert "<script>" not in text and "&lt;script&gt;" in text
        ET.fromstring(text)  # still well-formed


def test_charts_empty_data_says_so() -> None:
    svg = str(line_chart("Rate", [], []))
    assert "No dated data yet." in svg and re.search(r"<svg[^>]+aria-label=\"Rate\"", svg)
