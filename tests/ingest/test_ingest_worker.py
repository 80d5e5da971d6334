from __future__ import annotations

import pytest

from claimmap.errors import InputError, InputTooLargeError
from claimmap.ingest.html import from_html
from claimmap.ingest.worker import POOL

PAGE = ("<html><body><article><h1>Pier Reopens</h1><p>The pier reopened on Saturday after "
        "a winter of repairs, the town council said, and the first anglers were back on it "
        "before seven in the morning.</p></article></body></html>")
# Many thousands of nested elements: slow enough to parse that a tiny time cap trips.
SLOW_PAGE = "<html><body>" + "<div><p>word word word</p>" * 20000 + "</body></html>"


def test_worker_is_reused_between_pages() -> None:
    from_html(PAGE)
    started = POOL.started
    for _ in range(3):
        assert "pier reopened" in from_html(PAGE).text
    assert POOL.started == started


def test_worker_over_the_time_cap_is_killed_with_a_clear_error() -> None:
    with pytest.raises(InputError, match="took over"):
        from_html(SLOW_PAGE, timeout_s=0.01)
    # The next page gets a fresh worker and is read as usual.
    assert "pier reopened" in from_html(PAGE).text


def test_worker_that_died_is_replaced() -> None:
    from_html(PAGE)
    for worker in POOL.idle:
        worker.proc.kill()
        worker.proc.wait()
    assert "pier reopened" in from_html(PAGE).text


def test_worker_refuses_oversized_pages_before_sending_them() -> None:
    with pytest.raises(InputTooLargeError):
        from_html("<p>" + "x" * 5000 + "</p>", max_chars=1000)


def test_worker_errors_are_our_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="no article text"):
        from_html("<html><body><nav></nav></body></html>")


def test_worker_pool_serves_several_threads_at_once() -> None:
    from concurrent.futures import ThreadPoolExecutor

    pages = [PAGE.replace("Saturday", day) for day in ("Monday", "Tuesday", "Friday",
                                                       "Sunday")] * 3
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(lambda page: from_html(page).text, pages))
    for page, text in zip(pages, texts, strict=True):
        day = next(d for d in ("Monday", "Tuesday", "Friday", "Sunday") if d in page)
        assert day in text  # each caller got its own page's answer
