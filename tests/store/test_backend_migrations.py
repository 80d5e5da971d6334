from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from claimmap.store import StoreError, open_store
from claimmap.store.backend import HEAD_REVISION
from claimmap.store.schema import metadata

SEARCH_TABLES = {"search_fts", "search_rows"}


def _not_search(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    return not (name in SEARCH_TABLES or table in SEARCH_TABLES
                or str(name).startswith("search_fts_"))


def test_backend_migrations_build_exactly_the_schema(store_db: str) -> None:
    store = open_store(store_db)
    with store.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _not_search})
        diffs = compare_metadata(context, metadata)
    store.close()
    assert diffs == []


def test_backend_reopen_is_a_no_op(store_db: str) -> None:
    open_store(store_db).close()
    store = open_store(store_db)
    with store.connect() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    store.close()
    assert revision == HEAD_REVISION


def test_backend_sqlite_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    store = open_store(db)
    with store.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_backend_foreign_keys_refuse_orphans(store_db: str) -> None:
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from claimmap.store.schema import claimmaps

    store = open_store(store_db)
    with pytest.raises(IntegrityError), store.begin() as conn:
        conn.execute(insert(claimmaps).values(article_id="nope", schema_version="1",
                                              claimmap_version="x", model="m",
                                              config_hash="h", json_zlib=b""))
    store.close()


def test_backend_read_only_store_refuses_writes(tmp_path: Path) -> None:
    from sqlalchemy import insert
    from sqlalchemy.exc import OperationalError

    from claimmap.store.schema import outlets

    db = tmp_path / "c.db"
    open_store(db).close()
    store = open_store(db, read_only=True)
    with pytest.raises(OperationalError), store.begin() as conn:
        conn.execute(insert(outlets).values(name="x", first_seen="2026-01-01T00:00:00Z"))
    store.close()


def test_backend_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "missing.db", read_only=True)
    with pytest.raises(StoreError, match="unsupported database"):
        open_store("mysql://localhost/x")
    with pytest.raises(StoreError, match="cannot open store"):
        open_store("postgresql://nobody@127.0.0.1:9/none")
