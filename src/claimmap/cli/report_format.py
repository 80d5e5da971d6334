"""``claimmap analyze --format html``: the self-contained HTML report as an output format."""

from __future__ import annotations

from claimmap.cli.analyze import RENDERERS
from claimmap.types import ClaimMap


def render_html_report(maps: list[ClaimMap]) -> str:
    from claimmap.report.html import render_html

    return render_html(maps)


RENDERERS["html"] = render_html_report
