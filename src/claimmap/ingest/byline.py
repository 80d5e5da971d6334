"""Bylines and date lines as pages print them: "By X", "X, Staff Writer", "Story by X",
"X | Reporter", "Published: 04.03.2026". Each finding says where it came from."""

from __future__ import annotations

import re
from datetime import date

_NAME_WORD = r"(?:[A-Z][\w'\u2019\-]*\.?|[A-Z]{2,}[\w'\u2019\-]*)"
_NAME = (rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|da|van|von|der|al|el|bin|la|le|du))"
         r"{0,4}")
_NAMES = rf"{_NAME}(?:\s*(?:,|and|&)\s*{_NAME}){{0,2}}"
_ROLE = (r"(?i:(?:(?:senior|chief|political|foreign|sports?|business|local|staff|special|"
         r"contributing|investigative|health|science|education|crime|court|city|"
         r"deputy|associate|assistant)\s+)*"
         r"(?:staff\s+writer|writer|reporter|correspondent|editor|journalist|columnist|"
         r"contributor|reporting))")
_LEAD = r"(?i:by|story\s+by|written\s+by|words\s+by|report(?:ed)?\s+by|posted\s+by)"
_BY_LINE = re.compile(rf"^\s*{_LEAD}\s*:?\s+(?P<name>{_NAMES})"
                      rf"(?:\s*(?:,|\||\u2013|\u2014|-)\s*(?:{_ROLE}\b.*|[A-Z\d][^\n]{{0,60}}))?\s*$")
_ROLE_LINE = re.compile(rf"^\s*(?P<name>{_NAMES})\s*(?:,|\||\u2013|\u2014|-)\s*(?i:the\s+)?"
                        rf"{_ROLE}\b[^\n]{{0,40}}$")
_NOT_NAMES = frozenset(("the", "our", "staff", "admin", "editor", "editors", "news",
                        "newsroom", "reuters", "ap", "wire", "monday", "tuesday", "wednesday",
                        "thursday", "friday", "saturday", "sunday", "today", "yesterday"))
_ROLE_ONLY = re.compile(rf"\s*{_ROLE}\s*")

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_FORMS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b",
               re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b",
               re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),
    # 19/02/2026 or 02/19/2026: read only when one of the two numbers cannot be a month.
    re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d\d)\b"),
)
# Where a byline printed on one line with its date stops: "By X Published 19/02/2026".
_DATE_TAIL = re.compile(r"\s+(?:(?i:published|updated|posted|last\s+updated|first\s+published)"
                        r"\b.*|\d{1,2}[./]\d{1,2}[./]\d{2,4}.*|\d{4}-\d\d-\d\d.*)$")
# A date line is short and reads as one: a date with at most a label and a time around it.
_DATE_LINE_WORDS = 12


def clean_name(raw: str) -> str | None:
    """A printed name as a byline: spacing normalised, SHOUTED NAMES in title case."""
    name = " ".join(raw.split()).strip(" ,|-")
    # "Ana Roos, Correspondent": the name pattern also takes a capitalised role after a comma.
    pieces = name.split(",")
    while len(pieces) > 1 and _ROLE_ONLY.fullmatch(pieces[-1]):
        pieces.pop()
    name = ",".join(pieces).strip(" ,")
    if name.split()[0].lower() in _NOT_NAMES if name else True:
        return None
    if not name or name.lower() in _NOT_NAMES or len(name) > 80:
        return None
    if name.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() if w.isalpha() else w.title() for w in name.split())
    words = [w for w in re.split(r"\s+|,|&", name) if w]
    if not any(w[:1].isupper() for w in words) or len(words) > 12:
        return None
    return name


def byline_in_line(line: str) -> tuple[str, str] | None:
    """(name, source) when ``line`` is a printed byline."""
    text = _DATE_TAIL.sub("", " ".join(line.split()))
    if not text or len(text) > 140:
        return None
    match = _BY_LINE.match(text)
    if match:
        name = clean_name(match.group("name"))
        if name:
            return name, "text:by-line"
    match = _ROLE_LINE.match(text)
    if match:
        name = clean_name(match.group("name"))
        if name:
            return name, "text:staff-line"
    return None


def date_in_line(line: str) -> str | None:
    """The ISO date when ``line`` is a date line ("Published: 4 March 2026, 08:15")."""
    text = " ".join(line.split())
    if not text or len(text.split()) > _DATE_LINE_WORDS:
        return None
    for form in _DATE_FORMS:
        match = form.search(text)
        if not match:
            continue
        parts = match.groupdict()
        try:
            if parts.get("a"):
                first, second = int(parts["a"]), int(parts["b"])
                if (first > 12) == (second > 12):
                    continue  # 04/03/2026: April or March depends on the site's country
                parts["day"], parts["mnum"] = (str(first), str(second)) if first > 12 else \
                    (str(second), str(first))
            if parts.get("month"):
                month = next(i for i, m in enumerate(_MONTHS, 1)
                             if m.startswith(parts["month"].lower()[:3]))
            else:
                month = int(parts["mnum"])
            return date(int(parts["year"]), month, int(parts["day"])).isoformat()
        except (ValueError, StopIteration):
            continue
    return None


def is_meta_line(line: str) -> bool:
    """A byline, a date line, or both on one line ("By X | March 4, 2026")."""
    if byline_in_line(line) or date_in_line(line):
        return True
    pieces = [p for p in re.split(r"\s[|\u2022\u00b7]\s|\s{2,}", line) if p.strip()]
    return len(pieces) > 1 and all(byline_in_line(p) or date_in_line(p) for p in pieces)
