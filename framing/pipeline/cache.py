"""A cache of per-file results, keyed by the file's path and bytes and by everything that shapes them.

Re-running after adding a few articles reads and analyses only the new files. An entry
is found again only when the file's path and bytes, the ingest options (with the content
of the manifest and outlet-map files they name), the lexicons and the framing version are
all the same: change any of them and the old entries are simply never looked up again.
The bytes of a file unchanged since a previous run (same size, times, inode and device)
are not read again to find its key.

Entries are pickles appended to pack files (one per run that wrote any) in the user's
cache folder (``$FRAMING_CACHE_DIR``, else ``$XDG_CACHE_HOME/framing``, else
``~/.cache/framing``), read back only by the user who wrote them. One file per entry cost
more than the analysis saved: creating and renaming 10,000 small files kept the
filesystem journal busy (0.2 to 1 ms an entry, against 0.03 ms to append). The folder's
``index.pickle``, replaced atomically at the end of a run (runs saving at once take turns
under ``index.lock``), says where each entry is (pack,
offset, length and checksum) and which key each file had. An entry the index does not list
(a run that was killed) is never read; a damaged or unreadable entry counts as a miss.

Unpickling runs code, so nothing is unpickled that this user's runs did not write:

- the cache folder (and its version folder) must be the user's own and not writable by
  group or others, else the cache is not used (``ResultCache.write_error`` says why, and the
  command prints it once);
- ``key``, a random secret in the folder (mode 0600, the user's own), signs the index and
  every entry (HMAC-SHA256, the entry's cache key included): an index or entry whose
  signature does not hold (damaged, or planted without the key) is never unpickled; it is
  a miss, and the file is analysed again.
Once there are more than ``ResultCache.MAX_PACKS`` packs, the entries still in use are
copied into one and the rest removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import mmap
import os
import pickle
import secrets
import struct
import time
from pathlib import Path
from typing import NamedTuple

from framing import __version__
from framing.output import atomic_write_bytes

# Bump when the cached types or the analysis change in a way the package version does not say.
CACHE_FORMAT = 17


def file_key(path: str, data: bytes) -> str:
    """The cache key of one input file: its path and its bytes."""
    digest = hashlib.sha1(path.encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def dumps(value: object) -> bytes:
    """``value`` pickled, with its ``PickleBuffer`` objects laid out after the pickle itself.

    ``loads`` hands them back as views of the one bytes object instead of copying each:
    a cached article's packed text and sentences (``framing.model.Packed``), which a
    feature table never reads, then cost no allocation. Layout: the number of parts, each
    part's length, then the parts (the pickle first).
    """
    buffers: list[pickle.PickleBuffer] = []
    head = pickle.dumps(value, pickle.HIGHEST_PROTOCOL, buffer_callback=buffers.append)
    parts = [head, *(buffer.raw() for buffer in buffers)]
    return struct.pack(f"<I{len(parts)}Q", len(parts), *map(len, parts)) + b"".join(parts)


def loads(data: bytes | memoryview) -> object:
    """The value ``dumps`` made; raises ``pickle.UnpicklingError`` for other bytes."""
    view = memoryview(data)
    try:
        (count,) = struct.unpack_from("<I", view)
        if not 0 < count <= (len(view) - 4) // 8:
            raise struct.error("bad part count")
        lengths = struct.unpack_from(f"<{count}Q", view, 4)
    except struct.error as exc:
        raise pickle.UnpicklingError(f"not a framed pickle ({exc})") from None
    start = 4 + 8 * count
    if start + sum(lengths) != len(view):
        raise pickle.UnpicklingError("not a framed pickle (part lengths do not add up)")
    parts = []
    for length in lengths:
        parts.append(view[start : start + length])
        start += length
    return pickle.loads(parts[0], buffers=parts[1:])


# What reading a missing, damaged or outdated entry (or index) can raise: each counts as a miss.
_DAMAGED = (OSError, ValueError, TypeError, EOFError, AttributeError, ImportError, pickle.UnpicklingError)
# What unpickling bytes whose signature holds can still raise (classes renamed or changed
# since they were written): a miss too. Bytes whose signature fails are never unpickled.
_UNPICKLING = (Exception,)

KEY_FILE = "key"
_KEY_BYTES = 32


class Location(NamedTuple):
    """Where an entry's bytes are: a pack file of the cache folder, and the HMAC-SHA256 of
    the entry's cache key and bytes under the folder's secret key."""

    pack: str
    offset: int
    length: int
    digest: bytes


def _sign(secret: bytes, key: str, data: bytes | memoryview) -> bytes:
    mac = hmac.new(secret, key.encode("ascii", "replace") + b"\0", hashlib.sha256)
    mac.update(data)
    return mac.digest()


def unsafe_folder_reason(folder: Path) -> str:
    """Why ``folder`` cannot be trusted with the cache (``""`` when it can, or does not exist):
    it must be the user's own and not writable by group or others. Where there are no
    user ids (Windows) every folder is trusted."""
    if not hasattr(os, "getuid"):
        return ""
    try:
        stat = os.stat(folder)
    except OSError:
        return ""  # not there yet: it is created by this user, for this user
    import stat as stat_module

    if not stat_module.S_ISDIR(stat.st_mode):
        return ""  # writing fails and says so
    if stat.st_uid != os.getuid():
        return f"{folder} belongs to another user: the cache is not used"
    if stat.st_mode & 0o022:
        return f"{folder} is writable by other users: the cache is not used"
    return ""


class ResultCache:
    """Pickled results under one ``setting`` (a digest of options and lexicons).

    Parameters
    ----------
    folder:
        Where entries live; created on first write.
    setting:
        A digest of everything besides the file that shapes the result.

    Entries written with ``put`` are found by ``get`` at once; other processes find them
    after ``save_index``.
    """

    def __init__(self, folder: Path | str, setting: str):
        self.root = Path(folder)
        self.folder = self.root / f"v{CACHE_FORMAT}-{__version__}-{setting}"
        self.hits = 0
        self.misses = 0
        self.write_error = ""  # the last reason an entry could not be written, for a warning
        # a folder others could write to, or another user's: nothing in it is read or written
        self.refused = unsafe_folder_reason(self.root) or unsafe_folder_reason(self.folder)
        if self.refused:
            self.write_error = self.refused
        self._secret: bytes | None = None  # the folder's key, read (or made) on first use
        self._index: _Index | None = None  # read on first use
        self._new = _Index({}, {})  # what this process added, merged into the index on save
        self._pack: tuple[int, int, str, int] | None = None  # pid, descriptor, name, size of the pack written
        self._maps: dict[str, mmap.mmap] = {}  # pack name → the pack mapped for reading

    @property
    def index(self) -> _Index:
        if self._index is None:
            secret = None if self.refused else self._key(create=False)
            self._index = _read_index(self.folder, secret) if secret else _Index({}, {})
        return self._index

    def _key(self, *, create: bool) -> bytes | None:
        """The folder's secret key; made when ``create`` and there is none. ``None`` when
        there is none, or it is not the user's own and private (then nothing is trusted)."""
        if self._secret is not None:
            return self._secret
        path = self.root / KEY_FILE
        try:
            descriptor = os.open(
                path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
            )
        except FileNotFoundError:
            if not create:
                return None
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            secret = secrets.token_bytes(_KEY_BYTES)
            try:
                descriptor = os.open(
                    path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
                )
            except FileExistsError:  # another run made it first: use theirs
                return self._key(create=False)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secret)
            self._secret = secret
            return secret
        except OSError:
            if create:
                raise  # the caller says the cache cannot be written
            return None
        with os.fdopen(descriptor, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if hasattr(os, "getuid") and (stat.st_uid != os.getuid() or stat.st_mode & 0o077):
                self.refused = self.write_error = (
                    f"{path} is not private to this user (mode {stat.st_mode & 0o777:o}): "
                    "the cache is not used"
                )
                return None
            secret = handle.read(_KEY_BYTES + 1)
        if len(secret) != _KEY_BYTES:
            return None  # a damaged key: nothing signed with it can be checked
        self._secret = secret
        return secret

    # ── which key a file had, without reading it again ──
    # Like git's index: a file whose size, modification time, inode and change time are
    # those recorded when its bytes were hashed is taken to hold the same bytes, so a
    # re-run reads only new and changed files. A file modified within two seconds before
    # it was read could change again without its time moving: it is not recorded.

    _RACY_NS = 2_000_000_000

    def known(self, path: str, stat: os.stat_result) -> str | None:
        """The key recorded for ``path`` when its stat is unchanged since, else ``None``."""
        recorded = self.index.files.get(path)
        return recorded[1] if recorded is not None and recorded[0] == _signature(stat) else None

    def remember(self, path: str, stat: os.stat_result, key: str, read_at_ns: int) -> None:
        """Record the key of ``path``, whose bytes were read after ``read_at_ns`` (``time.time_ns``);
        a file modified less than two seconds before that is not recorded."""
        if stat.st_mtime_ns < read_at_ns - self._RACY_NS and not self.refused:
            recorded = (_signature(stat), key)
            self.index.files[path] = self._new.files[path] = recorded

    # ── entries ──

    def has(self, key: str) -> bool:
        """Whether the index lists an entry (without reading it; it may still turn out damaged)."""
        return key in self.index.entries

    def get(self, key: str) -> object | None:
        """The entry's value; ``None`` (a miss) when it is absent, damaged or unreadable."""
        location = self.index.entries.get(key)
        value = None
        if location is not None:
            try:
                data = self._view(location)
                if self._secret is not None and hmac.compare_digest(
                    _sign(self._secret, key, data), location.digest
                ):
                    value = loads(data)  # signed by this user's runs: safe to unpickle
            except _UNPICKLING:
                value = None
            if value is None:
                del self.index.entries[key]  # forgotten: not looked up again, replaced by the next put
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: str, pickled: bytes) -> None:
        """Store a value already pickled by ``dumps`` (the caller may need the same bytes elsewhere)."""
        if self.refused:
            return
        try:
            secret = self._key(create=True)
            if secret is None:
                return  # a key that is not the user's own: refused (write_error says why)
            pack, offset = self._append(pickled)
        except OSError as exc:
            # A cache that cannot be written only costs speed: keep going, and let the CLI warn once.
            self.write_error = f"{self.folder}: cannot write the cache ({exc.strerror or exc})"
            return
        location = Location(pack, offset, len(pickled), _sign(secret, key, pickled))
        self.index.entries[key] = self._new.entries[key] = location

    # More packs than this, and the next save copies the entries still in use into one.
    MAX_PACKS = 8

    def save_index(self) -> None:
        """Write what this process added, merged over the index as it is on disk now (another
        run may have saved since); failures cost only speed. Runs saving at the same moment
        take turns (``_index_lock``), so none loses another's additions."""
        if not (self._new.files or self._new.entries) or self.refused:
            return
        try:
            secret = self._key(create=True)
            if secret is None:
                return
            with _index_lock(self.folder):
                index = _read_index(self.folder, secret)
                index.files.update(self._new.files)
                index.entries.update(self._new.entries)
                self._new = _Index({}, {})
                self._index = index
                if len({location.pack for location in index.entries.values()}) > self.MAX_PACKS:
                    self._compact()
                data = pickle.dumps((index.files, index.entries), pickle.HIGHEST_PROTOCOL)
                signed = _sign(secret, "index", data) + data
                atomic_write_bytes(self.folder / "index.pickle", signed, durable=False, mode=0o600)
        except OSError as exc:
            self.write_error = f"{self.folder}: cannot write the cache ({exc.strerror or exc})"

    def _compact(self) -> None:
        """Copy the entries of files still listed into a new pack, forget the rest, and remove
        the packs the index no longer names (each run that writes adds a pack, and a file
        that changed leaves its old entry behind), and those a killed run left a day ago
        or more. Packs mapped by a running process stay readable by it where the system
        allows removing an open file."""
        index = self.index
        live = {key for _signature, key in index.files.values()}
        old_packs = {location.pack for location in index.entries.values()}
        self.close()  # the copies go to a new pack; old mappings are released below
        entries: dict[str, Location] = {}
        for key, location in index.entries.items():
            if key not in live:
                continue
            try:
                data = self._view(location)
            except _DAMAGED:
                continue
            if self._secret is not None and hmac.compare_digest(
                _sign(self._secret, key, data), location.digest
            ):
                pack, offset = self._append(data)
                entries[key] = Location(pack, offset, location.length, location.digest)
        index.entries.clear()
        index.entries.update(entries)
        maps, self._maps = self._maps, {}
        for mapped in maps.values():
            with contextlib.suppress(BufferError):
                mapped.close()  # a mapping still in use closes with the last value read from it
        kept = {location.pack for location in entries.values()}
        day_ago = time.time() - 86_400
        for path in self.folder.glob("pack-*.bin"):
            # the packs the index named, and any left by a run killed a day or more ago
            with contextlib.suppress(OSError):
                if path.name not in kept and (path.name in old_packs or path.stat().st_mtime < day_ago):
                    path.unlink()

    def close(self) -> None:
        """Close the pack files this object opened (it opens them again if used after). A
        mapping that values read from it still use is left to close with them."""
        maps, self._maps = self._maps, {}
        for mapped in maps.values():
            with contextlib.suppress(BufferError):
                mapped.close()  # a mapping still in use closes with the last value read from it
        if self._pack is not None:
            os.close(self._pack[1])
            self._pack = None

    def _append(self, data: bytes) -> tuple[str, int]:
        """Append ``data`` to this process's pack; its name and the offset written at."""
        if self._pack is None or self._pack[0] != os.getpid():  # a forked child writes its own
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            name = f"pack-{time.time_ns()}-{os.getpid()}-{secrets.token_hex(4)}.bin"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            self._pack = (os.getpid(), os.open(self.folder / name, flags, 0o600), name, 0)
        pid, descriptor, name, offset = self._pack
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(descriptor, view) :]
        except OSError:
            # Part of it may be written: later entries would be indexed at the wrong offset.
            self._pack = None
            os.close(descriptor)
            raise
        self._pack = (pid, descriptor, name, offset + len(data))
        return name, offset

    def _view(self, location: Location) -> memoryview:
        """The entry's bytes, a view of the pack mapped into memory: nothing is copied
        (the CRC check still reads every byte once). Packs are only ever appended to, so a
        mapping stays valid; a pack truncated by hand while a run reads it would crash that
        run (SIGBUS) instead of counting as a miss."""
        end = location.offset + location.length
        mapped = self._maps.get(location.pack)
        if mapped is None or len(mapped) < end:  # first use, or appended to since it was mapped
            if os.sep in location.pack or not location.pack.startswith("pack-"):
                raise OSError(f"{location.pack!r} is not a pack of this folder")
            with open(self.folder / location.pack, "rb") as handle:
                mapped = self._maps[location.pack] = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if len(mapped) < end:
            raise OSError(f"{location.pack} is shorter than the index says")
        return memoryview(mapped)[location.offset : end]


# How long a run waits for another to finish saving before it saves anyway (at worst one
# run's additions are then lost, and analysed again next time).
LOCK_WAIT_SECONDS = 30.0


@contextlib.contextmanager
def _index_lock(folder: Path):
    """Hold ``folder/index.lock`` while reading, merging and replacing the index.

    An advisory ``flock``: the lock goes with the process, so a killed run never leaves it
    held. Where there is no ``fcntl`` (Windows), runs save without taking turns.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(folder / "index.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break  # a run stuck while saving: save anyway rather than wait for ever
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


class _Index(NamedTuple):
    files: dict[str, tuple[tuple[int, ...], str]]  # path → (stat signature, key)
    entries: dict[str, Location]  # key → where its entry is


def _read_index(folder: Path, secret: bytes) -> _Index:
    """The index as signed with ``secret``; an empty one when it is missing, damaged, not
    signed with that key, or not shaped as the index is (each counts as a miss)."""
    try:
        with open(folder / "index.pickle", "rb") as handle:
            signed = handle.read()
    except OSError:
        return _Index({}, {})
    digest, data = signed[:32], signed[32:]
    if not hmac.compare_digest(_sign(secret, "index", data), digest):
        return _Index({}, {})  # never unpickled
    try:
        files, entries = pickle.loads(data)
    except _UNPICKLING:
        return _Index({}, {})
    if not (isinstance(files, dict) and isinstance(entries, dict)):
        return _Index({}, {})
    files = {
        path: recorded
        for path, recorded in files.items()
        if isinstance(path, str)
        and isinstance(recorded, tuple)
        and len(recorded) == 2
        and isinstance(recorded[0], tuple)
        and isinstance(recorded[1], str)
    }
    entries = {
        key: location
        for key, location in entries.items()
        if isinstance(key, str)
        and isinstance(location, Location)
        and isinstance(location.pack, str)
        and isinstance(location.offset, int)
        and isinstance(location.length, int)
        and location.offset >= 0
        and location.length >= 0
        and isinstance(location.digest, bytes)
    }
    return _Index(files, entries)


def _signature(stat: os.stat_result) -> tuple[int, ...]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns, stat.st_dev)
