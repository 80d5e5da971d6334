"""HTML in: trafilatura finds body, title, byline and date; captions are kept apart."""

from __future__ import annotations

import logging
import re
from typing import Any

from claimmap.errors import EmptyInputError, InputError
from claimmap.ingest.text import check_size, find_captions
from claimmap.types import Article

log = logging.getLogger(__name__)

_BYLINE_LINE = re.compile(r"^\s*By\s+([A-Z][\w.'\-]+(?:\s+(?:[A-Z][\w.'\-]+|and|de|van))"
                          r"{0,5})\s*$", re.MULTILINE)
_FOOTER_LINE = re.compile(
    r"^\s*(?:share (?:this|on)|follow us|sign up|subscribe|all rights reserved|copyright|©|"
    r"leave a comment|comments?\s*\(\d+\)|posted by|related (?:articles|stories)|"
    r"read more|advertisement)(?=\W|$)",
    re.IGNORECASE)


def _figure_captions(html: str) -> list[str]:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    captions = []
    for node in tree.iter("figcaption"):
        text = " ".join(node.text_content().split())
        if text:
            captions.append(text)
    return captions


def _strip_lines(body: str, unwanted: list[str]) -> tuple[str, list[str]]:
    """Drop body lines that are figure captions or site chrome, returning what was dropped."""
    wanted = {" ".join(u.split()) for u in unwanted}
    kept, dropped = [], []
    for line in body.split("\n"):
        norm = " ".join(line.split())
        if norm and (norm in wanted or (_FOOTER_LINE.match(norm) and len(norm.split()) < 15)):
            dropped.append(norm)
        else:
            kept.append(line)
    return "\n".join(kept).strip("\n"), dropped


def from_html(html: str, *, id: str = "article", url: str | None = None,
              max_chars: int = 2_000_000, source: str = "input") -> Article:
    """An Article from an HTML page; ``text`` is the extracted body, paragraphs split by blank
    lines, so offsets index that body (not the HTML)."""
    import trafilatura

    check_size(html, max_chars * 4, source)
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, favor_precision=True, deduplicate=False, as_dict=True)
    except Exception as err:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(f"{source}: cannot parse HTML ({type(err).__name__})") from None
    fields: dict[str, Any] = doc if isinstance(doc, dict) else {}

    def field(name: str) -> str | None:
        value = fields.get(name)
        return str(value) if value else None

    text = field("text")
    if not text or not text.strip():
        raise EmptyInputError(f"{source}: no article text found in the HTML")
    body, dropped = _strip_lines(text, _figure_captions(html))
    # Paragraphs: one per line from trafilatura; blank lines make them explicit for readers.
    body = re.sub(r"\n+", "\n\n", body)
    check_size(body, max_chars, source)
    byline = field("author")
    byline_source = "html:metadata" if byline else None
    if not byline:
        match = _BYLINE_LINE.search(body[:400])
        if match:
            byline, byline_source = match.group(1), "text:by-line"
    published = field("date")
    return Article(
        id=id, text=body, title=field("title"), url=url or field("url"), published=published,
        byline=byline, outlet=field("sitename"), byline_source=byline_source,
        published_source="html:metadata" if published else None,
        captions=find_captions(body), extra_captions=tuple(dropped))
