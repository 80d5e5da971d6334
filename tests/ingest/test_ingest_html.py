from __future__ import annotations

from claimmap.ingest.html import from_html

PAGE = """<!doctype html><html><head><title>Ferry Fares Frozen | Coast Daily</title>
<meta name="author" content="Ana Roos"><meta property="article:published_time"
content="2026-03-04T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry Fares Frozen</h1>
<p>The island council said on Tuesday that ferry fares would stay at last year's level until
the new terminal opens, a decision it described as a relief for commuters.</p>
<figure><img src="f.jpg"><figcaption>The old ferry terminal at dawn</figcaption></figure>
<p>“Nobody should pay more for a slower crossing,” the council's transport chief, Ilse Brandt,
told reporters at the harbour. She added that the operator had agreed to the freeze.</p>
<p>The operator, Blue Sound Ferries, has not commented on the agreement so far and did not
answer questions about the timetable for the coming winter months.</p>
</article>
<footer><p>Copyright 2026 Coast Daily. All rights reserved.</p></footer>
</body></html>"""

PLAIN_PAGE = """<html><body><div>
<div>Ferry Fares Frozen</div>
<div>By Ana Roos</div>
<div>The island council said on Tuesday that ferry fares would stay at last year's level until
the new terminal opens, a decision it described as a relief for commuters across the bay.</div>
<div>The operator, Blue Sound Ferries, has not commented on the agreement so far and did not
answer questions about the timetable for the coming winter months, a spokesman said.</div>
<div>Share this article</div>
<div>Comments (3)</div>
<div>Copyright 2026 Coast Daily</div>
</div></body></html>"""


def test_html_extracts_body_title_byline_and_date_with_sources() -> None:
    article = from_html(PAGE, id="ferry")
    assert "ferry fares would stay" in article.text
    assert "Home" not in article.text.split()
    assert article.title and "Ferry Fares Frozen" in article.title
    assert article.byline == "Ana Roos" and article.byline_source == "html:metadata"
    assert article.published and article.published.startswith("2026-03-04")
    assert article.published_source == "html:metadata"


def test_html_keeps_figure_captions_out_of_the_body() -> None:
    article = from_html(PAGE, id="ferry")
    assert "old ferry terminal at dawn" not in article.text
    assert article.extra_captions == ("The old ferry terminal at dawn",) or not any(
        "dawn" in line for line in article.text.splitlines())


def test_html_page_without_markup_hints_drops_footer_lines() -> None:
    article = from_html(PLAIN_PAGE, id="plain")
    assert "ferry fares would stay" in article.text
    for chrome in ("Share this article", "Comments (3)", "Copyright 2026"):
        assert chrome not in article.text
    assert article.byline == "Ana Roos"
