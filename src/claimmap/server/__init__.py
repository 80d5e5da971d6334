"""The web app: the HTML report behind a form, and a JSON API. No spaCy at import time."""

from claimmap.server.app import create_app

__all__ = ["create_app"]
