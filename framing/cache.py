"""A cache of per-file results, keyed by the file's path and bytes and by everything that shapes them.

Re-running after adding a few articles reads and analyses only the new files. An entry
is found again only when the file's path and bytes, the ingest options (with the content
of the manifest and outlet-map files they name), the lexicons and the framing version are
all the same: change any of them and the old entries are simply never looked up again.
The bytes of a file unchanged since a previous run (same size, times, inode and device,
recorded in the folder's ``index.pickle``) are not read again to find its key.

Entries are pickles in the user's cache folder (``$FRAMING_CACHE_DIR``, else
``$XDG_CACHE_HOME/framing``, else ``~/.cache/framing``), read back only by the user who
wrote them. A damaged or unreadable entry counts as a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from framing import __version__
from framing.output import atomic_write_bytes

# Bump when the cached types or the analysis change in a way the package version does not say.
CACHE_FORMAT = 10


def default_cache_dir() -> Path:
    explicit = os.environ.get("FRAMING_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "framing"


def file_key(path: str, data: bytes) -> str:
    """The cache key of one input file: its path and its bytes."""
    digest = hashlib.sha1(path.encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


class ResultCache:
    """Pickled results under one ``setting`` (a digest of options and lexicons).

    Parameters
    ----------
    folder:
        Where entries live; created on first write.
    setting:
        A digest of everything besides the file that shapes the result.
    """

    def __init__(self, folder: Path | str, setting: str):
        self.folder = Path(folder) / f"v{CACHE_FORMAT}-{__version__}-{setting}"
        self.hits = 0
        self.misses = 0
        self.write_error = ""  # the last reason an entry could not be written, for a warning
        self._known: dict[str, tuple[tuple[int, ...], str]] | None = None  # see known()
        self._seen: dict[str, tuple[tuple[int, ...], str]] = {}

    # ── which key a file had, without reading it again ──
    # Like git's index: a file whose size, modification time, inode and change time are
    # those recorded when its bytes were hashed is taken to hold the same bytes, so a
    # re-run reads only new and changed files. A file modified within two seconds before
    # it was read could change again without its time moving: it is not recorded.

    _RACY_NS = 2_000_000_000

    def known(self, path: str, stat: os.stat_result) -> str | None:
        """The key recorded for ``path`` when its stat is unchanged since, else ``None``."""
        if self._known is None:
            self._known = self._read_index()
        recorded = self._known.get(path)
        return recorded[1] if recorded is not None and recorded[0] == _signature(stat) else None

    def remember(self, path: str, stat: os.stat_result, key: str, read_at_ns: int) -> None:
        """Record the key of ``path``, whose bytes were read after ``read_at_ns`` (``time.time_ns``);
        a file modified less than two seconds before that is not recorded."""
        if stat.st_mtime_ns < read_at_ns - self._RACY_NS:
            self._seen[path] = (_signature(stat), key)

    def save_index(self) -> None:
        """Write the recorded keys (merged over the previous index); failures cost only speed."""
        if not self._seen:
            return
        index = self._read_index() if self._known is None else self._known
        index.update(self._seen)
        try:
            atomic_write_bytes(
                self.folder / "index.pickle", pickle.dumps(index, pickle.HIGHEST_PROTOCOL), durable=False
            )
        except OSError as exc:
            self.write_error = f"{self.folder}: cannot write the cache ({exc.strerror or exc})"
        self._seen = {}

    def _read_index(self) -> dict[str, tuple[tuple[int, ...], str]]:
        try:
            with open(self.folder / "index.pickle", "rb") as handle:
                index = pickle.loads(handle.read())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return {}
        return index if isinstance(index, dict) else {}

    def _entry(self, key: str) -> str:
        # a plain string: a run looks up every input file, and Path objects cost more than the lookup
        return f"{self.folder}{os.sep}{key[:2]}{os.sep}{key}.pickle"

    def has(self, key: str) -> bool:
        """Whether an entry exists (without reading it; it may still turn out damaged)."""
        return os.path.isfile(self._entry(key))

    def get(self, key: str) -> object | None:
        try:
            with open(self._entry(key), "rb") as handle:
                value = pickle.loads(handle.read())  # one read, not one per pickle frame
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, pickled: bytes) -> None:
        """Store a value already pickled (the caller may need the same bytes elsewhere)."""
        try:
            atomic_write_bytes(self._entry(key), pickled, durable=False)  # a torn entry is only a miss
        except OSError as exc:
            # A cache that cannot be written only costs speed: keep going, and let the CLI warn once.
            self.write_error = f"{self.folder}: cannot write the cache ({exc.strerror or exc})"


def _signature(stat: os.stat_result) -> tuple[int, ...]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns, stat.st_dev)
