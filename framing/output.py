"""Where the tool may write, and writing so that nothing a user had is lost.

Every command that writes asks this module first (``check_report_folder``,
``check_output_file``): a report folder may only replace an earlier report (it holds the
marker file ``.framing-report``) or an empty or new folder; an output file never lands on
or inside an input. The checks are an ordered list of small rules, each returning the
reason it refuses or ``None``.

Then everything is written to a temporary sibling first and moved into place, which is
atomic on one filesystem: a failed, refused or interrupted run (an exception, Ctrl-C,
SIGTERM) leaves the previous output as it was and no temporary files. A run killed
outright (``kill -9``) can leave its temporary folder, or the previous report moved
aside; the next run that writes beside them removes, or puts back, what it can prove is
a framing leftover (its name, its marker file, and a dead owner process).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from framing.errors import FramingError

REPORT_MARKER = ".framing-report"
MARKER_TEXT = "This folder is a report written by framing; `framing report --out` may replace it.\n"
# What a report folder held before the marker existed: such a folder is still recognised.
_UNMARKED_REPORT = frozenset({"report.html", "report.md", "charts", "tables"})


class OutputError(FramingError, OSError):
    """An output the tool refuses to write, or could not write; names the path and the reason.

    An ``OSError`` too, so that a caller catching write errors (the cache) still does.
    """

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"cannot write {path}: {reason}")
        self.path = str(path)
        self.reason = reason


# ── where writing is allowed ─────────────────────────────────────────────────

Rule = Callable[[Path, tuple[Path, ...]], str | None]


def is_report_folder(folder: Path | str) -> bool:
    """Whether ``folder`` is a report this tool wrote (it holds ``REPORT_MARKER``)."""
    return os.path.isfile(os.path.join(folder, REPORT_MARKER))


def _real(path: Path | str) -> Path:
    return Path(os.path.realpath(path))


def _symlink(target: Path, inputs: tuple[Path, ...]) -> str | None:
    if target.is_symlink():
        return "a symbolic link; give the folder or file it points to"
    return None


def _existing_file(target: Path, inputs: tuple[Path, ...]) -> str | None:
    if target.exists() and not target.is_dir():
        return "an existing file, not a report folder"
    return None


def _protected_folder(target: Path, inputs: tuple[Path, ...]) -> str | None:
    real = _real(target)
    if real == Path(real.anchor):
        return "the filesystem root"
    if real == _real(Path.home()):
        return "the home folder"
    cwd = _real(Path.cwd())
    if real == cwd:
        return "the current folder"
    if cwd.is_relative_to(real):
        return "a parent of the current folder"
    return None


def _overlaps_input(target: Path, inputs: tuple[Path, ...]) -> str | None:
    real = _real(target)
    for given in inputs:
        source = _real(given)
        if real == source:
            return f"it is the input {given}"
        if real.is_relative_to(source):
            return f"inside the input folder {given}"
        if source.is_relative_to(real):
            return f"it holds the input {given}"
    return None


def _foreign_folder(target: Path, inputs: tuple[Path, ...]) -> str | None:
    if not target.is_dir() or is_report_folder(target):
        return None
    try:
        names = {entry.name for entry in os.scandir(target)}
    except OSError as exc:
        return f"cannot read the folder: {exc.strerror or exc}"
    if names and not ("report.html" in names and names <= _UNMARKED_REPORT):
        return f"a folder that is not empty and not a framing report (no {REPORT_MARKER} file in it)"
    return None


# The order of the rules is the order their reasons are worth telling.
REPORT_FOLDER_RULES: tuple[Rule, ...] = (
    _symlink,
    _existing_file,
    _protected_folder,
    _overlaps_input,
    _foreign_folder,
)


def _not_a_regular_file(target: Path, inputs: tuple[Path, ...]) -> str | None:
    if target.is_dir():
        return "Is a directory"
    if target.exists() and not target.is_file():
        return "not a regular file"
    return None


OUTPUT_FILE_RULES: tuple[Rule, ...] = (_not_a_regular_file, _overlaps_input)


def _check(target: Path | str, inputs: Iterable[Path | str], rules: tuple[Rule, ...]) -> None:
    target = Path(target)
    given = tuple(Path(p) for p in inputs)
    for rule in rules:
        reason = rule(target, given)
        if reason is not None:
            raise OutputError(target, reason)


def check_report_folder(
    folder: Path | str, inputs: Iterable[Path | str] = (), *, input_files: Iterable[str] = ()
) -> None:
    """Raise ``OutputError`` unless ``folder`` may be (re)placed by a report.

    Allowed: a folder that does not exist yet, an empty one, or an earlier report.
    Refused: an existing file, a symbolic link, a non-empty folder that is not a
    report, the filesystem root, the home folder, the current folder or one of its
    parents, any folder that is, holds or lies inside one of ``inputs``, and any folder
    that holds one of ``input_files`` (the files read, as the ledger names them).
    """
    _check(folder, inputs, REPORT_FOLDER_RULES)
    real = _real(folder)
    # by their folders: a ledger can name 100,000 files, and they share a few folders
    for parent in sorted({os.path.dirname(os.path.abspath(f)) for f in input_files}):
        if _real(parent).is_relative_to(real):
            raise OutputError(folder, f"it holds input files (in {parent})")


def check_output_file(path: Path | str, inputs: Iterable[Path | str] = ()) -> None:
    """Raise ``OutputError`` unless ``path`` may be written as an output file.

    An existing regular file is overwritten (a re-run); a folder, a device or pipe, one
    of ``inputs`` or a file inside an input folder is refused.
    """
    _check(path, inputs, OUTPUT_FILE_RULES)


# ── writing ──────────────────────────────────────────────────────────────────


def _umask() -> int:
    """The process's umask, read without changing it where Linux shows it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    # os.umask can only be read by setting it: restored at once, a moment another thread
    # creating a file could see
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While writing, SIGTERM raises ``SystemExit`` so that cleanup runs, as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def atomic_write_bytes(
    path: Path | str, data: bytes, *, durable: bool = True, mode: int | None = None
) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one.

    ``durable`` flushes the data to disk before the rename, so a crash cannot leave an
    empty file behind; a cache, which treats a damaged entry as a miss, can skip that.
    ``mode``: the file's permissions; by default what the user's umask gives a new file.
    Raises ``OutputError`` (naming ``path`` and the reason) when the file cannot be written.
    """
    path = Path(path)
    mode = 0o666 & ~_umask() if mode is None else mode
    with _terminate_as_exit():
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                os.chmod(tmp, mode)  # mkstemp makes the file private
                handle.write(data)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError) and not isinstance(exc, OutputError):
                raise OutputError(path, exc.strerror or str(exc)) from exc
            raise


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# Temporary siblings of a folder being written: ".NAME.framing-PID-RANDOM.tmp" holds the new
# folder; ".NAME.framing-PID-RANDOM.old" the previous one while they are swapped.
def _sibling_prefix(path: Path) -> str:
    return f".{path.name}.framing-{os.getpid()}-"


def _leftover_pattern(path: Path) -> re.Pattern:
    return re.compile(rf"\.{re.escape(path.name)}\.framing-(\d+)-[^/]*\.(tmp|old)")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def recover_leftovers(path: Path | str) -> list[Path]:
    """Clean up after earlier runs killed while writing the folder ``path``.

    Only siblings this module names (``.NAME.framing-PID-….tmp`` / ``.old``) that hold the
    report marker and whose process is gone are touched: a new folder left half-written is
    removed; a previous report moved aside is put back when ``path`` is missing (a kill
    between the two renames of a swap), else removed. Returns the leftovers handled.
    """
    path = Path(path)
    pattern = _leftover_pattern(path)
    try:
        siblings = sorted(os.scandir(path.parent), key=lambda e: e.name)
    except OSError:
        return []
    handled = []
    for entry in siblings:
        match = pattern.fullmatch(entry.name)
        if match is None or not entry.is_dir(follow_symlinks=False) or not is_report_folder(entry.path):
            continue
        if int(match.group(1)) == os.getpid() or _process_alive(int(match.group(1))):
            continue
        leftover = Path(entry.path)
        if match.group(2) == "old" and not os.path.lexists(path):
            os.replace(leftover, path)
        else:
            _remove_marked(leftover)
        handled.append(leftover)
    return handled


def _remove_marked(folder: Path) -> None:
    """Remove a folder of ours, its marker last: interrupted half-way, it is still provably
    ours and ``recover_leftovers`` finishes the job."""
    for entry in os.scandir(folder):
        if entry.name == REPORT_MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); ``False``
    where the platform or the filesystem cannot, and nothing was done."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def _swap_into_place(tmp: Path, path: Path) -> None:
    """Put the finished folder ``tmp`` at ``path``; the previous folder there is removed.

    ``path`` is never missing where the filesystem can swap two names in one step; else
    the previous folder is moved aside first and put back if the second rename fails
    or is interrupted (a kill -9 in between is repaired by ``recover_leftovers``).
    """
    if not os.path.lexists(path):
        os.replace(tmp, path)
        return
    if _exchange(tmp, path):
        _remove_marked(tmp)  # it now holds the previous folder
        return
    old = tmp.with_name(tmp.name[: -len(".tmp")] + ".old")
    os.replace(path, old)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.replace(old, path)
        raise
    _remove_marked(old)


@contextmanager
def atomic_directory(path: Path | str, *, check: Callable[[], None] | None = None) -> Iterator[Path]:
    """Yield a fresh temporary folder holding the report marker; on success it replaces ``path``.

    On failure or interruption (an exception, Ctrl-C, SIGTERM) the temporary folder is
    removed and ``path`` is left as it was. Leftovers of killed earlier runs are cleaned up
    first (``recover_leftovers``). ``check`` runs again right before the swap (the folder
    may have changed while the report was built) and may refuse with ``OutputError``.
    Raises ``OutputError`` (naming ``path``) when the folder cannot be written.
    """
    path = Path(path)
    with _terminate_as_exit():
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            recover_leftovers(path)
            tmp = Path(tempfile.mkdtemp(prefix=_sibling_prefix(path), suffix=".tmp", dir=path.parent))
            tmp.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a report is meant to be read
            (tmp / REPORT_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            yield tmp
            if check is not None:
                check()
            _swap_into_place(tmp, path)
        except BaseException as exc:
            if tmp is not None and tmp.exists():
                _remove_marked(tmp)
            if isinstance(exc, OSError) and not isinstance(exc, OutputError):
                raise OutputError(path, exc.strerror or str(exc)) from exc
            raise
