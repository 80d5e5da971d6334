"""Plain text in: decode bytes, find the headline and the captions, keep the text unchanged.

The text is never rewritten (not even newlines), so every offset indexes the original file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from claimmap.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
)
from claimmap.types import Article, TextSpan

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Image credits the way news sites print them: "[Featured Image by X/AP Images]",
# "(Photo: X/Getty Images)", "Photo credit: ...", "Image via ...".
_CREDIT = re.compile(
    r"(\[[^\]\n]{0,80}\b(?:image|photo|picture|video|credit)s?\b[^\]\n]{0,120}\])"
    r"|(\((?:AP |Reuters )?(?:photo|image|credit)s?\b[^)\n]{0,120}\))"
    r"|(^\s*(?:photo|image|picture)\s*(?:credit|by|via|:)[^\n]{0,160}$)"
    r"|(^\s*(?:featured image|credit)\s*:?[^\n]{0,160}$)",
    re.IGNORECASE | re.MULTILINE,
)
_TERMINAL = (".", "!", "?", ":", "\u201d", '"', "\u2019", "'", ";")


def decode(data: bytes, *, source: str = "input") -> str:
    """Bytes to text: BOM first, then strict UTF-8, then a detected encoding if it fits well."""
    if not data.strip():
        raise EmptyInputError(f"{source}: empty document")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(f"{source}: invalid {encoding} after its byte-order mark "
                                  f"at byte {err.start}") from None
            return _check_text(text, source)
    head = data[:8192]
    if b"\x00" in head:
        raise BinaryInputError(f"{source}: binary data, not text")
    try:
        return _check_text(data.decode("utf-8"), source)
    except UnicodeDecodeError as err:
        utf8_error = err
    detected = _detect(data)
    if detected is None:
        raise DecodeError(f"{source}: invalid UTF-8 at byte {utf8_error.start} and no other "
                          "encoding fits; re-save the file as UTF-8")
    return _check_text(detected, source)


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # Only trust a detection that reads as clean text; otherwise garbage in would become
    # mojibake quietly analysed as news.
    if best is None or best.chaos > 0.1:
        return None
    text = str(best)
    high = [ch for ch in text if ord(ch) > 127]
    # Legacy-encoded news has a few accented letters and typographic quotes; bytes that
    # decode to anything else are corrupt UTF-8, which we refuse rather than guess.
    if len(high) > 0.05 * len(text) or any(ch not in _LEGACY_OK for ch in high):
        return None
    return text if _printable_ratio(text) > 0.97 else None


_LEGACY_OK = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïðñòóôõöøùúûüœŒšŠžŽ"
    "“”‘’–—…€£°§©®«»¿¡· ")


def _printable_ratio(text: str) -> float:
    if not text:
        return 0.0
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return good / len(text)


def _check_text(text: str, source: str) -> str:
    if not text.strip():
        raise EmptyInputError(f"{source}: empty document")
    if _printable_ratio(text[:20000]) < 0.9:
        raise BinaryInputError(f"{source}: binary data, not text")
    return text


def check_size(text: str, max_chars: int, source: str) -> None:
    if len(text) > max_chars:
        raise InputTooLargeError(
            f"{source}: {len(text):,} characters is over the limit of {max_chars:,} "
            "(setting max_chars)")


# spaCy's tokenizer splits affixes off a space-free run one at a time, rescanning the rest:
# a run of thousands of quote marks or brackets takes seconds per 10,000 (quadratic). No prose
# has such a run, so it is refused rather than left to stall the analysis.
_LONG_RUN = re.compile(r"\S{500,}")
_SYMBOL_SHARE = 0.5


def check_unicode(text: str, source: str) -> None:
    """Unpaired surrogates (which broken JSON or a careless caller can hand us) are not text
    any library downstream can encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise DecodeError(f"{source}: invalid Unicode (unpaired surrogate "
                          f"U+{ord(text[err.start]):04X} at character {err.start:,})") from None


def check_prose(text: str, source: str) -> None:
    """Refuse text that cannot be analysed: invalid Unicode and long space-free runs of
    symbols."""
    check_unicode(text, source)
    for match in _LONG_RUN.finditer(text):
        run = match.group()
        symbols = sum(1 for ch in run if unicodedata.category(ch)[0] not in "LMN")
        if symbols > _SYMBOL_SHARE * len(run):
            raise InputError(f"{source}: {len(run):,} characters of symbols without a space "
                             f"at character {match.start():,}; this is not prose")


def find_title(text: str) -> TextSpan | None:
    """The first line is a headline when it is short, unpunctuated and a blank line follows."""
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    first, sep, rest = stripped.partition("\n")
    line = first.rstrip()
    if not sep or not line or len(line.split()) > 30:
        return None
    if line.endswith((".", "\u201d", '"')) and len(line.split()) > 20:
        return None
    if rest.startswith("\n") or rest.startswith("\r\n") or not rest.strip():
        return TextSpan.of(text, offset, offset + len(line))
    # A headline followed directly by the first paragraph: accept when it has no final stop.
    if not line.endswith("."):
        return TextSpan.of(text, offset, offset + len(line))
    return None


def find_captions(text: str) -> tuple[TextSpan, ...]:
    """Lines that are image captions or credits, so they are not read as claims or quotes.

    A line carrying a credit is a caption; so is a short unpunctuated line right above it
    (the caption proper, printed over its credit).
    """
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((pos, pos + len(body)))
        pos += len(raw)
    marked: set[int] = set()
    for index, (start, end) in enumerate(lines):
        if _CREDIT.search(text[start:end]):
            marked.add(index)
            above = index - 1
            while above >= 0 and above not in marked and _looks_like_caption(text, *lines[above]):
                marked.add(above)
                above -= 1
    spans = []
    for index in sorted(marked):
        start, end = lines[index]
        segment = text[start:end]
        lead = len(segment) - len(segment.lstrip())
        trail = len(segment.rstrip())
        if trail > lead:
            spans.append(TextSpan.of(text, start + lead, start + trail))
    return tuple(spans)


def _looks_like_caption(text: str, start: int, end: int) -> bool:
    line = text[start:end].strip()
    return bool(line) and len(line.split()) <= 14 and not line.endswith(_TERMINAL)


def from_text(text: str, *, id: str = "article", title: str | None = None,
              url: str | None = None, published: str | None = None,
              outlet: str | None = None, max_chars: int = 2_000_000,
              source: str = "input") -> Article:
    """An Article whose text is exactly ``text`` (offsets index it)."""
    if not text.strip():
        raise EmptyInputError(f"{source}: empty document")
    check_size(text, max_chars, source)
    check_prose(text, source)
    title_span = None
    if title is None:
        title_span = find_title(text)
        title = title_span.text if title_span else None
    elif text.lstrip().startswith(title.strip()):
        start = text.index(title.strip())
        title_span = TextSpan.of(text, start, start + len(title.strip()))
    return Article(id=id, text=text, title=title, url=url, published=published,
                   outlet=outlet, captions=find_captions(text), title_span=title_span)
