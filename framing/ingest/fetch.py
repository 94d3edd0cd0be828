"""Fetch web pages of news articles into Markdown files that ``framing ingest`` reads back.

    for outcome in fetch_urls(["https://example.com/news/1.html"], "corpus/web"):
        print(outcome.url, outcome.path or outcome.reason)

Each URL goes through three steps, each a function of its own:

1. ``download``: one GET with a polite ``User-Agent`` naming framing, redirects followed
   (to http/https only), a time limit for the whole download, a size limit, and one retry
   after a network error, a timeout or an HTTP 5xx answer. Only HTML pages are kept.
2. ``extract_article``: trafilatura finds the article in the page: title, date, author,
   site name, and the main text as headings and paragraphs (scripts, menus and footers
   left out).
3. ``article_markdown`` and ``save_new_file``: a Markdown file with YAML front matter
   (``title``, ``date``, ``author``, ``outlet``, ``url``, ``fetched``) saved under a name
   made from the URL. An existing file is never replaced: the name gets a ``-2``, ``-3`` …
   suffix and the outcome says so.

Every URL gets a ``FetchOutcome``: the file saved, or the one-line reason it was not
(``timed out after 20 s``, ``HTTP 404 (Not Found)``, ``not HTML (application/pdf)``,
``too large: …``, ``no article text found``). trafilatura is an optional dependency (the
``web`` extra); without it ``fetch_urls`` raises ``FramingError`` naming the extra.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from http.client import HTTPException
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from framing import __version__
from framing.errors import FramingError
from framing.output import OutputError, is_report_folder

USER_AGENT = (
    f"framing/{__version__} (a classroom tool that reads news articles; "
    "one request per page, a pause between pages of one site)"
)
MISSING_EXTRA = "fetching web pages needs trafilatura: pip install 'framing[web]'"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchOptions:
    """How pages are downloaded.

    Parameters
    ----------
    timeout : seconds one download may take, from the request to the last byte.
    max_bytes : pages larger than this are refused (``too large``).
    retries : further tries after a network error, a timeout or an HTTP 5xx answer.
    retry_wait : seconds to wait before a retry.
    host_delay : seconds between two requests to the same host.
    user_agent : the ``User-Agent`` header sent.
    """

    timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    retries: int = 1
    retry_wait: float = 2.0
    host_delay: float = 1.0
    user_agent: str = USER_AGENT


class FetchError(FramingError):
    """A URL that could not be fetched or read as an article; names the URL and the reason."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class _Transient(Exception):
    """A failure worth one more try (network error, timeout, HTTP 5xx); carries the reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Page:
    """A downloaded HTML page: the URL it ended at (after redirects) and its bytes."""

    url: str
    requested: str
    body: bytes
    charset: str | None
    fetched: datetime  # UTC


@dataclass(frozen=True)
class WebArticle:
    """What the extractor found in a page: metadata and the text as (kind, text) blocks.

    ``kind`` is ``"heading"`` or ``"paragraph"``; ``date`` is ISO 8601 text (a bare date
    when the page gives no time), empty when the page gives none.
    """

    url: str
    requested: str
    fetched: datetime
    title: str = ""
    date: str = ""
    author: str = ""
    site: str = ""
    blocks: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FetchOutcome:
    """What became of one URL: the file saved (and a note, e.g. a renamed file), or why not."""

    url: str
    path: Path | None = None
    reason: str = ""
    note: str = ""
    title: str = ""

    @property
    def saved(self) -> bool:
        return self.path is not None


# ── 1. download ───────────────────────────────────────────────────────────────


_BARE_HOST = re.compile(r"[\w-]+(\.[\w-]+)+(:\d+)?(/|$)")


def web_address(text: str) -> str:
    """``text`` as an http(s) URL: ``https://`` is put before a bare ``host.name/path`` or ``www.…``.

    Raises ``FetchError`` for any other scheme (``file:``, ``ftp:`` …) or no host.
    """
    url = text.strip()
    if "://" not in url and _BARE_HOST.match(url) and ("/" in url or url.startswith("www.")):
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(text, "not a web address (http:// or https://)")
    if not parts.hostname:
        raise FetchError(text, "no host name in the address")
    return url


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (urllib also follows ``ftp:``)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(req.full_url, f"redirected to a non-web address ({newurl[:80]})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(url: str, options: FetchOptions = FetchOptions()) -> Page:
    """The HTML page at ``url``, with one retry (``options.retries``) after a network error,
    a timeout or an HTTP 5xx answer. Raises ``FetchError`` with a one-line reason."""
    for attempt in range(options.retries + 1):
        try:
            return _download_once(url, options)
        except _Transient as exc:
            if attempt >= options.retries:
                tries = f" ({attempt + 1} tries)" if attempt else ""
                raise FetchError(url, exc.reason + tries) from None
            time.sleep(options.retry_wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _download_once(url: str, options: FetchOptions) -> Page:
    """One GET of ``url``; a retryable failure raises ``_Transient``, any other ``FetchError``."""
    request = urllib.request.Request(
        _ascii_url(url),
        headers={
            "User-Agent": options.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            "Accept-Language": "zh,zh-CN;q=0.9,zh-TW;q=0.8,en;q=0.5",
        },
    )
    opener = urllib.request.build_opener(_WebRedirects)
    deadline = time.monotonic() + options.timeout
    timed_out = f"timed out after {options.timeout:g} s"
    try:
        with opener.open(request, timeout=options.timeout) as response:
            _check_headers(url, response.headers, options.max_bytes)
            body = _read_limited(url, response, options.max_bytes, deadline, timed_out)
            fetched = datetime.now(UTC).replace(microsecond=0)
            charset = response.headers.get_content_charset()
            final = response.geturl()  # the address as sent, unless a redirect led elsewhere
            return Page(url if final == request.full_url else final, url, body, charset, fetched)
    except urllib.error.HTTPError as exc:
        exc.close()
        reason = f"HTTP {exc.code} ({exc.reason})" if exc.reason else f"HTTP {exc.code}"
        if exc.code >= 500:
            raise _Transient(reason) from None
        raise FetchError(url, reason) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _Transient(timed_out) from None
        raise _Transient(f"network error: {_os_reason(exc.reason)}") from None
    except TimeoutError:
        raise _Transient(timed_out) from None
    except (OSError, HTTPException) as exc:
        raise _Transient(f"network error: {_os_reason(exc)}") from None
    except ValueError as exc:  # what http.client refuses in an address (a space, a control character)
        raise FetchError(url, f"invalid address: {exc}") from None


_URL_SAFE = "/?#[]@!$&'()*+,;=%:~"


def _ascii_url(url: str) -> str:
    """``url`` as HTTP sends it: the host in IDNA (``xn--…``), other characters percent-encoded
    as UTF-8 (``/新闻/`` → ``/%E6%96%B0%E9%97%BB/``); what is already encoded stays."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(url, "invalid host name") from None
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    rest = (quote(part, safe=_URL_SAFE) for part in (parts.path, parts.query, parts.fragment))
    return urlunsplit((parts.scheme, netloc, *rest))


def _os_reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _check_headers(url: str, headers: Message, max_bytes: int) -> None:
    """Refuse a page that says it is not HTML or larger than ``max_bytes``."""
    kind = headers.get_content_type() if headers.get("Content-Type") else ""
    if kind and kind not in _HTML_TYPES:
        raise FetchError(url, f"not HTML ({kind})")
    length = headers.get("Content-Length", "").strip()
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(url, f"too large: {_mb(int(length))} (limit {_mb(max_bytes)})")


def _mb(size: int) -> str:
    """A size in megabytes as ``--max-mb`` counts them (1 MB = 1,048,576 bytes)."""
    return f"{size / 1024 / 1024:.1f} MB"


def _read_limited(url: str, response, max_bytes: int, deadline: float, timed_out: str) -> bytes:
    """The body, read in chunks, refused past ``max_bytes`` or past the deadline."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"too large: over {_mb(max_bytes)}")
        if time.monotonic() > deadline:
            raise _Transient(timed_out)
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise FetchError(url, "empty page")
    return body


# ── 2. extract ────────────────────────────────────────────────────────────────


def require_trafilatura():
    """The ``trafilatura`` module; ``FramingError`` naming the ``web`` extra when missing."""
    try:
        import trafilatura
    except ImportError:
        raise FramingError(MISSING_EXTRA) from None
    return trafilatura


# htmldate's guesses from anywhere in the page (a copyright year) are worse than no date.
_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def page_text(page: Page) -> str:
    """The page decoded: the HTTP charset, else the ``<meta charset>``, else UTF-8, else GB18030."""
    declared = page.charset
    if declared is None:
        match = _META_CHARSET.search(page.body[:4096])
        declared = match.group(1).decode("ascii") if match else None
    for encoding in (declared, "utf-8", "gb18030"):
        if not encoding:
            continue
        try:
            return page.body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return page.body.decode("utf-8", errors="replace")


def extract_article(page: Page) -> WebArticle:
    """Title, date, author, site name and main text of ``page`` (trafilatura).

    Raises ``FetchError`` (``not HTML`` for a page that is not markup, ``no article text
    found`` when the extractor finds no paragraph).
    """
    trafilatura = require_trafilatura()
    text = page_text(page)
    if "<" not in text[:4096]:
        raise FetchError(page.requested, "not HTML (no markup in the page)")
    document = trafilatura.bare_extraction(
        text,
        url=page.url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if document is None or getattr(document, "body", None) is None:
        raise FetchError(page.requested, "no article text found")
    title = _clean(document.title or "")
    blocks = _body_blocks(document.body, title)
    if not any(kind == "paragraph" for kind, _ in blocks):
        raise FetchError(page.requested, "no article text found")
    return WebArticle(
        url=page.url,
        requested=page.requested,
        fetched=page.fetched,
        title=title,
        date=_iso_date(document.date),
        author=_clean(document.author or "") or _meta_author(trafilatura, text),
        site=_clean(document.sitename or ""),
        blocks=blocks,
    )


_AUTHOR_META = (
    "//meta[@name='author' or @property='article:author' or @name='byl' or @itemprop='author']/@content"
)


def _meta_author(trafilatura, text: str) -> str:
    """The page's author meta tag, read when trafilatura gives none: it drops a name with no
    space in it, which is how Chinese names are written (王小明)."""
    tree = trafilatura.load_html(text)
    for value in tree.xpath(_AUTHOR_META) if tree is not None else ():
        name = _clean(str(value))
        if name and not name.lower().startswith(("http:", "https:", "/")) and len(name) <= 60:
            return name
    return ""


def _clean(text: str) -> str:
    return " ".join(text.split())


def _body_blocks(body, title: str) -> tuple[tuple[str, str], ...]:
    """(kind, text) for each heading, paragraph, list item and quote of trafilatura's tree;
    a first heading that repeats the title is left out (the title is in the front matter)."""
    blocks: list[tuple[str, str]] = []
    for element in body.iter("head", "p", "item", "quote"):
        if element.tag in ("p", "quote") and any(a.tag in ("item", "quote") for a in element.iterancestors()):
            continue  # its text is in the enclosing item or quote
        text = _clean("".join(element.itertext()))
        if not text:
            continue
        kind = "heading" if element.tag == "head" else "paragraph"
        if kind == "heading" and not blocks and text == title:
            continue
        blocks.append((kind, text))
    return tuple(blocks)


def _iso_date(value: str | None) -> str:
    """htmldate's ``%Y-%m-%dT%H:%M:%S%z`` as ISO 8601 (``+08:00``); a bare date when the
    page gave no time (htmldate writes midnight with no zone then)."""
    if not value:
        return ""
    try:
        parsed = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            parsed = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return value
    if parsed.tzinfo is None and parsed.time() == datetime.min.time():
        return parsed.date().isoformat()
    return parsed.isoformat()


# ── 3. write ──────────────────────────────────────────────────────────────────

# What Markdown reading would change in a paragraph: a mark at the start of the line
# (heading, list, quote, rule, table) or link, image, emphasis, code or HTML marks inside.
_MARKDOWN_LEAD = re.compile(r"\s*(?:[#>|=+*_-]|\d{1,9}[.)])")
_MARKDOWN_INLINE = re.compile(r"[\[\]<>*_`\\]")


def article_markdown(article: WebArticle) -> str:
    """The saved file: YAML front matter, then the blocks as Markdown paragraphs and ``##``
    headings; as ``<p>``/``<h2>`` HTML (text escaped) when a paragraph holds characters that
    Markdown would read as markup, so that ingest reads back exactly the text found."""
    import yaml

    fields = {
        "title": article.title,
        "date": article.date,
        "author": article.author,
        "outlet": article.site,
        "url": article.url,
        "requested_url": article.requested if article.requested != article.url else "",
        "fetched": article.fetched.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }
    front = yaml.safe_dump(
        {k: v for k, v in fields.items() if v}, allow_unicode=True, sort_keys=False, width=1_000_000
    )
    plain = all(not _MARKDOWN_LEAD.match(t) and not _MARKDOWN_INLINE.search(t) for _, t in article.blocks)
    if plain:
        body = "\n\n".join(f"## {t}" if kind == "heading" else t for kind, t in article.blocks)
    else:
        tags = {"heading": "h2", "paragraph": "p"}
        body = "\n".join(f"<{tags[k]}>{html.escape(t, quote=False)}</{tags[k]}>" for k, t in article.blocks)
    return f"---\n{front}---\n\n{body}\n"


_PAGE_SUFFIX = re.compile(r"\.(s?html?|php|aspx?|jsp|cms)$", re.I)
_NOT_NAME = re.compile(r"[^a-z0-9]+")
_STEM_MAX = 80


def file_stem(url: str) -> str:
    """A safe file name (without ``.md``) from the URL: host, path and query in lower-case
    ASCII letters, digits and ``-`` (``zaobao-com-news-china-story-123``); one cut for length
    or that lost characters (a Chinese path) ends with 8 hex digits of the URL's hash so
    that different URLs stay apart."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = _PAGE_SUFFIX.sub("", unquote(parts.path).rstrip("/"))
    words = [host.replace(".", "-"), path, unquote(parts.query)]
    stem = _NOT_NAME.sub("-", " ".join(words).lower()).strip("-")
    digest = hashlib.sha1(unquote(url).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if not stem:
        return f"page-{digest}"
    if len(stem) > _STEM_MAX or not (words[1] + words[2]).isascii():  # words dropped: keep URLs apart
        stem = stem[: _STEM_MAX - 9].rstrip("-")
        return f"{stem}-{digest}"
    return stem


def check_fetch_folder(folder: Path | str) -> None:
    """Raise ``OutputError`` unless ``folder`` may receive fetched files: a new folder or an
    existing one (files are only added), but not a file or a framing report folder (the next
    report would replace it, and the articles with it)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(folder, "an existing file, not a folder")
    if is_report_folder(folder):
        raise OutputError(folder, "a framing report folder, which the next report replaces")


def save_new_file(folder: Path | str, stem: str, text: str) -> tuple[Path, str]:
    """Save ``text`` as ``folder/stem.md``, or ``stem-2.md``, ``stem-3.md`` … when taken.

    Returns the path and a note when the name was taken (empty otherwise). The file appears
    whole or not at all (written aside, then linked into place); an existing file is never
    replaced, even one made at the same moment by another process. Raises ``OutputError``.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(folder, exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        for number in range(1, 1000):
            name = f"{stem}.md" if number == 1 else f"{stem}-{number}.md"
            if _link_new(tmp, folder / name):
                note = f"{stem}.md already exists: saved as {name}" if number > 1 else ""
                return folder / name, note
        raise OutputError(folder / f"{stem}.md", "999 files of this name already exist")
    except OSError as exc:
        if isinstance(exc, OutputError):
            raise
        raise OutputError(folder / f"{stem}.md", exc.strerror or str(exc)) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _link_new(tmp: str, target: Path) -> bool:
    """Put ``tmp``'s content at ``target`` unless something is there; ``False`` if it is."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except OSError:  # a filesystem without hard links: create exclusively, then copy
        try:
            with open(target, "xb") as out, open(tmp, "rb") as source:
                out.write(source.read())
            return True
        except FileExistsError:
            return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# ── all together ──────────────────────────────────────────────────────────────


def fetch_article(url: str, options: FetchOptions = FetchOptions()) -> WebArticle:
    """Download ``url`` and extract its article. Raises ``FetchError`` with the reason."""
    return extract_article(download(web_address(url), options))


@dataclass
class _HostPacer:
    """Waits so that two requests to the same host are ``delay`` seconds apart."""

    delay: float
    sleep: Callable[[float], None] = time.sleep
    last: dict[str, float] = field(default_factory=dict)

    def wait(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        if host in self.last:
            remaining = self.last[host] + self.delay - time.monotonic()
            if remaining > 0:
                self.sleep(remaining)
        self.last[host] = time.monotonic()


def fetch_urls(
    urls: Iterable[str], folder: Path | str, options: FetchOptions = FetchOptions()
) -> Iterator[FetchOutcome]:
    """Fetch each URL into ``folder`` (created if missing), yielding one outcome per URL as
    it is done; a URL listed twice is fetched once.

    Raises ``FramingError`` before any download when trafilatura (the ``web`` extra) is
    missing, and ``OutputError`` when ``folder`` cannot take the files.
    """
    require_trafilatura()
    check_fetch_folder(folder)
    pacer = _HostPacer(options.host_delay)
    seen: set[str] = set()
    for given in urls:
        try:
            url = web_address(given)
        except FetchError as exc:
            yield FetchOutcome(given, reason=exc.reason)
            continue
        if url in seen:
            yield FetchOutcome(given, reason="listed twice: fetched once")
            continue
        seen.add(url)
        pacer.wait(url)
        try:
            article = extract_article(download(url, options))
        except FetchError as exc:
            yield FetchOutcome(given, reason=exc.reason)
            continue
        path, note = save_new_file(folder, file_stem(article.url), article_markdown(article))
        yield FetchOutcome(given, path, note=note, title=article.title)
