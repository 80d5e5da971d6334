"""Reading documents into Articles: plain text, HTML and JSON records."""

from claimmap.ingest.dispatch import to_article
from claimmap.ingest.html import from_html
from claimmap.ingest.sources import Loaded, from_record, load_path, load_paths
from claimmap.ingest.text import decode, from_text

__all__ = ["Loaded", "decode", "from_html", "from_record", "from_text", "load_path",
           "load_paths", "to_article"]
