from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claimmap.store import open_store
from claimmap.store.write import put_article


def _datasette(db: Path, path: str) -> dict[str, Any]:
    exe = shutil.which("datasette") or str(Path(sys.executable).parent / "datasette")
    if not Path(exe).exists():
        pytest.skip("datasette is not installed (it is in the dev extra)")
    out = subprocess.run([exe, str(db), "--get", path], capture_output=True, text=True,
                         check=True, timeout=120)
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def test_datasette_facets_and_labels_with_no_configuration(tmp_path: Path,
                                                           claimmap_builder: Any) -> None:
    db = tmp_path / "corpus.db"
    store = open_store(db)
    with store.begin() as conn:
        put_article(conn, claimmap_builder("a1"))
        put_article(conn, claimmap_builder("a2", outlet="Valley Times", extra=" More."))
        put_article(conn, claimmap_builder("a3", outlet="Valley Times", extra=" Still more."))
    store.close()
    page = _datasette(db, "/corpus/articles.json?_facet=outlet")
    facet = page["facet_results"]
    facet = facet.get("results", facet)  # datasette 1.0 nests results one level down
    counts = {r["value"]: r["count"] for r in facet["outlet"]["results"]}
    assert counts == {"Valley Times": 2, "Harbour Herald": 1}
    claims = _datasette(db, "/corpus/claims.json?_labels=on&_shape=objects")
    row = claims["rows"][0]
    assert row["actor_id"]["label"] == "Anna Berg"
    assert row["article_id"]["label"] == "Strike talks stall"
    techniques = _datasette(db, "/corpus/techniques.json?_facet=technique&_shape=objects")
    assert techniques["rows"] and "technique" in str(techniques.get("facet_results"))
