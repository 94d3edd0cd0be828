"""HTML bodies → blocks: cut at block-level elements, roles from tags, class names and text."""

from __future__ import annotations

import re
from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser

from framing.ingest.readers.blocks import Block, anchor_share, looks_like_heading, squash
from framing.ingest.readers.dates import DATE_LINE
from framing.ingest.readers.vocabulary import RoleVocabulary
from framing.model import Role

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
_LIST_ITEM_TAGS = frozenset({"ul", "ol", "li"})


class HtmlCollector:
    """Walks a parsed tree and cuts it into blocks at block-level elements."""

    def __init__(self, words: RoleVocabulary) -> None:
        self.words = words
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
            if classes and self.words.embed_class.search(classes):
                child_role = Role.CAPTION  # an embedded post is shown like a figure, not body text
            elif child_role is Role.BODY and classes:
                if self.words.caption_class.search(classes):
                    child_role = Role.CAPTION
                elif self.words.furniture_class.search(classes):
                    child_role = Role.FOOTER
            if (
                child_role is Role.BODY
                and role is Role.BODY
                and tag == "i"
                and DATE_LINE.match(child.text() or "")
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


def html_blocks(html: str, words: RoleVocabulary) -> list[Block]:
    """The blocks of an HTML fragment or page body, roles from tags, classes and text."""
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return []
    collector = HtmlCollector(words)
    collector.walk(root, Role.BODY, False, False)
    return collector.result()


_HTML_SIGN = re.compile(
    r"<(p|div|br|li|ul|ol|h[1-6]|figure|table|span|img|a|strong|blockquote)\b[^>]*>", re.IGNORECASE
)
_HTML_SIGN_START = re.compile(
    r"<(p|div|br|li|ul|ol|h[1-6]|figure|table|span|img|a|strong|blockquote)\b", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    """Whether the text holds a tag of a block, link, image or emphasis element (then HTML is read)."""
    # ``[^>]*>`` from every ``<a`` of a text with no ``>`` after them scans to the end each
    # time (quadratic): with no ``>`` after the first tag name there is none after the others.
    opening = _HTML_SIGN_START.search(text)
    return opening is not None and text.find(">", opening.end()) >= 0
