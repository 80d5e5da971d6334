"""claimmap: who claims what in a news article, how sure, on what evidence, disputed by whom.

>>> import claimmap
>>> cm = claimmap.analyze("The minister said the bridge would open in May.")
>>> [q.cue.text for q in cm.quotes]
['said']
"""

from claimmap.about import __version__
from claimmap.api import analyze, analyze_doc, analyze_many
from claimmap.errors import ClaimmapError
from claimmap.nlp.pipeline import load_pipeline
from claimmap.settings import Options, Settings, load_settings
from claimmap.types import Article, ClaimMap

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
]
