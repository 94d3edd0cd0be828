"""Pathological inputs (issue 12, finding 6) read correctly; timings are in benchmarks/pathological.py."""

from __future__ import annotations

from framing.analysis.sources import ResolvedSource, SeenSources, source_cues
from framing.ingest.readers import html, markdown, timestamp
from framing.lexicon import load_lexicons
from framing.model import Role, SourceKind

N = 60_000


def test_unclosed_brackets_and_tags_are_kept_as_text():
    assert markdown.markdown_inline("正文" + "[" * N)[0] == "正文" + "[" * N
    assert markdown.markdown_inline("<a " * (N // 3))[0] == ("<a " * (N // 3)).strip()
    assert not html.looks_like_html("<p " * (N // 3))
    assert html.looks_like_html("<p " * (N // 3) + ">")
    text, links, _ = markdown.markdown_inline("[" * N + "[标题](http://x.cn)")
    assert links == (("http://x.cn", "标题"),) and text == "[" * N + "标题"


def test_credits_ending_a_paragraph_are_looked_for_in_its_tail_only():
    import time

    from framing.ingest.readers.blocks import Block
    from framing.ingest.readers.roles import finish_blocks
    from framing.ingest.readers.vocabulary import default_vocabulary

    words = default_vocabulary()
    for text in ("（完）" * (N // 3) + "123456789", "。（编辑：" * (N // 5), "示例社" * (N // 3)):
        start = time.perf_counter()
        (block,) = finish_blocks([Block(Role.BODY, text)], words)
        assert block.text == text and time.perf_counter() - start < 1.0


def test_a_title_line_of_many_link_starts_is_read_once():
    line = "[" + "a](" * (N // 3) + "b)\n"
    title, url, end = timestamp.title_link(line)
    assert (title, url, end) == ("a](" * (N // 3 - 1) + "a", "b", len(line))
    assert timestamp.title_link("[" + "a](" * (N // 3) + "\n") is None


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


# ── one long paragraph, one long sentence: the work per sentence stays bounded ───────
# Counted, not timed: characters scanned, or lines of framing/analysis/claims/ run, for a text of
# n and of 2n units; linear code does about twice the work, quadratic code four times.


def _claims_lines_run(text: str) -> int:
    """Lines of framing/analysis/claims/ executed while annotating an article of one paragraph."""
    import sys
    from pathlib import Path

    from framing.analysis import claims
    from tests.claims_helpers import body

    lexicons = load_lexicons()
    article = body(text)
    claims.annotate_claims(article, lexicons)  # compile the cues first: not counted
    package = str(Path(claims.__file__).parent)
    lines = 0

    def local(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(package) else None

    sys.settrace(calls)
    try:
        claims.annotate_claims(article, lexicons)
    finally:
        sys.settrace(None)
    return lines


def test_split_text_reads_each_character_of_a_long_line_a_bounded_number_of_times():
    from framing.analysis.sentences import split_text

    class Counted(str):
        scanned = 0

        def count(self, sub, start=0, end=None):
            Counted.scanned += (len(self) if end is None else end) - start
            return super().count(sub, start, end)

    def scanned(n: int) -> int:
        Counted.scanned = 0
        text = Counted('他说"好"。' + "外交部发言人说，双方同意加强合作。" * n)
        assert len(split_text(text)) == n + 1
        return Counted.scanned

    assert scanned(2000) <= 2.2 * scanned(1000)


def test_first_person_sentences_do_not_read_back_through_their_paragraph():
    unit = "我们的工作很好，天气晴朗。"
    assert _claims_lines_run(unit * 600) <= 2.2 * _claims_lines_run(unit * 300)


def test_verbs_of_one_long_sentence_do_not_each_read_the_sentence_again():
    from framing.analysis.claims import attribution

    read = 0
    original = attribution.clean_speaker

    def counting(span, cues):
        nonlocal read
        read += len(span)
        return original(span, cues)

    def work(text: str) -> tuple[int, int]:
        nonlocal read
        read = 0
        attribution.clean_speaker = counting
        try:
            lines = _claims_lines_run(text)
        finally:
            attribution.clean_speaker = original
        return lines, read

    for unit in ("表示", "所说，", "张三表示"):
        (lines, chars), (lines2, chars2) = work(unit * 1000 + "。"), work(unit * 2000 + "。")
        assert lines2 <= 2.2 * lines and chars2 <= 2.2 * chars + 10_000, unit
