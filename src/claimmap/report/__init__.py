"""Views of a ClaimMap: JSON, the terminal text view, the HTML report. No spaCy here."""

from claimmap.report.html import render_html
from claimmap.report.serialize import to_json, to_jsonl_line
from claimmap.report.text import render_text

__all__ = ["render_html", "render_text", "to_json", "to_jsonl_line"]
