"""claimmap: who claims what in a news article, how sure, on what evidence, disputed by whom.

>>> import claimmap
>>> cm = claimmap.analyze("The minister said the bridge would open in May.")
>>> [q.cue.text for q in cm.quotes]
['said']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from claimmap.about import __version__
from claimmap.errors import ClaimmapError
from claimmap.settings import Options, Settings, load_settings
from claimmap.types import Article, ClaimMap

if TYPE_CHECKING:
    from claimmap.api import analyze, analyze_doc, analyze_many
    from claimmap.nlp.pipeline import load_pipeline
    from claimmap.stance.headline import stance
else:
    # The subpackage is callable (see claimmap/stance/__init__.py): claimmap.stance(h, body).
    from claimmap import stance

# The spaCy-backed entry points load on first use, so `report`, `server` and `store` (which
# never need spaCy) can be imported without paying for it.
_LAZY = {"analyze": "claimmap.api", "analyze_doc": "claimmap.api",
         "analyze_many": "claimmap.api", "load_pipeline": "claimmap.nlp.pipeline"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claimmap' has no attribute {name!r}")

__all__ = [
    "Article",
    "ClaimMap",
    "ClaimmapError",
    "Options",
    "Settings",
    "__version__",
    "analyze",
    "analyze_doc",
    "analyze_many",
    "load_pipeline",
    "load_settings",
    "stance",
]
