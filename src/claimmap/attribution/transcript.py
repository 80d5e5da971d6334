"""Interview and debate transcripts: paragraphs led by a speaker label in capitals.

    "WALLACE: Let's start with the debate.
    "PENCE: Well, look, ...

Each turn is one direct attribution: the label is its source, the colon its cue, and the
turn runs on over the paragraphs after it until the next label, a stage direction
("(CROSSTALK)") or, in a transcript printed inside quote marks, a paragraph that opens
without one.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimmap.attribution.raw import RawAttribution
from claimmap.attribution.spans import doc_text, trim
from claimmap.text import overlaps_any

# A paragraph's opening quote mark (optional), a label of capitals (up to four words,
# initials and hyphens allowed: "REP. JOHN DOE", "O'BRIEN"), the colon, then speech.
_LABEL = re.compile(r"^[^\S\n]*([\"“]?)[^\S\n]*([A-Z][A-Z.'’\-]*(?:[^\S\n]+[A-Z][A-Z.'’\-]*){0,3})"
                    r"[^\S\n]*:[^\S\n]+(?=\S)", re.MULTILINE)
# Section labels that print like speakers but are not.
NOT_SPEAKERS = {"UPDATE", "UPDATED", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION",
                "BREAKING", "WATCH", "VIDEO", "PHOTO", "PHOTOS", "RELATED", "READ MORE",
                "ADVERTISEMENT", "SOURCE", "SOURCES", "CREDIT", "WARNING", "ALERT", "AP",
                "PS", "P.S.", "TL;DR", "FACT", "FACT CHECK", "CLAIM", "RATING", "VERDICT",
                "SPOILER", "DISCLAIMER", "CAPTION", "TRANSCRIPT", "LISTEN", "MORE", "TOPICS",
                "TAGS", "FILED UNDER", "DATE", "TIME", "WHERE", "WHEN", "WHAT", "WHY", "HOW",
                "URL", "EMAIL", "PHONE", "FAX", "TEL", "UNKNOWN", "VOICE", "CROWD"}
# "Follow Pam Key on Twitter @pamkey": the outlet's footer, not the last turn.
_FOOTER = re.compile(r"^[\"“]?(?:Follow|Contact|Email|Reach|Write to)\b[^\n]{0,80}"
                     r"(?:@\w+|Twitter|Facebook|Instagram)")
_STAGE = re.compile(r"^[\"“]?[^\S\n]*[(\[][^\n]*[)\]][^\S\n]*[.\"”]*[^\S\n]*$")


def transcript_turns(doc: Doc, excluded: list[tuple[int, int]]) -> list[RawAttribution]:
    """One attribution per labelled turn, when the text has at least two turns by at least
    two speakers (a lone "UPDATE:" or "Smith: ..." line is no transcript)."""
    text = doc_text(doc)
    labels = [m for m in _LABEL.finditer(text)
              if m.group(2).rstrip(".") not in NOT_SPEAKERS and len(m.group(2)) >= 2
              and sum(ch.isalpha() for ch in m.group(2)) >= 2
              and not overlaps_any(excluded, m.start(2), m.end(2))]
    if len(labels) < 2 or len({m.group(2) for m in labels}) < 2:
        return []
    out = []
    for index, match in enumerate(labels):
        limit = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        end = _turn_end(text, match.end(), limit, quoted=bool(match.group(1)))
        content = trim(text, match.end(), end)
        name = (match.start(2), match.end(2))
        span = doc.char_span(*name, alignment_mode="expand")
        colon = text.index(":", match.end(2))
        if span is None or content[1] - content[0] < 2:
            continue
        out.append(RawAttribution(content=content, cue=(colon, colon + 1), cue_class="say",
                                  source=name, source_head=span[-1].i, kind="direct",
                                  method="rule:transcript", score=0.8))
    return out


def _turn_end(text: str, start: int, limit: int, *, quoted: bool) -> int:
    """Where a turn ends: its paragraph's end, then each following paragraph's while they
    continue it (in a quoted transcript, paragraphs that open with a quote mark)."""
    end = text.find("\n", start)
    end = limit if end == -1 or end > limit else end
    while end < limit:
        following = end
        while following < limit and text[following].isspace():
            following += 1
        if following >= limit:
            break
        line_end = text.find("\n", following)
        line_end = limit if line_end == -1 or line_end > limit else line_end
        line = text[following:line_end]
        if not quoted or not line.startswith(("\"", "“")) or _STAGE.match(line) \
                or _FOOTER.match(line):
            break
        end = line_end
    return end
