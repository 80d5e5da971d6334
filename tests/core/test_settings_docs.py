from __future__ import annotations

from pathlib import Path

import pytest

from claimmap.errors import ConfigError
from claimmap.settings import SETTINGS, load_settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_settings_every_setting_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in text


def test_settings_file_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.toml"
    path.write_text("max_chars = 500\nbatch_size = 4\n")
    monkeypatch.setenv("CLAIMMAP_BATCH_SIZE", "8")
    settings = load_settings(path)
    assert settings.max_chars == 500 and settings.batch_size == 8


def test_settings_bad_values_raise_config_error(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("max_chars = -3\n")
    with pytest.raises(ConfigError):
        load_settings(path)
    path.write_text("colour = 'blue'\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(path)
