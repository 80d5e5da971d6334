"""Hostile HTML files: each gives a clear error or safe output, never a traceback or a hang."""

from __future__ import annotations

import codecs

import pytest

from claimmap.errors import InputError
from claimmap.ingest.sources import load_bytes

P = "<p>The council said the harbour wall would be rebuilt before the winter storms.</p>"


def load_one(data: bytes) -> tuple[str | None, str | None]:
    (loaded,) = load_bytes(data, name="page.html", suffix=".html", max_chars=2_000_000,
                           article_id="page")
    return (loaded.article.text if loaded.article else None,
            str(loaded.error) if loaded.error else None)


def test_hostile_pages_external_and_nested_entities_are_not_expanded() -> None:
    xxe = ('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x;</p>'
           + P + "</body></html>")
    laughs = ('<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><p>&c;&c;</p>' + P
              + "</body></html>")
    for page in (xxe, laughs):
        text, error = load_one(page.encode())
        assert error is None and text is not None
        assert "root:" not in text and "aaaaaaaaaaaaaaaaaaaa" not in text
        assert "harbour wall" in text


@pytest.mark.parametrize("page", [
    "<html><body>" + "<div>" * 3000 + P + "</div>" * 3000 + "</body></html>",
    "<html><body>" + "<table><tr><td>" * 2000 + P,
    "<html><body>" + "<div><span><b><i>" * 2000 + P,
    "<html><body><svg>" + "<g>" * 5000 + "</svg>" + P + "</body></html>",
    "<html><body><script>" + "var a=1;" * 20000 + "</script></body></html>",
    "<html><body><!--" + "-" * 200000 + P + "</body></html>",
])
def test_hostile_pages_deep_or_odd_markup_is_read_or_refused_clearly(page: str) -> None:
    text, error = load_one(page.encode())
    assert (text is None) != (error is None)
    if error is not None:
        assert "\n" not in error and error.startswith("page.html: ")
    else:
        assert text and text.strip()


def test_hostile_pages_utf16_and_legacy_encodings_are_decoded() -> None:
    utf16 = codecs.BOM_UTF16_LE + ("<html><body>" + P + "</body></html>").encode("utf-16-le")
    assert "harbour wall" in (load_one(utf16)[0] or "")
    latin1 = ("<html><body><p>Caf\xe9 owners said the new rules would hurt trade in the old "
              "town this summer.</p></body></html>").encode("latin-1")
    assert "Café owners" in (load_one(latin1)[0] or "")


def test_hostile_pages_binary_with_an_html_name_is_refused() -> None:
    text, error = load_one(bytes(range(256)) * 40)
    assert text is None and error is not None and "binary" in error


def test_hostile_pages_oversized_markup_is_refused_before_extraction() -> None:
    with pytest.raises(InputError, match="over the limit"):
        from claimmap.ingest.html import from_html

        from_html("<p>" + "word " * 3000 + "</p>", max_chars=1000)


# Found by the fuzzer (fuzz/fuzz_claimmap.py, in-process HTML): control characters inside the
# markup made lxml refuse to write text back into the tree (ValueError: "All strings must be
# XML compatible"). The first byte picked the reader, as in the harness.
FUZZ_CRASHES = [
    b'\x01(<p>\x02cf*******************************************************************************************************f#i',
    b'\x01<html><head><tilQt>uerary</title><meta n@me="author" c`ntent="Tilde Maas"></head><body><table><tr><td>By Tilde Maas<br><br>The council rejecteet\x11h  quarry plan on Tuesday, residents said.<br><br><table><tr><td>Against)</td><td>17</td></tr></table></td></tr></ near the harbourml>',  # noqa: E501
    b'\x01(<p>\x02cffee!g#iu["i',
    b'\x01(<p>\x02cff#i',
]


@pytest.mark.parametrize("data", FUZZ_CRASHES)
@pytest.mark.parametrize("isolate", ["1", "0"])
def test_hostile_pages_fuzz_crashes_read_or_refuse_clearly(
        data: bytes, isolate: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMMAP_HTML_ISOLATE", isolate)
    suffix = (".txt", ".html", ".jsonl", "")[data[0] % 4]
    for loaded in load_bytes(data[1:], name="fuzz", suffix=suffix, max_chars=100_000,
                             article_id="fuzz"):
        assert (loaded.article is None) != (loaded.error is None)
        if loaded.article is not None:
            assert loaded.article.text.strip()


def test_hostile_pages_control_characters_in_markup_keep_the_text() -> None:
    page = "<html><body><p>The council\x02 said the harbour\x1b wall would be rebuilt.</p>"
    text, error = load_one(page.encode())
    assert error is None and text is not None and "harbour wall" in text
