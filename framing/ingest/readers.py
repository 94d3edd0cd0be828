"""Format readers: decoded file text → ``RawArticle`` (title, metadata, blocks with roles).

Formats are recognised from the content, never from the file extension (``detect_format``):

=========================  =====================================================================
``front-matter-markdown``  YAML front matter (title, date, author, categories, from/url) and a
                           Markdown or HTML body; with a ``<!--epoch-ms-->`` header after the
                           front matter it is ``front-matter-timestamp-html`` (Jekyll feed mirrors)
``timestamp-link-html``    ``<!--epoch-ms-->``, ``[title](url)``, a ``------`` rule, an HTML body
``cctv-digest``            a 新闻联播 daily transcript: one story per ``###`` heading
``gnews-mirror-markdown``  a GNews page mirrored as Markdown (navigation line, ``## title``)
``html-page``              a saved web page: title and og:/article: meta, the article body only
``markdown`` / ``plain-text``  anything else that is text
``json`` / ``jsonl`` / ``csv``  exports with one article per record
=========================  =====================================================================

Every part of the article is kept as a ``Block`` with its ``Role``: captions, bylines,
date lines, related-links lists, disclaimers and footers are marked, not dropped. Readers
raise ``InputError`` with a one-line reason when a file cannot be read as articles.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache

from framing.errors import InputError
from framing.model import Role, frozen_record


@frozen_record
class Block:
    """One paragraph-to-be: its role, its plain text, and the links in it as (url, anchor text)."""

    role: Role
    text: str
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RawArticle:
    """What a reader found in a file, before normalisation and outlet lookup."""

    format: str
    title: str
    blocks: tuple[Block, ...]
    url: str = ""
    date: datetime | None = None
    author: str = ""
    outlet_names: tuple[str, ...] = ()  # names in the file that may name the outlet
    event: str = ""
    story: int = 0


BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

# ── dates ─────────────────────────────────────────────────────────────────────

_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: object) -> datetime | None:
    """A datetime from YAML values, ISO 8601, RFC 2822, ``2022年2月23日`` or epoch seconds/ms.

    Zone-aware when the input names a zone; a bare date becomes a naive midnight.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        return None
    if text.isdigit() and len(text) in (10, 13):
        return _from_epoch(float(text))
    try:
        return datetime.fromisoformat(text.replace(" UTC", "+00:00"))
    except ValueError:
        pass
    if text[:4].isdigit() and text[4:5] == "-":
        found = _yaml_timestamp(text)
        if found is not None:
            return found
    try:
        parsed = parsedate_to_datetime(text)
        if parsed is not None:
            return parsed
    except (TypeError, ValueError, IndexError):
        pass
    for pattern in (_CJK_DATE, _COMPACT_DATE):
        match = pattern.search(text)
        if match:
            try:
                return datetime(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


# YAML 1.1's timestamp (what PyYAML's safe loader turned into a date): the front-matter
# loader keeps it as text, read here, so an impossible date is no date instead of a crash.
_YAML_TIMESTAMP = re.compile(
    r"(\d{4})-(\d\d?)-(\d\d?)"
    r"(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.(\d*))?"
    r"(?:[ \t]*(Z|([-+])(\d\d?)(?::(\d\d))?))?)?"
)


def _yaml_timestamp(text: str) -> datetime | None:
    """``2001-12-14 21:59:43.10 -5``, ``2024-1-5`` …: the datetime PyYAML made, or ``None``."""
    match = _YAML_TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone, sign, zone_hour, zone_minute = match.groups()
    try:
        if hour is None:
            return datetime(int(year), int(month), int(day))
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        tz = None
        if zone == "Z":
            tz = UTC
        elif zone:
            offset = timedelta(hours=int(zone_hour), minutes=int(zone_minute or 0))
            tz = timezone(-offset if sign == "-" else offset)
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tz)
    except ValueError:  # 2024-02-30, 0000-00-00, an offset of a day or more
        return None


# Dates outside this span are read as no date: Hugo's zero date 0001-01-01, a year-9999
# placeholder, a typo. (Matplotlib and pandas cannot place some of them at all.)
EARLIEST_YEAR = 1900
LATEST_AHEAD = timedelta(days=366)


def plausible_date(value: datetime, now: datetime | None = None) -> bool:
    """Whether ``value`` lies between 1900 and a year after ``now`` (default: today, UTC)."""
    if value.year < EARLIEST_YEAR:
        return False
    now = now or datetime.now(UTC)
    latest = now.replace(tzinfo=None) + LATEST_AHEAD
    try:
        naive = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    except (OverflowError, ValueError):  # 9999-12-31 in a zone east of UTC
        return False
    return naive <= latest


def _from_epoch(number: float) -> datetime | None:
    seconds = number / 1000 if number > 1e11 else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


# ── text-pattern roles ────────────────────────────────────────────────────────

_CREDIT_WORDS = (
    "作者|撰稿|撰文|文字|记者|記者|编辑|編輯|责编|責編|责任编辑|責任編輯|校对|校對|发布|發布|发稿|發稿|"
    "翻译|翻譯|编译|編譯|封面|审核|審核|审校|審校|网编|網編|主编|主編|供稿|摄影|攝影|制作|製作|"
    "视频|視頻|来源|來源|出品|监制|監製|摘录|摘錄|总编|總編|By|by|BY"
)
_BYLINE = re.compile(rf"^[\s（(【\[]*(?:{_CREDIT_WORDS})(?:[\s/&、和与及]*(?:{_CREDIT_WORDS}))*\s*[:：]")
_BYLINE_ANYWHERE = re.compile(
    r"责编\s*[:：]|責編\s*[:：]|网编\s*[:：]|網編\s*[:：]|编辑\s*[:：]|編輯\s*[:：]|校对\s*[:：]|校對\s*[:：]|"
    r"记者\S{1,16}报道|記者\S{1,16}報導"
)
_REPOST_LINE = re.compile(r"(转载自|轉載自)\s*\S{0,20}$")
_AGENCY_CREDIT = re.compile(
    r"^[（(][^（()）]{1,40}(社|通讯|通訊|路透|法新|美联|美聯|电|電|综合|綜合)[^（()）]{0,20}[)）]$"
)
# Every alternative of the searched patterns below starts with a literal character, so the
# regex engine skips to those characters instead of trying each alternative at each position
# (four times faster on a paragraph); the anchored alternatives are tested apart.
_DISCLAIMER = re.compile(
    r"免责声明|免責聲明|版权声明|版權聲明|版权所有|版權所有|Copyright|仅代表作者|僅代表作者|"
    r"不代表本(台|网|網|站|刊)|仅代表.{0,8}个人观点|僅代表.{0,8}個人觀點|未经授权.{0,6}不得|未經授權.{0,6}不得"
)
_DISCLAIMER_START = "©"
_LINKS_LEAD = re.compile(
    r"^(延展阅读|延伸阅读|相关阅读|相关新闻|相关报道|相关链接|推荐阅读|阅读更多|更多报道|本期链接|原文链接|"
    r"查看原文|阅读原文|参考链接|参考资料|延伸閱讀|相關閱讀|相關新聞|相關報導|相關連結|推薦閱讀|原文連結|閱讀全文|"
    r"閱讀原文|參考資料|新闻来源|新聞來源|信息源|消息来源|消息來源|资料来源|資料來源|Task Link|Source:)"
)
_FOOTER = re.compile(
    r"获取更多RSS|獲取更多RSS|更新时间戳|更新時間戳|返回首頁|返回首页|欢迎加入|歡迎加入|订阅|訂閱|"
    r"扫描二维码|掃描二維碼|下载.{0,6}APP|下載.{0,6}APP"
)
_FOOTER_LINES = frozenset({"ROL Foundation", "ROL Society", "Terms of use", "Privacy Policy"})
_CAPTION = re.compile(r"图片来源|圖片來源|图片：|圖片：|资料图|資料圖|视频截图|視頻截圖")
_CAPTION_STARTS = ("图：", "圖：", "图为", "圖為", "（图为", "（圖為")
_DATE_ONLY = re.compile(
    r"^[（(]?\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(\s*\d{1,2}[:：]\d{2})?|"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?( ?(UTC|GMT|[+-]\d{2}:?\d{2}))?|"
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} \w{3} \d{4} \d{2}:\d{2}(:\d{2})? (GMT|UTC|[+-]\d{4}))\s*[)）]?$"
)
_CLAUSE_PUNCT = re.compile(r"[，。,；;]")
_FEED_FOOTER = re.compile(r"获取更多RSS|獲取更多RSS")
_SENTENCE_END = re.compile(r"[。；;！!]$|[。！!][”」』]$")


def squash(text: str) -> str:
    """Runs of whitespace as one space and none at the ends, as ``re.sub(r"\\s+", " ", text).strip()``
    (``str.split`` and ``\\s`` know the same whitespace), several times faster."""
    return " ".join(text.split())


def _non_space(text: str) -> str:
    return "".join(text.split())


def bare(text: str) -> str:
    """Text without Markdown emphasis marks and surrounding spaces (for pattern tests)."""
    return text.replace("*", "").replace("`", "").strip()


# Where any searched role pattern can match (each of their alternatives starts with one of
# these literals), and where any anchored one can: a paragraph neither finds is body text.
_MARKS = re.compile(
    "|".join(p.pattern for p in (_DISCLAIMER, _FOOTER, _CAPTION, _BYLINE_ANYWHERE)) + "|转载自|轉載自"
)
_LEADS = re.compile("|".join(f"(?:{p.pattern})" for p in (_LINKS_LEAD, _DATE_ONLY, _BYLINE)))

_HEADING_OVERRIDES = frozenset({Role.BYLINE, Role.DISCLAIMER, Role.DATELINE, Role.LINKS, Role.FOOTER})


def role_from_text(text: str, role: Role) -> Role:
    """Refine a ``BODY`` block's role from what its text says (credits, disclaimers, …).

    A bold-only line first taken for a subheading is re-read too: ``**撰稿：某某**`` is a byline.
    """
    if role is Role.HEADING:
        refined = role_from_text(text, Role.BODY)
        return refined if refined in _HEADING_OVERRIDES else role
    if role is not Role.BODY:
        return role
    plain = bare(text)
    if not plain:
        return role
    # The length tests come first: they are cheaper than any search. ``plain`` is stripped,
    # so the ``^…$`` lines of the patterns are whole-string tests. Most paragraphs match
    # nothing: one search for what every searched pattern starts with, and one match for
    # every anchored one, rule them out before any pattern is tried on its own.
    length = len(plain)
    short = length <= 120
    marked = length <= 300 and _MARKS.search(plain) is not None
    if length <= 300 and (plain.startswith(_DISCLAIMER_START) or (marked and _DISCLAIMER.search(plain))):
        return Role.DISCLAIMER
    if short and (plain in _FOOTER_LINES or (marked and _FOOTER.search(plain))):
        return Role.FOOTER
    if _LEADS.match(plain):
        if _LINKS_LEAD.match(plain):
            return Role.LINKS
        if _DATE_ONLY.match(plain):
            return Role.DATELINE
        if short and _BYLINE.match(plain):
            return Role.BYLINE
    if (
        marked
        and length <= 80
        and (
            _REPOST_LINE.search(plain) or (not _CLAUSE_PUNCT.search(plain) and _BYLINE_ANYWHERE.search(plain))
        )
    ):
        return Role.BYLINE
    if plain[0] in "（(" and _AGENCY_CREDIT.match(plain):
        return Role.BYLINE
    if short and (plain.startswith(_CAPTION_STARTS) or (marked and _CAPTION.search(plain))):
        return Role.CAPTION
    return role


def looks_like_heading(text: str) -> bool:
    """A short line that does not end like a sentence (for bold-only paragraphs)."""
    plain = bare(text)
    return 0 < len(plain) <= 50 and not _SENTENCE_END.search(plain) and not plain.endswith(("：", ":"))


def anchor_share(text: str, links: Iterable[tuple[str, str]]) -> float:
    """The share (0–1) of a block's non-space characters that are link anchor text."""
    total = len(_non_space(bare(text)))
    if not total:
        return 0.0
    anchored = sum(len(_non_space(bare(anchor))) for _, anchor in links)
    return min(1.0, anchored / total)


def finish_blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """Apply the text patterns; everything after a feed footer or disclaimer that is only links
    is site furniture too."""
    out: list[Block] = []
    furniture = False
    for block in blocks:
        role = role_from_text(block.text, block.role)
        if role is Role.DISCLAIMER or ("RSS" in block.text and _FEED_FOOTER.search(block.text)):
            furniture = True
        elif (
            furniture
            and block.role is Role.BODY
            and (anchor_share(block.text, block.links) >= 0.8 or not bare(block.text).strip("-—_· "))
        ):
            role = Role.FOOTER
        out.append(replace(block, role=role) if role is not block.role else block)
    return tuple(out)


# ── HTML bodies ───────────────────────────────────────────────────────────────

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "head", "select", "button"}
)
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol", "li",
        "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "blockquote", "table", "tr", "td",
        "th", "dl", "dt", "dd", "pre", "hr", "br", "form", "center", "address", "picture", "small",
    }
)  # fmt: skip
_ROLE_TAGS = {
    "figure": Role.CAPTION,
    "figcaption": Role.CAPTION,
    "small": Role.CAPTION,
    "blockquote": Role.PULL_QUOTE,
    "h1": Role.HEADING,
    "h2": Role.HEADING,
    "h3": Role.HEADING,
    "h4": Role.HEADING,
    "h5": Role.HEADING,
    "h6": Role.HEADING,
    "nav": Role.FOOTER,
    "footer": Role.FOOTER,
    "aside": Role.FOOTER,
    "address": Role.BYLINE,
}
_CAPTION_CLASS = re.compile(r"caption|picinfo|pic-info|photo-?text|img-?desc|image-desc|credit", re.I)
_FURNITURE_CLASS = re.compile(
    r"self-promo|share|social|newsletter|related|recommend|advert|dfp-|\bad\b", re.I
)
_LIST_ITEM_TAGS = frozenset({"ul", "ol", "li"})


class _HtmlCollector:
    """Walks a parsed tree and cuts it into blocks at block-level elements."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.orphan_links: list[tuple[str, str]] = []
        self.role: Role | None = None
        self.in_list = False
        self.strong_chars = 0
        self.text_chars = 0

    def flush(self) -> None:
        text = squash("".join(self.pieces))
        if text:
            role = self.role or Role.BODY
            links = tuple(self.orphan_links) + tuple(self.links)
            self.orphan_links = []
            if role is Role.BODY and self.in_list and anchor_share(text, links) >= 0.6:
                role = Role.LINKS
            elif role is Role.BODY and self.strong_chars >= self.text_chars > 0 and looks_like_heading(text):
                role = Role.HEADING
            self.blocks.append(Block(role, text, links))
        else:
            self.orphan_links.extend(self.links)
        self.pieces, self.links = [], []
        self.role = None
        self.strong_chars = self.text_chars = 0

    def add_text(self, text: str, role: Role, strong: bool) -> None:
        if not text:
            return
        if text.strip() and self.role is None:
            self.role = role
        self.pieces.append(text)
        visible = len(text.strip())
        self.text_chars += visible
        if strong:
            self.strong_chars += visible

    def walk(self, node, role: Role, strong: bool, in_list: bool) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.in_list = in_list
                self.add_text(child.text_content or "", role, strong)
                continue
            if tag in _SKIP_TAGS or tag.startswith("-"):
                continue
            child_role = _ROLE_TAGS.get(tag, role)
            classes = (child.attributes.get("class") or "") if child.attributes else ""
            if child_role is Role.BODY and classes:
                if _CAPTION_CLASS.search(classes):
                    child_role = Role.CAPTION
                elif _FURNITURE_CLASS.search(classes):
                    child_role = Role.FOOTER
            if (
                child_role is Role.BODY
                and role is Role.BODY
                and tag == "i"
                and _DATE_ONLY.match(child.text() or "")
            ):
                child_role = Role.DATELINE
            is_block = tag in _BLOCK_TAGS
            if is_block:
                self.flush()
            if tag == "a":
                href = (child.attributes.get("href") or "").strip()
                before = len(self.pieces)
                self.walk(child, child_role, strong, in_list)
                if href and not href.startswith(("javascript:", "#")):
                    anchor = squash("".join(self.pieces[before:]))
                    self.links.append((href, anchor))
                continue
            if tag == "img":
                continue
            self.walk(child, child_role, strong or tag in ("strong", "b"), in_list or tag in _LIST_ITEM_TAGS)
            if is_block:
                self.flush()
        self.in_list = in_list

    def result(self) -> list[Block]:
        self.flush()
        if self.orphan_links and self.blocks:
            last = self.blocks[-1]
            self.blocks[-1] = replace(last, links=last.links + tuple(self.orphan_links))
            self.orphan_links = []
        return self.blocks


def html_blocks(html: str) -> list[Block]:
    """The blocks of an HTML fragment or page body, roles from tags, classes and text."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return []
    collector = _HtmlCollector()
    collector.walk(root, Role.BODY, False, False)
    return collector.result()


_HTML_SIGN = re.compile(
    r"<(p|div|br|li|ul|ol|h[1-6]|figure|table|span|img|a|strong|blockquote)\b[^>]*>", re.IGNORECASE
)
_HTML_SIGN_START = re.compile(
    r"<(p|div|br|li|ul|ol|h[1-6]|figure|table|span|img|a|strong|blockquote)\b", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    # ``[^>]*>`` from every ``<a`` of a text with no ``>`` after them scans to the end each
    # time (quadratic): with no ``>`` after the first tag name there is none after the others.
    opening = _HTML_SIGN_START.search(text)
    return opening is not None and text.find(">", opening.end()) >= 0


# ── Markdown bodies ───────────────────────────────────────────────────────────

# ``[text](url "title")``. The part after the text is optional so that a ``[`` whose link
# fails still matches, up to the next ``]``: the engine goes on after it instead of trying
# each ``[`` before that ``]`` again, all of which would fail the same way (one scan of
# ``[^\]]*`` per ``[``: quadratic on ``[[[[…``). Group 2 (the URL) is None for those;
# ``_link_sub`` leaves them as they are, so the links found are the ones
# ``\[([^\]]*)\]\(…\)`` finds.
_MD_IMAGE = re.compile(r"!\[([^\]]*)(?:\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\))?")
_MD_LINK = re.compile(r"\[([^\]]*)(?:\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\))?")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_MD_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+)$")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_MD_LINE_MARKS = frozenset("#-*_=+")  # what _MD_RULE, _MD_HEADING and _MD_LIST start with (or \s, \d)
_MARKUP_CHAR = re.compile(r"[\[<*`_]")  # a line without these holds no image, link, tag or emphasis


def _link_sub(pattern: re.Pattern[str], replace_link, text: str) -> str:
    """``pattern.sub(replace_link, text)`` for ``_MD_LINK`` / ``_MD_IMAGE``: only the matches
    that are whole links (their URL group took part) are replaced."""
    return pattern.sub(lambda m: m.group() if m.group(2) is None else replace_link(m), text)


def _strip_tags(text: str) -> str:
    """``_HTML_TAG.sub("", text)``. A tag runs to the next ``>``: after the last ``>`` none
    can end, and leaving that stretch out keeps ``[^>]*`` from scanning it again from each
    ``<`` in it (quadratic on ``<a <a <a …``)."""
    end = text.rfind(">") + 1
    return _HTML_TAG.sub("", text[:end]) + text[end:]


def markdown_inline(text: str) -> tuple[str, tuple[tuple[str, str], ...], bool]:
    """Plain text of one Markdown line, its links, and whether it held an image."""
    if not _MARKUP_CHAR.search(text):  # most lines: plain prose, nothing to strip
        return squash(text), (), False
    had_image = any(m.group(2) is not None for m in _MD_IMAGE.finditer(text))
    text = _link_sub(_MD_IMAGE, lambda m: "", text)
    links: list[tuple[str, str]] = []

    def link(match: re.Match[str]) -> str:
        links.append((match.group(2), bare(match.group(1))))
        return match.group(1)

    text = _link_sub(_MD_LINK, link, text)
    text = _strip_tags(text)
    text = text.replace("*", "").replace("`", "")
    if "_" in text:  # the pattern starts with a lookbehind: it is tried at every position
        text = _UNDERSCORE_EMPHASIS.sub("", text)
    return squash(text), tuple(links), had_image


def markdown_blocks(markdown: str) -> list[Block]:
    """One block per non-empty line (these sources put one paragraph on each line)."""
    blocks: list[Block] = []
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line:
            continue
        heading = item = None
        first = line[0]
        # A rule, heading or list item starts with a space, a digit or one of these marks.
        if first in _MD_LINE_MARKS or first.isspace() or first.isdecimal():
            if _MD_RULE.match(line):
                continue
            heading = _MD_HEADING.match(line)
            item = _MD_LIST.match(line)
        elif not _MARKUP_CHAR.search(line):  # most lines: a paragraph of plain prose
            blocks.append(Block(Role.BODY, squash(line)))
            continue
        source = heading.group(2) if heading else item.group(1) if item else line
        text, links, had_image = markdown_inline(source)
        if not text:
            if blocks and links:
                blocks[-1] = replace(blocks[-1], links=blocks[-1].links + links)
            continue
        role = Role.BODY
        stripped = source.strip()
        bold_only = stripped.startswith("**") and stripped.rstrip("：:").endswith("**")
        if heading:
            role = Role.HEADING
        elif had_image and line.lstrip().startswith("!["):
            role = Role.CAPTION
        elif item and anchor_share(text, links) >= 0.6:
            role = Role.LINKS
        elif bold_only and looks_like_heading(text):
            role = Role.HEADING
        blocks.append(Block(role, text, links))
    return blocks


def body_blocks(body: str) -> list[Block]:
    """HTML when the body holds HTML tags, Markdown otherwise."""
    return html_blocks(body) if looks_like_html(body) else markdown_blocks(body)


# ── front matter and the timestamp-link layout ────────────────────────────────

_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_TIMESTAMP = re.compile(r"\A\s*<!--\s*(\d{10,13})\s*-->[ \t]*\r?\n")
_TITLE_LINK_START = re.compile(r"\A\s*\[")
_TITLE_RULE = re.compile(r"[ \t]*-{3,}[ \t]*(?:\r?\n|\Z)")


def _title_link(text: str) -> tuple[str, str, int] | None:
    r"""``(title, url, end)`` of a ``[title](url)`` first line (and a ``---`` rule after it):
    what ``\A\s*\[(.*)\]\((\S*)\)[ \t]*\r?\n(?:[ \t]*-{3,}[ \t]*(?:\r?\n|\Z))?`` matches,
    found without its backtracking, which tried each ``](`` of the line with a scan to the
    line's end (quadratic on a line of ``[a](a](a](…``).

    The URL runs, without spaces, from the last ``](`` of the line to a ``)`` followed only by
    spaces or tabs to the line's end: the greedy ``(.*)`` takes the last ``](`` that can do.
    """
    start = _TITLE_LINK_START.match(text)
    if start is None:
        return None
    newline = text.find("\n", start.end())
    if newline < 0:
        return None
    # where the line's trailing spaces, tabs and \r begin: the URL's ``)`` is just before
    line = text[start.end() : newline]
    close = start.end() + len(line.removesuffix("\r").rstrip(" \t")) - 1
    if close < start.end() or text[close] != ")":
        return None
    cut = text.rfind("](", start.end(), close)
    if cut < 0 or any(ch.isspace() for ch in text[cut + 2 : close]):
        return None
    rule = _TITLE_RULE.match(text, newline + 1)
    return text[start.end() : cut], text[cut + 2 : close], rule.end() if rule else newline + 1


def split_front_matter(text: str, path: str) -> tuple[dict, str] | None:
    """``(fields, body)`` when the text starts with YAML front matter; ``None`` when it does not."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None
    fields = _quoted_fields(match.group(1))
    if fields is not None:
        return fields, text[match.end() :]
    import yaml

    try:
        fields = yaml.load(match.group(1), Loader=_front_matter_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise InputError(path, f"broken YAML front matter{where}: {problem}") from None
    except _AliasesRefused:
        raise InputError(path, _ALIASES_REFUSED) from None
    except (ValueError, OverflowError) as exc:  # a number YAML reads but Python will not hold
        raise InputError(path, f"broken YAML front matter: {str(exc).splitlines()[0][:120]}") from None
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise InputError(path, f"broken YAML front matter: a {type(fields).__name__}, not key: value lines")
    return fields, text[match.end() :]


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_ALIASES_REFUSED = "front matter uses YAML aliases (*name), which framing does not read"


class _AliasesRefused(Exception):
    """Raised by the front-matter loader for a document that uses aliases."""


@lru_cache(maxsize=1)
def _front_matter_loader():
    """PyYAML's safe loader (libyaml's when PyYAML was built with it, several times faster)
    made safer for files anyone wrote.

    * Timestamps stay text: ``date: 2024-02-30`` or ``0000-00-00 00:00:00`` is a string,
      and ``parse_date`` decides what it means (an impossible date is no date), where the
      safe loader raised ``ValueError`` from deep inside PyYAML.
    * Aliases are refused: ``*name`` makes a node appear twice, and nested aliases
      ("billion laughs") make a few hundred bytes stand for gigabytes once anything
      walks the value. The composed tree is checked for any node reached twice before
      anything is built from it.
    * Tags beyond the YAML core ones (``!!python/object``, ``!custom``) are refused by
      the safe constructor already.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class FrontMatterLoader(base):
        yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

        def get_single_data(self):
            node = self.get_single_node()
            if node is None:
                return None
            if _has_shared_node(node):
                raise _AliasesRefused
            return self.construct_document(node)

    # an explicit ``!!timestamp`` stays text too
    FrontMatterLoader.add_constructor(_TIMESTAMP_TAG, base.construct_scalar)
    return FrontMatterLoader


def _has_shared_node(root) -> bool:
    """Whether any node of a composed YAML tree is reached twice (what an alias does),
    walked without recursion and visiting each node once."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        value = node.value
        if isinstance(value, list):
            for item in value:
                if isinstance(item, tuple):  # a mapping's (key, value) pair
                    stack.extend(item)
                else:
                    stack.append(item)
    return False


# A ``key: "text"`` line whose text has no escape, no line break and no character YAML
# refuses (C0/C1 controls, surrogates, U+FEFF, U+FFFE/U+FFFF): YAML reads the text as it is.
_QUOTED_FIELD = re.compile(
    r'([A-Za-z_][A-Za-z0-9_]{0,63}): "([\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff'
    r'\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*)"'
)
_YAML_WORDS = frozenset({"yes", "no", "y", "n", "true", "false", "on", "off", "null"})  # not str keys


def _quoted_fields(source: str) -> dict[str, str] | None:
    """The fields of front matter made only of ``key: "text"`` lines, read without YAML (the
    same dict, 30 µs sooner); ``None`` for anything else, which YAML then reads."""
    fields: dict[str, str] = {}
    for line in source.split("\n"):
        match = _QUOTED_FIELD.fullmatch(line)
        if match is None:
            return None
        key, value = match.groups()
        if key in fields or key.casefold() in _YAML_WORDS:
            return None
        fields[key] = value
    return fields


def _text_field(fields: Mapping, *names: str) -> str:
    for name in names:
        value = fields.get(name)
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return ""


def _names_field(fields: Mapping, *names: str) -> tuple[str, ...]:
    found: list[str] = []
    for name in names:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            found.append(value.strip())
        elif isinstance(value, list):
            found.extend(str(v).strip() for v in value if isinstance(v, str | int) and str(v).strip())
    return tuple(found)


def _timestamp_layout(body: str) -> tuple[datetime | None, str, str, str] | None:
    """``(epoch date, title, url, rest)`` for a ``<!--epoch-->[title](url)------`` body."""
    stamp = _TIMESTAMP.match(body)
    if not stamp:
        return None
    rest = body[stamp.end() :]
    link = _title_link(rest)
    if not link:
        return _from_epoch(float(stamp.group(1))), "", "", rest
    title, _, _ = markdown_inline(link[0])
    return _from_epoch(float(stamp.group(1))), title, link[1], rest[link[2] :]


def _title_block(title: str) -> tuple[Block, ...]:
    return (Block(Role.TITLE, title),) if title else ()


def _first_dateline(blocks: Iterable[Block]) -> datetime | None:
    for block in blocks:
        if block.role is Role.DATELINE:
            found = parse_date(bare(block.text).strip("（）() "))
            if found:
                return found
    return None


def read_front_matter(text: str, path: str) -> list[RawArticle]:
    """YAML front matter and a Markdown/HTML body (or the timestamp-link layout after it)."""
    split = split_front_matter(text, path)
    if split is None:
        raise InputError(path, "no YAML front matter")
    fields, body = split
    layout = _timestamp_layout(body)
    fmt = "front-matter-markdown"
    title = markdown_inline(_text_field(fields, "title", "headline"))[0]
    url = _text_field(fields, "from", "url", "link", "source_url", "canonical_url", "permalink")
    date_value = parse_date(fields.get("date") or fields.get("published"))
    if layout is not None:
        fmt = "front-matter-timestamp-html"
        stamp, link_title, link_url, body = layout
        title = title or link_title
        url = url or link_url
        date_value = date_value or stamp
    if _digest_header(body):
        return read_cctv_digest(body, path, fields)
    blocks = finish_blocks(body_blocks(body))
    repost = _repost_url(blocks)
    author = _text_field(fields, "author", "byline", "authors")
    names = tuple(
        n for n in (*_names_field(fields, "outlet", "source", "publisher", "site"), author) if n
    ) + _names_field(fields, "categories", "tags")
    date_value = date_value or _first_dateline(blocks)
    return [
        RawArticle(
            format=fmt,
            title=title,
            blocks=_title_block(title) + blocks,
            url=url or repost,
            date=date_value,
            author=author,
            outlet_names=names,
            event=_text_field(fields, "event"),
        )
    ]


def _repost_url(blocks: Iterable[Block]) -> str:
    """The original URL a GNews repost line (`` `author` [轉載自GNews](url) ``) points at."""
    for block in blocks:
        if block.role is Role.BYLINE and ("轉載自" in block.text or "转载自" in block.text) and block.links:
            return block.links[0][0]
    return ""


def read_timestamp_link(text: str, path: str) -> list[RawArticle]:
    """``<!--epoch-ms-->`` then ``[title](url)``, a ``------`` rule and an HTML body."""
    layout = _timestamp_layout(text)
    if layout is None:
        raise InputError(path, "no <!--epoch--> header")
    stamp, title, url, body = layout
    blocks = finish_blocks(body_blocks(body))
    return [
        RawArticle(
            format="timestamp-link-html",
            title=title,
            blocks=_title_block(title) + blocks,
            url=url,
            date=_first_dateline(blocks) or stamp,
        )
    ]


# ── CCTV 新闻联播 daily transcripts ────────────────────────────────────────────

_CCTV_DIGEST = re.compile(r"^#\s*《新闻联播》\s*[（(]\s*(\d{8})\s*[)）]", re.M)
_SECTION = re.compile(r"^##\s+(.+?)\s*$", re.M)


def _digest_header(text: str) -> re.Match[str] | None:
    """The ``# 《新闻联播》 (YYYYMMDD)`` line. A pattern starting at any line start is tried at
    every position of the text (0.1 ms an article): only texts naming 《新闻联播》 are searched."""
    return _CCTV_DIGEST.search(text) if "《新闻联播》" in text else None


_STORY = re.compile(r"^###\s+(.+?)\s*$", re.M)
_UPDATE_STAMP = re.compile(r"[（(]\s*更新时间戳\s*[:：]\s*\d+\s*[)）]")


def read_cctv_digest(text: str, path: str, fields: Mapping | None = None) -> list[RawArticle]:
    """One ``RawArticle`` per story (``###`` heading under 详细新闻), story index from 1.

    The 新闻摘要 section is the broadcast's table of contents, not a story; it is not read.
    """
    header = _digest_header(text)
    if not header:
        raise InputError(path, "no 《新闻联播》 (YYYYMMDD) header")
    day = parse_date(header.group(1))
    broadcast = day.replace(hour=19, tzinfo=BEIJING) if day else None
    sections = list(_SECTION.finditer(text))
    detail_start = next((m.end() for m in sections if "详细" in m.group(1)), None)
    if detail_start is None:
        raise InputError(path, "新闻联播 transcript without a 详细新闻 section")
    detail = text[detail_start:]
    heads = list(_STORY.finditer(detail))
    if not heads:
        raise InputError(path, "新闻联播 transcript without ### story headings")
    stories: list[RawArticle] = []
    for number, head in enumerate(heads, start=1):
        end = heads[number].start() if number < len(heads) else len(detail)
        chunk = detail[head.end() : end]
        title, _, _ = markdown_inline(head.group(1))
        # The story bodies are HTML with a Markdown [查看原文](url) link after them.
        chunk = _link_sub(
            _MD_LINK, lambda m: m.expand(r'<p><a href="\2">\1</a></p>'), chunk.replace("\n---\n", "\n")
        )
        blocks = list(body_blocks(chunk))
        # The 查看原文 link is the story's own page; the update stamp is the mirror's.
        url = next((u for b in blocks for u, a in b.links if "查看原文" in a), "")
        blocks = [replace(b, role=Role.FOOTER) if _UPDATE_STAMP.search(b.text) else b for b in blocks]
        stories.append(
            RawArticle(
                format="cctv-digest",
                title=title,
                blocks=_title_block(title) + finish_blocks(blocks),
                url=url,
                date=broadcast,
                outlet_names=("CCTV 新闻联播",) + _names_field(fields or {}, "author"),
                event=_text_field(fields or {}, "event"),
                story=number,
            )
        )
    return stories


# ── Markdown pages (GNews mirrors) and plain text ─────────────────────────────

_GNEWS_NAV = re.compile(r"返回首頁|返回首页")
# Markdown signs: a line starting like a heading, list item or quote; a link; bold text. The
# line starts are looked for after a newline (and at the start apart): a pattern starting
# with ``^`` under re.M is tried at every position, one starting with a literal is not.
_MARKDOWN_LINE_SIGN = re.compile(r"#{1,6}\s|[-*+]\s|>\s")
_MARKDOWN_SIGNS = re.compile(r"\n(?:#{1,6}\s|[-*+]\s|>\s)|\*\*[^*]+\*\*")
# A link, ``\[[^\]]*\]\([^)]*\)``, found as ``_MD_LINK`` is (each ``[`` read once): the first
# ``[…](`` with a ``)`` anywhere after it; with none after the first, there is none after the others.
_MARKDOWN_LINK_START = re.compile(r"\[[^\]]*(\]\()?")


def _has_markdown_signs(text: str) -> bool:
    if _MARKDOWN_LINE_SIGN.match(text) or _MARKDOWN_SIGNS.search(text):
        return True
    opening = next((m for m in _MARKDOWN_LINK_START.finditer(text) if m.group(1)), None)
    return opening is not None and text.find(")", opening.end()) >= 0


def read_markdown(text: str, path: str) -> list[RawArticle]:
    """Markdown or plain text: the first heading (or a short first line) is the title."""
    is_markdown = _has_markdown_signs(text)
    blocks = markdown_blocks(text) if is_markdown else _plain_blocks(text)
    fmt = "markdown" if is_markdown else "plain-text"
    if _GNEWS_NAV.search(text[:400]):
        fmt = "gnews-mirror-markdown"
        blocks = [replace(b, role=Role.FOOTER) if _GNEWS_NAV.search(b.text) else b for b in blocks]
    title = ""
    for index, block in enumerate(blocks):
        if block.role is Role.FOOTER:
            continue
        if block.role is Role.HEADING or (not is_markdown and looks_like_heading(block.text)):
            title = block.text
            blocks = blocks[:index] + [replace(block, role=Role.TITLE)] + blocks[index + 1 :]
        break
    finished = finish_blocks(b for b in blocks)
    # The title goes first so the sentence stage meets it first; anything before it
    # (a navigation line) keeps its place after it.
    ordered = tuple(b for b in finished if b.role is Role.TITLE) + tuple(
        b for b in finished if b.role is not Role.TITLE
    )
    return [
        RawArticle(
            format=fmt,
            title=title,
            blocks=ordered,
            url=_repost_url(finished),
            date=_first_dateline(finished),
            outlet_names=("GNews",) if fmt == "gnews-mirror-markdown" else (),
        )
    ]


def _plain_blocks(text: str) -> list[Block]:
    return [Block(Role.BODY, squash(line)) for line in text.splitlines() if line.strip()]


# ── saved HTML pages ──────────────────────────────────────────────────────────

_HTML_PAGE = re.compile(r"\A\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<\?xml[^>]*>\s*<html)", re.I)
_BODY_SELECTORS = (
    "article",
    "[itemprop=articleBody]",
    ".article-body",
    ".article-content",
    ".post-content",
    ".entry-content",
    "#article",
    "main",
)


def _meta(tree, *keys: str) -> str:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{key}"]')
            if node is not None and (node.attributes.get("content") or "").strip():
                return (node.attributes.get("content") or "").strip()
    return ""


def read_html_page(text: str, path: str) -> list[RawArticle]:
    """A saved page: og:/article: meta for title, URL, date, author, site; the article body only."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    title = _meta(tree, "og:title", "twitter:title", "headline")
    if not title:
        node = tree.css_first("title")
        title = squash(node.text()) if node is not None else ""
    if not title:
        node = tree.css_first("h1")
        title = squash(node.text()) if node is not None else ""
    url = _meta(tree, "og:url")
    if not url:
        node = tree.css_first('link[rel="canonical"]')
        url = (node.attributes.get("href") or "").strip() if node is not None else ""
    published = _meta(tree, "article:published_time", "datePublished", "pubdate", "date", "og:published_time")
    if not published:
        node = tree.css_first("time[datetime]")
        published = (node.attributes.get("datetime") or "") if node is not None else ""
    author = _meta(tree, "article:author", "author", "byl")
    site = _meta(tree, "og:site_name", "application-name")
    body = _article_node(tree)
    blocks: list[Block] = []
    if body is not None:
        collector = _HtmlCollector()
        collector.walk(body, Role.BODY, False, False)
        blocks = collector.result()
    # The page's own <h1> repeats the title: it is the title, not a subheading.
    blocks = [b for b in blocks if not (b.role is Role.HEADING and bare(b.text) == bare(title))]
    finished = finish_blocks(blocks)
    return [
        RawArticle(
            format="html-page",
            title=title,
            blocks=_title_block(title) + finished,
            url=url,
            date=parse_date(published) or _first_dateline(finished),
            author=author,
            outlet_names=tuple(n for n in (site,) if n),
        )
    ]


def _article_node(tree):
    for selector in _BODY_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and len(node.text(strip=True)) > 40:
            return node
    # Otherwise the element whose own <p> children hold the most text.
    best, best_len = None, 0
    for paragraph in tree.css("p"):
        parent = paragraph.parent
        if parent is None:
            continue
        length = sum(len(p.text(strip=True)) for p in parent.iter() if p.tag == "p")
        if length > best_len:
            best, best_len = parent, length
    return best or tree.body


# ── records: JSON, JSONL, CSV ─────────────────────────────────────────────────

_COLUMNS = {
    "text": ("text", "body", "content", "article", "fulltext", "full_text", "正文", "内容", "內容"),
    "title": ("title", "headline", "标题", "標題", "题目"),
    "url": ("url", "link", "href", "source_url", "网址", "链接"),
    "outlet": ("outlet", "source", "publisher", "media", "site", "site_name", "来源", "媒体"),
    "date": ("date", "published", "published_at", "publish_date", "pubdate", "datetime", "time", "日期"),
    "author": ("author", "byline", "authors", "作者"),
    "event": ("event",),
}


def _pick(record: Mapping[str, object], field: str) -> object:
    lowered = {str(k).strip().casefold(): v for k, v in record.items()}
    for name in _COLUMNS[field]:
        value = lowered.get(name)
        if value not in (None, ""):
            return value
    return None


def _record_article(record: Mapping[str, object], fmt: str, path: str, number: int) -> RawArticle:
    text = _pick(record, "text")
    if text is None or not str(text).strip():
        raise InputError(f"{path}#{number}", "record has an empty text column")
    title = str(_pick(record, "title") or "").strip()
    body = str(text)
    blocks = html_blocks(body) if looks_like_html(body) else _paragraph_blocks(body)
    outlet = _pick(record, "outlet")
    return RawArticle(
        format=fmt,
        title=title,
        blocks=_title_block(title) + finish_blocks(blocks),
        url=str(_pick(record, "url") or "").strip(),
        date=parse_date(_pick(record, "date")),
        author=str(_pick(record, "author") or "").strip(),
        outlet_names=(str(outlet).strip(),) if outlet else (),
        event=str(_pick(record, "event") or "").strip(),
        story=number,
    )


def _paragraph_blocks(text: str) -> list[Block]:
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text.replace("\r", "") else text.splitlines()
    return [Block(Role.BODY, squash(p)) for p in parts if p.strip()]


def _check_columns(records: list[Mapping[str, object]], path: str) -> None:
    columns = sorted({str(k) for r in records for k in r})
    lowered = {c.strip().casefold() for c in columns}
    if not lowered & set(_COLUMNS["text"]):
        raise InputError(
            path,
            f"no text column (one of {', '.join(_COLUMNS['text'])}); columns found: "
            f"{', '.join(columns) or 'none'}",
        )


def read_records(records: list[object], fmt: str, path: str) -> Iterator[RawArticle | InputError]:
    """One article per record (story = record number from 1); bad records yield their error."""
    mappings = [r for r in records if isinstance(r, Mapping)]
    if not mappings:
        raise InputError(path, f"{fmt} holds no records (objects with a text column)")
    _check_columns(mappings, path)
    for number, record in enumerate(records, start=1):
        if isinstance(record, InputError):  # a line or row its parser could not read
            yield InputError(f"{path}#{number}", record.reason)
            continue
        if not isinstance(record, Mapping):
            yield InputError(f"{path}#{number}", f"record is a {type(record).__name__}, not an object")
            continue
        try:
            yield _record_article(_without_surrogates(record), fmt, path, number)
        except InputError as exc:
            yield exc


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(record: Mapping[str, object]) -> Mapping[str, object]:
    """The record with every lone surrogate in its text (JSON allows ``"\\ud800"``, UTF-8
    does not) replaced by U+FFFD, before a parser or a writer meets it."""

    def clean(value: object) -> object:
        if isinstance(value, str):
            return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, Mapping):
            return {clean(k): clean(v) for k, v in value.items()}
        return value

    return clean(record)


def parse_json(text: str, path: str) -> list[object]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON at line {exc.lineno}: {exc.msg}") from None
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "records", "results"):
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    if isinstance(data, list):
        return data
    raise InputError(path, f"JSON holds a {type(data).__name__}, not articles")


def parse_jsonl(text: str, path: str) -> list[object]:
    """One item per non-blank line: the decoded value, or an ``InputError`` for a line that
    is not JSON (``read_records`` skips that record alone). A file with no JSON line at all
    raises."""
    records: list[object] = []
    first_error: InputError | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            error = InputError(path, f"malformed JSON Lines at line {number}: {exc.msg}")
            first_error = first_error or error
            records.append(error)
        except RecursionError:
            records.append(InputError(path, f"JSON nested too deeply at line {number}"))
    if first_error is not None and all(isinstance(r, InputError) for r in records):
        raise first_error
    return records


def parse_csv(text: str, path: str) -> list[object]:
    """One item per row: a dict by column name, or an ``InputError`` for a row the ``csv``
    module refuses (``read_records`` skips that record alone)."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    # The csv module refuses a field over 131,072 characters; a long article is one. No
    # field is longer than the file, which the size limit (--max-mb) already bounds.
    if len(text) > csv.field_size_limit():
        csv.field_size_limit(len(text))
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        reader.fieldnames  # noqa: B018 - reads the header line
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV header: {exc}") from None
    rows: list[object] = []
    failed_at = -1
    while True:
        try:
            rows.append(next(reader))
        except StopIteration:
            break
        except csv.Error as exc:
            if reader.line_num == failed_at:
                break  # the reader no longer moves on: stop rather than loop
            failed_at = reader.line_num
            rows.append(InputError(path, f"malformed CSV row at line {reader.line_num}: {exc}"))
    return rows


# ── detection ─────────────────────────────────────────────────────────────────

_CSV_HEADER = re.compile(r"\A\ufeff?[\w \"'-]+(?:([,\t;])[\w \"'-]+)(?:\1[\w \"'-]+)*\r?\n")


def detect_format(text: str) -> str:
    """The reader for this text, from its content (see the module docstring for names)."""
    if _FRONT_MATTER.match(text):
        return "front-matter"
    if _TIMESTAMP.match(text):
        return "timestamp-link-html"
    head = text.lstrip()[:2000]
    if _digest_header(text[:400]):
        return "cctv-digest"
    if head.startswith(("{", "[")):
        first_line = head.split("\n", 1)[0].strip()
        if head.startswith("{") and first_line.endswith("}") and "\n" in text.strip():
            return "jsonl"
        return "json"
    if _HTML_PAGE.match(text):
        return "html-page"
    header = _CSV_HEADER.match(text)
    if header:
        delimiter = header.group(1)
        lines = text.splitlines()
        if len(lines) > 1 and lines[1].count(delimiter) >= header.group(0).count(delimiter):
            return "csv"
    return "markdown"


def read_text(text: str, path: str) -> Iterator[RawArticle | InputError]:
    """Every article in one decoded file; a record that fails yields its ``InputError``."""
    fmt = detect_format(text)
    if fmt == "front-matter":
        yield from read_front_matter(text, path)
    elif fmt == "timestamp-link-html":
        yield from read_timestamp_link(text, path)
    elif fmt == "cctv-digest":
        yield from read_cctv_digest(text, path)
    elif fmt == "json":
        yield from read_records(parse_json(text, path), "json", path)
    elif fmt == "jsonl":
        yield from read_records(parse_jsonl(text, path), "jsonl", path)
    elif fmt == "csv":
        yield from read_records(parse_csv(text, path), "csv", path)
    elif fmt == "html-page":
        yield from read_html_page(text, path)
    else:
        yield from read_markdown(text, path)
