"""The only bridge from an annotated spaCy Doc to plain ClaimMap records."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping

from spacy import about as spacy_about
from spacy.tokens import Doc

from claimmap.about import __version__
from claimmap.nlp import extensions as records
from claimmap.types import (
    Actor,
    Article,
    Claim,
    ClaimMap,
    Dispute,
    Provenance,
    Quote,
    Summary,
    Technique,
)


def provenance_for(nlp_meta: Mapping[str, object], components: list[str]) -> Provenance:
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


def summarize(actors: tuple[Actor, ...], quotes: tuple[Quote, ...],
              claims: tuple[Claim, ...], techniques: tuple[Technique, ...],
              disputes: tuple[Dispute, ...]) -> Summary:
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
    actors = records.actors(doc)
    quotes = records.quotes(doc)
    claims = tuple(c for c in records.claims(doc)
                   if c.checkworthiness.score >= min_checkworthiness)
    techniques = records.techniques(doc)
    disputes = records.disputes(doc)
    accusations = records.accusations(doc)
    stance = records.stance(doc)
    notes = records.notes(doc)
    return ClaimMap(
        article=article, provenance=provenance, actors=actors, quotes=quotes, claims=claims,
        techniques=techniques, stance=stance, disputes=disputes, accusations=accusations,
        summary=dict(summarize(actors, quotes, claims, techniques, disputes)), notes=notes)
