"""The cache runs nothing it did not write, and a damaged cache never costs a row (issue 12, finding 8).

The articles are written here; their times are set a minute back so that the cache records
them (a file modified in the last two seconds is not recorded, see ``ResultCache.remember``).
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from framing.pipeline.run import RunOptions, run

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
    return outcome, outcome.analysis.features.sort_index().to_dict("index")


def _cache_folder(cache: Path) -> Path:
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    return folder


def _warm_cache(tmp_path: Path) -> tuple[Path, Path, Path, dict]:
    """A corpus, a cache filled by one run over it, the cache's version folder, and the
    rows of a run without the cache."""
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    _, fresh = _rows(corpus, None)
    _rows(corpus, cache)
    return corpus, cache, _cache_folder(cache), fresh


class _Plant:
    """A pickle that creates a file when loaded (a stand-in for running a shell command)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@posix_only
def test_a_planted_pickle_is_never_loaded(tmp_path: Path):
    corpus, cache, folder, fresh = _warm_cache(tmp_path)
    marker = tmp_path / "planted-pickle-ran"
    planted = pickle.dumps(_Plant(marker))
    (folder / "index.pickle").write_bytes(planted)
    for pack in folder.glob("pack-*.bin"):
        pack.write_bytes(planted)
    outcome, rows = _rows(corpus, cache)
    assert not marker.exists()
    assert rows == fresh


@posix_only
def test_a_damaged_index_is_a_miss_not_a_crash(tmp_path: Path):
    corpus, cache, folder, fresh = _warm_cache(tmp_path)
    # a pickle of the index's outer shape with the wrong things inside
    damaged = ({str(corpus / name): 5 for name in ARTICLES}, {"k" * 40: "junk"})
    (folder / "index.pickle").write_bytes(pickle.dumps(damaged))
    assert _rows(corpus, cache)[1] == fresh
    (folder / "index.pickle").write_bytes(b"\x80\x05\x95garbage")
    assert _rows(corpus, cache)[1] == fresh


@posix_only
def test_flipped_bits_in_entries_and_index_give_the_rows_of_no_cache(tmp_path: Path):
    corpus, cache, folder, fresh = _warm_cache(tmp_path)
    files = [*sorted(folder.glob("pack-*.bin")), folder / "index.pickle"]
    originals = {path: path.read_bytes() for path in files}
    for path, data in originals.items():
        for at in range(0, len(data), max(1, len(data) // 7)):
            for other, kept in originals.items():
                other.write_bytes(kept)
            flipped = bytearray(data)
            flipped[at] ^= 0x10
            path.write_bytes(bytes(flipped))
            outcome, rows = _rows(corpus, cache)
            assert rows == fresh, (path.name, at)


@posix_only
def test_an_entry_rewritten_with_a_matching_crc_is_still_refused(tmp_path: Path):
    """An entry changed together with the check stored beside it (what a CRC alone lets
    through): the signature, made with a key the index does not hold, still fails."""
    corpus, cache, folder, fresh = _warm_cache(tmp_path)
    marker = tmp_path / "planted-entry-ran"
    index_bytes = (folder / "index.pickle").read_bytes()
    # the old layout: a bare pickle of (files, entries) with a CRC-32 per entry; the new one
    # puts a 32-byte signature first. Either way, rewrite every entry as the planted pickle.
    for skip in (0, 32):
        try:
            files, entries = pickle.loads(index_bytes[skip:])
            break
        except Exception:
            continue
    import zlib

    from framing.pipeline.cache import dumps

    payload = dumps(_Plant(marker))
    pack = folder / "pack-planted.bin"
    pack.write_bytes(payload)
    rewritten = {
        key: type(location)(pack.name, 0, len(payload), zlib.crc32(payload))
        for key, location in entries.items()
    }
    (folder / "index.pickle").write_bytes(index_bytes[:skip] + pickle.dumps((files, rewritten)))
    outcome, rows = _rows(corpus, cache)
    assert not marker.exists()
    assert rows == fresh


@posix_only
def test_a_folder_others_can_write_to_is_refused_with_a_warning(tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o777)
    _, fresh = _rows(corpus, None)
    outcome, rows = _rows(corpus, cache)
    assert rows == fresh
    assert "writable by other users" in outcome.cache_warning
    assert "\n" not in outcome.cache_warning
    assert list(cache.iterdir()) == []  # nothing written there either
    marker = tmp_path / "planted-pickle-ran"
    folder_name = "planted"
    (cache / folder_name).mkdir()
    (cache / folder_name / "index.pickle").write_bytes(pickle.dumps(_Plant(marker)))
    _rows(corpus, cache)
    assert not marker.exists()


@posix_only
def test_a_key_others_can_read_is_not_trusted(tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    _, fresh = _rows(corpus, None)
    _rows(corpus, cache)
    (cache / "key").chmod(0o644)
    outcome, rows = _rows(corpus, cache)
    assert rows == fresh
    assert "not private" in outcome.cache_warning
