from __future__ import annotations

import claimmap

# The import layers are tested in tests/core/test_layers.py.


def test_api_exported_members_are_pinned() -> None:
    expected = {"Article", "ClaimMap", "ClaimmapError", "Options", "Settings", "__version__",
                "analyze", "analyze_doc", "analyze_many", "load_pipeline", "load_settings"}
    assert expected <= set(claimmap.__all__)
    for name in claimmap.__all__:
        assert hasattr(claimmap, name)
