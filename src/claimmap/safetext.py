"""Untrusted text made safe to show: in a terminal, in a page, and as a name or key.

Article text is kept exactly as read (every offset indexes it); these helpers only change
what is displayed or compared. Three hazards:

- terminal controls (ESC sequences, carriage returns, C1 codes) can rewrite what a terminal
  shows or drive it;
- bidi embedding, override and isolate controls (the "Trojan Source" characters) reorder the
  text after them, so a quote can be made to read as something else;
- invisible characters (zero-width spaces and joiners, word joiner, byte-order mark, soft
  hyphen) make two spellings of one name look alike but compare apart.
"""

from __future__ import annotations

import re

# Embedding, override and isolate controls and their terminators: each can reorder what
# follows it. The weak marks (LRM, RLM, ALM) are left alone in pages (right-to-left news
# uses them), but are shown in the terminal, where nothing else makes them visible.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad") | BIDI_CONTROLS | BIDI_MARKS

_PAGE_TABLE = {ord(c): f"\\u{ord(c):04x}" for c in BIDI_CONTROLS}
_INVISIBLE_TABLE = dict.fromkeys(map(ord, INVISIBLE))
_TERMINAL_UNSAFE = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029" + "".join(
    sorted(BIDI_CONTROLS | BIDI_MARKS))
_TERMINAL = re.compile(f"[{_TERMINAL_UNSAFE}]")
_TERMINAL_ONE_LINE = re.compile(f"[\n{_TERMINAL_UNSAFE}]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with control characters, bidi controls and marks, and line or paragraph
    separators written out as escapes (``\\x1b``, ``\\u202e``), so printing it cannot move
    the cursor, recolour or clear the screen, or reorder the line. ``keep_newlines=False``
    also escapes newlines: for one-line messages."""
    return (_TERMINAL if keep_newlines else _TERMINAL_ONE_LINE).sub(_shown, text)


def page_safe(text: str) -> str:
    """``text`` with its bidi embedding, override and isolate controls written out as
    ``\\u202e`` and the like: such a character in an article must not reorder the page around
    it. ASCII replacements, so markup that was safe stays safe."""
    if not BIDI_CONTROLS.intersection(text):
        return text
    return text.translate(_PAGE_TABLE)


def without_invisible(text: str) -> str:
    """``text`` with zero-width and other invisible characters removed: for names and keys,
    so "Ha\\u200ble" and "Hale" are one person. Never for article text (offsets)."""
    if not INVISIBLE.intersection(text):
        return text
    return text.translate(_INVISIBLE_TABLE)
