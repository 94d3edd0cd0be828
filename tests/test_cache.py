import copy as copy_module
import multiprocessing
import os
import pickle
import threading
import time
from pathlib import Path

import pytest

from framing.pipeline.cache import ResultCache, dumps, file_key, loads


def test_round_trip_and_counts(tmp_path: Path):
    cache = ResultCache(tmp_path, "setting1")
    key = file_key("a.txt", b"text")
    assert cache.get(key) is None
    cache.put(key, dumps({"value": 1}))
    assert cache.get(key) == {"value": 1}
    assert (cache.hits, cache.misses) == (1, 1)


def test_entries_are_found_by_another_process_only_after_the_index_is_saved(tmp_path: Path):
    writer = ResultCache(tmp_path, "setting1")
    writer.put("a" * 40, dumps("first"))
    writer.put("b" * 40, dumps("second"))
    assert not ResultCache(tmp_path, "setting1").has("a" * 40)
    writer.save_index()
    reader = ResultCache(tmp_path, "setting1")
    assert (reader.get("a" * 40), reader.get("b" * 40)) == ("first", "second")
    assert len(list(reader.folder.glob("pack-*.bin"))) == 1  # appended to one pack, not a file each


def test_two_runs_saving_keep_each_others_entries(tmp_path: Path):
    one, two = ResultCache(tmp_path, "s"), ResultCache(tmp_path, "s")
    one.has("x" * 40), two.has("x" * 40)  # both read the (empty) index first
    one.put("a" * 40, dumps(1))
    two.put("b" * 40, dumps(2))
    one.save_index()
    two.save_index()
    after = ResultCache(tmp_path, "s")
    assert (after.get("a" * 40), after.get("b" * 40)) == (1, 2)


def test_runs_saving_at_once_take_turns_and_keep_every_addition(tmp_path: Path):
    # Six processes each add 40 entries and save at the same moment: without the index
    # lock, one run's read-merge-write would overwrite another's additions.
    context = multiprocessing.get_context("fork")
    start = context.Barrier(6)
    runs = [context.Process(target=_save_after_barrier, args=(tmp_path, n, start)) for n in range(6)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(60)
    assert [run.exitcode for run in runs] == [0] * 6
    after = ResultCache(tmp_path, "s")
    assert all(after.get(f"{n}-{i}") == (n, i) for n in range(6) for i in range(40))


def _save_after_barrier(folder: Path, n: int, start) -> None:
    cache = ResultCache(folder, "s")
    for i in range(40):
        cache.put(f"{n}-{i}", dumps((n, i)))
    start.wait()
    for _ in range(20):  # many read-merge-write rounds, so that unlocked saves would collide
        cache.put(f"{n}-extra", dumps(None))
        cache.save_index()


def test_a_held_index_lock_makes_a_save_wait(tmp_path: Path):
    import fcntl

    cache = ResultCache(tmp_path, "s")
    cache.put("a" * 40, dumps(1))
    cache.folder.mkdir(parents=True, exist_ok=True)
    with open(cache.folder / "index.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        saver = threading.Thread(target=cache.save_index)
        saver.start()
        saver.join(0.5)
        assert saver.is_alive() and not (cache.folder / "index.pickle").exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    saver.join(10)
    assert ResultCache(tmp_path, "s").get("a" * 40) == 1


def test_another_setting_misses(tmp_path: Path):
    key = file_key("a.txt", b"text")
    cache = ResultCache(tmp_path, "setting1")
    cache.put(key, dumps(1))
    cache.save_index()
    assert ResultCache(tmp_path, "setting2").get(key) is None
    assert ResultCache(tmp_path, "setting1").get(key) == 1


def test_key_depends_on_path_and_bytes():
    assert file_key("a.txt", b"x") != file_key("b.txt", b"x")
    assert file_key("a.txt", b"x") != file_key("a.txt", b"y")
    assert file_key("a.txt", b"x") == file_key("a.txt", b"x")


def test_damaged_truncated_or_missing_entries_are_misses(tmp_path: Path):
    cache = ResultCache(tmp_path, "setting1")
    for name in "abc":
        cache.put(name * 40, dumps([name] * 100))
    cache.save_index()
    cache.close()
    (pack,) = cache.folder.glob("pack-*.bin")
    data = bytearray(pack.read_bytes())
    data[5] ^= 0xFF  # a flipped byte in the first entry
    pack.write_bytes(bytes(data[: len(data) - 10]))  # and the last one cut short
    reader = ResultCache(tmp_path, "setting1")
    assert (reader.get("a" * 40), reader.get("b" * 40), reader.get("c" * 40)) == (None, ["b"] * 100, None)
    reader.close()
    pack.unlink()
    assert ResultCache(tmp_path, "setting1").get("b" * 40) is None


def test_a_damaged_index_is_an_empty_cache(tmp_path: Path):
    cache = ResultCache(tmp_path, "setting1")
    cache.put("a" * 40, dumps(1))
    cache.save_index()
    (cache.folder / "index.pickle").write_bytes(b"not a pickle")
    assert ResultCache(tmp_path, "setting1").get("a" * 40) is None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_writes_its_own_pack(tmp_path: Path):
    cache = ResultCache(tmp_path, "setting1")
    cache.put("a" * 40, dumps("parent"))
    pid = os.fork()
    if pid == 0:  # the child: append, save, and leave without running pytest's teardown
        cache.put("b" * 40, dumps("child"))
        cache.save_index()
        os._exit(0)
    os.waitpid(pid, 0)
    cache.save_index()
    after = ResultCache(tmp_path, "setting1")
    assert (after.get("a" * 40), after.get("b" * 40)) == ("parent", "child")
    assert len(list(after.folder.glob("pack-*.bin"))) == 2


def test_unwritable_folder_is_reported_not_raised(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = ResultCache(blocker, "setting1")  # a file where the folder should be
    cache.put("k" * 40, dumps(1))
    assert "cannot write the cache" in cache.write_error
    assert cache.get("k" * 40) is None


def test_framed_pickles_hand_back_packed_parts_without_copying(tmp_path: Path):
    from framing.ingest import load_articles

    fixtures = Path(__file__).parent / "fixtures"
    articles, _ = load_articles([next(fixtures.rglob("*.md"))])
    article = articles[0]
    data = dumps(article)
    copy = loads(data)
    (part,) = copy.__dict__["_packed"].values()
    assert isinstance(part, memoryview) and part.obj is not None  # a view into ``data``
    assert loads(dumps(copy)) == article  # a copy still packed pickles again
    assert copy == article
    for protocol in (2, 4, 5):  # pools and copy.deepcopy pickle below protocol 5
        assert pickle.loads(pickle.dumps(loads(data), protocol)) == article
    assert copy_module.deepcopy(loads(data)) == article


@pytest.mark.parametrize("junk", [b"", b"\x00" * 12, b"\xff\xff\xff\xff" + b"\x00" * 8, dumps([1])[:-1]])
def test_loads_refuses_other_bytes(junk):
    with pytest.raises(pickle.UnpicklingError):
        loads(junk)


def test_packs_are_compacted_and_entries_of_files_no_longer_listed_dropped(tmp_path: Path):
    stat = os.stat(tmp_path)
    for run in range(ResultCache.MAX_PACKS + 3):  # each run writes its own pack
        cache = ResultCache(tmp_path, "s")
        cache.put(f"{run:040d}", dumps(run))
        cache.remember(f"file{run % 4}", stat, f"{run:040d}", time.time_ns() + 10**10)
        cache.save_index()
        cache.close()
        assert len(list(cache.folder.glob("pack-*.bin"))) <= ResultCache.MAX_PACKS
    after = ResultCache(tmp_path, "s")
    runs = ResultCache.MAX_PACKS + 3
    listed = {run for run in range(runs) if run >= runs - 4}  # the last key of each of 4 files
    assert {run for run in range(runs) if after.has(f"{run:040d}")} >= listed
    assert all(after.get(f"{run:040d}") == run for run in listed)
    assert not after.has(f"{0:040d}")  # file0's first entry was replaced, then compacted away


def test_a_failed_write_starts_a_new_pack(tmp_path: Path, monkeypatch):
    cache = ResultCache(tmp_path, "s")
    cache.put("a" * 40, dumps("first"))
    real_write = os.write
    calls = []

    def half_then_fail(descriptor, data):
        calls.append(1)
        if len(calls) == 1:
            return real_write(descriptor, bytes(data)[:5])  # a short write, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_fail)
    cache.put("b" * 40, dumps("lost"))
    assert "No space left" in cache.write_error
    monkeypatch.setattr(os, "write", real_write)
    cache.put("c" * 40, dumps("third"))
    cache.save_index()
    after = ResultCache(tmp_path, "s")
    assert (after.get("a" * 40), after.get("b" * 40), after.get("c" * 40)) == ("first", None, "third")


def test_a_damaged_entry_is_one_miss_and_then_forgotten(tmp_path: Path):
    cache = ResultCache(tmp_path, "s")
    cache.put("a" * 40, dumps("value"))
    cache.save_index()
    cache.close()
    (pack,) = cache.folder.glob("pack-*.bin")
    pack.write_bytes(b"x" * pack.stat().st_size)
    reader = ResultCache(tmp_path, "s")
    assert reader.get("a" * 40) is None and not reader.has("a" * 40)
    assert (reader.hits, reader.misses) == (0, 1)


def test_compaction_removes_packs_a_killed_run_left_long_ago_but_not_recent_ones(tmp_path: Path, monkeypatch):
    cache = ResultCache(tmp_path, "s")
    cache.put("a" * 40, dumps(1))
    cache.save_index()
    cache.close()
    old, recent = cache.folder / "pack-1-1-old.bin", cache.folder / "pack-2-2-recent.bin"
    old.write_bytes(b"unindexed")
    recent.write_bytes(b"another run, still writing")
    two_days_ago = time.time() - 2 * 86_400
    os.utime(old, (two_days_ago, two_days_ago))
    monkeypatch.setattr(ResultCache, "MAX_PACKS", 0)  # the next save compacts
    cache.put("b" * 40, dumps(2))
    cache.save_index()
    assert not old.exists() and recent.exists()
