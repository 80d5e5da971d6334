"""Stage switches are typed: an unknown stage name is an error, never a silent off."""

from __future__ import annotations

import dataclasses

import pytest

from claimmap.errors import ConfigError
from claimmap.nlp.pipeline import ANALYSIS_COMPONENTS, load_pipeline
from claimmap.settings import STAGES, Options, check_stages


def test_stage_switches_match_options_and_pipeline() -> None:
    switches = [f.name for f in dataclasses.fields(Options) if f.type in (bool, "bool")]
    assert switches == list(STAGES) == [stage for stage, _ in ANALYSIS_COMPONENTS]


def test_stage_switches_unknown_name_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="rhetorc"):
        check_stages(["attribution", "rhetorc"])
    with pytest.raises(ConfigError, match="unknown stage"):
        Options.only(["claim"])
    with pytest.raises(ConfigError, match="unknown stage"):
        load_pipeline("", ("attribution", "dispute"))


def test_stage_switches_only_and_stages_round_trip() -> None:
    options = Options.only(["disputes", "attribution"])
    assert options.stages() == ("attribution", "disputes")
    assert not options.claims and not options.rhetoric and not options.stance
    assert Options().stages() == STAGES
