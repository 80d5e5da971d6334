"""The HTML report: one self-contained page (inline CSS and JS, no network) that highlights a
ClaimMap on its article, with side panels for actors, claims, disputes, stance and techniques.

Spans overlap freely (a claim inside a quote, a technique across both), so the body is not
built by nesting tags. Every span's offsets become cut points; the text between two cut points
is one segment carrying the set of spans that cover it. That renders any overlap, clips spans
that reach into captions or the headline, and never reorders or drops a character.

Both the report and the web app render through :func:`report_context` and the same Jinja
templates; autoescaping is on and the article body is escaped here, piece by piece.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import jinja2
from markupsafe import Markup, escape

from claimmap.types import Actor, ClaimMap, Quote, TextSpan

# Speaker colours (light fills readable under black text) and a border pattern each, so a
# speaker is told apart by colour, pattern and initials, never by colour alone.
PALETTE_SIZE = 10
PATTERNS = ("solid", "dashed", "dotted", "double")
VAGUE_KINDS = ("vague", "anonymous")
TOP_CLAIMS = 10
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


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
            attrs = [f'class="m {escape(" ".join(classes))}"', f'data-refs="{escape(refs)}"']
            if firsts:
                starts = " ".join(prefix + m.key for m in firsts)
                described = " ".join(f"{prefix}d-{m.key}" for m in covering)
                label = "; ".join(m.title for m in firsts)
                attrs += [f'data-starts="{escape(starts)}"', 'tabindex="0"',
                          f'aria-describedby="{escape(described)}"',
                          f'aria-label="{escape(label)}: {escape(text[a:b])}"']
            html.append(f"<span {' '.join(attrs)}>{piece}</span>")
        html.append(f"</{tag}>\n" if tag else "")
    return Markup("".join(html))


def _accusation_graph(cm: ClaimMap, styles: dict[str, SpeakerStyle]) -> dict[str, Any] | None:
    """Nodes on a circle and arrows accuser -> accused (disputes as dashed lines)."""
    nodes: dict[str, str] = {}

    def node(actor_id: str | None, mention: TextSpan | None = None) -> str:
        if actor_id:
            key = f"a:{actor_id}"
            nodes.setdefault(key, _actor_label(cm, actor_id, actor_id))
        elif mention is not None:
            key = f"m:{mention.text.lower()}"
            nodes.setdefault(key, mention.text)
        else:
            key = "unknown"
            nodes.setdefault(key, "(unknown)")
        return key

    edges: list[dict[str, Any]] = []
    for acc in cm.accusations:
        edges.append({"a": node(acc.accuser), "b": node(acc.accused, acc.accused_mention),
                      "kind": "accuses", "label": acc.of.text, "dashed": False})
    for dispute in cm.disputes:
        ids = list(dispute.actors)
        for first, second in itertools.pairwise(ids):
            edges.append({"a": node(first), "b": node(second),
                          "kind": dispute.kind.replace("_", " "),
                          "label": dispute.evidence.text if dispute.evidence else "",
                          "dashed": dispute.kind != "accusation"})
    if not edges:
        return None
    width, height, radius = 460, 330, 16
    cx, cy, rx, ry = width / 2, height / 2, 80, 120
    keys = list(nodes)
    placed: dict[str, dict[str, Any]] = {}
    taken: Counter[str] = Counter()
    for i, key in enumerate(keys):
        angle = -math.pi / 2 + 2 * math.pi * i / len(keys)
        cos, sin = (math.cos(angle), math.sin(angle)) if len(keys) > 1 else (0.0, 1.0)
        x, y = cx + rx * cos, cy + ry * sin
        style = styles.get(f"actor:{key[2:]}") if key.startswith("a:") else None
        # Labels sit outside the ring, beside the node on the flanks and above or below it
        # at the poles, so neighbouring names do not run into each other.
        if abs(cos) > 0.15:
            label = (x + math.copysign(radius + 4, cos), y + 4, "start" if cos > 0 else "end")
        else:
            label = (x, y + (radius + 13 if sin > 0 else -radius - 5), "middle")
        initials = style.initials if style else _initials(nodes[key])
        taken[initials] += 1
        if taken[initials] > 1:  # two nodes must never read the same
            initials = f"{initials}{taken[initials]}"
        placed[key] = {"x": round(x, 1), "y": round(y, 1), "name": nodes[key],
                       "initials": initials,
                       "colour": style.colour if style else None,
                       "label_x": round(label[0], 1), "label_y": round(label[1], 1),
                       "anchor": label[2]}
    lines = []
    for edge in edges:
        src, dst = placed[edge["a"]], placed[edge["b"]]
        dx, dy = dst["x"] - src["x"], dst["y"] - src["y"]
        dist = math.hypot(dx, dy)
        if dist < 1:  # self-accusation: draw a small loop above the node
            lines.append({**edge, "loop": True, "x": src["x"], "y": src["y"] - radius,
                          "from": src["name"], "to": dst["name"]})
            continue
        ux, uy = dx / dist, dy / dist
        lines.append({**edge, "loop": False,
                      "x1": round(src["x"] + ux * radius, 1),
                      "y1": round(src["y"] + uy * radius, 1),
                      "x2": round(dst["x"] - ux * (radius + 4), 1),
                      "y2": round(dst["y"] - uy * (radius + 4), 1),
                      "from": src["name"], "to": dst["name"]})
    return {"width": width, "height": height, "radius": radius,
            "nodes": list(placed.values()), "edges": lines}


def _techniques_by_actor(cm: ClaimMap) -> list[dict[str, Any]]:
    """Rows of (actor, total, [(technique, count, width%)]) for the bar chart."""
    tallies: dict[str, Counter[str]] = {}
    for technique in cm.techniques:
        who = _actor_label(cm, technique.actor_id, "(author)")
        tallies.setdefault(who, Counter())[technique.technique.replace("_", " ")] += 1
    if not tallies:
        return []
    most = max(sum(c.values()) for c in tallies.values())
    rows = []
    for who, counter in sorted(tallies.items(), key=lambda kv: -sum(kv[1].values())):
        rows.append({"actor": who, "total": sum(counter.values()),
                     "parts": [{"technique": name, "count": n,
                                "width": round(100 * n / most, 1)}
                               for name, n in counter.most_common()]})
    return rows


def _factcheck_rows(cm: ClaimMap, claim_keys: dict[tuple[int, int], str],
                    prefix: str) -> list[dict[str, Any]]:
    """Matched fact-checks, best first; the rating is the fact-checker's text, verbatim."""
    claims = {c.id: c for c in cm.claims}
    checks = {f.id: f for f in cm.factchecks}
    rows = []
    for match in cm.matches:
        claim = claims.get(match.claim_id)
        fc = checks.get(match.fact_check_id)
        url = (fc.url if fc else match.url) or ""
        rows.append({
            "claim": claim.span.text if claim else match.claim_id,
            "anchor": prefix + claim_keys.get((claim.span.start, claim.span.end), "")
            if claim else prefix,
            "reviewed": fc.claim_reviewed if fc else match.title,
            "rating": match.verdict, "reviewer": match.reviewer,
            "date": fc.date_published if fc else None, "score": match.score,
            # Only web links become hrefs: a feed could carry javascript: URLs.
            "url": url if url.lower().startswith(("https://", "http://")) else None,
        })
    return rows


def report_context(cm: ClaimMap, prefix: str = "a0-") -> dict[str, Any]:
    """Everything the templates need for one article; the app and the report share it."""
    styles = speaker_styles(cm)
    marks = build_marks(cm, styles)
    # The headline keeps its highlights (headlines often carry the main attribution).
    seen: set[str] = set()
    title_span = _clip_span(cm.article.title_span, len(cm.article.text))
    headline = (render_body(cm.article.text, [title_span], marks, prefix, seen=seen, tag="")
                if title_span else None)
    quote_counts: Counter[str] = Counter(q.speaker.actor_id or "" for q in cm.quotes)
    actor_rows = []
    for actor in sorted(cm.actors, key=lambda a: (-quote_counts[a.id],
                                                  a.mentions[0].start if a.mentions else 0)):
        actor_rows.append({"actor": actor, "quotes": quote_counts[actor.id],
                           "style": styles.get(f"actor:{actor.id}"),
                           "vague": actor.kind in VAGUE_KINDS})
    # Actors who are only mentioned go below a fold: the speakers are what readers scan.
    speaking = [row for row in actor_rows if row["quotes"] or row["vague"]]
    mentioned = [row for row in actor_rows if not (row["quotes"] or row["vague"])]
    unresolved = [s for s in styles.values() if s.actor is None]
    claims = sorted(cm.claims, key=lambda c: -c.checkworthiness.score)[:TOP_CLAIMS]
    claim_keys = {(m.start, m.end): m.key for m in marks if m.kind == "claim"}
    top_claims = [{"claim": c, "anchor": prefix + claim_keys.get((c.span.start, c.span.end), ""),
                   "source": _actor_label(cm, c.sourcing.actor_id, c.sourcing.kind)}
                  for c in claims]
    disputes = [{"dispute": d, "who": " vs ".join(_actor_label(cm, a, a) for a in d.actors)}
                for d in cm.disputes]
    accusations = [{"accuser": _actor_label(cm, a.accuser, "(unknown)"),
                    "accused": _actor_label(cm, a.accused, a.accused_mention.text
                                            if a.accused_mention else "(unknown)"),
                    "of": a.of.text} for a in cm.accusations]
    factchecks = _factcheck_rows(cm, claim_keys, prefix)
    captions = [c.text for c in cm.article.captions] + list(cm.article.extra_captions)
    counts = Counter(m.kind for m in marks)
    stance = None
    if cm.stance is not None:
        stance = {"label": cm.stance.label, "headline": cm.stance.headline,
                  "scores": [{"label": k, "score": _fmt(v),
                              "width": round(100 * max(0.0, min(1.0, v)), 1)
                              if math.isfinite(v) else 0}
                             for k, v in sorted(cm.stance.scores.items(), key=lambda kv: -kv[1])],
                  "evidence": [e.text for e in cm.stance.evidence]}
    return {
        "cm": cm, "prefix": prefix, "article": cm.article,
        "headline": headline, "body": render_body(cm.article.text, paragraphs(cm), marks,
                                                  prefix, seen=seen),
        "marks": marks, "counts": counts, "speakers": list(styles.values()),
        "actors": speaking, "mentioned": mentioned, "unresolved": unresolved,
        "top_claims": top_claims,
        "n_claims": len(cm.claims), "disputes": disputes, "accusations": accusations,
        "graph": _accusation_graph(cm, styles), "techniques_by_actor": _techniques_by_actor(cm),
        "stance": stance, "captions": captions, "words": len(cm.article.text.split()),
        "factchecks": factchecks,
    }


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja environment of the report and the app (autoescape on everywhere)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("claimmap.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The page's only script, pinned by hash in its Content-Security-Policy: should any
    # markup slip past escaping, injected scripts and on* handlers still do not run.
    script, _, _ = env.loader.get_source(env, "report.js")  # type: ignore[union-attr]
    env.globals["script"] = Markup(script)
    env.globals["csp"] = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                          f"script-src '{script_hash(script)}'; form-action 'self'; "
                          "base-uri 'none'")
    return env


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def content_security_policy() -> str:
    """No network, our one script, inline styles (the bar widths), forms to this origin."""
    return str(environment().globals["csp"])


def render_html(claim_map: ClaimMap | Sequence[ClaimMap], *, title: str | None = None) -> str:
    """One self-contained HTML page for one ClaimMap (or several, one after another)."""
    maps = [claim_map] if isinstance(claim_map, ClaimMap) else list(claim_map)
    views = [report_context(cm, prefix=f"a{i}-") for i, cm in enumerate(maps)]
    page_title = title or (maps[0].article.title or maps[0].article.id if len(maps) == 1
                           else f"{len(maps)} articles")
    return environment().get_template("report.html.jinja").render(
        views=views, page_title=f"ClaimMap: {page_title}")
