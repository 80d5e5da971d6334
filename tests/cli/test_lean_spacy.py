"""``claimmap analyze`` imports spaCy without spacy.cli, and spaCy stays whole."""

from __future__ import annotations

import subprocess
import sys

# Run in a fresh interpreter: this one imported spaCy long ago.
_CHECK = """
import sys
from claimmap.cli._lean_spacy import import_spacy
import_spacy()
import spacy
assert "spacy.cli" not in sys.modules and not hasattr(spacy, "cli"), "stand-in left behind"
assert not any(name.startswith("weasel") for name in sys.modules)
nlp = spacy.blank("en")
assert [t.text for t in nlp("The mayor said no.")] == ["The", "mayor", "said", "no", "."]
assert spacy.info()["spacy_version"] == spacy.__version__
import spacy.cli
assert callable(spacy.cli.download)
"""


def test_lean_spacy_leaves_out_its_cli_and_spacy_still_works() -> None:
    done = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
