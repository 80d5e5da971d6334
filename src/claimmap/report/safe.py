"""Untrusted text made safe for HTML: ordinary escaping, and control and bidi characters
shown as ``\\uXXXX`` (an override or isolate in a name would otherwise reorder the page
around it, even escaped, since a character reference is the same character)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from markupsafe import escape as _escape

from claimmap.text import escape_controls

# Whitespace that HTML lays out as a space: shown as it is.
_KEEP = "\n\t\r"


def shown(value: Any) -> Any:
    """A template value with its controls made visible; markup and non-text pass as they
    are (the Jinja environment's ``finalize``, so every ``{{ }}`` of every template gets it)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return escape_controls(value, keep=_KEEP)
    return value


def escape(value: Any) -> Markup:
    """:func:`markupsafe.escape` of ``value`` with its controls made visible."""
    return _escape(shown(value))
