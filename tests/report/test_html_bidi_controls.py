"""Bidi overrides and isolates in untrusted text never reach the page as characters: a
character reference would be the same character, so they are shown as ``\\uXXXX``."""

from __future__ import annotations

import html as htmllib

from claimmap.report.html import render_html
from claimmap.report.safe import escape
from claimmap.server.charts import Series, line_chart
from claimmap.text import BIDI_CONTROLS
from claimmap.types import Actor, Article, ClaimMap, Provenance, Quote, Speaker, TextSpan

EVIL = "\u202eevil\u2066x\u202d"


def _bidi_left(page: str) -> list[str]:
    # Character references decode to the same characters, so look at the decoded page.
    return [ch for ch in htmllib.unescape(page) if ch in BIDI_CONTROLS]


def test_html_bidi_controls_every_field_is_neutralised() -> None:
    text = f'"{EVIL} is a lie," said {EVIL} Hale.\nHale <b>went</b> on.'
    end = text.index(",") + 2
    actor = Actor("a1", f"{EVIL} Hale", "person", role=EVIL, organisation=EVIL,
                  mentions=(TextSpan.of(text, end + 6, end + 20),), key=EVIL)
    quote = Quote("q1", "direct", TextSpan.of(text, 0, end), TextSpan.of(text, end + 1, end + 5),
                  "say", Speaker("a1", TextSpan.of(text, end + 6, end + 20)))
    article = Article(EVIL, text, title=EVIL, byline=EVIL, extra_captions=(EVIL,))
    cm = ClaimMap(article, Provenance("0", "3", "m", "1", "h"), actors=(actor,),
                  quotes=(quote,), notes=(EVIL,))
    page = render_html(cm)
    assert _bidi_left(page) == []
    assert "\\u202eevil" in page
    # Ordinary escaping still holds.
    assert "<b>went</b>" not in page and "&lt;b&gt;went&lt;/b&gt;" in page


def test_html_bidi_controls_escape_helper_and_charts() -> None:
    assert str(escape("<a>\u2067")) == "&lt;a&gt;\\u2067"
    chart = line_chart(EVIL, [EVIL, "2026-W02"], [Series(EVIL, (1.0, 2.0))], unit=EVIL)
    assert _bidi_left(str(chart)) == []
