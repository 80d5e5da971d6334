"""HTML in: body, title, byline and date, each with where it came from; captions kept apart.

The work happens in :mod:`claimmap.ingest.extract`, run in a killable worker with time and
memory caps (:mod:`claimmap.ingest.worker`), so a page that hangs the parser fails alone.
"""

from __future__ import annotations

from claimmap.ingest.text import check_prose, check_size, check_unicode, find_captions
from claimmap.ingest.worker import DEFAULT_TIMEOUT_S, extract
from claimmap.types import Article


def from_html(html: str, *, id: str = "article", url: str | None = None,
              max_chars: int = 2_000_000, source: str = "input",
              timeout_s: float = DEFAULT_TIMEOUT_S) -> Article:
    """An Article from an HTML page; ``text`` is the extracted body, paragraphs split by blank
    lines, so offsets index that body (not the HTML). Raises :class:`InputError` when the page
    holds no article text, is over the size cap, or takes over ``timeout_s`` to extract."""
    # The page may carry markup several times the size of its text.
    check_size(html, max_chars * 4, source)
    check_unicode(html, source)
    fields = extract(html, url=url, source=source, timeout=timeout_s)
    body = fields["text"]
    check_size(body, max_chars, source)
    check_prose(body, source)
    return Article(
        id=id, text=body, title=fields["title"], url=fields["url"],
        published=fields["published"], byline=fields["byline"], outlet=fields["outlet"],
        byline_source=fields["byline_source"], published_source=fields["published_source"],
        captions=find_captions(body), extra_captions=tuple(fields["dropped"]))
