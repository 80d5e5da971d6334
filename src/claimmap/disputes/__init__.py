"""Disputes between sources: contradictions, denials, accusations and clashing numbers."""
