"""Saved web pages: title, URL, date, author and site from the page's meta tags; the article body only."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from framing.ingest.readers.blocks import Block, RawArticle, bare, first_dateline, squash, title_block
from framing.ingest.readers.dates import parse_date
from framing.ingest.readers.html import HtmlCollector
from framing.ingest.readers.roles import finish_blocks
from framing.ingest.readers.vocabulary import RoleVocabulary
from framing.model import Role

HTML_PAGE = re.compile(r"\A\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<\?xml[^>]*>\s*<html)", re.I)
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


def read_html_page(text: str, path: str, words: RoleVocabulary) -> list[RawArticle]:
    """A saved page: og:/article: meta for title, URL, date, author, site; the article body only."""
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
        collector = HtmlCollector(words)
        collector.walk(body, Role.BODY, False, False)
        blocks = collector.result()
    # The page's own <h1> repeats the title: it is the title, not a subheading.
    blocks = [b for b in blocks if not (b.role is Role.HEADING and bare(b.text) == bare(title))]
    finished = finish_blocks(blocks, words)
    return [
        RawArticle(
            format="html-page",
            title=title,
            blocks=title_block(title) + finished,
            url=url,
            date=parse_date(published) or first_dateline(finished),
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
