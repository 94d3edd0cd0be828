"""Bad input never stops a run: each file gets a one-line reason in the ledger."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.ingest import IngestOptions, load_articles
from framing.model import LedgerStatus

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = (FIXTURES / "plain.txt").read_bytes()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# file name, bytes, expected start of the reason
BAD = [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"\n\n   \n", "empty file"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
    ("broken.md", "---\ntitle: [未闭合\ndate: 2024\n---\n正文内容。".encode(), "broken YAML front matter"),
    ("list.md", "---\n- a\n- b\n---\n正文内容。".encode(), "broken YAML front matter"),
    ("bad.json", b'[{"text": "x",', "malformed JSON"),
    # no line of it is JSON (one bad line among good ones skips that record: test_hostile_input.py)
    ("bad.jsonl", b'{"text" "ok"}\n{"text": \n', "malformed JSON Lines"),
    ("numbers.json", b"[1, 2, 3]", "no story list"),
    ("noise.bin", bytes([0x81, 0xFE, 0xFF, 0x80, 0xA0, 0xFF, 0xFE]) * 40, "cannot decode"),
    ("bom-lie.txt", b"\xef\xbb\xbf" + bytes([0xFF, 0xFE, 0xFA]) * 10, "cannot decode"),
    (
        "links-only.html",
        b"<!--1700000000000-->\n[t](https://x.org)\n------\n<ul><li><a href='/a'>a</a></li></ul>",
        "no body text",
    ),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD)
def test_each_bad_file_is_skipped_with_a_reason(tmp_path, name, data, reason):
    path = write(tmp_path, name, data)
    articles, ledger = load_articles([path])
    assert articles == []
    assert len(ledger) == 1 and ledger[0].status is LedgerStatus.SKIPPED
    assert ledger[0].reason.startswith(reason), ledger[0].reason
    assert "\n" not in ledger[0].reason


def test_run_goes_on_past_bad_files(tmp_path):
    for name, data, _ in BAD:
        write(tmp_path, name, data)
    write(tmp_path, "zz-good.txt", GOOD)
    articles, ledger = load_articles([tmp_path])
    assert [Path(a.path).name for a in articles] == ["zz-good.txt"]
    assert len(ledger) == len(BAD) + 1


@pytest.mark.parametrize(
    "html",
    [
        b"<!--1700000000000-->\n[t](https://x.org)\n------\n<p>\xe6\xad\xa3\xe6\x96\x87\xe5\x86\x85<div><p>\xe5\xae\xb9",
        b"<html><head><title>\xe6\xa0\x87\xe9\xa2\x98</title><body><p>\xe6\xad\xa3\xe6\x96\x87</p><div><span",
        b"<!DOCTYPE html><html><body>" + b"<div>" * 5000 + "深层正文。".encode() + b"</div>" * 10,
    ],
)
def test_truncated_or_malformed_html_still_reads(tmp_path, html):
    articles, ledger = load_articles([write(tmp_path, "page.html", html)])
    assert ledger[0].status in (LedgerStatus.INGESTED, LedgerStatus.SKIPPED)
    assert ledger[0].status is LedgerStatus.INGESTED or ledger[0].reason


def test_large_file_skipped_by_size(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    _, (entry,) = load_articles([big])
    assert entry.status is LedgerStatus.SKIPPED and entry.reason.startswith("too large: 52.4 MB")
    _, (entry,) = load_articles([write(tmp_path, "small.txt", GOOD)], IngestOptions(max_bytes=10))
    assert entry.reason.startswith("too large")


def test_missing_paths_and_broken_symlinks(tmp_path):
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    _, ledger = load_articles([tmp_path / "absent.txt", tmp_path / "dangling"])
    assert [e.reason for e in ledger] == ["no such file or folder", "broken symlink"]


def test_symlink_loop_is_reported(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder, "a.txt", GOOD)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    articles, ledger = load_articles([folder])
    assert len(articles) == 1
    assert any(e.reason.startswith("symlink loop") for e in ledger)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.txt", GOOD)
    path.chmod(0)
    try:
        _, (entry,) = load_articles([path])
    finally:
        path.chmod(0o644)
    assert entry.status is LedgerStatus.SKIPPED and entry.reason.startswith("cannot read")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(tmp_path, data):
    path = write(tmp_path, "any.txt", data)
    articles, ledger = load_articles([path])
    assert ledger and all(e.status is not LedgerStatus.SKIPPED or e.reason for e in ledger)
    assert len(articles) <= len(ledger)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pieces=st.lists(
        st.sampled_from(
            list('<>/-[]()!#*`\n:：，。普京習蒲亭abc123{}",\t')
            + [
                "---\n",
                "<p>",
                "</p>",
                "<!--1700000000000-->\n",
                "## ",
                "<li><a href='x'>",
                "# 《新闻联播》 (20240101)\n",
            ]
        ),
        max_size=120,
    )
)
def test_arbitrary_markup_never_raises(tmp_path, pieces):
    path = write(tmp_path, "any.md", "".join(pieces).encode("utf-8"))
    _, ledger = load_articles([path])
    assert ledger
