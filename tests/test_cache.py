import pickle
from pathlib import Path

from framing.cache import ResultCache, file_key


def test_round_trip_and_counts(tmp_path: Path):
    cache = ResultCache(tmp_path, "setting1")
    key = file_key("a.txt", b"text")
    assert cache.get(key) is None
    cache.put(key, pickle.dumps({"value": 1}))
    assert cache.get(key) == {"value": 1}
    assert (cache.hits, cache.misses) == (1, 1)


def test_another_setting_misses(tmp_path: Path):
    key = file_key("a.txt", b"text")
    ResultCache(tmp_path, "setting1").put(key, pickle.dumps(1))
    assert ResultCache(tmp_path, "setting2").get(key) is None


def test_key_depends_on_path_and_bytes():
    assert file_key("a.txt", b"x") != file_key("b.txt", b"x")
    assert file_key("a.txt", b"x") != file_key("a.txt", b"y")
    assert file_key("a.txt", b"x") == file_key("a.txt", b"x")


def test_damaged_entry_is_a_miss(tmp_path: Path):
    cache = ResultCache(tmp_path, "setting1")
    cache.put("k" * 40, pickle.dumps([1, 2]))
    for entry in cache.folder.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert cache.get("k" * 40) is None


def test_unwritable_folder_is_reported_not_raised(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = ResultCache(blocker, "setting1")  # a file where the folder should be
    cache.put("k" * 40, pickle.dumps(1))
    assert "cannot write the cache" in cache.write_error
