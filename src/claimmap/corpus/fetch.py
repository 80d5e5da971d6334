"""Opt-in fetching for ``corpus add --url/--urls/--feed``: pages, RSS/Atom feeds and sitemaps.

Nothing is fetched unless asked. Every request has a timeout, a byte cap and a redirect limit;
the host is resolved first and every address it resolves to must be public (private, loopback,
link-local, multicast and reserved addresses are refused unless ``allow_private``), and the
connection goes to the address that was checked, so a DNS answer cannot change in between.
Redirects are checked the same way, hop by hop. Feed and sitemap links are read with
trafilatura's own parsers.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from claimmap.corpus.inputs import Input, Record, bytes_records
from claimmap.errors import InputError

USER_AGENT = "claimmap (+https://github.com/claimmap)"
MAX_FEED_LINKS = 1000


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    body: bytes
    content_type: str


class FetchError(InputError):
    pass


def _check_address(host: str, port: int, policy: FetchPolicy) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError(f"cannot resolve {host}: {err}") from None
    addresses = sorted({str(info[4][0]) for info in infos})
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    if not policy.allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise FetchError(f"{host} resolves to {address}, a private, loopback or "
                                 "link-local address (use --allow-private to fetch it)")
    return addresses[0]


def _request(url: str, policy: FetchPolicy) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http and https URLs are fetched")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _check_address(parts.hostname, port, policy)
    sock = socket.create_connection((address, port), timeout=policy.timeout)
    try:
        if parts.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
        conn = http.client.HTTPConnection(parts.hostname, port, timeout=policy.timeout)
        conn.sock = sock  # the connection to the checked address, not a fresh lookup
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*",
                                           "Accept-Encoding": "identity"})
        response = conn.getresponse()
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > policy.max_bytes:
            raise FetchError(f"{url}: {int(declared):,} bytes is over the limit of "
                             f"{policy.max_bytes:,} (--max-bytes)")
        body = response.read(policy.max_bytes + 1)
        if len(body) > policy.max_bytes:
            raise FetchError(f"{url}: over the limit of {policy.max_bytes:,} bytes "
                             "(--max-bytes)")
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, body
    except (OSError, http.client.HTTPException) as err:
        raise FetchError(f"{url}: {type(err).__name__}: {err}") from None
    finally:
        sock.close()


def fetch(url: str, policy: FetchPolicy) -> Fetched:
    """GET ``url`` under ``policy``, following at most ``max_redirects`` redirects."""
    current = url
    for _ in range(policy.max_redirects + 1):
        status, headers, body = _request(current, policy)
        if status in (301, 302, 303, 307, 308) and headers.get("location"):
            current = urljoin(current, headers["location"])
            continue
        if status != 200:
            raise FetchError(f"{current}: HTTP {status}")
        return Fetched(current, body, headers.get("content-type", ""))
    raise FetchError(f"{url}: more than {policy.max_redirects} redirects")


def read_url_file(path: Path) -> list[str]:
    """URLs in a file, one a line; blank lines and ``#`` comments skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _page_records(url: str, policy: FetchPolicy, max_chars: int) -> Iterator[Record]:
    try:
        page = fetch(url, policy)
    except FetchError as err:
        yield Record(url, None, None, str(err))
        return
    suffix = ".html" if "html" in page.content_type or not page.content_type else ".txt"
    yield from bytes_records(page.body, source=url, suffix=suffix, article_id=page.url,
                             max_chars=max_chars, url=page.url)


def feed_links(url: str, content: str) -> tuple[list[str], list[str]]:
    """(article links, nested sitemap links) of an RSS/Atom/JSON feed or a sitemap."""
    from trafilatura.feeds import FeedParameters, find_links, is_potential_feed
    from trafilatura.sitemaps import DETECT_SITEMAP_LINK, SitemapObject

    host = urlsplit(url).hostname or ""
    pages: list[str] = []
    nested: list[str] = []
    head = content[:4096]
    is_sitemap = "<urlset" in head or "<sitemapindex" in head
    if not is_sitemap and (is_potential_feed(content) or content.lstrip().startswith("{")):
        params = FeedParameters(url, host, url)
        candidates = [urljoin(url, link) for link in find_links(content.strip(), params)]
    else:
        # trafilatura's sitemap parser, collecting links as they are (its own handler drops
        # hosts it cannot name, such as a loopback test server).
        class _Collect(SitemapObject):
            def handle_link(self, link: str) -> None:
                (nested if DETECT_SITEMAP_LINK.search(link) else pages).append(
                    urljoin(url, link))

        sitemap = _Collect(url, host, [])
        sitemap.current_url, sitemap.content = url, content
        sitemap.process()
        candidates = []
    for link in candidates:
        parts = urlsplit(link)
        if parts.scheme in ("http", "https") and parts.hostname and link != url \
                and parts.path not in ("", "/"):
            pages.append(link)
    unique = list(dict.fromkeys(pages))[:MAX_FEED_LINKS]
    return unique, list(dict.fromkeys(nested))


def _feed_records(url: str, policy: FetchPolicy, max_chars: int) -> Iterator[Record]:
    queue, pages = [url], []
    seen: set[str] = set()
    while queue and len(seen) < 20:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        try:
            feed = fetch(current, policy)
        except FetchError as err:
            yield Record(current, None, None, str(err))
            continue
        found, nested = feed_links(feed.url, feed.body.decode("utf-8", errors="replace"))
        if not found and not nested:
            yield Record(current, None, None, f"{current}: not a feed or sitemap with links")
        pages += found
        queue += nested
    for page in list(dict.fromkeys(pages))[:MAX_FEED_LINKS]:
        yield from _page_records(page, policy, max_chars)


def fetch_inputs(urls: list[str], feeds: list[str], policy: FetchPolicy, *,
                 max_chars: int = 2_000_000) -> Iterator[Input]:
    """Inputs for pages and feeds; article ids are the final URLs."""
    for url in urls:
        yield Input(url, None, _page_records(url, policy, max_chars))
    for feed in feeds:
        yield Input(feed, None, _feed_records(feed, policy, max_chars))
