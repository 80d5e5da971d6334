"""The terminal view shows control and bidi characters of article text as escapes."""

from __future__ import annotations

from claimmap.report.text import render_text
from claimmap.text import BIDI_CONTROLS
from claimmap.types import (
    Actor,
    Article,
    ClaimMap,
    Provenance,
    Quote,
    Speaker,
    Stance,
    TextSpan,
)

EVIL = "\x1b]0;pwned\x07\x1b[2J\u202eevil\u2066x\u2069\u200f\u061c\x9b"


def _unsafe_left(shown: str) -> list[str]:
    return [ch for ch in shown if ch not in "\n" and (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F
                                                      or ch in BIDI_CONTROLS)]


def test_text_hostile_controls_every_field_is_escaped() -> None:
    text = f'"{EVIL} quote," said {EVIL} Hale.\nSecond line.'
    end = text.index(",") + 2
    actor = Actor("a1", f"{EVIL} Hale", "person", role=EVIL, organisation=EVIL, key=EVIL)
    quote = Quote("q1", "direct", TextSpan.of(text, 0, end), TextSpan.of(text, end + 1, end + 5),
                  "say", Speaker("a1", TextSpan.of(text, end + 6, end + 20)))
    article = Article(EVIL, text, title=EVIL, byline=EVIL, published=EVIL,
                      extra_captions=(EVIL,))
    cm = ClaimMap(article, Provenance("0", "3", "m", "1", "h"), actors=(actor,),
                  quotes=(quote,), notes=(EVIL,),
                  stance=Stance(EVIL, "agree", {"agree": 0.6, "unrelated": 0.4}))
    shown = render_text(cm)
    assert _unsafe_left(shown) == []
    assert "\\u202eevil" in shown and "\\u001b[2J" in shown
    assert shown.count("\n") >= 10  # the layout's own line breaks stay


def test_text_hostile_controls_one_line_fields_stay_one_line() -> None:
    article = Article("a", "Body text.", byline="By Ana\nRuiz\r\n", published="2026-12-02\n")
    cm = ClaimMap(article, Provenance("0", "3", "m", "1", "h"), notes=("first\nsecond",))
    lines = render_text(cm).splitlines()
    assert "Byline: By Ana Ruiz" in lines
    assert "Published: 2026-12-02" in lines
    assert "Note: first second" in lines
