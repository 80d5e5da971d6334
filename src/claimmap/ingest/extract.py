"""The HTML extraction itself: page in, plain fields out (run in the isolated worker).

trafilatura's precision mode first; when it returns nothing, or far less than the page's
prose, its default mode, then its recall mode, then the page's own prose blocks, so a page
with an article in it is never refused. Bylines and dates printed in the visible text are
found with their source; whitespace-only paragraphs, table rules and site chrome are dropped.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from claimmap.errors import EmptyInputError, InputError
from claimmap.ingest.byline import byline_in_line, clean_name, date_in_line, is_meta_line
from claimmap.ingest.layout import split_br_paragraphs, unwrap_layout_tables

_LIBRARY_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "readability",
                    "charset_normalizer")
_FOOTER_LINE = re.compile(
    r"^\s*(?:share (?:this|on)|follow us|sign up|subscribe|all rights reserved|copyright|©|"
    r"leave a comment|comments?\s*\(\d+\)|\d+ comments|posted by|related(?: articles| stories)?"
    r"\s*:|related (?:articles|stories)|read more|advertisement|print this story|"
    r"e-?mail (?:it|this)|get the \w+ (?:briefing|newsletter))(?=\W|$)",
    re.IGNORECASE)
# Characters that render as nothing: a paragraph of only these (and spaces) is empty.
_INVISIBLE = re.compile(r"[\s\u00a0\u00ad\u180e\u200b-\u200f\u2028-\u202f\u205f-\u2064"
                        r"\u3000\ufeff]+")
# Control characters lxml parses but will not let us write back into a tree (and that no
# page shows): replaced by spaces before parsing. Offsets index the extracted body, not the
# HTML, so nothing else moves.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*$")
_BYLINE_HINT = re.compile(r"byline|author|writer|reporter|contributor|(?:^|[\s_-])by(?:$|[\s_-])",
                          re.IGNORECASE)
_BLOCK_TAGS = frozenset(("address", "article", "aside", "blockquote", "br", "dd", "div", "dl",
                         "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
                         "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
                         "pre", "section", "table", "td", "th", "tr", "ul"))
_PROSE_WORDS = 15
# Precision mode is trusted unless it keeps less than this share of the page's prose.
_SHORT_SHARE = 0.6
_HEADER_LINES = 14


def quiet_libraries() -> None:
    """trafilatura and friends log warnings ("discarding data: None") that are not ours:
    keep them off the user's stderr."""
    for name in _LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False


def parse(html: str, source: str) -> Any:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError, lxml.etree.XMLSyntaxError) as err:
        raise InputError(f"{source}: cannot parse HTML ({type(err).__name__})") from None
    if root is None:
        raise EmptyInputError(f"{source}: no article text found in the HTML")
    return root


def visible_lines(root: Any) -> list[str]:
    """The page's text as the reader sees it, one line per block."""
    page = copy.deepcopy(root)
    for node in list(page.iter("script", "style", "noscript", "template", "head")):
        if node.getparent() is not None:
            node.drop_tree()
    for node in page.iter():
        if isinstance(node.tag, str) and node.tag in _BLOCK_TAGS:
            node.text = "\n" + (node.text or "")
            node.tail = "\n" + (node.tail or "")
    lines = (" ".join(_INVISIBLE.sub(" ", line).split())
             for line in page.text_content().split("\n"))
    return [line for line in lines if line]


def prose_words(lines: list[str]) -> int:
    """Words in the page's prose: lines long enough to be paragraphs."""
    counts = (len(line.split()) for line in lines)
    return sum(n for n in counts if n >= _PROSE_WORDS)


def _trafilatura(root: Any, url: str | None, mode: str) -> dict[str, Any] | None:
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        doc = trafilatura.bare_extraction(
            root, url=url, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, favor_precision=mode == "precision",
            favor_recall=mode == "recall", deduplicate=False,
            # htmldate's extensive search hands free text to dateparser, which tries every
            # locale: seconds on the first page, a hang risk after. Markup dates are still
            # read; printed date lines we read ourselves.
            date_extraction_params=set_date_params(extensive=False))
    except Exception:
        return None  # a library bug on odd markup: this mode found nothing
    if doc is None:
        return None
    fields = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return fields if (fields.get("text") or "").strip() else None


def _words(fields: dict[str, Any] | None) -> int:
    return len(str(fields.get("text") or "").split()) if fields else 0


def _body_lines(text: str) -> list[str]:
    lines = []
    for raw in text.split("\n"):
        if _TABLE_RULE.match(raw):
            continue
        line = raw.strip()
        if line.startswith("|") and line.endswith("|"):
            # A table row as trafilatura writes it: "| a | b |" -> "a | b".
            cells = [c.strip() for c in line.strip("|").replace("\\|", "\u2502").split("|")]
            line = " | ".join(c for c in cells if c)
        if _INVISIBLE.sub("", line):
            lines.append(" ".join(_INVISIBLE.sub(" ", line).split()) if "\u200b" in line
                         or "\u00a0" in line else line)
    return lines


def _byline_element(root: Any) -> tuple[str, str] | None:
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        hints = " ".join(str(node.get(a, "")) for a in ("class", "id", "rel", "itemprop"))
        if not hints.strip() or not _BYLINE_HINT.search(hints):
            continue
        text = " ".join(node.text_content().split())
        if not text or len(text) > 120:
            continue
        found = byline_in_line(text)
        if found:
            return found[0], "html:byline-element"
        for piece in re.split(r"\s[|\u2022\u00b7]\s", text):
            name = clean_name(piece) if len(piece.split()) <= 5 else None
            if name and not date_in_line(piece) and all(w[:1].isupper() for w in
                                                       name.split() if w.isalpha()):
                return name, "html:byline-element"
    return None


def _header_window(lines: list[str], title: str | None) -> list[str]:
    """Lines around the headline, where bylines and date lines are printed."""
    start = 0
    if title:
        norm = " ".join(title.split()).lower()
        for index, line in enumerate(lines):
            if line.lower() == norm or (len(line) > 12 and norm.startswith(line.lower())):
                start = index
                break
    return lines[start:start + _HEADER_LINES]


def _split_meta(line: str) -> list[str]:
    return [p for p in re.split(r"\s[|\u2022\u00b7]\s|\s{2,}", line) if p.strip()] or [line]


def extract_fields(html: str, url: str | None = None, source: str = "input") -> dict[str, Any]:
    """Body text and metadata of one page, as plain strings (picklable for the worker)."""
    quiet_libraries()
    root = parse(_XML_UNSAFE.sub(" ", html), source)
    captions = [" ".join(n.text_content().split()) for n in root.iter("figcaption")]
    lines = visible_lines(root)
    byline_node = _byline_element(root)
    has_meta_date = bool(root.xpath("//meta[contains(@property, 'published') or "
                                    "contains(@name, 'date') or @itemprop='datePublished']"
                                    "|//time[@datetime]"
                                    "|//script[@type='application/ld+json']"
                                    "[contains(., 'datePublished')]"))
    has_meta_author = bool(root.xpath(
        "//meta[@name='author' or contains(@property, 'author') or @itemprop='author']"
        "|//script[@type='application/ld+json'][contains(., 'author')]"))
    headings = [" ".join(h.text_content().split()) for h in root.iter("h1")]
    unwrap_layout_tables(root)
    split_br_paragraphs(root)
    reference = prose_words(lines)
    chosen = _trafilatura(root, url, "precision")
    mode = "precision"
    if _words(chosen) < _SHORT_SHARE * reference:
        # A site notice or a teaser instead of the article: try the fuller modes.
        for fallback in ("default", "recall"):
            candidate = _trafilatura(root, url, fallback)
            if _words(candidate) > _words(chosen) * 1.15:
                chosen, mode = candidate, fallback
            if _words(chosen) >= _SHORT_SHARE * reference:
                break
    fields: dict[str, Any] = dict(chosen or {})
    if chosen is None:
        prose = [line for line in lines if len(line.split()) >= _PROSE_WORDS]
        if not prose:
            raise EmptyInputError(f"{source}: no article text found in the HTML")
        fields, mode = {"text": "\n".join(prose)}, "prose-blocks"
    title = str(fields.get("title") or "") or None
    body = _body_lines(str(fields["text"]))
    # Byline and date lines printed above the article belong in the metadata, not the body.
    printed_byline, printed_date, above_byline = None, None, None
    window = _header_window(lines, title)
    for index, line in enumerate(window):
        for piece in (line, *_split_meta(line)):
            if printed_byline is None and (found := byline_in_line(piece)):
                printed_byline = found
                above_byline = window[index - 1] if index else None
            printed_date = printed_date or date_in_line(piece)
    title = _headline(title, headings, lines, above_byline, fields.get("sitename"))
    wanted = {" ".join(c.split()) for c in captions}
    if title:
        # A masthead or section label printed above the headline is not the article.
        norm_title = " ".join(title.split())
        at = next((i for i, line in enumerate(body[:4]) if " ".join(line.split()) ==
                   norm_title), None)
        if at:
            body = body[at:]
    kept, dropped = [], []
    for index, line in enumerate(body):
        norm = " ".join(line.split())
        top = index < 4
        if norm in wanted or (_FOOTER_LINE.match(norm) and len(norm.split()) < 15):
            dropped.append(norm)
        elif top and (is_meta_line(norm) or (title and norm == " ".join(title.split()))):
            continue
        else:
            kept.append(line)
    if not kept:
        raise EmptyInputError(f"{source}: no article text found in the HTML")
    byline, byline_source = _metadata_byline(fields.get("author"))
    if not has_meta_author or byline is None:
        # trafilatura also reads bylines out of the markup; say so when that is where it was.
        guess = (byline, "html:markup") if byline else (None, None)
        byline, byline_source = byline_node or printed_byline or guess
    published = str(fields.get("date") or "") or None
    published_source = None
    if published and has_meta_date:
        published_source = "html:metadata"
    elif printed_date:
        published, published_source = printed_date, "text:dateline"
    elif published:
        published_source = "html:date-guess"
    return {"text": "\n\n".join(kept), "title": title, "url": url or fields.get("url"),
            "byline": byline, "byline_source": byline_source, "published": published,
            "published_source": published_source, "outlet": fields.get("sitename") or None,
            "dropped": dropped, "mode": mode}


def _headline(title: str | None, headings: list[str], lines: list[str],
              above_byline: str | None, site: str | None) -> str | None:
    """The headline as printed: the page's one <h1> when the <title> is a shortened or
    site-named version of it; else the line printed just above the byline when the <title>
    is the site's name, in capitals, or not printed on the page at all (old sites title every
    page with their name)."""
    h1s = [h for h in headings if len(h.split()) >= 3]
    if len(h1s) == 1 and (not title or h1s[0].lower().startswith(title.lower())):
        return h1s[0]
    masthead = title is not None and (
        title == site or (title.isupper() and title != above_byline)
        or " ".join(title.split()) not in lines)
    if (not title or masthead) and above_byline and 3 <= len(above_byline.split()) <= 25 \
            and not above_byline.endswith((".", ":", "|")):
        return above_byline
    return title


def _metadata_byline(raw: Any) -> tuple[str | None, str | None]:
    if not raw:
        return None, None
    text = str(raw)
    found = byline_in_line(text)
    name = found[0] if found else clean_name(text)
    return (name, "html:metadata") if name else (None, None)
