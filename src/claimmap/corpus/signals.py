"""Credibility signals of one article, each with the spans that show it, and no overall score.

    from claimmap.corpus.signals import article_signals, with_signals
    cm = with_signals(cm)                         # from the ClaimMap alone
    cm = with_signals(cm, corpus_facts(conn, cm.article.id))   # and what the store knows

Seven signals (docs/signals.md maps each to the W3C Credible Web group's indicators, Zhang et
al. 2018 and NewsGuard's criteria): who the claims are sourced to, the hedged share of
check-worthy claims, persuasion techniques per 1,000 words by class, the headline stance,
numeric conflicts (in the article and, with a store, across articles), originality (with a
store: a syndicated copy or not) and fact-checked claims with the fact-checkers' ratings as
written. Everything is read off the ClaimMap and the store's rows: no spaCy, no stage.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, delete, insert, or_, select

from claimmap.store.schema import (
    article_signals as signal_rows,
)
from claimmap.store.schema import (
    articles,
    claimmaps,
    claims,
    disputes,
    factcheck_matches,
    factchecks,
)
from claimmap.types import (
    Actor,
    ClaimMap,
    FactCheck,
    FactCheckMatch,
    Signal,
    SignalEvidence,
)

SIGNAL_NAMES = ("sourcing_mix", "hedged_share", "technique_density", "headline_stance",
                "numeric_conflicts", "originality", "fact_checks")
SOURCING_KINDS = ("named", "official", "anonymous", "vague")

# A named source speaks for an institution when it is one, or holds an office.
_OFFICE = re.compile(
    r"\b(?:minist(?:er|ry)|spokes(?:man|woman|person)|president|prime minister|premier|"
    r"governor|mayor|secretary|senator|police|army|military|government|department|agency|"
    r"council|commission|official|ambassador|chancellor|general|commander|prosecutor|"
    r"court|parliament|authority|authorities|office)\b", re.IGNORECASE)

# The PTC techniques in three classes, after the families the SemEval-2020 task 11 guide
# groups them in: words that stir feelings, reasoning that misleads, appeals and attacks.
TECHNIQUE_CLASSES: dict[str, str] = {
    "Loaded_Language": "emotional language",
    "Appeal_to_fear-prejudice": "emotional language",
    "Exaggeration,Minimisation": "emotional language",
    "Flag-Waving": "emotional language",
    "Slogans": "emotional language",
    "Repetition": "emotional language",
    "Black-and-White_Fallacy": "misleading reasoning",
    "Causal_Oversimplification": "misleading reasoning",
    "Whataboutism,Straw_Men,Red_Herring": "misleading reasoning",
    "Thought-terminating_Cliches": "misleading reasoning",
    "Bandwagon,Reductio_ad_hitlerum": "misleading reasoning",
    "Name_Calling,Labeling": "attacks and appeals",
    "Doubt": "attacks and appeals",
    "Appeal_to_Authority": "attacks and appeals",
}
CHECKWORTHY = ("CFS", "UFS")


@dataclasses.dataclass(frozen=True, slots=True)
class CrossConflict:
    """A numeric conflict or contradiction tracking found with another article."""

    kind: str
    claim_id: str  # the claim's id in this ClaimMap
    other_article_id: str
    other_outlet: str | None
    other_text: str
    score: float


@dataclasses.dataclass(frozen=True, slots=True)
class CorpusFacts:
    """What the store knows about an article that its ClaimMap cannot say."""

    duplicate_of: str | None = None
    duplicate_method: str | None = None
    duplicate_score: float | None = None
    copies: tuple[str, ...] = ()  # stored articles that copy this one
    conflicts: tuple[CrossConflict, ...] = ()
    matches: tuple[tuple[FactCheckMatch, FactCheck], ...] = ()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def source_kind(kind: str, actor: Actor | None) -> str | None:
    """named / official / anonymous / vague for a claim's sourcing; None for the author."""
    if kind == "author":
        return None
    if kind != "named":
        return kind
    if actor is not None and (actor.kind in ("organisation", "country") or any(
            _OFFICE.search(x or "") for x in (actor.role, actor.organisation, actor.name))):
        return "official"
    return "named"


def sourcing_mix(cm: ClaimMap) -> Signal:
    counts = Counter({k: 0 for k in (*SOURCING_KINDS, "author")})
    evidence = []
    for claim in cm.claims:
        kind = source_kind(claim.sourcing.kind, cm.actor(claim.sourcing.actor_id))
        counts[kind or "author"] += 1
        if kind is not None:
            actor = cm.actor(claim.sourcing.actor_id)
            evidence.append(SignalEvidence(kind, claim.span, claim.id,
                                           note=actor.name if actor else None))
    credited = sum(counts[k] for k in SOURCING_KINDS)
    summary = (", ".join(f"{counts[k]} {k}" for k in SOURCING_KINDS)
               + f" of {_plural(credited, 'sourced claim')}; "
               f"{counts['author']} in the outlet's own voice")
    named = counts["named"] + counts["official"]
    return Signal("sourcing_mix", summary, dict(counts),
                  round(named / credited, 4) if credited else None, tuple(evidence))


def hedged_share(cm: ClaimMap) -> Signal:
    worthy = [c for c in cm.claims if c.checkworthiness.label in CHECKWORTHY]
    hedged = [c for c in worthy if c.certainty.level != "asserted"]
    evidence = tuple(SignalEvidence(c.certainty.level, cue, c.id)
                     for c in hedged for cue in (c.certainty.cues or (c.span,)))
    share = round(len(hedged) / len(worthy), 4) if worthy else None
    levels: Counter[str] = Counter(c.certainty.level for c in worthy)
    summary = (f"{len(hedged)} of {_plural(len(worthy), 'check-worthy claim')} hedged"
               + (f" ({100 * share:.0f} %)" if share is not None else ""))
    return Signal("hedged_share", summary,
                  {"checkworthy": len(worthy), "hedged": len(hedged), **levels}, share,
                  evidence)


def technique_density(cm: ClaimMap) -> Signal:
    words = max(1, len(cm.article.text.split()))
    by_class = Counter({k: 0 for k in dict.fromkeys(TECHNIQUE_CLASSES.values())})
    evidence = []
    for t in sorted(cm.techniques, key=lambda t: (t.span.start, t.span.end)):
        cls = TECHNIQUE_CLASSES.get(t.technique, "other")
        by_class[cls] += 1
        evidence.append(SignalEvidence(cls, t.span, t.id, note=t.technique))
    density = round(1000 * len(cm.techniques) / words, 2)
    parts = ", ".join(f"{name} {1000 * n / words:.1f}" for name, n in by_class.items() if n)
    summary = (f"{_plural(len(cm.techniques), 'technique')} in {words} words, "
               f"{density:.1f} per 1,000" + (f" ({parts})" if parts else ""))
    return Signal("technique_density", summary, {**by_class, "words": words}, density,
                  tuple(evidence))


def headline_stance(cm: ClaimMap) -> Signal | None:
    stance = cm.stance
    if stance is None:
        return None
    title = cm.article.title_span
    evidence = [SignalEvidence("headline", title)] if title is not None else []
    evidence += [SignalEvidence(stance.label, span) for span in stance.evidence]
    score = stance.scores.get(stance.label)
    summary = {"agree": "the body agrees with the headline",
               "disagree": "the body disagrees with the headline",
               "discuss": "the body discusses the headline without taking a side",
               "unrelated": "the body is unrelated to the headline"}[stance.label]
    return Signal("headline_stance", summary, {stance.label: 1},
                  round(float(score), 4) if score is not None else None, tuple(evidence))


def numeric_conflicts(cm: ClaimMap, corpus: CorpusFacts | None) -> Signal:
    spans = {c.id: c.span for c in cm.claims}
    evidence = [SignalEvidence("in this article", d.evidence, d.id)
                for d in cm.disputes if d.kind == "numeric_conflict"]
    across = [c for c in (corpus.conflicts if corpus else ()) if c.kind == "numeric_conflict"]
    evidence += [SignalEvidence("across articles", spans.get(c.claim_id), c.claim_id,
                                c.other_article_id,
                                f"{c.other_outlet or 'another outlet'}: {c.other_text}")
                 for c in across]
    inside = len(evidence) - len(across)
    summary = f"{inside} in this article" + (
        f", {len(across)} with other stored articles" if corpus is not None else "")
    return Signal("numeric_conflicts", summary,
                  {"article": inside, "corpus": len(across)}, None, tuple(evidence),
                  "corpus" if corpus is not None else "article")


def originality(cm: ClaimMap, corpus: CorpusFacts) -> Signal:
    if corpus.duplicate_of:
        how = corpus.duplicate_method or "minhash"
        score = corpus.duplicate_score
        summary = f"a copy of {corpus.duplicate_of} ({how}" + (
            f", shingle Jaccard {score:.2f})" if score is not None else ")")
        copy_of: tuple[SignalEvidence, ...] = (
            SignalEvidence("copy of", None, None, corpus.duplicate_of, how),)
        return Signal("originality", summary, {"copy": 1, "copies": len(corpus.copies)},
                      score, copy_of, "corpus")
    summary = "first seen here" + (f"; {_plural(len(corpus.copies), 'stored copy')}"
                                   if corpus.copies else "; no stored copies")
    evidence = tuple(SignalEvidence("copied by", None, None, other) for other in corpus.copies)
    return Signal("originality", summary, {"copy": 0, "copies": len(corpus.copies)}, None,
                  evidence, "corpus")


def fact_checks(cm: ClaimMap, corpus: CorpusFacts | None) -> Signal | None:
    spans = {c.id: c.span for c in cm.claims}
    checks = {f.id: f for f in cm.factchecks}
    pairs = [(m, checks.get(m.fact_check_id)) for m in cm.matches]
    pairs += [(m, fc) for m, fc in (corpus.matches if corpus else ())
              if (m.claim_id, m.fact_check_id) not in {(x.claim_id, x.fact_check_id)
                                                       for x in cm.matches}]
    if not pairs and corpus is None and not cm.factchecks:
        return None
    ratings: Counter[str] = Counter()
    evidence = []
    for match, fc in pairs:
        rating = match.verdict or (fc.rating if fc else None) or "(no rating given)"
        ratings[rating] += 1
        reviewer = match.reviewer or (fc.reviewer if fc else None)
        evidence.append(SignalEvidence(rating, spans.get(match.claim_id), match.claim_id,
                                       note=" ".join(x for x in (
                                           f"by {reviewer}" if reviewer else "",
                                           match.url or (fc.url if fc and fc.url else ""))
                                           if x) or None))
    claims_checked = len({m.claim_id for m, _ in pairs})
    summary = (f"{_plural(claims_checked, 'claim')} matched to a published fact-check"
               + (": " + ", ".join(f"“{r}” {n}" for r, n in ratings.items()) if ratings else ""))
    return Signal("fact_checks", summary, {"claims": claims_checked, **ratings}, None,
                  tuple(evidence), "corpus")


def article_signals(cm: ClaimMap, corpus: CorpusFacts | None = None) -> tuple[Signal, ...]:
    """The signals of ``cm``, in :data:`SIGNAL_NAMES` order; the corpus ones need ``corpus``
    (originality) or a store or fact-check file (fact-checks)."""
    found: Iterable[Signal | None] = (
        sourcing_mix(cm), hedged_share(cm), technique_density(cm), headline_stance(cm),
        numeric_conflicts(cm, corpus),
        originality(cm, corpus) if corpus is not None else None,
        fact_checks(cm, corpus))
    return tuple(s for s in found if s is not None)


def with_signals(cm: ClaimMap, corpus: CorpusFacts | None = None) -> ClaimMap:
    return dataclasses.replace(cm, signals=article_signals(cm, corpus))


# -- what the store knows ----------------------------------------------------------------

def _local(article_id: str, row_id: str) -> str:
    """A stored row id (``<article>#<id>``) back to the id inside the ClaimMap."""
    prefix = f"{article_id}#"
    return row_id[len(prefix):] if row_id.startswith(prefix) else row_id


# Statements built once: the writer runs each for every article it stores.
_COPY_OF = select(articles.c.duplicate_of, articles.c.duplicate_method,
                  articles.c.duplicate_score).where(articles.c.id == bindparam("aid"))
_COPIES = (select(articles.c.id).where(articles.c.duplicate_of == bindparam("aid"))
           .order_by(articles.c.id))
_DISPUTES = select(disputes.c.kind, disputes.c.a, disputes.c.b, disputes.c.article_id,
                   disputes.c.other_article_id, disputes.c.score).where(
    disputes.c.scope == "corpus",
    or_(disputes.c.article_id == bindparam("aid"),
        disputes.c.other_article_id == bindparam("aid"))).order_by(disputes.c.id)
_OTHER_CLAIM = (select(claims.c.text, articles.c.outlet)
                .join(articles, articles.c.id == claims.c.article_id)
                .where(claims.c.id == bindparam("cid")))
_MATCHES = (select(factcheck_matches.c.claim_id, factcheck_matches.c.score,
                   factcheck_matches.c.rank, factcheck_matches.c.method, factchecks)
            .join(factchecks, factchecks.c.id == factcheck_matches.c.factcheck_id)
            .join(claims, claims.c.id == factcheck_matches.c.claim_id)
            .where(claims.c.article_id == bindparam("aid"))
            .order_by(factcheck_matches.c.claim_id, factcheck_matches.c.rank))
_STORED_JSON = select(claimmaps.c.json_zlib).where(claimmaps.c.article_id == bindparam("aid"))
_CLEAR = delete(signal_rows).where(signal_rows.c.article_id == bindparam("aid"))
_PUT = insert(signal_rows)


def corpus_facts(conn: Connection, article_id: str) -> CorpusFacts:
    """Copies, cross-article disputes and fact-check matches of a stored article."""
    here = {"aid": article_id}
    row = conn.execute(_COPY_OF, here).first()
    copies = tuple(conn.execute(_COPIES, here).scalars())
    conflicts = []
    for d in conn.execute(_DISPUTES, here):
        mine, theirs, other = (d.a, d.b, d.other_article_id) if d.article_id == article_id \
            else (d.b, d.a, d.article_id)
        if other is None or mine is None:
            continue
        other_row = conn.execute(_OTHER_CLAIM, {"cid": theirs}).first()
        conflicts.append(CrossConflict(
            d.kind, _local(article_id, mine), other, other_row.outlet if other_row else None,
            other_row.text if other_row else "", float(d.score)))
    matches = []
    for m in conn.execute(_MATCHES, here):
        fc = FactCheck(m.id, m.claim_reviewed, m.format, rating=m.rating,
                       rating_value=m.rating_value, reviewer=m.reviewer,
                       reviewer_url=m.reviewer_url, url=m.url, date_published=m.date_published,
                       claimant=m.claimant, language=m.language)
        matches.append((FactCheckMatch(_local(article_id, m.claim_id), m.id,
                                       m.claim_reviewed, float(m.score), m.url, m.rating,
                                       m.reviewer, int(m.rank or 1), m.method), fc))
    return CorpusFacts(row.duplicate_of if row else None, row.duplicate_method if row else None,
                       row.duplicate_score if row else None, copies, tuple(conflicts),
                       tuple(matches))


def signals_to_json(signals: Iterable[Signal]) -> list[dict[str, object]]:
    from claimmap.types import to_dict

    return [to_dict(s) for s in signals]


def signals_from_json(raw: str) -> tuple[Signal, ...]:
    from claimmap.types import from_dict

    return tuple(from_dict(Signal, item) for item in json.loads(raw))


def refresh_signals(conn: Connection, article_ids: Iterable[str],
                    known: ClaimMap | None = None) -> int:
    """Recompute and store the signals of stored articles (``known``: one of them, already
    in hand); returns how many were written. Run after whatever changes what the store knows
    about them: storing, tracking, fact-check matching."""
    from claimmap.store.write import decode_claimmap_json, utc_now

    now = utc_now()
    written = 0
    for aid in sorted(set(article_ids)):
        cm = known if known is not None and known.article.id == aid else None
        if cm is None:
            data = conn.execute(_STORED_JSON, {"aid": aid}).scalar_one_or_none()
            if data is None:
                continue
            cm = ClaimMap.from_dict(json.loads(decode_claimmap_json(data)))
        conn.execute(_CLEAR, {"aid": aid})
        signals = article_signals(cm, corpus_facts(conn, aid))
        conn.execute(_PUT, [
            dict(article_id=aid, name=signal.name, summary=signal.summary, value=signal.value,
                 scope=signal.scope, counts=json.dumps(item["counts"], ensure_ascii=False),
                 evidence=json.dumps(item["evidence"], ensure_ascii=False), updated_at=now)
            for signal, item in zip(signals, signals_to_json(signals), strict=True)])
        written += 1
    return written


