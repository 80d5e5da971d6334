"""Reshape a parsed page before extraction so that trafilatura sees the article's blocks.

Older news sites lay the whole page out with tables and separate paragraphs with ``<br><br>``;
trafilatura reads such a page as one data table (or nothing). We turn layout tables into
divs, keeping tables that hold data (standings, results), and split ``<br><br>`` runs into
paragraphs. The tree is changed in place.
"""

from __future__ import annotations

import itertools
from typing import Any

_TABLE_PARTS = ("tbody", "thead", "tfoot", "tr", "td", "th")
_BLOCKS = frozenset(("address", "article", "aside", "blockquote", "div", "dl", "fieldset",
                     "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                     "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul"))
# A cell this long is prose, not a datum: its table is there for layout.
_PROSE_WORDS = 30


def _own_parts(table: Any) -> list[Any]:
    """The rows and cells of ``table`` itself, not of tables nested in its cells."""
    parts = []
    stack = list(table.iterchildren())
    while stack:
        node = stack.pop()
        if isinstance(node.tag, str) and node.tag in _TABLE_PARTS:
            parts.append(node)
            stack.extend(node.iterchildren())
    return parts


def _cell_words(cell: Any) -> int:
    words = len((cell.text or "").split())
    for child in cell.iterchildren():
        if child.tag != "table":
            words += len(" ".join(child.itertext()).split())
        words += len((child.tail or "").split())
    return words


def is_layout_table(table: Any) -> bool:
    parts = _own_parts(table)
    cells = [p for p in parts if p.tag in ("td", "th")]
    if any(_cell_words(cell) >= _PROSE_WORDS for cell in cells):
        return True
    # Tables of tables, or cells that hold paragraphs or lists, are page structure.
    return any(child.tag in ("table", "p", "ul", "ol", "h1", "h2", "h3")
               for cell in cells for child in cell.iterchildren())


def unwrap_layout_tables(root: Any) -> int:
    """Turn every layout table (and its rows and cells) into divs; returns how many."""
    count = 0
    for table in list(root.iter("table")):
        if is_layout_table(table):
            for part in _own_parts(table):
                part.tag = "div"
                for attr in ("colspan", "rowspan", "width", "valign", "align"):
                    part.attrib.pop(attr, None)
            table.tag = "div"
            count += 1
    return count


def _is_br(node: Any) -> bool:
    return isinstance(node.tag, str) and node.tag == "br"


def split_br_paragraphs(root: Any) -> None:
    """Where an element separates text runs with two or more ``<br>``, wrap each run in
    ``<p>`` so the runs become paragraphs rather than one block."""
    from lxml import etree

    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in ("p", "pre", "textarea"):
            continue
        children = list(element)
        doubles = any(_is_br(a) and _is_br(b) and not (a.tail or "").strip()
                      for a, b in itertools.pairwise(children))
        if not doubles:
            continue
        groups: list[tuple[str, list[Any]]] = []
        lead = element.text or ""
        nodes: list[Any] = []
        index = 0
        while index < len(children):
            node = children[index]
            if _is_br(node) and index + 1 < len(children) and _is_br(children[index + 1]) \
                    and not (node.tail or "").strip():
                # Skip the whole run of <br>; the text after the last one starts a paragraph.
                while index + 1 < len(children) and _is_br(children[index + 1]) \
                        and not (children[index].tail or "").strip():
                    index += 1
                groups.append((lead, nodes))
                lead, nodes = children[index].tail or "", []
            elif isinstance(node.tag, str) and node.tag in _BLOCKS:
                groups.append((lead, nodes))
                groups.append(("", [node]))
                # Text after a block is the start of the next paragraph, not part of the block.
                lead, nodes = node.tail or "", []
                node.tail = None
            else:
                nodes.append(node)
            index += 1
        groups.append((lead, nodes))
        element.text = None
        for child in children:
            element.remove(child)
        for lead, nodes in groups:
            if len(nodes) == 1 and not lead.strip() and nodes[0].tag in _BLOCKS:
                element.append(nodes[0])
                continue
            if not lead.strip() and not any(" ".join(n.itertext()).strip() or
                                            (n.tail or "").strip() for n in nodes):
                continue
            para = etree.SubElement(element, "p")
            para.text = lead
            for node in nodes:
                para.append(node)
