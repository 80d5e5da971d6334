"""The terminal view of a ClaimMap: actors, then every quote under its speaker, then the
other findings when the ClaimMap has them."""

from __future__ import annotations

import textwrap
from collections import defaultdict

from claimmap.text import escape_controls
from claimmap.types import Actor, ClaimMap, Quote

WIDTH = 100


def _clip(text: str, limit: int = 220) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent)


def _actor_line(actor: Actor, n_quotes: int) -> str:
    details: list[str] = [actor.kind]
    if actor.role:
        details.append(f"role: {actor.role}")
    if actor.organisation:
        details.append(f"organisation: {actor.organisation}")
    details.append(f"{n_quotes} quote{'s' if n_quotes != 1 else ''}")
    if actor.key:
        details.append(f"key {actor.key}")
    return f"  {actor.name}  ({'; '.join(details)})"


def _quote_lines(quote: Quote, via: Actor | None = None) -> list[str]:
    cue = f"“{quote.cue.text}”" if quote.cue else "no cue"
    relayed = f", via {via.name}" if via is not None else ""
    head = f"    [{quote.kind}, {quote.cue_class}, cue {cue}{relayed}]"
    return [head, _wrap(_clip(quote.content.text, 400), "      ")]


def section_header(cm: ClaimMap) -> list[str]:
    article = cm.article
    lines = [f"ClaimMap of {article.id}", "=" * min(WIDTH, 12 + len(article.id))]
    if article.title:
        lines.append(_wrap(f"Headline: {article.title}", ""))
    for label, value, source in (("Byline", article.byline, article.byline_source),
                                 ("Published", article.published, article.published_source)):
        if value:
            # One-line fields stay one line, whatever line breaks the page put in them.
            lines.append(f"{label}: {' '.join(value.split())}"
                         + (f"  (from {source})" if source else ""))
    words = len(article.text.split())
    lines.append(f"{words} words, {len(cm.actors)} actors, {len(cm.quotes)} quotes"
                 + (f", {len(cm.claims)} claims" if cm.claims else "")
                 + (f", {len(cm.techniques)} techniques" if cm.techniques else ""))
    captions = [c.text for c in article.captions] + list(article.extra_captions)
    if captions:
        lines.append(f"Captions kept apart: {len(captions)}")
    for note in cm.notes:
        lines.append(f"Note: {' '.join(note.split())}")
    return lines


def section_actors(cm: ClaimMap) -> list[str]:
    if not cm.actors:
        return []
    counts: dict[str | None, int] = defaultdict(int)
    for quote in cm.quotes:
        counts[quote.speaker.actor_id] += 1
    ordered = sorted(cm.actors, key=lambda a: (-counts[a.id], a.mentions[0].start
                                               if a.mentions else 0))
    return ["", "Actors", "------"] + [_actor_line(a, counts[a.id]) for a in ordered]


def section_quotes(cm: ClaimMap) -> list[str]:
    if not cm.quotes:
        return ["", "Quotes", "------", "  (none found)"]
    by_speaker: dict[str | None, list[Quote]] = defaultdict(list)
    for quote in cm.quotes:
        by_speaker[quote.speaker.actor_id].append(quote)
    lines = ["", "Quotes by speaker", "-----------------"]
    for actor_id, quotes in by_speaker.items():
        actor = cm.actor(actor_id)
        if actor is not None:
            name = actor.name
        else:
            mention = quotes[0].speaker.mention
            name = f"(unresolved: {mention.text})" if mention else "(no speaker)"
        lines.append(f"  {name}")
        for quote in sorted(quotes, key=lambda q: q.content.start):
            lines.extend(_quote_lines(quote, cm.actor(quote.via)))
    return lines


def section_claims(cm: ClaimMap, top: int = 10) -> list[str]:
    if not cm.claims:
        return []
    lines = ["", f"Top claims by check-worthiness (of {len(cm.claims)})",
             "---------------------------------"]
    ranked = sorted(cm.claims, key=lambda c: -c.checkworthiness.score)[:top]
    for claim in ranked:
        who: str = claim.sourcing.kind
        actor = cm.actor(claim.sourcing.actor_id)
        if actor:
            who += f": {actor.name}"
        level: str = claim.certainty.level
        # The cue words say why a claim is not plain assertion ("seems", "?").
        cues = ", ".join(dict.fromkeys(f"“{c.text}”" for c in claim.certainty.cues))
        if cues:
            level += f" ({cues})"
        lines.append(f"  {claim.checkworthiness.score:.2f} {claim.checkworthiness.label}  "
                     f"[{claim.type}, {level}, source {who}]")
        lines.append(_wrap(_clip(claim.span.text, 300), "      "))
        for quantity in claim.quantities:
            source = cm.actor(quantity.source_actor_id)
            lines.append(f"      quantity: {quantity.span.text!r} = {quantity.value:g} "
                         f"({quantity.bound}{', ' + quantity.unit if quantity.unit else ''})"
                         + (f" from {source.name}" if source else ""))
    return lines


def section_factchecks(cm: ClaimMap) -> list[str]:
    """Claims a published fact-check appears to review; ratings are the fact-checkers' words."""
    if not cm.matches:
        return []
    claims = {c.id: c for c in cm.claims}
    checks = {f.id: f for f in cm.factchecks}
    lines = ["", f"Fact-checked claims ({len(cm.matches)} matches)", "-------------------"]
    for match in cm.matches:
        claim = claims.get(match.claim_id)
        fc = checks.get(match.fact_check_id)
        rating = f"“{match.verdict}”" if match.verdict else "(no rating given)"
        by = f" by {match.reviewer}" if match.reviewer else ""
        date = f", {fc.date_published}" if fc and fc.date_published else ""
        lines.append(f"  {match.score:.2f}  rating {rating}{by}{date}")
        if claim is not None:
            lines.append(_wrap("claim: " + _clip(claim.span.text, 300), "      "))
        reviewed = fc.claim_reviewed if fc else match.title
        lines.append(_wrap("reviewed: " + _clip(reviewed, 300), "      "))
        if match.url:
            lines.append(f"      {match.url}")
    return lines


def section_techniques(cm: ClaimMap) -> list[str]:
    if not cm.techniques:
        return []
    lines = ["", "Persuasion techniques", "---------------------"]
    for technique in sorted(cm.techniques, key=lambda t: t.span.start):
        actor = cm.actor(technique.actor_id)
        who = actor.name if actor else "author"
        lines.append(f"  {technique.technique} ({technique.score:.2f}, {who}): "
                     f"“{_clip(technique.span.text, 120)}”")
    # Per-article tally first, then whose words they are (author or a quoted speaker).
    overall = cm.summary.get("techniques") or {}
    if overall:
        lines.append("  in all: " + ", ".join(f"{name} {n}" for name, n in overall.items()))
    by_actor = cm.summary.get("techniques_by_actor") or {}
    for who, counts in by_actor.items():
        tally = ", ".join(f"{name} {n}" for name, n in counts.items())
        lines.append(f"  by {who}: {tally}")
    return lines


def section_stance(cm: ClaimMap) -> list[str]:
    if cm.stance is None:
        return []
    scores = ", ".join(f"{k} {v:.2f}" for k, v in cm.stance.scores.items())
    verdict = {"agree": "AGREES with", "disagree": "DISAGREES with",
               "discuss": "DISCUSSES", "unrelated": "is UNRELATED to"}[cm.stance.label]
    return ["", "Headline stance", "---------------",
            # The label is decided after a per-class bias; the stored scores are before it.
            f"  The body {verdict} the headline (probabilities before the class bias: "
            f"{scores})"]


def section_disputes(cm: ClaimMap) -> list[str]:
    if not cm.disputes and not cm.accusations:
        return []
    names = {a.id: a.name for a in cm.actors}
    lines = ["", "Disputes", "--------"]
    for dispute in cm.disputes:
        who = " vs ".join(names.get(a, a) for a in dispute.actors)
        evidence = f": “{_clip(dispute.evidence.text, 100)}”" if dispute.evidence else ""
        lines.append(f"  {dispute.kind} ({who}, {dispute.score:.2f}){evidence}")
    speakers = {q.id: q.speaker.mention for q in cm.quotes}
    for accusation in cm.accusations:
        # Unresolved parties keep the words that named them.
        said_by = speakers.get(accusation.quote_id or "")
        accuser = names.get(accusation.accuser or "", said_by.text if said_by else "?")
        accused = names.get(accusation.accused or "", accusation.accused_mention.text
                            if accusation.accused_mention else "?")
        lines.append(f"  {accuser} accuses {accused} of “{_clip(accusation.of.text, 100)}”")
    return lines


def section_signals(cm: ClaimMap, per_signal: int = 3) -> list[str]:
    """Credibility signals (with a store or a fact-check file): each in words, then the first
    spans that show it. Observations, never a verdict on the article."""
    if not cm.signals:
        return []
    lines = ["", "Credibility signals (observations, not a score)",
             "-----------------------------------------------"]
    for signal in cm.signals:
        scope = " [corpus]" if signal.scope == "corpus" else ""
        lines.append(_wrap(f"{signal.name.replace('_', ' ')}{scope}: {signal.summary}", "  "))
        for item in signal.evidence[:per_signal]:
            shown = f"“{_clip(item.span.text, 140)}”" if item.span else ""
            extra = " ".join(x for x in (item.article_id and f"article {item.article_id}",
                                         item.note and _clip(item.note, 140)) if x)
            lines.append(_wrap(f"{item.label}: {shown}{' ' if shown and extra else ''}{extra}",
                               "      "))
        if len(signal.evidence) > per_signal:
            lines.append(f"      (+{len(signal.evidence) - per_signal} more)")
    return lines


def render_text(cm: ClaimMap) -> str:
    sections = (section_header, section_signals, section_actors, section_quotes,
                section_claims, section_factchecks, section_techniques, section_stance,
                section_disputes)
    lines: list[str] = []
    for section in sections:
        lines.extend(section(cm))
    # Every line holds article text: its control and bidi characters are shown escaped, so
    # the text cannot drive the terminal or reorder the view. Newlines stay: wrapped
    # paragraphs are lines joined by them.
    return "\n".join(escape_controls(line, keep="\n") for line in lines) + "\n"
