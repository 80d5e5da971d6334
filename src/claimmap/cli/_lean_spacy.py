"""spaCy imported without its own command line, for ``claimmap analyze``.

spaCy's ``__init__`` imports ``spacy.cli`` (weasel, requests, httpx and some 300 modules
more: ~0.12 s of CPU before the first article) only to offer ``spacy.info``. Here that one
import finds a stand-in; once spaCy is in, the stand-in goes, so a later ``import spacy.cli``
imports the real package, and ``spacy.info`` imports it when called. Should a spaCy version
need more of ``spacy.cli`` while importing, spaCy is imported the ordinary way.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def _info(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> None:
    """Import spaCy (once per process) without importing ``spacy.cli``."""
    if "spacy" in sys.modules:
        return
    package = types.ModuleType("spacy.cli")
    package.__path__ = []  # a package with no submodules of its own
    info = types.ModuleType("spacy.cli.info")
    setattr(info, "info", _info)  # noqa: B010  (a stand-in module's one attribute)
    stand_ins = {"spacy.cli": package, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError:
        lean = None
    else:
        lean = spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if lean is None:
        import spacy  # the ordinary way, spacy.cli and all
    elif getattr(lean, "cli", None) is package:
        delattr(lean, "cli")
