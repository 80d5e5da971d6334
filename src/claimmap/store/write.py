"""Writing to the store: one article (its ClaimMap) per call, inside the caller's transaction.

Only the corpus writer (:mod:`claimmap.corpus.writer`) calls these; keeping every write in one
place is what makes "an article is never half stored" hold: the caller wraps each
:func:`put_article` in one transaction, so a kill at any moment leaves all of it or none.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Insert, Table, bindparam, delete, insert, or_, select, update

from claimmap.store import fts
from claimmap.store.schema import (
    accusations,
    actors,
    article_actors,
    article_revisions,
    articles,
    claimmaps,
    claims,
    disputes,
    errors,
    ledger,
    outlets,
    quotes,
    techniques,
)
from claimmap.types import Article, ClaimMap, make_id, to_dict

PutResult = Literal["inserted", "revised", "unchanged"]
# Actors of these kinds are real entities and get one corpus-wide row; vague ("officials") and
# anonymous sources stay per article.
ENTITY_KINDS = frozenset({"person", "organisation", "country", "group"})
MAX_DIFF_CHARS = 200_000
_SPACE = re.compile(r"\s+")

# Statements built once: SQLAlchemy then finds each one's compiled form in its cache without
# building and keying a new statement per article (most of the writer's time per article).
_CURRENT_HASH = select(articles.c.content_hash).where(articles.c.id == bindparam("aid"))
_OLDER_HASHES = select(article_revisions.c.content_hash).where(
    article_revisions.c.article_id == bindparam("aid"))
_OUTLET = select(outlets.c.name).where(outlets.c.name == bindparam("name"))
_DUPLICATE_OF = (select(articles.c.id)
                 .where(articles.c.content_hash == bindparam("digest"),
                        articles.c.id != bindparam("aid"))
                 .order_by(articles.c.added_at, articles.c.id).limit(1))
_KNOWN_ACTORS = select(actors.c.id).where(actors.c.id.in_(bindparam("ids", expanding=True)))
_INSERTS: dict[str, Insert] = {}


def _insert(table: Table) -> Insert:
    """The table's plain INSERT, built once."""
    stmt = _INSERTS.get(table.name)
    if stmt is None:
        stmt = _INSERTS[table.name] = insert(table)
    return stmt


def claimmap_json(cm: ClaimMap) -> str:
    """The ClaimMap's JSON as the store keeps it (compressed: :func:`encode_claimmap`)."""
    return cm.to_json_line()


def compress_claimmap_json(data: str) -> bytes:
    return zlib.compress(data.encode("utf-8"), 6)


def encode_claimmap(cm: ClaimMap) -> bytes:
    return compress_claimmap_json(claimmap_json(cm))


def decode_claimmap_json(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(article: Article) -> str:
    """What decides "same content": the title and the text, nothing else."""
    data = f"{article.title or ''}\x1f{article.text}".encode()
    return hashlib.sha256(data).hexdigest()


def actor_key(kind: str, name: str) -> str:
    """The corpus-wide actor id: kind plus case- and space-folded name."""
    folded = _SPACE.sub(" ", name).strip().casefold()
    folded = folded.removeprefix("the ")
    return make_id("actor", kind, folded)


def day_and_week(published: str | None) -> tuple[str | None, str | None]:
    if not published:
        return None, None
    try:
        day = dt.date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None, None
    year, week, _ = day.isocalendar()
    return day.isoformat(), f"{year}-W{week:02d}"


def stored_hashes(conn: Connection, article_id: str) -> tuple[str | None, set[str]]:
    """The current content hash of ``article_id`` (None when absent) and its older hashes."""
    current = conn.execute(_CURRENT_HASH, {"aid": article_id}).scalar_one_or_none()
    if current is None:
        return None, set()
    older = conn.execute(_OLDER_HASHES, {"aid": article_id}).scalars()
    return str(current), {str(h) for h in older}


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """A record that could not be stored: where it was, its id if known, and why."""

    source: str
    position: int | None
    record_id: str | None
    stage: str
    reason: str


def put_error(conn: Connection, record: ErrorRecord) -> bool:
    """Record ``record`` unless the same (source, position, reason) is there; True if new."""
    position_match = (errors.c.position.is_(None) if record.position is None
                      else errors.c.position == record.position)
    exists = conn.execute(select(errors.c.id).where(
        errors.c.source == record.source, position_match,
        errors.c.reason == record.reason)).first()
    if exists:
        return False
    conn.execute(insert(errors).values(
        source=record.source, position=record.position, record_id=record.record_id,
        stage=record.stage, reason=record.reason, first_seen=utc_now()))
    return True


def ledger_done(conn: Connection, key: str) -> tuple[int, int] | None:
    """(stored, errors) of a finished input, or None when it is not in the ledger."""
    row = conn.execute(select(ledger.c.stored, ledger.c.errors)
                       .where(ledger.c.key == key)).first()
    return (int(row.stored), int(row.errors)) if row else None


def put_ledger(conn: Connection, key: str, source: str, records: int, stored: int,
               errors_: int) -> None:
    conn.execute(delete(ledger).where(ledger.c.key == key))
    conn.execute(insert(ledger).values(key=key, source=source, records=records, stored=stored,
                                       errors=errors_, finished_at=utc_now()))


def _ensure_outlet(conn: Connection, name: str | None, now: str) -> str | None:
    if not name or not name.strip():
        return None
    name = name.strip()
    if conn.execute(_OUTLET, {"name": name}).first() is None:
        conn.execute(_insert(outlets), {"name": name, "first_seen": now})
    return name


def _remove_analysis(conn: Connection, article_id: str) -> None:
    # Children first: claims, techniques and accusations point at quotes, quotes at actors.
    conn.execute(delete(disputes).where(or_(disputes.c.article_id == article_id,
                                            disputes.c.other_article_id == article_id)))
    for table in (accusations, techniques, claims, quotes, article_actors, claimmaps):
        conn.execute(delete(table).where(table.c.article_id == article_id))
    fts.unindex_article(conn, article_id)


def _revise(conn: Connection, article_id: str, new_text: str, now: str) -> None:
    old = conn.execute(select(articles).where(articles.c.id == article_id)).one()
    diff = "".join(difflib.unified_diff(
        old.text.splitlines(keepends=True), new_text.splitlines(keepends=True),
        fromfile=f"{article_id} (older)", tofile=f"{article_id} (newer)", n=1))
    conn.execute(insert(article_revisions).values(
        article_id=article_id, content_hash=old.content_hash, title=old.title, url=old.url,
        published=old.published, stored_at=old.updated_at, replaced_at=now,
        diff=diff[:MAX_DIFF_CHARS], text=old.text))
    _remove_analysis(conn, article_id)


def put_article(conn: Connection, cm: ClaimMap, *, source: str | None = None,
                now: str | None = None, encoded: bytes | None = None) -> PutResult:
    """Store ``cm`` under ``cm.article.id``: new, revised (older text kept), or unchanged.
    ``encoded``: ``encode_claimmap(cm)`` when the caller already has it."""
    now = now or utc_now()
    article = cm.article
    aid = article.id
    digest = content_hash(article)
    current, older = stored_hashes(conn, aid)
    if current == digest or digest in older:
        return "unchanged"
    outlet = _ensure_outlet(conn, article.outlet, now)
    day, week = day_and_week(article.published)
    duplicate_of = conn.execute(_DUPLICATE_OF, {"digest": digest, "aid": aid}
                                ).scalar_one_or_none()
    values: dict[str, Any] = dict(
        content_hash=digest, title=article.title, url=article.url, outlet=outlet,
        published=article.published, published_day=day, published_week=week,
        byline=article.byline, duplicate_of=duplicate_of, source=source,
        words=len(article.text.split()), n_quotes=len(cm.quotes), n_claims=len(cm.claims),
        n_techniques=len(cm.techniques), n_disputes=len(cm.disputes), updated_at=now,
        text=article.text)
    if current is None:
        conn.execute(_insert(articles), {"id": aid, "added_at": now, **values})
        result: PutResult = "inserted"
    else:
        _revise(conn, aid, article.text, now)
        conn.execute(update(articles).where(articles.c.id == aid).values(**values))
        result = "revised"
    _put_analysis(conn, cm, now, encoded or encode_claimmap(cm))
    return result


def _row_ids(aid: str, records: Iterable[Any]) -> list[str]:
    """Row ids for records in order: a repeated ClaimMap id (attribution can give one quote
    span to two speakers) gets ``~2``, ``~3``...; references resolve to the first."""
    seen: dict[str, int] = {}
    out = []
    for record in records:
        n = seen[record.id] = seen.get(record.id, 0) + 1
        out.append(f"{aid}#{record.id}" + (f"~{n}" if n > 1 else ""))
    return out


def _put_analysis(conn: Connection, cm: ClaimMap, now: str, encoded: bytes) -> None:
    aid = cm.article.id

    def rid(local: str | None) -> str | None:
        return f"{aid}#{local}" if local else None

    local_actors = {a.id: a for a in cm.actors}
    global_of: dict[str, str] = {}
    new_actors: dict[str, dict[str, Any]] = {}
    for actor in cm.actors:
        if actor.kind in ENTITY_KINDS and actor.name.strip():
            # The pipeline's cross-article key when it gives one ("U.S." and "the US" are
            # one country), else kind plus folded name as before.
            key = make_id("actor", actor.key) if actor.key else actor_key(actor.kind,
                                                                          actor.name)
            global_of[actor.id] = key
            new_actors.setdefault(key, dict(id=key, name=actor.name.strip(), kind=actor.kind,
                                            first_article_id=aid, first_seen=now))
    if new_actors:
        known = set(conn.execute(_KNOWN_ACTORS, {"ids": list(new_actors)}).scalars())
        missing = [row for key, row in new_actors.items() if key not in known]
        if missing:
            conn.execute(_insert(actors), missing)
    if cm.actors:
        conn.execute(_insert(article_actors), [dict(
            id=row_id, article_id=aid, actor_id=global_of.get(a.id), name=a.name,
            kind=a.kind, role=a.role, organisation=a.organisation, n_mentions=len(a.mentions),
            mentions=json.dumps([[m.start, m.end] for m in a.mentions]))
            for row_id, a in zip(_row_ids(aid, cm.actors), cm.actors, strict=True)])
    quote_ids = {q.id for q in cm.quotes}

    def quote_rid(local: str | None) -> str | None:
        return rid(local) if local in quote_ids else None

    def speaker_rid(local: str | None) -> str | None:
        return rid(local) if local in local_actors else None

    if cm.quotes:
        conn.execute(_insert(quotes), [dict(
            id=row_id, article_id=aid, speaker_id=speaker_rid(q.speaker.actor_id),
            actor_id=global_of.get(q.speaker.actor_id or ""), kind=q.kind,
            cue=q.cue.text if q.cue else None, cue_class=q.cue_class, text=q.content.text,
            start=q.content.start, end=q.content.end, method=q.method, score=q.score)
            for row_id, q in zip(_row_ids(aid, cm.quotes), cm.quotes, strict=True)])
    if cm.claims:
        conn.execute(_insert(claims), [dict(
            id=row_id, article_id=aid, text=c.span.text, start=c.span.start, end=c.span.end,
            checkworthiness=c.checkworthiness.score,
            checkworthiness_label=c.checkworthiness.label, type=c.type,
            certainty=c.certainty.level, sourcing=c.sourcing.kind,
            actor_id=global_of.get(c.sourcing.actor_id or ""),
            quote_id=quote_rid(c.sourcing.quote_id),
            quantities=json.dumps(to_dict(c.quantities)), cluster_id=None)
            for row_id, c in zip(_row_ids(aid, cm.claims), cm.claims, strict=True)])
    if cm.techniques:
        conn.execute(_insert(techniques), [dict(
            id=row_id, article_id=aid, technique=t.technique, text=t.span.text,
            start=t.span.start, end=t.span.end, score=t.score,
            actor_id=global_of.get(t.actor_id or ""), quote_id=quote_rid(t.quote_id))
            for row_id, t in zip(_row_ids(aid, cm.techniques), cm.techniques, strict=True)])
    if cm.disputes:
        conn.execute(_insert(disputes), [dict(
            id=row_id, article_id=aid, kind=d.kind, a=rid(d.a), b=rid(d.b),
            other_article_id=None,
            actors=json.dumps([global_of.get(x, rid(x)) for x in d.actors]),
            evidence=d.evidence.text if d.evidence else None,
            start=d.evidence.start if d.evidence else None,
            end=d.evidence.end if d.evidence else None, score=d.score, scope="article")
            for row_id, d in zip(_row_ids(aid, cm.disputes), cm.disputes, strict=True)])
    if cm.accusations:
        def name(local: str | None) -> str | None:
            actor = local_actors.get(local or "")
            return actor.name if actor else None

        conn.execute(_insert(accusations), [dict(
            id=f"{aid}#acc{i}", article_id=aid, accuser_id=global_of.get(x.accuser or ""),
            accused_id=global_of.get(x.accused or ""), accuser=name(x.accuser),
            accused=name(x.accused) or (x.accused_mention.text if x.accused_mention else None),
            text=x.of.text, start=x.of.start, end=x.of.end, quote_id=quote_rid(x.quote_id))
            for i, x in enumerate(cm.accusations)])
    conn.execute(_insert(claimmaps), dict(
        article_id=aid, schema_version=cm.schema_version,
        claimmap_version=cm.provenance.claimmap, model=cm.provenance.model,
        config_hash=cm.provenance.config_hash,
        json_zlib=encoded))
    pieces = [fts.Piece("title", cm.article.title or ""), fts.Piece("text", cm.article.text)]
    pieces += [fts.Piece("claim", c.span.text, row_id)
               for row_id, c in zip(_row_ids(aid, cm.claims), cm.claims, strict=True)]
    fts.index_article(conn, aid, pieces)
