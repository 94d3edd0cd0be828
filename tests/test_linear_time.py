"""Pathological inputs (issue 12, finding 6) read correctly; timings are in benchmarks/pathological.py."""

from __future__ import annotations

from framing import readers
from framing.lexicon import load_lexicons
from framing.model import SourceKind
from framing.sources import ResolvedSource, SeenSources, source_cues

N = 60_000


def test_unclosed_brackets_and_tags_are_kept_as_text():
    assert readers.markdown_inline("正文" + "[" * N)[0] == "正文" + "[" * N
    assert readers.markdown_inline("<a " * (N // 3))[0] == ("<a " * (N // 3)).strip()
    assert not readers.looks_like_html("<p " * (N // 3))
    assert readers.looks_like_html("<p " * (N // 3) + ">")
    text, links, _ = readers.markdown_inline("[" * N + "[标题](http://x.cn)")
    # the link text runs from the first ``[``, as ``\[([^\]]*)\]`` has always read it
    assert links == (("http://x.cn", "[" * N + "标题"),) and text == "[" * N + "标题"


def test_a_title_line_of_many_link_starts_is_read_once():
    line = "[" + "a](" * (N // 3) + "b)\n"
    title, url, end = readers._title_link(line)
    assert (title, url, end) == ("a](" * (N // 3 - 1) + "a", "b", len(line))
    assert readers._title_link("[" + "a](" * (N // 3) + "\n") is None


def test_back_references_from_the_index_match_a_scan_of_the_list():
    cues = source_cues(load_lexicons())
    people = [ResolvedSource(f"丹尼斯·科尔{i}夫", SourceKind.EXPERT, True) for i in range(2000)]
    seen = SeenSources(cues, people)
    assert seen.latest(seen.same_name.get("科尔7夫"), seen.dotted_ending.get("科尔7夫")) == people[7]
    mark = seen.mark()
    seen.append(ResolvedSource("新华社", SourceKind.STATE_MEDIA, True))
    assert seen.last_outlet is not None
    seen.undo(mark)
    assert seen.last_outlet is None and len(seen) == 2000
