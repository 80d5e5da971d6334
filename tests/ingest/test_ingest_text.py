from __future__ import annotations

import codecs
import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimmap.errors import BinaryInputError, EmptyInputError, InputError
from claimmap.ingest.text import decode, find_captions, find_title, from_text

ARTICLE = (
    "Harbour Board Rejects Fee Rise\n\n"
    "The harbour board said on Monday it would not raise mooring fees.\n\n"
    "Boats moored at the north quay\n"
    "Fishing boats wait out the storm[Photo by Ana Roos/Coast Daily]\n\n"
    "“We listened to the fishers,” the chairwoman said.\n\n"
    "[Featured Image by Leo Marsh/Coast Daily]\n"
)


@pytest.mark.parametrize("bom,encoding", [
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le")])
def test_text_decode_reads_byte_order_marks(bom: bytes, encoding: str) -> None:
    assert decode(bom + "Café “quoted”".encode(encoding)) == "Café “quoted”"


def test_text_decode_falls_back_to_a_detected_legacy_encoding() -> None:
    legacy = ("The minister said the café would reopen. " * 20).encode("cp1252")
    assert "café" in decode(legacy)


def test_text_decode_rejects_empty_binary_and_garbage() -> None:
    with pytest.raises(EmptyInputError):
        decode(b"  \n\t ")
    with pytest.raises(BinaryInputError):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError):
        decode(bytes(range(128, 256)) * 40)


def test_text_decode_error_is_one_line() -> None:
    with pytest.raises(InputError) as info:
        decode(b"ok \xff\xfe\xfd\xfc" + bytes(range(128, 160)) * 30, source="bad.txt")
    message = str(info.value)
    assert "\n" not in message and message.startswith("bad.txt")


def test_text_from_text_keeps_text_unchanged_and_finds_title() -> None:
    article = from_text(ARTICLE, id="a1")
    assert article.text == ARTICLE
    assert article.title == "Harbour Board Rejects Fee Rise"
    assert article.title_span is not None
    assert ARTICLE[article.title_span.start:article.title_span.end] == article.title


def test_text_captions_and_credits_are_kept_apart() -> None:
    captions = [c.text for c in find_captions(ARTICLE)]
    assert "Boats moored at the north quay" in captions
    assert any(c.startswith("Fishing boats wait out the storm[Photo by") for c in captions)
    assert "[Featured Image by Leo Marsh/Coast Daily]" in captions
    assert not any("chairwoman" in c for c in captions)
    for span in find_captions(ARTICLE):
        assert ARTICLE[span.start:span.end] == span.text


def test_text_no_title_when_first_line_is_a_sentence() -> None:
    text = "The board said it would not raise fees, and the fishers welcomed that decision.\n"
    assert find_title(text + "More text.") is None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_text_decode_never_raises_anything_but_input_errors(data: bytes) -> None:
    with contextlib.suppress(InputError):
        decode(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_text_caption_offsets_always_match(text: str) -> None:
    for span in find_captions(text):
        assert text[span.start:span.end] == span.text
    try:
        article = from_text(text)
    except EmptyInputError:
        return
    assert article.text == text
