"""The results store's database file: where it is, its tables, whether to trust it, moving it aside.

The file is ``results.sqlite3`` in the cache folder (``framing.paths.default_cache_dir``),
an SQLite database; ``framing cache info`` prints where. Open it with the ``sqlite3``
shell to query it:

``settings``  one row for each combination of what shapes a result besides the file: the
              framing version, the store format, the ingest options (with the digests of
              the manifest and outlet-map files they name), the lexicons and the claim
              model (``description``, JSON; ``key``, a digest of it).
``files``     one row per input file and setting: ``path``, ``size``, ``mtime_ns``,
              ``ctime_ns``, ``sha256`` of its bytes, when they were read (``read_at_ns``),
              and the ledger entries the file gave (``ledger``, JSON).
``features``  one row per article: its file (``file_id``) and place in it (``position``),
              ``article_id``, ``path``, ``outlet``, ``outlet_kind``, ``date`` (UTC), ``title``,
              ``event``, then one column per feature (the numbers as computed: counts are
              integers, densities and shares reals; SQLite keeps NaN as NULL).
``details``   per article (``features_id``): its MinHash fingerprint, the article (JSON), and
              the rest of its analysis in two JSON texts: what comparing outlets and events
              reads (``analysis``: tokens, sources) and what a report shows of an article
              (``detail``: sentences, quotes, loaded-term and marker hits).

For example ``SELECT outlet, avg(loaded_term_density) FROM features GROUP BY outlet``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat as stat_module
from collections.abc import Sequence
from pathlib import Path

# Bump when the stored records or the analysis change in a way framing's version does not say.
STORE_FORMAT = 3  # 2: SourceMention.canonical; 3: the analysis in two texts (analysis, detail)
STORE_NAME = "results.sqlite3"
MOVED_ASIDE_NAME = "results.old.sqlite3"
SUFFIXES = ("", "-wal", "-shm")  # the database and the files SQLite keeps beside it
APPLICATION_ID = 0x46524D47  # "FRMG" in the file's header: the file is framing's
# How long a run waits for another to finish writing before it gives up on the store.
BUSY_SECONDS = 30.0


def store_path(folder: Path | str) -> Path:
    """Where the results store of cache folder ``folder`` is."""
    return Path(folder) / STORE_NAME


def unsafe_folder_reason(folder: Path) -> str:
    """Why ``folder`` cannot be trusted with the store (``""`` when it can, or does not exist):
    it must be the user's own and not writable by group or others. Where there are no
    user ids (Windows) every folder is trusted."""
    if not hasattr(os, "getuid"):
        return ""
    try:
        info = os.stat(folder)
    except OSError:
        return ""  # not there yet: it is created by this user, for this user
    if not stat_module.S_ISDIR(info.st_mode):
        return f"{folder} is not a folder: the results store is not used"
    if info.st_uid != os.getuid():
        return f"{folder} belongs to another user: the results store is not used"
    if info.st_mode & 0o022:
        return f"{folder} is writable by other users: the results store is not used"
    return ""


def unsafe_file_reason(path: Path) -> str:
    """Why the database file cannot be trusted (``""`` when it can): another user's, or
    writable by others."""
    info = os.stat(path)
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return f"{path} is not private to this user: the results store is not used"
    return ""


def schema(names: Sequence[str]) -> list[str]:
    """The statements that create the store's tables, with one column per feature in ``names``."""
    features = ", ".join(map(quoted, names))
    return [
        "CREATE TABLE settings (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
        "description TEXT NOT NULL, last_used_ns INTEGER NOT NULL)",
        "CREATE TABLE files (id INTEGER PRIMARY KEY, "
        "setting_id INTEGER NOT NULL REFERENCES settings(id) ON DELETE CASCADE, path TEXT NOT NULL, "
        "size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL, "
        "read_at_ns INTEGER NOT NULL, ledger TEXT NOT NULL, UNIQUE (setting_id, path))",
        "CREATE TABLE features (id INTEGER PRIMARY KEY, "
        "file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE, position INTEGER NOT NULL, "
        "article_id TEXT NOT NULL, path TEXT, outlet TEXT, outlet_kind TEXT, date TEXT, title TEXT, "
        f"event TEXT, {features}, UNIQUE (file_id, position))",
        "CREATE TABLE details (features_id INTEGER PRIMARY KEY REFERENCES features(id) ON DELETE CASCADE, "
        "fingerprint BLOB, article TEXT NOT NULL, analysis TEXT NOT NULL, detail TEXT NOT NULL)",
    ]


def quoted(name: str) -> str:
    """``name`` as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def create_schema(connection: sqlite3.Connection, names: Sequence[str]) -> None:
    """Create the tables in an empty database (inside the caller's transaction)."""
    if _objects(connection) or _pragma(connection, "user_version") != 0:
        return
    for statement in schema(names):
        connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {STORE_FORMAT}")
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def schema_problem(connection: sqlite3.Connection, names: Sequence[str]) -> str:
    """Why the database is not this version's store (``""`` when it is): its tables,
    indexes, triggers and views must be exactly those ``schema`` creates."""
    if _pragma(connection, "application_id") != APPLICATION_ID:
        return "is not a framing results store"
    version = _pragma(connection, "user_version")
    if version != STORE_FORMAT:
        return f"has store format {version}, not {STORE_FORMAT}"
    memory = sqlite3.connect(":memory:")
    try:
        for statement in schema(names):
            memory.execute(statement)
        expected = _objects(memory)
    finally:
        memory.close()
    return "" if _objects(connection) == expected else "has other tables than this version of framing writes"


def _objects(connection: sqlite3.Connection) -> set[tuple]:
    return set(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


def _pragma(connection: sqlite3.Connection, name: str) -> int:
    return connection.execute(f"PRAGMA {name}").fetchone()[0]


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether the error says the file is not a database or is malformed (not: busy, full, read-only)."""
    name = getattr(exc, "sqlite_errorname", "")
    return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or type(exc) is sqlite3.DatabaseError


def move_aside(folder: Path, identity: tuple[int, int] | None) -> bool:
    """Move ``results.sqlite3`` (and its write-ahead log) of ``folder`` to ``results.old.sqlite3``,
    replacing an earlier one; only when it is still the file ``identity`` (device, inode)
    names, so a store another run has just started is left alone. Whether it was moved."""
    path = store_path(folder)
    info = os.stat(path)
    if identity is not None and identity != (info.st_dev, info.st_ino):
        return False
    aside = folder / MOVED_ASIDE_NAME
    for suffix in SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{aside}{suffix}")
    for suffix in SUFFIXES[:2]:
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(f"{path}-shm")  # the log's index: SQLite builds it again
    return True


def store_files(folder: Path | str) -> list[Path]:
    """The files of the store (and of one moved aside) that exist in ``folder``."""
    folder = Path(folder)
    names = [f"{name}{suffix}" for name in (STORE_NAME, MOVED_ASIDE_NAME) for suffix in SUFFIXES]
    return [folder / name for name in names if (folder / name).is_file()]


def clear_store(folder: Path | str) -> list[Path]:
    """Remove the store's files (and a store moved aside) from ``folder``; what was removed."""
    removed = []
    for path in store_files(folder):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def store_summary(folder: Path | str, names: Sequence[str]) -> dict:
    """Where the store is (``path``), its size (``bytes``), and each setting with its rows
    (``settings``), read without writing; ``problem``: why the store cannot be used or
    read, else empty. ``names``: the feature names of this version."""
    folder = Path(folder)
    path = store_path(folder)
    summary: dict = {
        "path": path,
        "bytes": sum(f.stat().st_size for f in store_files(folder)),
        "settings": [],
    }
    summary["problem"] = unsafe_folder_reason(folder)
    if summary["problem"] or not path.is_file():
        return summary
    try:
        connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            connection.execute("PRAGMA trusted_schema = OFF")
            problem = schema_problem(connection, names)
            if problem:
                summary["problem"] = f"{path} {problem}: the next run moves it aside"
                return summary
            summary["settings"] = [
                {"key": key, "description": json.loads(text), "last_used_ns": used, "files": files}
                | {"articles": articles}
                for key, text, used, files, articles in connection.execute(
                    "SELECT s.key, s.description, s.last_used_ns, "
                    "(SELECT count(*) FROM files WHERE setting_id = s.id), "
                    "(SELECT count(*) FROM features f JOIN files ON files.id = f.file_id "
                    "WHERE files.setting_id = s.id) FROM settings s ORDER BY s.last_used_ns DESC"
                )
            ]
        finally:
            connection.close()
    except (sqlite3.Error, ValueError) as exc:
        summary["problem"] = f"{path} cannot be read ({exc}): the next run moves it aside"
    return summary
