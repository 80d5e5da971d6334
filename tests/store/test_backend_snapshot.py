from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from claimmap.store import open_store
from claimmap.store.backend import HEAD_REVISION, Store, _make_engine, migrate
from claimmap.store.head_schema import REVISION, STATEMENTS
from claimmap.store.snapshot import migrated_statements


def _alembic_store(path: Path, revision: str = "head") -> None:
    url = f"sqlite:///{path}"
    store = Store(url=url, engine=_make_engine(url, read_only=False))
    migrate(store, revision)
    store.close()


def _everything(path: Path) -> tuple[list[tuple[str, str, str, str]], list[tuple[str]],
                                     list[tuple[object, object]]]:
    """Every schema row (automatic indexes and FTS5 shadow tables too), the stamped
    revision and the FTS5 configuration rows of the file at ``path``."""
    db = sqlite3.connect(path)
    try:
        schema = sorted(db.execute("SELECT type, name, tbl_name, coalesce(sql, '') "
                                   "FROM sqlite_master"))
        revision = db.execute("SELECT version_num FROM alembic_version").fetchall()
        config = sorted(db.execute("SELECT k, v FROM search_fts_config"))
    finally:
        db.close()
    return schema, revision, config


def test_backend_snapshot_equals_what_the_migrations_build() -> None:
    # Fails after a new migration until `python -m claimmap.store.snapshot` rewrites
    # head_schema.py.
    assert REVISION == HEAD_REVISION
    assert migrated_statements() == (HEAD_REVISION, STATEMENTS)


def test_backend_snapshot_store_is_the_migrated_store(tmp_path: Path) -> None:
    open_store(tmp_path / "snapshot.db").close()
    _alembic_store(tmp_path / "alembic.db")
    snapshot, alembic = _everything(tmp_path / "snapshot.db"), _everything(tmp_path / "alembic.db")
    assert snapshot == alembic
    assert snapshot[1] == [(HEAD_REVISION,)]


def test_backend_store_at_0003_still_upgrades(tmp_path: Path) -> None:
    old, fresh = tmp_path / "old.db", tmp_path / "fresh.db"
    _alembic_store(old, "0003")
    with sqlite3.connect(old) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0003",)]
        assert not db.execute("SELECT name FROM sqlite_master WHERE name = 'article_signals'"
                              ).fetchall()
    open_store(old).close()
    open_store(fresh).close()
    # Columns added by batch migrations sit where Alembic put them, so compare what
    # each table holds, not the statements' text.
    def columns(path: Path) -> dict[str, list[tuple[object, ...]]]:
        with sqlite3.connect(path) as db:
            names = [n for (n,) in db.execute("SELECT name FROM sqlite_master "
                                              "WHERE type = 'table' ORDER BY name")]
            return {n: sorted(db.execute(f"SELECT name, type, \"notnull\", pk "
                                         f"FROM pragma_table_info('{n}')")) for n in names}
    assert columns(old) == columns(fresh)
    assert _everything(old)[1] == [(HEAD_REVISION,)]


def test_backend_new_sqlite_store_skips_alembic(tmp_path: Path) -> None:
    code = ("import sys; from claimmap.store import open_store; "
            f"open_store({str(tmp_path / 'c.db')!r}).close(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"


def test_backend_nonempty_sqlite_file_goes_through_alembic(tmp_path: Path) -> None:
    # A file with someone else's table and no revision is not "empty": Alembic migrates it
    # around that table, as before the snapshot.
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (x TEXT)")
    open_store(path).close()
    schema, revision, _ = _everything(path)
    assert revision == [(HEAD_REVISION,)]
    assert ("table", "notes", "notes", "CREATE TABLE notes (x TEXT)") in schema
