"""The one conftest: shared fixtures and helpers for every test module."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import claimmap.nlp.extensions  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "src" / "claimmap" / "examples" / "harbour-strike.txt"
RUSSIA = SHARED / "examples" / "russia-isis-accusation.txt"
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite golden ClaimMaps from the current output.")


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full claimmap pipeline, loaded once for the session."""
    from claimmap.api import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def nlp_blank() -> Language:
    return spacy.blank("en")


def make_doc(words: list[str], *, spaces: list[bool] | None = None,
             heads: list[int] | None = None, deps: list[str] | None = None,
             pos: list[str] | None = None, tags: list[str] | None = None,
             ents: list[str] | None = None, sent_starts: list[bool] | None = None) -> Doc:
    """A hand-built Doc: heads are absolute token indices, ents IOB strings ("B-PERSON")."""
    vocab = spacy.blank("en").vocab
    return Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
               ents=ents, sent_starts=sent_starts)


@pytest.fixture()
def doc_builder():  # type: ignore[no-untyped-def]
    """``make_doc`` as a fixture, so test modules need not import the conftest."""
    return make_doc


@pytest.fixture()
def russia_text() -> str:
    if not RUSSIA.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    return RUSSIA.read_text(encoding="utf-8")
