"""How found attributions sit against each other: a quotation split by its own cue is two
quotes of one speaker, "A said X, while B said Y" keeps B out of A's content, and an
attribution inside another one's content was relayed by the outer speaker (``via``).

Each pass is linear or n log n in the number of attributions: hostile input (thousands of
quote marks or cues) must not make the stage quadratic.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from spacy.tokens import Doc

from claimmap.attribution.quotes import QuoteMarkSpan
from claimmap.attribution.raw import RawAttribution
from claimmap.attribution.spans import doc_text, strip_connective, trim


def split_at_own_cue(doc: Doc, found: list[RawAttribution],
                     quotes: list[QuoteMarkSpan]) -> list[RawAttribution]:
    """"“We will rebuild,” she said, “and we will do it this year.”": a content that holds
    its own cue and a whole quotation on each side of it becomes one quote per side."""
    starts = [q.start for q in quotes]
    text = doc_text(doc)
    out: list[RawAttribution] = []
    for attribution in found:
        cue = attribution.cue
        start, end = attribution.content
        if cue is not None and end <= cue[0]:
            attribution = _quote_before_cue(text, attribution, quotes, starts)
        if cue is None or not start < cue[0] < cue[1] < end:
            out.append(attribution)
            continue
        first = bisect.bisect_left(starts, start)
        inside = []
        for quote in quotes[first:]:
            if quote.start >= end:
                break
            if quote.end <= end + 1:
                inside.append(quote)
        before = [q for q in inside if q.end <= cue[0]]
        after = [q for q in inside if q.start >= cue[1]]
        if not before or not after:
            out.append(_without_own_cue(text, attribution))
            continue
        group_end = max(cue[1], attribution.source[1] if attribution.source else cue[1])
        left = (before[0].start, before[-1].end)
        right = (min(q.start for q in after if q.start >= group_end)
                 if any(q.start >= group_end for q in after) else after[0].start,
                 after[-1].end)
        out.append(replace(attribution, content=left, kind="direct"))
        out.append(replace(attribution, content=right, kind="direct",
                           method=attribution.method + "+split"))
    out.sort(key=lambda a: a.content[0])
    return out


def _without_own_cue(text: str, attribution: RawAttribution) -> RawAttribution:
    """"— We are not afraid, said the protest leader, Kemal Aydin." tagged as one content:
    the content is the side of the cue and source that says something; the other side must
    be short (under three words) for the cut to be safe."""
    assert attribution.cue is not None
    start, end = attribution.content
    group = [attribution.cue[0], attribution.cue[1]]
    if attribution.source is not None and start <= attribution.source[0] < end:
        group = [min(group[0], attribution.source[0]), max(group[1], attribution.source[1])]
    left = trim(text, start, group[0])
    right = trim(text, group[1], end)
    words_left = len(text[left[0]:left[1]].split())
    words_right = len(text[right[0]:right[1]].split())
    # Only where punctuation sets the cue apart: "Only 12 soldiers have been confirmed dead
    # by Russia" holds its cue by right.
    before, after = text[left[1]:group[0]].strip(), text[group[1]:right[0]].strip()
    if words_left >= 2 and words_right < 3 and before[:1] and before[0] in ",—–":
        return replace(attribution, content=left)
    if words_right >= 2 and words_left < 3 and after[-1:] and after[-1] in ",:—–":
        return replace(attribution, content=right)
    if words_right >= 2 and words_left == 0:
        # "[the organisers said about 25,000 came]": opened by its own source and cue.
        return replace(attribution, content=right)
    return attribution


def _quote_before_cue(text: str, attribution: RawAttribution, quotes: list[QuoteMarkSpan],
                      starts: list[int]) -> RawAttribution:
    """"'We will appeal,' the club's lawyer, told": a content that opens with a quotation
    and runs on into the words before its cue is the quotation."""
    start, end = attribution.content
    at = bisect.bisect_left(starts, start - 1)
    if at < len(quotes) and quotes[at].start <= start + 1 and quotes[at].end < end - 1 and \
            quotes[at].closed:
        return replace(attribution, content=(quotes[at].start, quotes[at].end), kind="direct")
    return attribution


def split_coordinated(doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
    """"A said X, while B said Y": the parser may hang B's clause under X, so A's content
    would swallow B's attribution; it ends where the first such B's source begins.

    B qualifies when its source is a non-pronoun that starts inside A's content, after A's
    cue, and B's cue ends inside A's content. For each A the earliest qualifying source
    start decides the cut, found by one bisect over the B sources sorted by start (the
    old pairwise loop was quadratic in the number of attributions)."""
    text = doc_text(doc)
    candidates = sorted(
        ((b.source[0], b.cue[1], index) for index, b in enumerate(found)
         if b.cue is not None and b.source is not None and b.source_head is not None
         and doc[b.source_head].pos_ != "PRON"), key=lambda c: c[0])
    source_starts = [c[0] for c in candidates]
    out = []
    for index, a in enumerate(found):
        start, end = a.content
        floor = start + 1 if a.cue is None else max(start + 1, a.cue[1])
        position = bisect.bisect_left(source_starts, floor)
        cut_at = None
        # The earliest source after the floor whose cue ends inside A: walk forward only
        # while sources are still inside A's content (bounded by A's length in tokens).
        for k in range(position, len(candidates)):  # no slice: a copy per A is quadratic
            source_start, cue_end, other = candidates[k]
            if source_start >= end:
                break
            if other != index and cue_end <= end:
                cut = strip_connective(text, start, source_start)
                # "reported that [the mayor denied X]" nests B in A; only two words or
                # more before B's source make "A said X, while B said Y".
                if len(text[cut[0]:cut[1]].split()) >= 2:
                    cut_at = cut[1]
                    break
        out.append(replace(a, content=(start, cut_at)) if cut_at is not None
                   and cut_at != end else a)
    return out


def relay(found: list[RawAttribution]) -> list[RawAttribution]:
    """An attribution whose cue lies inside another's content ("the Herald reported that
    [the mayor denied X]") was relayed by the outer speaker: its ``via`` is the outer
    source, unless it already has one or the two sources are the same phrase."""
    ordered = sorted(range(len(found)), key=lambda i: found[i].content[0])
    out = list(found)
    # A stack of open outer contents, in text order: each attribution is pushed and popped
    # once, so the pass is linear after the sort.
    stack: list[int] = []
    for i in ordered:
        attribution = found[i]
        anchor = attribution.cue[0] if attribution.cue is not None else attribution.content[0]
        while stack and found[stack[-1]].content[1] <= anchor:
            stack.pop()
        outer = next((found[j] for j in reversed(stack)
                      if found[j].content[0] <= anchor < found[j].content[1]
                      and found[j].source is not None and found[j].source_head is not None),
                     None)
        if outer is not None and attribution.via is None and attribution.cue is not None \
                and attribution.source is not None and outer.source != attribution.source \
                and outer.content[0] <= attribution.cue[0]:
            out[i] = replace(attribution, via=outer.source, via_head=outer.source_head)
        stack.append(i)
    return out

