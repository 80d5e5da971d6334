"""Opening a store: SQLite (a file, WAL, foreign keys on) or PostgreSQL, migrated to the head.

``--db`` takes a path (SQLite) or a URL (``postgresql://user@host:port/db``; ``sqlite:///path``).
When none is given, ``CLAIMMAP_DB`` or ``./claimmap.db`` is used.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from claimmap.errors import ClaimmapError

DEFAULT_DB = "claimmap.db"
# The newest migration in migrations/versions; opening a store at this revision skips Alembic.
HEAD_REVISION = "0004"


class StoreError(ClaimmapError):
    """The store cannot be opened, migrated or read."""


def default_db() -> str:
    return os.environ.get("CLAIMMAP_DB") or DEFAULT_DB


def resolve_url(db: str | Path | None, *, read_only: bool = False) -> str:
    """A SQLAlchemy URL for ``db`` (a path or a URL); PostgreSQL goes through psycopg 3."""
    raw = str(db) if db is not None else default_db()
    if "://" not in raw:
        path = Path(raw).expanduser().resolve()
        if read_only:
            return f"sqlite:///file:{path}?mode=ro&uri=true"
        return f"sqlite:///{path}"
    try:
        url = make_url(raw)
    except ArgumentError as err:
        raise StoreError(f"not a database URL: {raw!r} ({err})") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {url.get_backend_name()!r}; use a SQLite path "
                         "or a postgresql:// URL")
    return url.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, *, wal: bool = True) -> None:
    # Autocommit at the driver level; SQLAlchemy's "begin" event below emits BEGIN itself, so
    # a transaction covers reads and writes alike (the pysqlite default does not).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA synchronous = NORMAL")
    if wal:
        # WAL: readers (the web app, datasette) never block the one writer. It is a property
        # of the file, so setting it on every connection is cheap after the first.
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _sqlite_begin(conn: Connection, *, immediate: bool = False) -> None:
    # A writable store takes the write lock when a transaction starts, so a second writer
    # waits (busy_timeout) instead of failing half way through an article.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@dataclass
class Store:
    """An open store. ``begin()`` gives a connection inside one transaction."""

    url: str
    engine: Engine
    read_only: bool = False

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return str(self.engine.dialect.name)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _make_engine(url: str, read_only: bool) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", functools.partial(_sqlite_pragmas, wal=not read_only))
        event.listen(engine, "begin", functools.partial(_sqlite_begin, immediate=not read_only))
        return engine
    return create_engine(url, pool_pre_ping=True)


def current_revision(conn: Connection) -> str | None:
    try:
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    except (OperationalError, ProgrammingError):
        conn.rollback()
        return None
    return str(row[0]) if row else None


def migrate(store: Store, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with the numbered Alembic migrations."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "claimmap.store:migrations")
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def _create_sqlite(store: Store) -> str | None:
    """An empty SQLite file gets the schema snapshot (no Alembic run); the revision the
    store is at afterwards (None when the file was not empty: Alembic decides, as before)."""
    from claimmap.store.snapshot import create_from_snapshot, is_empty

    with store.begin() as conn:  # BEGIN IMMEDIATE: a second process creating it waits
        if not is_empty(conn):
            return None
        return create_from_snapshot(conn)


def open_store(db: str | Path | None = None, *, read_only: bool = False,
               create: bool = True) -> Store:
    """Open (and, unless ``read_only``, create and migrate) the store at ``db``.

    Raises :class:`StoreError` with a one-line message when it cannot.
    """
    url = resolve_url(db, read_only=read_only)
    if url.startswith("sqlite") and (read_only or not create):
        path = Path(make_url(url).database or "")
        path = Path(str(path).removeprefix("file:"))
        if not path.exists():
            raise StoreError(f"no store at {path}")
    store = Store(url=url, engine=_make_engine(url, read_only), read_only=read_only)
    try:
        with store.engine.connect() as conn:
            revision = current_revision(conn)
        if revision is None and not read_only and store.dialect == "sqlite":
            revision = _create_sqlite(store)
        if revision != HEAD_REVISION:
            if read_only:
                raise StoreError(f"{db or default_db()}: store is at migration {revision}, "
                                 f"this claimmap needs {HEAD_REVISION}; open it once to migrate")
            migrate(store)
    except (OperationalError, ProgrammingError) as err:
        store.close()
        reason = str(err.orig).splitlines()[0] if err.orig else str(err)
        raise StoreError(f"cannot open store {db or default_db()}: {reason}") from None
    return store
