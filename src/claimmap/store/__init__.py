"""The corpus store: many ClaimMaps in one database (SQLite by default, or PostgreSQL).

``open_store(db)`` opens and migrates a store; reads go through :mod:`claimmap.store.queries`,
writes through :mod:`claimmap.store.write` (called only by the corpus writer). This package
imports :mod:`claimmap.types` and never spaCy or an analysis stage.
"""

from claimmap.store.backend import DEFAULT_DB, Store, StoreError, default_db, open_store

__all__ = ["DEFAULT_DB", "Store", "StoreError", "default_db", "open_store"]
