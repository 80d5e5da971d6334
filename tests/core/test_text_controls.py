"""escape_controls and drop_invisible: the one place untrusted text is made safe to show."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimmap.text import BIDI_CONTROLS, drop_invisible, drop_zero_width, escape_controls

HOSTILE = "\x1b[2J\x07\x00\x7f\x85\x9b" + "".join(sorted(BIDI_CONTROLS))


def _unsafe(ch: str) -> bool:
    return ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in BIDI_CONTROLS


def test_text_controls_escape_shows_each_control_as_its_code() -> None:
    assert escape_controls("a\u202eb") == "a\\u202eb"
    assert escape_controls("\x1b[31mred") == "\\u001b[31mred"
    assert escape_controls("line\nnext\tcol", keep="\n\t") == "line\nnext\tcol"
    assert escape_controls("line\n") == "line\\u000a"
    assert escape_controls("Ölçü “quoted” – 東京") == "Ölçü “quoted” – 東京"


@given(st.text(alphabet=st.sampled_from(HOSTILE + "ab \n\t\u00e9\u200b")))
def test_text_controls_escape_leaves_nothing_unsafe(text: str) -> None:
    shown = escape_controls(text, keep="\n\t")
    assert not any(_unsafe(ch) for ch in shown if ch not in "\n\t")
    # Only the unsafe characters change.
    assert escape_controls("".join(ch for ch in text if not _unsafe(ch))) == "".join(
        ch for ch in text if not _unsafe(ch))


def test_text_controls_drop_invisible_for_keys() -> None:
    assert drop_invisible("Ha\u200ble") == "Hale"
    assert drop_invisible("\u202eHa\u00adle\ufeff\u2060\u200d\u200c\u2066") == "Hale"
    assert drop_zero_width("Ha\u200ble\u202e") == "Hale\u202e"
