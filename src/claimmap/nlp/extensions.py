"""Every custom ``._`` attribute claimmap sets, registered once at import time.

Values are JSON-ready primitives (dicts of str/int/float/None, lists) so Docs survive
``DocBin`` and ``n_process`` workers unchanged. Each list holds records in the ``to_dict``
shape of the matching dataclass in :mod:`claimmap.types`.
"""

from __future__ import annotations

from spacy.tokens import Doc

# name -> what it holds
DOC_EXTENSIONS: dict[str, str] = {
    "nc_title": "the article headline (str or None), set before the pipeline runs",
    "nc_title_span": "[start, end] of the headline inside the text, or None",
    "nc_captions": "[[start, end], ...] caption/credit lines excluded from analysis",
    "nc_actors": "Actor records (dicts)",
    "nc_quotes": "Quote records (dicts)",
    "nc_claims": "Claim records (dicts)",
    "nc_techniques": "Technique records (dicts)",
    "nc_stance": "a Stance record (dict) or None",
    "nc_disputes": "Dispute records (dicts)",
    "nc_accusations": "Accusation records (dicts)",
    "nc_notes": "notes for the reader (list of str)",
}


def register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            # No mutable default: a shared list would leak between Docs. Readers use
            # ``doc._.get(name) or []``.
            Doc.set_extension(name, default=None)


register_extensions()
