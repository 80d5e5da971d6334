"""The ``--profile`` option shared by analyze, eval and serve."""

from __future__ import annotations

import typer

from claimmap.cli._app import fail
from claimmap.settings import PROFILES

PROFILE_OPTION: str = typer.Option(
    "fast", "--profile",
    help="fast (default: the linear models) or accurate (adds the fine-tuned transformer for "
         "check-worthiness, techniques and related stance; slower, see docs/accurate.md).")


def check_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise fail(f"--profile must be one of {', '.join(PROFILES)}, not {profile!r}", 2)
