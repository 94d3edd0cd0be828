"""The results store runs nothing it reads, and is used only in a folder private to the user.

The articles are written here; their times are set a minute back so that the store trusts
their stat next time (a file modified in the last two seconds is read again).
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import time
from pathlib import Path

import pytest

from framing.pipeline.run import RunOptions, run
from framing.pipeline.store_file import STORE_NAME

ARTICLES = {
    "a.md": "# 两国举行会谈\n\n外交部发言人李明说，双方同意加强合作。\n\n他表示，会谈取得积极成果。\n",
    "b.md": "# 边境贸易增长\n\n据新华社报道，今年边境贸易额增长两成。\n\n专家王力认为，增长仍将持续。\n",
    "c.md": "# 联合演习结束\n\n演习于周五结束。\n\n国防部发言人赵强称，演习不针对第三方。\n",
}

posix_only = pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs POSIX owners and modes")


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    minute_ago = time.time() - 60
    for name, text in ARTICLES.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        os.utime(path, (minute_ago, minute_ago))
    return folder


def _rows(corpus: Path, cache: Path | None):
    outcome = run([corpus], RunOptions(cache_dir=cache))
    sentences = {a.article.id: a.sentences for a in outcome.analysis.articles}
    return outcome, (outcome.analysis.features.sort_index().to_dict("index"), sentences)


class _Plant:
    """A pickle that creates a file when loaded (a stand-in for running a shell command)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@posix_only
def test_planted_pickles_are_never_loaded(tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    _, fresh = _rows(corpus, None)
    _rows(corpus, cache)
    marker = tmp_path / "planted-pickle-ran"
    planted = pickle.dumps(_Plant(marker))
    with sqlite3.connect(cache / STORE_NAME) as db:
        db.execute("UPDATE details SET analysis = ?", (planted,))
        db.execute(
            "UPDATE details SET article = ? WHERE rowid = (SELECT min(rowid) FROM details)", (planted,)
        )
        db.execute("UPDATE files SET ledger = ? WHERE rowid = (SELECT max(rowid) FROM files)", (planted,))
    db.close()
    outcome, rows = _rows(corpus, cache)
    assert not marker.exists()
    assert rows == fresh
    assert outcome.cached_files == 1  # two files' rows held a pickle: analysed again


@posix_only
def test_a_folder_others_can_write_to_is_refused_with_a_warning(tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o777)
    _, fresh = _rows(corpus, None)
    outcome, rows = _rows(corpus, cache)
    assert rows == fresh
    assert "writable by other users" in outcome.cache_warning and "\n" not in outcome.cache_warning
    assert list(cache.iterdir()) == []  # nothing written there either


@posix_only
@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="giving a folder away needs root")
def test_a_folder_of_another_user_is_refused(tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    os.chown(cache, 12345, 12345)
    outcome, _ = _rows(corpus, cache)
    assert "belongs to another user" in outcome.cache_warning
    assert list(cache.iterdir()) == []


@posix_only
def test_a_store_file_others_can_write_to_is_not_used(tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    _, fresh = _rows(corpus, None)
    _rows(corpus, cache)
    (cache / STORE_NAME).chmod(0o666)
    outcome, rows = _rows(corpus, cache)
    assert rows == fresh and outcome.cached_files == 0
    assert "not private" in outcome.cache_warning


@posix_only
def test_a_new_store_is_private_to_the_user(tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache" / "nested"
    old_mask = os.umask(0o022)
    try:
        _rows(corpus, cache)
    finally:
        os.umask(old_mask)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o077 == 0 for p in cache.iterdir()), [
        oct(p.stat().st_mode) for p in cache.iterdir()
    ]
