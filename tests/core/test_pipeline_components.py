from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from spacy.language import Language


@pytest.mark.slow
def test_pipeline_analyze_pipes_reports_no_problems(nlp: Language) -> None:
    analysis = nlp.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    assert "claimmap_attribution" in nlp.pipe_names
    assert "lemmatizer" not in nlp.pipe_names


def test_pipeline_factories_are_published_as_entry_points() -> None:
    from claimmap.nlp.pipeline import ANALYSIS_COMPONENTS

    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {"claimmap_paragraphs", *(factory for _, factory in ANALYSIS_COMPONENTS)} <= names


@pytest.mark.slow
def test_pipeline_component_on_a_stock_pipeline(nlp: Language) -> None:
    from claimmap.nlp.pipeline import load_base

    base = load_base()
    base.add_pipe("claimmap_attribution")
    doc = base("Reuters estimates that at least 40 soldiers have died.")
    assert doc._.nc_quotes and doc._.nc_quotes[0].cue_class == "estimate"
    assert any(actor.name == "Reuters" for actor in doc._.nc_actors)


@pytest.mark.slow
def test_pipeline_headline_is_its_own_sentence(nlp: Language) -> None:
    doc = nlp("Mayor Says Bridge Will Reopen\n\nThe mayor said the bridge would reopen.")
    first = next(iter(doc.sents))
    assert first.text.strip() == "Mayor Says Bridge Will Reopen"


def test_pipeline_msgpack_registries_scanned_once() -> None:
    import srsly

    from claimmap.nlp.pipeline import freeze_msgpack_registries

    freeze_msgpack_registries()
    assert not srsly.msgpack_encoders.entry_points
    assert not srsly.msgpack_decoders.entry_points
    # Packing still round-trips numpy arrays (thinc's encoders are registered in code).
    import numpy as np

    array = np.arange(6, dtype="float32").reshape(2, 3)
    assert (srsly.msgpack_loads(srsly.msgpack_dumps({"a": array}))["a"] == array).all()
