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

# Bound eagerly (numpy only, no spaCy): the name shadows the ``claimmap.stance`` subpackage,
# and a lazy __getattr__ would never run once the pipeline has imported that subpackage.
from claimmap.stance.headline import stance
from claimmap.types import Article, ClaimMap

if TYPE_CHECKING:
    from claimmap.api import analyze, analyze_doc, analyze_many
    from claimmap.nlp.pipeline import load_pipeline

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
