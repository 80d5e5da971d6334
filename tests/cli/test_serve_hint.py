"""`claimmap serve` without the server extra prints an install hint, not a traceback."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from typer.testing import CliRunner

from claimmap.cli import app

runner = CliRunner()


def test_serve_hint_when_server_extra_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def no_fastapi(name: str, *args: Any) -> Any:
        return None if name == "fastapi" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", no_fastapi)
    result = runner.invoke(app, ["serve", "--port", "8765"])
    assert result.exit_code == 1
    assert "pip install 'claimmap[server]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_help_names_the_loopback_default() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.stdout


def test_serve_rejects_a_bad_settings_file(tmp_path: Any) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("server_workers = 0\n", encoding="utf-8")
    result = runner.invoke(app, ["serve", "--settings", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith("claimmap: error:") and "server_workers" in result.stderr
