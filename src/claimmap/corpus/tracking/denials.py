"""Which denial answers which accusation across articles: the denier must be the accused,
by stored actor id or by name ("Lena Hask" denies what an accusation against "Hask" says),
since one person's stored ids differ when articles spell or type them differently."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Connection, func, or_, select

from claimmap.store.schema import accusations, claims, quotes
from claimmap.store.schema import actors as actor_rows
from claimmap.types import ClaimMap

Denial = tuple[str, str, str | None, str, str | None]  # id, article, actor, text, actor name
Accused = tuple[str, str, str | None, str, str | None, str | None]  # ..., accuser, accused name

_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _name_words(name: str | None) -> list[str]:
    words = [w.casefold().removesuffix("'s").removesuffix("’s")
             for w in _NAME_WORD.findall(name or "")]
    return [w for w in words if w != "the"]


def may_answer(cm: ClaimMap) -> bool:
    """Whether the stored rows of ``cm`` can hold a denial or an accusation (a quote with a
    deny cue, a denial claim, any accusation): when not, tracking need not look them up."""
    return bool(cm.accusations) or any(q.cue_class == "deny" for q in cm.quotes) or \
        any(c.type == "denial" for c in cm.claims)


def same_party(actor_id: str | None, name: str | None, accused_id: str | None,
               accused_name: str | None) -> bool:
    """The denier is the accused: the same stored actor, or names that agree ("Lena Hask",
    "Hask", "Minister Lena Hask"): the shorter name's words all in the longer one, ending on
    the same word (a surname; a first name alone is too common to match on)."""
    if actor_id is not None and actor_id == accused_id:
        return True
    a, b = _name_words(name), _name_words(accused_name)
    if not a or not b or a[-1] != b[-1] or len(a[-1]) < 3:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return set(short) <= set(long_)


def surnames(names: Iterable[str | None]) -> list[str]:
    return sorted({words[-1] for n in names if len(words := _name_words(n)) and
                   len(words[-1]) >= 3})


def denials_of(conn: Connection, *, article_id: str | None = None,
                actors: list[str] | None = None, names: list[str] | None = None,
                not_article: str | None = None) -> list[Denial]:
    """Denials (a quote with a deny cue, a claim of type denial) by a known actor, in one
    article, or (``actors`` / ``names``) by these actors or actors so named."""
    out: list[Denial] = []
    for table, kind in ((quotes, quotes.c.cue_class == "deny"),
                        (claims, claims.c.type == "denial")):
        query = (select(table.c.id, table.c.article_id, table.c.actor_id, table.c.text,
                        actor_rows.c.name)
                 .join(actor_rows, actor_rows.c.id == table.c.actor_id)
                 .where(kind, table.c.actor_id.is_not(None)))
        if article_id is not None:
            query = query.where(table.c.article_id == article_id)
        if actors is not None or names is not None:
            wanted = [table.c.actor_id.in_(actors or [])] + [
                func.lower(actor_rows.c.name).like(f"%{n}%") for n in names or []]
            query = query.where(or_(*wanted))
        if not_article is not None:
            query = query.where(table.c.article_id != not_article)
        out += [(r[0], r[1], r[2], r[3], r[4]) for r in conn.execute(query.order_by(table.c.id))]
    return out


def accusations_of(conn: Connection, *, article_id: str | None = None,
                    accused: list[str] | None = None, names: list[str] | None = None,
                    not_article: str | None = None) -> list[Accused]:
    """Accusations whose accused is known by id or by name; in one article, or (``accused``
    / ``names``) against these actors or someone so named."""
    accused_actor = actor_rows.alias("accused_actor")
    name = func.coalesce(accused_actor.c.name, accusations.c.accused)
    query = (select(accusations.c.id, accusations.c.article_id, accusations.c.accused_id,
                    accusations.c.text, accusations.c.accuser_id, name)
             .outerjoin(accused_actor, accused_actor.c.id == accusations.c.accused_id)
             .where(or_(accusations.c.accused_id.is_not(None),
                        accusations.c.accused.is_not(None))))
    if article_id is not None:
        query = query.where(accusations.c.article_id == article_id)
    if accused is not None or names is not None:
        wanted = [accusations.c.accused_id.in_(accused or [])] + [
            func.lower(name).like(f"%{n}%") for n in names or []]
        query = query.where(or_(*wanted))
    if not_article is not None:
        query = query.where(accusations.c.article_id != not_article)
    return [(r[0], r[1], r[2], r[3], r[4], r[5])
            for r in conn.execute(query.order_by(accusations.c.id))]
