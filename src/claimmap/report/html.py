"""The HTML report: one self-contained page (inline CSS and JS, no network) that highlights a
ClaimMap on its article, with side panels for actors, claims, disputes, stance and techniques.

The reader switches layers of marks on and off (quotes by speaker, check-worthy claims,
techniques, disputes), one at a time or together, so the text stays readable; see marks.py
for how overlapping spans become segments.

Both the report and the web app render through :func:`report_context` and the same Jinja
templates; autoescaping is on and the article body is escaped piece by piece in marks.py.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import urllib.parse
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import jinja2
from markupsafe import Markup

from claimmap.report.graph import accusation_graph, ring_layout
from claimmap.report.marks import (
    DEFAULT_LAYER,
    LAYERS,
    VAGUE_KINDS,
    Mark,
    SpeakerStyle,
    _actor_label,
    _clip_span,
    _fmt,
    _initials,
    build_marks,
    paragraphs,
    render_body,
    segments,
    speaker_styles,
)
from claimmap.report.safe import shown
from claimmap.report.signals import signal_rows
from claimmap.types import ClaimMap, TextSpan

__all__ = ["Mark", "SpeakerStyle", "_initials", "build_marks", "content_security_policy",
           "environment", "paragraphs", "render_body", "render_html", "report_context",
           "segments", "speaker_styles"]

TOP_CLAIMS = 10


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


LAYER_LABELS = {"quotes": "Quotes by speaker", "claims": "Check-worthy claims",
                "techniques": "Techniques", "disputes": "Disputes and accusations"}
LAYER_COUNTED = {"quotes": ("quote",), "claims": ("claim",), "techniques": ("technique",),
                 "disputes": ("accusation", "dispute")}


def _layers(marks: Sequence[Mark], prefix: str) -> list[dict[str, Any]]:
    counts = Counter(m.kind for m in marks)
    return [{"name": name, "label": LAYER_LABELS[name], "id": f"{prefix}layer-{name}",
             "count": sum(counts[k] for k in LAYER_COUNTED[name]), "on": name == DEFAULT_LAYER}
            for name in LAYERS]


def _factcheck_rows(cm: ClaimMap,
                    anchor: Callable[[str, TextSpan | None], str | None]) -> list[dict[str, Any]]:
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
            "anchor": anchor("claim", claim.span) if claim else None,
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
    length = len(cm.article.text)
    keys = {(m.kind, m.start, m.end): prefix + m.key for m in marks}

    def anchor(kind: str, span: TextSpan | None) -> str | None:
        """The id of the mark a panel entry jumps to, if the span is shown in the body."""
        clipped = _clip_span(span, length)
        return keys.get((kind, *clipped)) if clipped else None

    # The headline keeps its highlights (headlines often carry the main attribution).
    seen: set[str] = set()
    title_span = _clip_span(cm.article.title_span, length)
    headline = (render_body(cm.article.text, [title_span], marks, prefix, seen=seen, tag="")
                if title_span else None)
    quote_counts: Counter[str] = Counter(q.speaker.actor_id or "" for q in cm.quotes)
    first_quote: dict[str, str | None] = {}
    for quote in sorted(cm.quotes, key=lambda q: (q.content.start, q.content.end)):
        first_quote.setdefault(quote.speaker.actor_id or "", anchor("quote", quote.content))
    actor_rows = []
    for actor in sorted(cm.actors, key=lambda a: (-quote_counts[a.id],
                                                  a.mentions[0].start if a.mentions else 0)):
        actor_rows.append({"actor": actor, "quotes": quote_counts[actor.id],
                           "style": styles.get(f"actor:{actor.id}"),
                           "vague": actor.kind in VAGUE_KINDS,
                           "anchor": first_quote.get(actor.id)})
    # Actors who are only mentioned go below a fold: the speakers are what readers scan.
    speaking = [row for row in actor_rows if row["quotes"] or row["vague"]]
    mentioned = [row for row in actor_rows if not (row["quotes"] or row["vague"])]
    unresolved = [s for s in styles.values() if s.actor is None]
    claims = sorted(cm.claims, key=lambda c: -c.checkworthiness.score)[:TOP_CLAIMS]
    top_claims = [{"claim": c, "anchor": anchor("claim", c.span),
                   "source": _actor_label(cm, c.sourcing.actor_id, c.sourcing.kind)}
                  for c in claims]
    disputes = [{"dispute": d, "who": " vs ".join(_actor_label(cm, a, a) for a in d.actors),
                 "anchor": anchor("dispute", d.evidence)} for d in cm.disputes]
    accusations = [{"accuser": _actor_label(cm, a.accuser, "(unknown)"),
                    "accused": _actor_label(cm, a.accused, a.accused_mention.text
                                            if a.accused_mention else "(unknown)"),
                    "of": a.of.text, "anchor": anchor("accusation", a.of)}
                   for a in cm.accusations]
    techniques = [{"technique": t.technique.replace("_", " "), "text": t.span.text,
                   "who": _actor_label(cm, t.actor_id, "the author"),
                   "anchor": anchor("technique", t.span)}
                  for t in sorted(cm.techniques, key=lambda t: (t.span.start, t.span.end))]
    factchecks = _factcheck_rows(cm, anchor)
    captions = [c.text for c in cm.article.captions] + list(cm.article.extra_captions)
    counts = Counter(m.kind for m in marks)
    stance = None
    if cm.stance is not None:
        scores = cm.stance.scores
        stance = {"label": cm.stance.label, "headline": cm.stance.headline,
                  "scores": [{"label": k, "score": _fmt(v),
                              "width": round(100 * max(0.0, min(1.0, v)), 1)
                              if math.isfinite(v) else 0}
                             for k, v in sorted(cm.stance.scores.items(), key=lambda kv: -kv[1])],
                  "evidence": [e.text for e in cm.stance.evidence],
                  # The label is decided after per-class offsets (disagree is rare and costly
                  # to miss), so it need not be the likeliest class: the panel says so.
                  "likeliest": max(scores, key=scores.__getitem__) if scores else None}
    return {
        "cm": cm, "prefix": prefix, "article": cm.article,
        "headline": headline, "body": render_body(cm.article.text, paragraphs(cm), marks,
                                                  prefix, seen=seen),
        "marks": marks, "counts": counts, "layers": _layers(marks, prefix),
        "speakers": list(styles.values()),
        "actors": speaking, "mentioned": mentioned, "unresolved": unresolved,
        "top_claims": top_claims, "techniques": techniques,
        "n_claims": len(cm.claims), "disputes": disputes, "accusations": accusations,
        "graph": ring_layout(accusation_graph(cm), styles),
        "techniques_by_actor": _techniques_by_actor(cm),
        "stance": stance, "captions": captions, "words": len(cm.article.text.split()),
        "factchecks": factchecks, "signals": signal_rows(cm, anchor),
        # Evidence in other articles links to their pages in the web app only.
        "corpus_links": False,
    }


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja environment of the report and the app (autoescape on everywhere)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("claimmap.report", "templates"),
        autoescape=True,
        # Every {{ }} of untrusted text has its bidi and control characters made visible.
        finalize=shown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The page's only script, pinned by hash in its Content-Security-Policy: should any
    # markup slip past escaping, injected scripts and on* handlers still do not run.
    script, _, _ = env.loader.get_source(env, "report.js")  # type: ignore[union-attr]
    env.globals["script"] = Markup(script)
    env.globals["qs"] = query_link
    env.filters["pq"] = path_quote
    env.globals["csp"] = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                          f"script-src '{script_hash(script)}'; form-action 'self'; "
                          "base-uri 'none'")
    return env


def path_quote(value: object) -> str:
    """One path segment, every reserved character escaped (ids and outlets are user text)."""
    return urllib.parse.quote(str(value), safe="")


def query_link(path: str, params: dict[str, Any], drop: str | None = None,
               **changes: Any) -> str:
    """``path?query`` from ``params`` with ``changes`` applied and ``drop`` left out; empty
    values go, and so does ``offset`` unless it changes (a new filter starts at page one)."""
    merged = {("actor" if k == "actor_id" else k): v for k, v in params.items()
              if k != drop and k != "offset"}
    merged.update(changes)
    pairs = [(k, str(v)) for k, v in merged.items() if v not in (None, "")]
    return path + ("?" + urllib.parse.urlencode(pairs) if pairs else "")


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
