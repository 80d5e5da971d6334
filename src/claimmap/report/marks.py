"""Marks: the highlighted spans of an article body, cut into non-overlapping segments.

Spans overlap freely (a claim inside a quote, a technique across both), so the body is not
built by nesting tags. Every span's offsets become cut points; the text between two cut points
is one segment carrying the set of spans that cover it. That renders any overlap, clips spans
that reach into captions or the headline, and never reorders or drops a character.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from markupsafe import Markup

from claimmap.report.safe import escape
from claimmap.types import Actor, ClaimMap, Quote, TextSpan

# Speaker colours (light fills readable under black text) and a border pattern each, so a
# speaker is told apart by colour, pattern and initials, never by colour alone.
PALETTE_SIZE = 10
PATTERNS = ("solid", "dashed", "dotted", "double")
VAGUE_KINDS = ("vague", "anonymous")

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")

# The layers a reader switches on and off, in the order the legend shows them; the first is
# on by default. Each mark kind belongs to exactly one layer.
LAYERS = ("quotes", "claims", "techniques", "disputes")
DEFAULT_LAYER = LAYERS[0]
LAYER_OF = {"quote": "quotes", "cue": "quotes", "speaker": "quotes",
            "claim": "claims", "hedge": "claims", "technique": "techniques",
            "accusation": "disputes", "dispute": "disputes"}


@dataclasses.dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span of the body: its kind, CSS classes and the lines of its detail."""

    key: str
    kind: str
    start: int
    end: int
    classes: tuple[str, ...]
    title: str
    details: tuple[tuple[str, str], ...]
    badge: str | None = None
    badge_classes: tuple[str, ...] = ()

    @property
    def layer(self) -> str:
        return LAYER_OF.get(self.kind, DEFAULT_LAYER)


@dataclasses.dataclass(frozen=True, slots=True)
class SpeakerStyle:
    key: str
    name: str
    initials: str
    colour: int
    pattern: str
    vague: bool
    actor: Actor | None
    quotes: int


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[^\W_]+", name) if w]
    # Prefer the capitalised words ("Maria de la Cruz" -> MC) when there are two or more.
    capitals: list[str] = [w for w in words if w[0].isupper()]
    capitals = capitals if len(capitals) >= 2 else words
    if not capitals:
        return "?"
    if len(capitals) == 1:
        word = capitals[0]
        return word[:2] if word.isupper() else word[:2].title()
    return (capitals[0][0] + capitals[-1][0]).upper()


def _speaker_key(quote: Quote) -> tuple[str, str]:
    """A grouping key and display name for a quote's speaker, resolved or not."""
    if quote.speaker.actor_id:
        return f"actor:{quote.speaker.actor_id}", ""
    mention = quote.speaker.mention
    if mention is not None:
        return f"mention:{mention.text.lower()}", f"(unresolved) {mention.text}"
    return "none", "(no speaker found)"


def speaker_styles(cm: ClaimMap) -> dict[str, SpeakerStyle]:
    """Colour, pattern and initials per speaker, in order of first quote in the text."""
    actors = {a.id: a for a in cm.actors}
    counts: Counter[str] = Counter()
    order: list[str] = []
    names: dict[str, str] = {}
    for quote in sorted(cm.quotes, key=lambda q: (q.content.start, q.content.end)):
        key, fallback = _speaker_key(quote)
        counts[key] += 1
        if key not in names:
            order.append(key)
            actor = actors.get(quote.speaker.actor_id or "")
            names[key] = actor.name if actor else (fallback or quote.speaker.actor_id or "?")
    styles: dict[str, SpeakerStyle] = {}
    used: Counter[str] = Counter()
    for index, key in enumerate(order):
        actor = actors.get(key.removeprefix("actor:")) if key.startswith("actor:") else None
        unresolved = actor is None
        # Unresolved speakers take initials from their mention, not the "(unresolved)" label.
        initials = "?" if key == "none" else _initials(
            names[key].removeprefix("(unresolved) "))
        used[initials] += 1
        if used[initials] > 1:
            initials = f"{initials}{used[initials]}"
        vague = unresolved or (actor is not None and actor.kind in VAGUE_KINDS)
        styles[key] = SpeakerStyle(
            key=key, name=names[key], initials=initials, colour=index % PALETTE_SIZE,
            pattern=PATTERNS[(index // 2 + index) % len(PATTERNS)], vague=vague,
            actor=actor, quotes=counts[key])
    return styles


def _fmt(score: float) -> str:
    return f"{score:.2f}" if math.isfinite(score) else "n/a"


def _actor_label(cm: ClaimMap, actor_id: str | None, default: str) -> str:
    actor = cm.actor(actor_id)
    return actor.name if actor else default


def _clip_span(span: TextSpan | None, length: int) -> tuple[int, int] | None:
    """Offsets clamped into the text; None when nothing is left."""
    if span is None:
        return None
    start, end = max(0, int(span.start)), min(length, int(span.end))
    return (start, end) if start < end else None


def build_marks(cm: ClaimMap, styles: dict[str, SpeakerStyle]) -> list[Mark]:
    """Every highlight of the body, each with a short key unique within the page."""
    length = len(cm.article.text)
    marks: list[Mark] = []

    def add(kind: str, span: TextSpan | None, classes: Sequence[str], title: str,
            details: Iterable[tuple[str, str]], badge: str | None = None,
            badge_classes: Sequence[str] = ()) -> None:
        clipped = _clip_span(span, length)
        if clipped is None:
            return
        marks.append(Mark(f"k{len(marks)}", kind, clipped[0], clipped[1], tuple(classes), title,
                          tuple(details), badge, tuple(badge_classes)))

    for quote in sorted(cm.quotes, key=lambda q: (q.content.start, q.content.end)):
        key, _ = _speaker_key(quote)
        style = styles[key]
        speaker_classes = [f"sp{style.colour}", f"pat-{style.pattern}"]
        if style.vague:
            speaker_classes.append("vague")
        who = style.name + (" (vague or unnamed source)" if style.vague else "")
        actor = style.actor
        about = [("Speaker", who)]
        if actor is not None and actor.role:
            about.append(("Role", actor.role))
        if actor is not None and actor.organisation:
            about.append(("Organisation", actor.organisation))
        if actor is not None and actor.key:
            about.append(("Actor key", actor.key))
        relayer = cm.actor(quote.via)
        if relayer is not None:
            about.append(("Relayed by", relayer.name))
        cue_text = quote.cue.text if quote.cue else "none"
        quote_details = [*about, ("Quote", quote.kind), ("Cue", f"“{cue_text}”"),
                         ("Cue class", quote.cue_class),
                         ("Score", f"{_fmt(quote.score)} ({quote.method})")]
        add("quote", quote.content, ["quote", *speaker_classes], f"Quote by {style.name}",
            quote_details, badge=style.initials, badge_classes=speaker_classes)
        add("cue", quote.cue, ["cue"], f"Cue of a quote by {style.name}",
            [("Cue class", quote.cue_class), *about])
        add("speaker", quote.speaker.mention, ["speaker", *speaker_classes],
            f"Speaker: {style.name}", about)
    for claim in sorted(cm.claims, key=lambda c: (c.span.start, c.span.end)):
        worth = claim.checkworthiness
        band = "cw-high" if worth.score >= 0.66 else "cw-mid" if worth.score >= 0.33 else "cw-low"
        source: str = claim.sourcing.kind
        if claim.sourcing.actor_id:
            source += ": " + _actor_label(cm, claim.sourcing.actor_id, claim.sourcing.actor_id)
        claim_details = [("Check-worthiness", f"{worth.label} {_fmt(worth.score)}"),
                         ("Type", claim.type), ("Certainty", claim.certainty.level),
                         ("Sourcing", source)]
        claim_details += [("Quantity", f"{q.span.text} = {q.value:g} ({q.bound}"
                           + (f", {q.unit}" if q.unit else "") + ")") for q in claim.quantities]
        add("claim", claim.span, ["claim", band], f"Claim ({worth.label} {_fmt(worth.score)})",
            claim_details)
        for hedge in claim.certainty.cues:
            add("hedge", hedge, ["hedge"], f"Hedge: {claim.certainty.level}",
                [("Hedge", f"“{hedge.text}”"), ("Certainty", claim.certainty.level)])
    for technique in sorted(cm.techniques, key=lambda t: (t.span.start, t.span.end)):
        who = _actor_label(cm, technique.actor_id, "the author")
        add("technique", technique.span, ["technique"],
            f"Technique: {technique.technique.replace('_', ' ')}",
            [("Technique", technique.technique.replace("_", " ")),
             ("Score", _fmt(technique.score)), ("Used by", who)])
    for acc in sorted(cm.accusations, key=lambda a: (a.of.start, a.of.end)):
        accuser = _actor_label(cm, acc.accuser, "(unknown)")
        accused = _actor_label(cm, acc.accused, acc.accused_mention.text
                               if acc.accused_mention else "(unknown)")
        add("accusation", acc.of, ["accusation"], f"Accusation: {accuser} accuses {accused}",
            [("Accuser", accuser), ("Accused", accused)])
    for dispute in sorted(cm.disputes, key=lambda d: (d.evidence.start, d.evidence.end)
                          if d.evidence else (0, 0)):
        kind = dispute.kind.replace("_", " ")
        who = " vs ".join(_actor_label(cm, a, a) for a in dispute.actors) or "(unknown)"
        add("dispute", dispute.evidence, ["dispute"], f"Dispute ({kind}): {who}",
            [("Kind", kind), ("Between", who), ("Score", _fmt(dispute.score))])
    return marks


def _hidden_ranges(cm: ClaimMap) -> list[tuple[int, int]]:
    """Headline and captions: shown apart, so cut out of the body."""
    length = len(cm.article.text)
    spans = [*cm.article.captions]
    if cm.article.title_span is not None:
        spans.append(cm.article.title_span)
    ranges = [r for r in (_clip_span(s, length) for s in spans) if r is not None]
    return sorted(ranges)


def paragraphs(cm: ClaimMap) -> list[tuple[int, int]]:
    """Visible body blocks: paragraphs split at blank lines, minus headline and captions."""
    text = cm.article.text
    blocks: list[tuple[int, int]] = []
    cursor = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        pieces = [(cursor, end)]
        for hs, he in _hidden_ranges(cm):
            pieces = [p for (s, e) in pieces
                      for p in ((s, min(e, hs)), (max(s, he), e)) if p[0] < p[1]]
        for s, e in pieces:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                blocks.append((s, e))
        cursor = brk.end() if brk else len(text)
    return blocks


def segments(start: int, end: int, marks: Sequence[Mark]) -> list[tuple[int, int, list[Mark]]]:
    """Cut ``[start, end)`` at every mark boundary; each piece lists the marks covering it."""
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted({start, end, *(m.start for m in inside if start < m.start < end),
                   *(m.end for m in inside if start < m.end < end)})
    out = []
    for a, b in itertools.pairwise(cuts):
        out.append((a, b, [m for m in inside if m.start < b and m.end > a]))
    return out


def render_body(text: str, blocks: Sequence[tuple[int, int]], marks: Sequence[Mark],
                prefix: str, *, seen: set[str] | None = None, tag: str = "p") -> Markup:
    """Escaped HTML blocks (``<p>`` by default) of highlighted segments. ``seen`` carries
    which marks already started, so a mark gets one tab stop across several calls."""
    seen = set() if seen is None else seen
    html: list[str] = []
    # One sweep over blocks and marks (both in text order) keeps long articles linear.
    ordered = sorted(marks, key=lambda m: (m.start, m.end))
    pending = 0
    active: list[Mark] = []
    for block_start, block_end in sorted(blocks):
        while pending < len(ordered) and ordered[pending].start < block_end:
            active.append(ordered[pending])
            pending += 1
        active = [m for m in active if m.end > block_start]
        html.append(f"<{tag}>" if tag else "")
        for a, b, covering in segments(block_start, block_end, active):
            piece = str(escape(text[a:b]))
            if not covering:
                html.append(piece)
                continue
            firsts = [m for m in covering if m.key not in seen]
            seen.update(m.key for m in firsts)
            for mark in firsts:
                html.append(f'<span class="anchor" id="{escape(prefix + mark.key)}"></span>')
                if mark.badge is not None:
                    badge_classes = " ".join(("badge", *mark.badge_classes))
                    html.append(f'<span class="{escape(badge_classes)}" aria-hidden="true">'
                                f"{escape(mark.badge)}</span>")
            classes = sorted({c for m in covering for c in m.classes})
            refs = " ".join(prefix + m.key for m in covering)
            layers = " ".join(sorted({m.layer for m in covering}))
            attrs = [f'class="m {escape(" ".join(classes))}"', f'data-refs="{escape(refs)}"',
                     f'data-layers="{layers}"']
            if firsts:
                starts = " ".join(prefix + m.key for m in firsts)
                attrs.append(f'data-start-layers="{" ".join(sorted({m.layer for m in firsts}))}"')
                described = " ".join(f"{prefix}d-{m.key}" for m in covering)
                label = "; ".join(m.title for m in firsts)
                attrs += [f'data-starts="{escape(starts)}"', 'tabindex="0"',
                          f'aria-describedby="{escape(described)}"',
                          f'aria-label="{escape(label)}: {escape(text[a:b])}"']
            html.append(f"<span {' '.join(attrs)}>{piece}</span>")
        html.append(f"</{tag}>\n" if tag else "")
    return Markup("".join(html))
