"""The results store: what each analysed file became, kept in an SQLite database for the next run.

    store = ResultStore(default_cache_dir(), setting)
    row = store.row_of(path)                   # what was recorded of the file, if anything
    if row is not None and row.unchanged(os.stat(path)):
        entries, articles = store.load(row.file_id, path)

A re-run reads and analyses only new and changed files; the others come from here. The
database file and its tables are described in ``framing.pipeline.store_file``. A file's
row is used again when the file has the same path and bytes under the same setting
(``Setting``: what shapes a result besides the file). Its bytes are not even read when
its size, mtime and ctime are those recorded and it was modified more than two seconds
before they were read (a file changed again within the same clock tick would keep its mtime).

Safety:

- Runs at once: the database is in WAL mode, so readers never wait for a writer; a run
  writes in short transactions, and leaves as it is a row another run stored for the
  same bytes.
- A killed run: a transaction is all or nothing; the next run recomputes what is missing.
- A damaged database (not a database, malformed, another format or other tables): a
  one-line ``warning``, the file moved aside to ``results.old.sqlite3`` in the same
  folder, and a new store. Nothing outside the cache folder is ever moved or deleted.
- Trust: the cache folder must be the user's own and writable only by them (it is created
  with mode 0700, the database 0600), else the store is not used. Rows are JSON read field
  by field (``framing.pipeline.records``), never pickles; a database whose tables,
  indexes, triggers or views are not exactly those this version creates is not read, and
  ``trusted_schema`` is off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat as stat_module
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import NamedTuple

from framing.analysis.features import feature_names
from framing.model import Article, LedgerEntry
from framing.pipeline.analyses import Analysed, StoredAt
from framing.pipeline.records import (
    AnalysisText,
    RecordError,
    article_from_json,
    article_json,
    features_from_row,
    ledger_from_json,
    ledger_json,
)
from framing.pipeline.store_file import (
    BUSY_SECONDS,
    MOVED_ASIDE_NAME,
    create_schema,
    is_damage,
    move_aside,
    quoted,
    schema_problem,
    store_path,
    unsafe_file_reason,
    unsafe_folder_reason,
)

# A file modified less than this before its bytes were read is read again next time.
_RACY_NS = 2_000_000_000
# Settings unused for this long are dropped with their rows when a run opens the store.
_STALE_NS = 60 * 86_400 * 10**9
_NUMBER_TYPES = {int, float}  # the types of a feature value the columns give back as they were
# The column of ``details`` that holds each part of ``records.AnalysisText``.
_ANALYSIS_COLUMNS = {"compared": "analysis", "detail": "detail"}
_ARTICLE_COLUMNS = ("article_id", "path", "outlet", "outlet_kind", "date", "title", "event")


@dataclass(frozen=True)
class Setting:
    """What shapes a file's outcome besides the file: ``description`` (JSON-able), and its digest."""

    description: Mapping

    @property
    def key(self) -> str:
        text = json.dumps(self.description, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class FileKey(NamedTuple):
    """A file as read: its path, size and times, the sha256 of its bytes, and when it was read."""

    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    sha256: str
    read_at_ns: int


def file_key(path: str, stat: os.stat_result, data: bytes, read_at_ns: int) -> FileKey:
    """``data``, read from ``path`` after ``read_at_ns`` (``time.time_ns()``, taken before the stat)."""
    digest = hashlib.sha256(data).hexdigest()
    return FileKey(path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, digest, read_at_ns)


class FileRow(NamedTuple):
    """A file as the store recorded it."""

    file_id: int
    size: int
    mtime_ns: int
    ctime_ns: int
    sha256: str
    read_at_ns: int

    def unchanged(self, stat: os.stat_result) -> bool:
        """Whether a file with ``stat`` still holds the bytes read: same size and times, and
        modified well before they were read."""
        same = (self.size, self.mtime_ns, self.ctime_ns) == (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        return same and self.mtime_ns < self.read_at_ns - _RACY_NS


class StoreDamaged(Exception):
    """The database cannot be read as this version's store; the message says why."""


class _Refused(Exception):
    """The store must not be used (its file is another user's); the message says why."""


class _Unusable(Exception):
    """The store is not open (refused, or stopped after an error)."""


class ResultStore:
    """The results of one ``setting`` in the store of cache folder ``folder``.

    Every method that reads answers ``None`` (a miss) when the store cannot be used; the
    first reason is kept in ``warning`` (one line, for the command to print). Writes are
    queued by ``add`` and written by ``flush`` in one short transaction.
    """

    def __init__(self, folder: Path | str, setting: Setting):
        self.folder = Path(folder)
        self.path = store_path(self.folder)
        self.setting = setting
        self.warning = ""
        self.names = feature_names()
        self._connection: sqlite3.Connection | None = None
        self._setting_id = 0
        self._pending: list[tuple[FileKey, tuple[LedgerEntry, ...], tuple[Analysed | None, ...]]] = []
        self._refresh: list[FileKey] = []  # files found by their bytes: their times recorded again
        self._identity: tuple[int, int] | None = None  # device and inode of the file opened
        self._columns = ", ".join(f"f.{quoted(name)}" for name in self.names)
        columns = ", ".join(("file_id", "position", *_ARTICLE_COLUMNS, *map(quoted, self.names)))
        marks = ", ".join("?" * (2 + len(_ARTICLE_COLUMNS) + len(self.names)))
        self._insert_features = f"INSERT INTO features ({columns}) VALUES ({marks})"
        refused = unsafe_folder_reason(self.folder)
        if refused:
            self.warning = refused
            return
        with self._guard():
            self._open()

    # ── opening ──

    def _open(self) -> None:
        try:
            self._connection = self._connect()
            self._setting_id = self._register_setting()
        except StoreDamaged as exc:
            self._start_again(str(exc))

    def _start_again(self, reason: str) -> None:
        """Move the damaged database aside and go on with a new one (rows found in the old
        one are no longer read: their analyses are built again if a command needs them)."""
        warning = self._move_aside(reason)
        self.warning = self.warning or warning
        try:
            self._connection = self._connect()
            self._setting_id = self._register_setting()
        except (StoreDamaged, _Refused, sqlite3.Error, OSError):
            self._stop(warning)

    def _connect(self) -> sqlite3.Connection:
        """Open the database (made private to the user), with the tables of this version."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        info = os.stat(self.path)
        if not stat_module.S_ISREG(info.st_mode):
            raise _Refused(f"{self.path} is not a file: the results store is not used")
        refused = unsafe_file_reason(self.path)
        if refused:
            raise _Refused(refused)
        self._identity = (info.st_dev, info.st_ino)
        connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            connection.execute("PRAGMA trusted_schema = OFF")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            with self._transaction(connection):
                create_schema(connection, self.names)
                problem = schema_problem(connection, self.names)
                if problem:
                    raise StoreDamaged(problem)
        except sqlite3.DatabaseError as exc:
            connection.close()
            if is_damage(exc):
                raise StoreDamaged(f"is damaged ({exc})") from None
            raise
        except BaseException:
            connection.close()
            raise
        return connection

    def _register_setting(self) -> int:
        now = time.time_ns()
        description = json.dumps(self.setting.description, sort_keys=True, ensure_ascii=False)
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO settings (key, description, last_used_ns) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET last_used_ns = excluded.last_used_ns",
                (self.setting.key, description, now),
            )
            connection.execute("DELETE FROM settings WHERE last_used_ns < ?", (now - _STALE_NS,))
            (setting_id,) = connection.execute(
                "SELECT id FROM settings WHERE key = ?", (self.setting.key,)
            ).fetchone()
        return setting_id

    # ── reading ──

    def row_of(self, path: str) -> FileRow | None:
        """What the store recorded of the file at ``path`` (``None``: nothing, or no store)."""
        if not _storable_path(path):
            return None
        with self._guard():
            found = (
                self._read()
                .execute(
                    "SELECT id, size, mtime_ns, ctime_ns, sha256, read_at_ns FROM files "
                    "WHERE setting_id = ? AND path = ?",
                    (self._setting_id, path),
                )
                .fetchone()
            )
            return FileRow(*found) if found is not None else None
        return None

    def refresh(self, key: FileKey) -> None:
        """Record the size and times of a file found again with the same bytes (written by
        the next ``flush``): next time its stat alone says it is unchanged."""
        if self._connection is not None:
            self._refresh.append(key)

    def load(
        self, file_id: int, path: str
    ) -> tuple[tuple[LedgerEntry, ...], tuple[Analysed | None, ...]] | None:
        """The ledger entries of the row of file ``path`` and, for each, its article (``None``
        for an entry without one), found ``StoredAt`` the path and its position; ``None``
        when the row is gone (or, after the store was started again, is another file's) or
        damaged."""
        with self._guard():
            connection = self._read()
            found = connection.execute(
                "SELECT ledger FROM files WHERE id = ? AND path = ? AND setting_id = ?",
                (file_id, path, self._setting_id),
            ).fetchone()
            if found is None:
                return None
            try:
                entries = ledger_from_json(found[0])
                articles: list[Analysed | None] = [None] * len(entries)
                for position, fingerprint, article, *values in connection.execute(
                    f"SELECT f.position, d.fingerprint, d.article, {self._columns} FROM features f "
                    "JOIN details d ON d.features_id = f.id WHERE f.file_id = ? ORDER BY f.position",
                    (file_id,),
                ):
                    features = features_from_row(self.names, tuple(values))
                    where = StoredAt(path, position)
                    articles[position] = Analysed(article_from_json(article), features, fingerprint, where)
            except (RecordError, IndexError, TypeError):
                return None  # a damaged row: the file is analysed again, and its row replaced
            return entries, tuple(articles)
        return None

    def analysis(self, at: StoredAt, article_id: str, part: str) -> str | None:
        """One JSON text of the rest of the analysis stored ``at`` (``records.AnalysisText``:
        ``part`` is ``"compared"`` or ``"detail"``); ``None`` when what is there is no longer
        article ``article_id``'s, or the store cannot be read."""
        column = _ANALYSIS_COLUMNS[part]
        with self._guard():
            found = (
                self._read()
                .execute(
                    f"SELECT d.{column} FROM files JOIN features f ON f.file_id = files.id "
                    "JOIN details d ON d.features_id = f.id WHERE files.setting_id = ? AND files.path = ? "
                    "AND f.position = ? AND f.article_id = ?",
                    (self._setting_id, at.path, at.position, article_id),
                )
                .fetchone()
            )
            return found[0] if found is not None and isinstance(found[0], str) else None
        return None

    def hold_snapshot(self) -> None:
        """From now on read the store as it is now (one read transaction, held until
        ``close``): rows found during the run stay readable if another run replaces them."""
        self.flush()
        with self._guard():
            connection = self._read()
            if not connection.in_transaction:
                connection.execute("BEGIN")
                connection.execute("SELECT count(*) FROM settings").fetchone()

    # ── writing ──

    # Files queued by ``add`` are written this many at a time (and by ``flush``).
    BATCH = 64

    def add(
        self, key: FileKey, entries: tuple[LedgerEntry, ...], articles: tuple[Analysed | None, ...]
    ) -> bool:
        """Queue the outcome of the file read as ``key``: its ledger entries and, for each
        entry, the article analysed (or ``None``), whose ``rest`` is ``records.analysis_json``'s texts.
        Whether it was queued (then it is found ``StoredAt`` its path and position)."""
        storable = all(
            a is None or (isinstance(a.rest, AnalysisText) and self._storable(a.features)) for a in articles
        )
        if self._connection is None or not storable or not _storable_path(key.path):
            return False
        self._pending.append((key, entries, articles))
        if len(self._pending) >= self.BATCH:
            self.flush()
        return self._connection is not None

    def _storable(self, features: dict) -> bool:
        """Whether the columns give ``features`` back as they are: every name, in order, as a
        number (a bool would come back as an int)."""
        return tuple(features) == self.names and set(map(type, features.values())) <= _NUMBER_TYPES

    def flush(self) -> None:
        """Write what ``add`` queued, in one short transaction (into a new store, when the
        database turns out damaged on the way)."""
        for _attempt in range(2):
            if not (self._pending or self._refresh):
                return
            with self._guard(), self._transaction() as connection:
                for key, entries, articles in self._pending:
                    self._write_file(connection, key, entries, articles)
                connection.executemany(
                    "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, read_at_ns = ? "
                    "WHERE setting_id = ? AND path = ? AND sha256 = ?",
                    [(*_stamp(k), self._setting_id, k.path, k.sha256) for k in self._refresh],
                )
                self._pending, self._refresh = [], []

    def _write_file(self, connection, key: FileKey, entries, articles) -> None:
        found = connection.execute(
            "SELECT id, sha256 FROM files WHERE setting_id = ? AND path = ?", (self._setting_id, key.path)
        ).fetchone()
        if found is not None and found[1] == key.sha256:  # another run stored the same bytes
            connection.execute(
                "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, read_at_ns = ? WHERE id = ?",
                (*_stamp(key), found[0]),
            )
            return
        if found is not None:
            connection.execute("DELETE FROM files WHERE id = ?", (found[0],))
        file_id = connection.execute(
            "INSERT INTO files (setting_id, path, size, mtime_ns, ctime_ns, sha256, read_at_ns, ledger) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (self._setting_id, key.path, key.size, key.mtime_ns, key.ctime_ns, key.sha256, key.read_at_ns)
            + (ledger_json(entries),),
        ).lastrowid
        for position, new in enumerate(articles):
            if new is None:
                continue
            row = connection.execute(
                self._insert_features, (file_id, position, *_described(new.article), *new.features.values())
            ).lastrowid
            connection.execute(
                "INSERT INTO details (features_id, fingerprint, article, analysis, detail) "
                "VALUES (?, ?, ?, ?, ?)",
                (row, new.fingerprint, article_json(new.article), *new.rest),
            )

    # ── the connection ──

    def _read(self) -> sqlite3.Connection:
        if self._connection is None:
            raise _Unusable
        return self._connection

    @contextlib.contextmanager
    def _transaction(self, connection: sqlite3.Connection | None = None) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken at once (``BEGIN IMMEDIATE``) and ended by commit or rollback."""
        connection = connection or self._read()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise
        connection.execute("COMMIT")

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Run a store operation; a damaged database is moved aside for a new one, another
        error (busy, read-only, full) ends the use of the store for this run; either way
        with a one-line ``warning``."""
        try:
            yield
        except _Unusable:
            pass
        except _Refused as exc:
            self._stop(str(exc))
        except StoreDamaged as exc:
            self._start_again(str(exc))
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                self._start_again(f"is damaged ({exc})")
            else:
                self._stop(f"{self.path}: cannot use the results store ({exc})")
        except OSError as exc:
            self._stop(f"{self.path}: cannot use the results store ({exc.strerror or exc})")

    def _stop(self, warning: str) -> None:
        self.warning = self.warning or warning
        self._pending, self._refresh = [], []
        self.close()

    def _move_aside(self, reason: str) -> str:
        """Move the damaged database aside (``store_file.move_aside``); the warning to print."""
        self.close()
        try:
            moved = move_aside(self.folder, self._identity)
        except OSError as exc:
            return f"results store {self.path} {reason}; cannot move it aside ({exc.strerror or exc})"
        self._identity = None
        if not moved:
            return f"results store {self.path} {reason}; another run has replaced it since"
        return f"results store {self.path} {reason}: moved to {MOVED_ASIDE_NAME}, a new one is started"

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()


def _storable_path(path: str) -> bool:
    """Whether SQLite can hold ``path`` as text: a name that is not UTF-8 (its bytes kept as
    lone surrogates) cannot, and its file is analysed at every run."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stamp(key: FileKey) -> tuple[int, int, int, int]:
    return key.size, key.mtime_ns, key.ctime_ns, key.read_at_ns


def _described(article: Article) -> tuple:
    """The article's columns of the ``features`` table (the date in UTC, ISO 8601)."""
    date = article.date
    if date is not None:
        date = (date.astimezone(UTC) if date.tzinfo else date.replace(tzinfo=UTC)).isoformat()
    outlet_kind = article.outlet_kind.value
    return article.id, article.path, article.outlet, outlet_kind, date, article.title, article.event
