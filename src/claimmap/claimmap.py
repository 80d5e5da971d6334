"""The only bridge from an annotated spaCy Doc to plain ClaimMap records."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from spacy import about as spacy_about
from spacy.tokens import Doc

import claimmap.nlp.extensions  # noqa: F401
from claimmap.about import __version__
from claimmap.types import (
    Accusation,
    Actor,
    Article,
    Claim,
    ClaimMap,
    Dispute,
    Provenance,
    Quote,
    Stance,
    Technique,
    from_dict,
)


def provenance_for(nlp_meta: dict[str, Any], components: list[str]) -> Provenance:
    config = json.dumps({"model": nlp_meta.get("name"), "version": nlp_meta.get("version"),
                         "components": components}, sort_keys=True)
    return Provenance(
        claimmap=__version__,
        spacy=spacy_about.__version__,
        model=f"{nlp_meta.get('lang', 'en')}_{nlp_meta.get('name', '?')}",
        model_version=str(nlp_meta.get("version", "?")),
        config_hash=hashlib.sha1(config.encode()).hexdigest()[:12],
        components=tuple(components),
    )


def _records(doc: Doc, name: str) -> list[dict[str, Any]]:
    value = doc._.get(name)
    return list(value) if value else []


def summarize(actors: tuple[Actor, ...], quotes: tuple[Quote, ...],
              claims: tuple[Claim, ...], techniques: tuple[Technique, ...],
              disputes: tuple[Dispute, ...]) -> dict[str, Any]:
    """Counts for the reader: totals, quotes per actor, techniques per actor and overall."""
    names = {a.id: a.name for a in actors}
    quotes_by_actor = Counter(names.get(q.speaker.actor_id or "", "(unattributed)")
                              for q in quotes)
    technique_counts = Counter(t.technique for t in techniques)
    by_actor: dict[str, Counter[str]] = {}
    for technique in techniques:
        who = names.get(technique.actor_id or "", "(author)")
        by_actor.setdefault(who, Counter())[technique.technique] += 1
    return {
        "counts": {"actors": len(actors), "quotes": len(quotes), "claims": len(claims),
                   "techniques": len(techniques), "disputes": len(disputes)},
        "quotes_by_kind": dict(Counter(q.kind for q in quotes)),
        "quotes_by_actor": dict(quotes_by_actor.most_common()),
        "techniques": dict(technique_counts.most_common()),
        "techniques_by_actor": {who: dict(c.most_common()) for who, c in by_actor.items()},
    }


def from_doc(article: Article, doc: Doc, provenance: Provenance,
             min_checkworthiness: float = 0.0) -> ClaimMap:
    """Read our Doc extensions into a frozen ClaimMap for ``article``."""
    if doc.text != article.text:
        raise ValueError("Doc text differs from Article text; offsets would not match")
    actors = tuple(from_dict(Actor, r) for r in _records(doc, "nc_actors"))
    quotes = tuple(from_dict(Quote, r) for r in _records(doc, "nc_quotes"))
    claims = tuple(c for c in (from_dict(Claim, r) for r in _records(doc, "nc_claims"))
                   if c.checkworthiness.score >= min_checkworthiness)
    techniques = tuple(from_dict(Technique, r) for r in _records(doc, "nc_techniques"))
    disputes = tuple(from_dict(Dispute, r) for r in _records(doc, "nc_disputes"))
    accusations = tuple(from_dict(Accusation, r) for r in _records(doc, "nc_accusations"))
    stance_record = doc._.get("nc_stance")
    stance = from_dict(Stance, stance_record) if stance_record else None
    notes = tuple(doc._.get("nc_notes") or ())
    return ClaimMap(
        article=article, provenance=provenance, actors=actors, quotes=quotes, claims=claims,
        techniques=techniques, stance=stance, disputes=disputes, accusations=accusations,
        summary=summarize(actors, quotes, claims, techniques, disputes), notes=notes)
