"""Find quoted passages by their quote marks, in any common style, without ever raising.

Handles straight and curly double quotes, „German“ and «guillemet» styles, quotes nested one
level, quotes that run over paragraphs (the next paragraph reopens without the previous one
closing) and unbalanced marks (an opener that never closes ends at its paragraph end; a closer
with no opener is ignored). Single quotes are mostly apostrophes: by default they count only
as nested quotes; with ``single=True`` a top-level ‘…’ or '…' counts too when it opens a word
and closes after sentence punctuation ('We will appeal,' the lawyer said).

With ``split_paragraphs=True`` a quotation that runs over paragraphs comes back as one span
per paragraph: news reopens the quote on each, and each paragraph is a quote of its own. The
tagger's features keep the defaults they were trained with.
"""

from __future__ import annotations

from dataclasses import dataclass

# opener -> closers that end it
PAIRS: dict[str, tuple[str, ...]] = {
    "\u201c": ("\u201d", "\u201c"),  # “ … ” (and “ … “ typed by mistake)
    "\u201e": ("\u201c", "\u201d"),  # „ … “ or „ … ”
    "\u00ab": ("\u00bb",),           # « … »
    "\u00bb": ("\u00ab",),           # » … « (Danish/German order)
    '"': ('"',),
    "\u300c": ("\u300d",),           # 「 … 」
}
# With ``mixed=True`` also “ … " and " … ” (an editor's straight mark beside a curly one).
# Only the passes after the tagger ask for it: the rules and the tagger's features keep the
# pairs the shipped tagger was trained with.
MIXED_PAIRS: dict[str, tuple[str, ...]] = {
    **PAIRS, "\u201c": ("\u201d", "\u201c", '"'), '"': ('"', "\u201d")}
CLOSERS = {"\u201d", "\u00bb", "\u300d"}
MIN_QUOTE_CHARS = 2


@dataclass(frozen=True, slots=True)
class QuoteMarkSpan:
    """A quotation: ``start``/``end`` include the marks; ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    paragraph_continued: bool = False


def _is_open_straight(text: str, i: int) -> bool:
    """A straight quote opens when what precedes it is a start, space or opening bracket."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{\u2014\u2013-/:":
        return not after.isspace()
    return False


def _paragraph_end(text: str, i: int) -> int:
    end = text.find("\n\n", i)
    if end == -1:
        end = text.find("\n", i) if text.find("\n", i) != -1 else len(text)
    return end


def find_quote_marks(text: str, *, single: bool = False, split_paragraphs: bool = False,
                     mixed: bool = False) -> list[QuoteMarkSpan]:
    """Top-level quotations of ``text`` in order. Never raises; never overlaps."""
    spans = _double_quotes(text, MIXED_PAIRS if mixed else PAIRS)
    if single:
        spans = sorted(spans + _single_quotes(text, spans), key=lambda q: q.start)
    if split_paragraphs:
        spans = [piece for span in spans for piece in _by_paragraph(text, span)]
    return spans


SINGLE_OPENERS = "\u2018'"
SINGLE_CLOSERS = "\u2019'"


def _single_quotes(text: str, doubles: list[QuoteMarkSpan]) -> list[QuoteMarkSpan]:
    """Top-level single-quoted speech outside every double-quoted span. Linear: each
    opener scans only its own paragraph, and the scan resumes after what it found."""
    found: list[QuoteMarkSpan] = []
    blocked = iter(doubles)
    next_double = next(blocked, None)
    i, n = 0, len(text)
    while i < n:
        while next_double is not None and next_double.end <= i:
            next_double = next(blocked, None)
        if next_double is not None and next_double.start <= i:
            i = next_double.end
            continue
        ch = text[i]
        before = text[i - 1] if i > 0 else " "
        if ch not in SINGLE_OPENERS or not (before.isspace() or before in "([\u2014\u2013") \
                or i + 1 >= n or not text[i + 1].isalnum():
            i += 1
            continue
        limit = min(_paragraph_end(text, i), next_double.start if next_double else n)
        close = _single_closer(text, i + 1, limit)
        if close is None:
            i += 1
            continue
        found.append(QuoteMarkSpan(i, close + 1, i + 1, close, True))
        i = close + 1
    return found


def _single_closer(text: str, j: int, limit: int) -> int | None:
    while j < limit:
        ch = text[j]
        if ch in SINGLE_CLOSERS and not text[j - 1].isspace() and (
                j + 1 >= len(text) or not text[j + 1].isalnum()):
            if text[j - 1] in ",.?!\u2026":
                return j
            if ch == text[j - 1]:
                return None
        j += 1
    return None


def _by_paragraph(text: str, span: QuoteMarkSpan) -> list[QuoteMarkSpan]:
    if not span.paragraph_continued:
        return [span]
    pieces: list[QuoteMarkSpan] = []
    start = span.start
    i = text.find("\n", start, span.end)
    while i != -1:
        k = i
        while k < span.end and text[k] in "\r\n \t":
            k += 1
        end = i
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
        if k < span.end and text[k] == text[span.start] and end - start > 1 + MIN_QUOTE_CHARS:
            # The news convention: no closer where the next paragraph reopens the quote.
            marked = text[end - 1] in CLOSERS or text[end - 1] == '"'
            pieces.append(QuoteMarkSpan(start, end, start + 1, end - 1 if marked else end,
                                        True))
            start = k
        i = text.find("\n", k, span.end)
    pieces.append(QuoteMarkSpan(start, span.end, start + 1, span.inner_end, span.closed))
    return pieces


def _double_quotes(text: str, pairs: dict[str, tuple[str, ...]]) -> list[QuoteMarkSpan]:
    spans: list[QuoteMarkSpan] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in pairs or (ch == '"' and not _is_open_straight(text, i)):
            i += 1
            continue
        if ch == "\u00bb" and "\u00ab" not in text[i:_paragraph_end(text, i)]:
            i += 1  # a lone » is a bullet or a closer, not an opener
            continue
        span = _close(text, i, ch, pairs[ch])
        if span is None:
            i += 1
            continue
        spans.append(span)
        i = span.end
    return spans


def _close(text: str, start: int, opener: str, closers: tuple[str, ...]
           ) -> QuoteMarkSpan | None:
    n = len(text)
    j = start + 1
    depth_single = False
    nested_straight = False
    continued = False
    while j < n:
        ch = text[j]
        if ch in closers and not (ch == opener and opener == "\u201c" and _opens_here(text, j)):
            if ch == '"' and j + 1 < n and text[j + 1].isalnum() and not text[j - 1].isspace():
                j += 1  # a straight quote glued between letters is not a closer
                continue
            if ch == '"' and opener != '"' and (nested_straight or text[j - 1].isspace()
                                                or text[j - 1].isdigit()):
                # Inside “…”: a straight pair nested in it ("the old dock"), or an inch
                # mark (5"), is no closer.
                nested_straight = text[j - 1].isspace() and not nested_straight
                j += 1
                continue
            if j - start - 1 < MIN_QUOTE_CHARS:
                return None
            return QuoteMarkSpan(start, j + 1, start + 1, j, True, continued)
        if ch == "\u2018":
            depth_single = True
        elif ch == "\u2019" and depth_single:
            depth_single = False
        if ch == "\n":
            # Paragraph break inside a quote: it goes on only if the next paragraph reopens.
            k = j
            while k < n and text[k] in "\r\n \t":
                k += 1
            if "\n" in text[j:k] and text[j:k].count("\n") >= 1:
                if k < n and text[k] == opener:
                    continued = True
                    j = k + 1
                    continue
                end = j
                while end > start + 1 and text[end - 1].isspace():
                    end -= 1
                if end - start - 1 < MIN_QUOTE_CHARS:
                    return None
                return QuoteMarkSpan(start, end, start + 1, end, False, continued)
        j += 1
    end = n
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    if end - start - 1 < MIN_QUOTE_CHARS:
        return None
    return QuoteMarkSpan(start, end, start + 1, end, False, continued)


def _opens_here(text: str, j: int) -> bool:
    """A “ met while looking for a closer: is it really a (mistyped) closer?"""
    before = text[j - 1] if j > 0 else " "
    return before.isspace()


# (text, its speech quotes): the rules, the tagger's assembly, the merging and the component
# all ask about the same Doc's text in turn. One slot, replaced whole, so threads never see a
# torn one; the text is compared, so another text never gets these quotes.
_last_speech: dict[bool, tuple[str, tuple[QuoteMarkSpan, ...]]] = {}


def speech_quotes(text: str, *, mixed: bool = False) -> list[QuoteMarkSpan]:
    """The quotations the attribution rules read: single-quoted speech too, one span per
    paragraph, and two apostrophes as a double quote (''Like this,'' some papers print);
    with ``mixed``, straight and curly marks pair too (the passes after the tagger)."""
    cached = _last_speech.get(mixed)
    if cached is not None and (cached[0] is text or cached[0] == text):
        return list(cached[1])
    spans = _speech_quotes(text, mixed)
    _last_speech[mixed] = (text, tuple(spans))
    return spans


def _speech_quotes(text: str, mixed: bool) -> list[QuoteMarkSpan]:
    if "''" not in text:
        return find_quote_marks(text, single=True, split_paragraphs=True, mixed=mixed)
    # Same length, so every offset still indexes the original text; a closing pair ends
    # after its second apostrophe.
    spans = find_quote_marks(text.replace("''", '"\u200b'), single=True,
                             split_paragraphs=True, mixed=mixed)
    out = []
    for q in spans:
        inner_start = q.inner_start + (text[q.start:q.start + 2] == "''")
        end = q.end + (text[q.end - 1:q.end + 1] == "''")
        out.append(QuoteMarkSpan(q.start, end, inner_start, max(inner_start, q.inner_end),
                                 q.closed, q.paragraph_continued))
    return out
