"""YAML front matter: split from the body and read with a loader safe for files anyone wrote."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from framing.errors import InputError
from framing.ingest.readers.blocks import RawArticle, first_dateline, title_block
from framing.ingest.readers.dates import parse_date
from framing.ingest.readers.digest import digest_header, read_cctv_digest
from framing.ingest.readers.fields import names_field, text_field
from framing.ingest.readers.markdown import body_blocks, markdown_inline
from framing.ingest.readers.roles import finish_blocks, repost_url
from framing.ingest.readers.timestamp import timestamp_layout
from framing.ingest.readers.vocabulary import RoleVocabulary

FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str, path: str) -> tuple[dict, str] | None:
    """``(fields, body)`` when the text starts with YAML front matter; ``None`` when it does not."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None
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
    """PyYAML's safe loader (libyaml's when PyYAML was built with it)
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


def read_front_matter(text: str, path: str, words: RoleVocabulary) -> list[RawArticle]:
    """YAML front matter and a Markdown/HTML body (or the timestamp-link layout after it)."""
    split = split_front_matter(text, path)
    if split is None:
        raise InputError(path, "no YAML front matter")
    fields, body = split
    layout = timestamp_layout(body)
    fmt = "front-matter-markdown"
    title = markdown_inline(text_field(fields, "title", "headline"))[0]
    url = text_field(fields, "from", "url", "link", "source_url", "canonical_url", "permalink")
    date_value = parse_date(fields.get("date") or fields.get("published"))
    if layout is not None:
        fmt = "front-matter-timestamp-html"
        stamp, link_title, link_url, body = layout
        title = title or link_title
        url = url or link_url
        date_value = date_value or stamp
    if digest_header(body):
        return read_cctv_digest(body, path, words, fields)
    blocks = finish_blocks(body_blocks(body, words), words)
    repost = repost_url(blocks, words)
    author = text_field(fields, "author", "byline", "authors")
    names = tuple(
        n for n in (*names_field(fields, "outlet", "source", "publisher", "site"), author) if n
    ) + names_field(fields, "categories", "tags")
    date_value = date_value or first_dateline(blocks)
    return [
        RawArticle(
            format=fmt,
            title=title,
            blocks=title_block(title) + blocks,
            url=url or repost,
            date=date_value,
            author=author,
            outlet_names=names,
            event=text_field(fields, "event"),
        )
    ]
