"""Nothing a user had is lost: where ``--out`` may point, and writing that survives failures.

Every test works inside ``tmp_path`` (the current folder and ``$HOME`` are moved there);
the articles are short texts written for these tests.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing import output
from framing.cli import app
from framing.ingest import discover_files
from framing.model import LedgerStatus
from framing.output import REPORT_MARKER, atomic_directory, recover_leftovers

ROOT = Path(__file__).parents[1]
runner = CliRunner()

OUTLETS = ("示例日报", "样本通讯社", "测试广播")
PLACES = ("北京", "莫斯科", "上海", "喀山", "哈尔滨", "海参崴", "天津", "新西伯利亚")
TOPICS = ("能源合作", "边境贸易", "铁路运输", "农产品出口", "科技交流", "文化年活动", "港口建设", "金融结算")


def article_text(number: int, paragraphs: int = 4) -> str:
    """A short made-up news article in Markdown with front matter, different for each number."""
    place = PLACES[number % len(PLACES)]
    topic = TOPICS[(number * 3) % len(TOPICS)]
    body = []
    for i in range(paragraphs):
        other = PLACES[(number + i + 1) % len(PLACES)]
        body.append(
            f"据{OUTLETS[i % 3]}第{number}号报道，{place}与{other}的{topic}项目第{i + 1}期于本月启动，"
            f"官员表示将投入{number * 7 + i}亿元。专家认为，这一安排有助于双方扩大合作，"
            f"但也有分析人士指出，项目进度仍取决于{TOPICS[(number + i) % len(TOPICS)]}的进展。"
        )
    return (
        f"---\ntitle: {place}{topic}新进展第{number}篇\noutlet: {OUTLETS[number % 3]}\n"
        f"date: 2024-03-{number % 27 + 1:02d}\n---\n\n" + "\n\n".join(body) + "\n"
    )


def write_corpus(folder: Path, count: int = 3, paragraphs: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"article_{number:03d}.md").write_text(article_text(number, paragraphs), encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes | str | None]:
    """Every path under ``folder`` (hidden ones too) with its bytes, its link target, or
    ``None`` for a folder."""

    def content(path: Path) -> bytes | str | None:
        if path.is_symlink():
            return os.readlink(path)
        return None if path.is_dir() else path.read_bytes()

    return {str(p.relative_to(folder)): content(p) for p in sorted(folder.rglob("*"))}


def one_line_error(result) -> str:
    """The refusal: a non-zero exit, nothing on stdout, one line on stderr."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """tmp/work is the current folder, tmp/home the home folder, tmp/data/corpus the input."""
    (tmp_path / "work").mkdir()
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write_corpus(tmp_path / "data" / "corpus")
    return tmp_path


# ── where --out may point ────────────────────────────────────────────────────


def _notes_file(tmp: Path) -> str:
    (tmp / "work" / "notes.txt").write_text("my notes\n", encoding="utf-8")
    return "notes.txt"


def _class_folder(tmp: Path) -> str:
    (tmp / "home" / "class").mkdir()
    (tmp / "home" / "class" / "lesson_plan.docx").write_bytes(b"PK\x03\x04 a lesson plan")
    return str(tmp / "home" / "class")


def _link_to_report(tmp: Path) -> str:
    (tmp / "work" / "real").mkdir()
    (tmp / "work" / "real" / REPORT_MARKER).write_text("", encoding="utf-8")
    (tmp / "work" / "link").symlink_to(tmp / "work" / "real")
    return "link"


REFUSED = [
    ("existing file", _notes_file, "an existing file"),
    ("folder of other files", _class_folder, "not a framing report"),
    ("the input folder", lambda tmp: str(tmp / "data" / "corpus"), "it is the input"),
    ("inside the input", lambda tmp: str(tmp / "data" / "corpus" / "report"), "inside the input folder"),
    ("parent of the input", lambda tmp: str(tmp / "data"), "it holds the input"),
    ("current folder", lambda tmp: ".", "the current folder"),
    ("parent of the current folder", lambda tmp: "..", "a parent of the current folder"),
    ("home folder", lambda tmp: str(tmp / "home"), "the home folder"),
    ("filesystem root", lambda tmp: "/", "the filesystem root"),
    ("symbolic link", _link_to_report, "a symbolic link"),
]


@pytest.mark.parametrize(("case", "make_out", "reason"), REFUSED, ids=[c[0] for c in REFUSED])
def test_report_refuses_dangerous_out_with_one_line_and_touches_nothing(workspace, case, make_out, reason):
    out = make_out(workspace)
    before = snapshot(workspace)
    result = runner.invoke(app, ["report", str(workspace / "data" / "corpus"), "--out", out, "--no-cache"])
    line = one_line_error(result)
    assert line.startswith(f"framing: cannot write {out}: ") and reason in line, line
    assert snapshot(workspace) == before  # nothing deleted, nothing hidden left behind


def test_a_manifest_folder_is_an_input_too(workspace):
    manifest_folder = workspace / "work" / "meta"
    manifest_folder.mkdir()
    (manifest_folder / "manifest.csv").write_text("file,outlet\n", encoding="utf-8")
    result = runner.invoke(
        app, ["report", "../data/corpus", "--manifest", "meta/manifest.csv", "--out", "meta", "--no-cache"]
    )
    assert "it holds the input meta/manifest.csv" in one_line_error(result)
    assert (manifest_folder / "manifest.csv").is_file()


def test_report_writes_a_new_folder_replaces_its_own_report_and_an_empty_folder(workspace):
    corpus = str(workspace / "data" / "corpus")
    (workspace / "work" / "empty").mkdir()
    first = runner.invoke(app, ["report", corpus, "--out", "empty", "--no-cache", "-j", "1"])
    assert first.exit_code == 0, first.output
    report = workspace / "work" / "empty"
    assert (report / REPORT_MARKER).is_file() and (report / "report.html").is_file()
    (report / "stale.txt").write_text("from an older report", encoding="utf-8")
    again = runner.invoke(app, ["report", corpus, "--out", "empty", "--no-cache", "-j", "1"])
    assert again.exit_code == 0, again.output
    assert not (report / "stale.txt").exists() and (report / "report.html").is_file()
    assert sorted(p.name for p in (workspace / "work").iterdir()) == ["empty"]  # no hidden leftovers


def test_a_report_from_before_the_marker_can_be_replaced(tmp_path):
    old = tmp_path / "old"
    for name in ("charts", "tables"):
        (old / name).mkdir(parents=True)
    (old / "report.html").write_text("<html></html>", encoding="utf-8")
    (old / "report.md").write_text("# report", encoding="utf-8")
    output.check_report_folder(old)  # accepted
    (old / "lesson_plan.docx").write_bytes(b"a teacher's file")
    with pytest.raises(output.OutputError, match="not a framing report"):
        output.check_report_folder(old)


# ── report folders among the inputs ──────────────────────────────────────────


def test_a_report_folder_among_the_inputs_is_skipped_not_read(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", count=2)
    report = corpus / "report"
    (report / "charts").mkdir(parents=True)
    (report / REPORT_MARKER).write_text("", encoding="utf-8")
    (report / "report.md").write_text(article_text(7), encoding="utf-8")
    (report / "charts" / "timeline.svg").write_text("<svg></svg>", encoding="utf-8")
    for found in (discover_files([corpus]), discover_files([report])):
        entries = [item for item in found if not isinstance(item, Path)]
        files = [item for item in found if isinstance(item, Path)]
        assert not any(report in f.parents for f in files)
        assert [(e.path, e.status, e.reason) for e in entries] == [
            (str(report), LedgerStatus.SKIPPED, "framing report folder")
        ]


# ── replacing a report: atomic, and nothing hidden left behind ──────────────


def _earlier_report(path: Path, text: str = "previous") -> Path:
    path.mkdir(parents=True)
    (path / REPORT_MARKER).write_text("", encoding="utf-8")
    (path / "report.md").write_text(text, encoding="utf-8")
    return path


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_a_failure_while_writing_leaves_the_previous_report_and_no_hidden_folder(tmp_path):
    report = _earlier_report(tmp_path / "r")
    with pytest.raises(RuntimeError), atomic_directory(report) as tmp:
        (tmp / "report.md").write_text("half", encoding="utf-8")
        raise RuntimeError("failed half-way")
    assert os.listdir(tmp_path) == ["r"] and (report / "report.md").read_text() == "previous"


def test_an_interrupt_between_the_two_renames_puts_the_previous_report_back(tmp_path, monkeypatch):
    report = _earlier_report(tmp_path / "r")
    monkeypatch.setattr(output, "_exchange", lambda first, second: False)  # the two-rename way
    real_replace = os.replace

    def interrupted(source, target):
        if Path(target) == report and Path(source).name.endswith(".tmp"):
            raise KeyboardInterrupt  # Ctrl-C just after the previous report was moved aside
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt), atomic_directory(report) as tmp:
        (tmp / "report.md").write_text("new", encoding="utf-8")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["r"] and (report / "report.md").read_text() == "previous"


@pytest.mark.parametrize("exchange", [True, False], ids=["one-step swap", "two renames"])
def test_replacing_a_report_keeps_only_the_new_one(tmp_path, monkeypatch, exchange):
    report = _earlier_report(tmp_path / "r")
    if not exchange:
        monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    with atomic_directory(report) as tmp:
        (tmp / "report.md").write_text("new", encoding="utf-8")
    assert os.listdir(tmp_path) == ["r"]
    assert sorted(os.listdir(report)) == [REPORT_MARKER, "report.md"]
    assert (report / "report.md").read_text() == "new"


def test_a_folder_that_stopped_being_a_report_meanwhile_is_not_replaced(tmp_path):
    report = _earlier_report(tmp_path / "r")
    check = partial(output.check_report_folder, report)
    with pytest.raises(output.OutputError) as refused, atomic_directory(report, check=check) as tmp:
        (tmp / "report.md").write_text("new", encoding="utf-8")
        (report / REPORT_MARKER).unlink()  # while the report was being built
    assert str(refused.value) == (
        f"cannot write {report}: a folder that is not empty and not a framing report "
        f"(no {REPORT_MARKER} file in it)"
    )
    assert os.listdir(tmp_path) == ["r"] and (report / "report.md").read_text() == "previous"


def test_sigterm_while_writing_cleans_up(tmp_path):
    report = _earlier_report(tmp_path / "r")
    script = textwrap.dedent(
        f"""
        import os, signal
        from framing.output import atomic_directory
        with atomic_directory({str(report)!r}) as tmp:
            (tmp / "report.md").write_text("new", encoding="utf-8")
            os.kill(os.getpid(), signal.SIGTERM)
            (tmp / "after.txt").write_text("not reached", encoding="utf-8")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], env=_env(), capture_output=True, text=True)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert os.listdir(tmp_path) == ["r"] and (report / "report.md").read_text() == "previous"


def test_a_later_run_cleans_up_after_a_killed_one(tmp_path):
    report = _earlier_report(tmp_path / "r")
    script = textwrap.dedent(
        f"""
        import sys, time
        from framing.output import atomic_directory
        with atomic_directory({str(report)!r}) as tmp:
            (tmp / "report.md").write_text("half", encoding="utf-8")
            print("writing", flush=True)
            time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], env=_env(), stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "writing\n"
    child.kill()
    child.wait()
    child.stdout.close()
    assert len(os.listdir(tmp_path)) == 2  # the killed run's temporary folder is still there
    with atomic_directory(report) as tmp:
        (tmp / "report.md").write_text("new", encoding="utf-8")
    assert os.listdir(tmp_path) == ["r"] and (report / "report.md").read_text() == "new"


def test_a_kill_between_the_renames_is_repaired_by_the_next_run(tmp_path):
    pid = _dead_pid()
    aside = _earlier_report(tmp_path / f".r.framing-{pid}-abc123.old")  # the previous report, moved aside
    half = _earlier_report(tmp_path / f".r.framing-{pid}-def456.tmp", "half")  # the new one, unfinished
    assert recover_leftovers(tmp_path / "r") == [aside, half]
    assert os.listdir(tmp_path) == ["r"] and (tmp_path / "r" / "report.md").read_text() == "previous"


def test_only_provable_leftovers_are_touched(tmp_path):
    dead, alive = _dead_pid(), os.getppid()
    kept = [
        _earlier_report(tmp_path / f".r.framing-{alive}-aaa.tmp"),  # its run is still going
        tmp_path / f".r.framing-{dead}-bbb.tmp",  # no marker: not provably ours
        _earlier_report(tmp_path / f".other.framing-{dead}-ccc.tmp"),  # another output's
        _earlier_report(tmp_path / ".r.notes"),  # the user's
    ]
    kept[1].mkdir()
    (kept[1] / "thesis.tex").write_text("mine", encoding="utf-8")
    assert recover_leftovers(tmp_path / "r") == []
    assert all(path.exists() for path in kept)


# ── files: ingest and analyze ────────────────────────────────────────────────


def test_ingest_into_a_folder_is_one_line(workspace):
    (workspace / "work" / "existing_folder").mkdir()
    result = runner.invoke(app, ["ingest", "../data/corpus", "--out", "existing_folder", "-q"])
    assert one_line_error(result) == "framing: cannot write existing_folder: Is a directory"
    assert os.listdir(workspace / "work" / "existing_folder") == []


@pytest.mark.parametrize("command", ["ingest", "analyze"])
@pytest.mark.parametrize(
    ("source", "out", "reason"),
    [
        ("../data/corpus/article_001.md", "../data/corpus/article_001.md", "it is the input"),
        ("../data/corpus", "../data/corpus/article_001.md", "inside the input folder ../data/corpus"),
        ("../data/corpus", "../data/corpus/articles.jsonl", "inside the input folder ../data/corpus"),
    ],
)
def test_a_file_output_never_lands_on_or_in_an_input(workspace, command, source, out, reason):
    before = snapshot(workspace)
    args = [command, source, "--out", out] + (["-q"] if command == "ingest" else ["--no-cache"])
    assert reason in one_line_error(runner.invoke(app, args))
    assert snapshot(workspace) == before


def test_the_ledger_never_overwrites_an_input_or_the_articles(workspace):
    source = workspace / "data" / "corpus" / "article_000.md"
    kept = source.read_bytes()
    result = runner.invoke(app, ["ingest", str(source), "--out", "a.jsonl", "--ledger", str(source), "-q"])
    assert "it is the input" in one_line_error(result)
    result = runner.invoke(app, ["ingest", str(source), "--out", "a.jsonl", "--ledger", "a.jsonl", "-q"])
    assert "the ledger would overwrite the articles file" in one_line_error(result)
    assert source.read_bytes() == kept and os.listdir(".") == []


def test_an_earlier_output_file_is_overwritten(workspace):
    Path("a.jsonl").write_text("old\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "../data/corpus", "--out", "a.jsonl", "-q"])
    assert result.exit_code == 0, result.output
    assert Path("a.jsonl").read_text(encoding="utf-8").count("\n") == 3


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_output_files_keep_the_users_umask(workspace, umask):
    previous = os.umask(umask)
    try:
        result = runner.invoke(app, ["ingest", "../data/corpus", "--out", "a.jsonl", "-q"])
        analyzed = runner.invoke(
            app, ["analyze", "../data/corpus", "-f", "csv", "--out", "f.csv", "--no-cache"]
        )
    finally:
        os.umask(previous)
    assert result.exit_code == 0 and analyzed.exit_code == 0, result.output + analyzed.output
    for name in ("a.jsonl", "a.ledger.jsonl", "f.csv"):
        assert stat.S_IMODE(os.stat(name).st_mode) == 0o666 & ~umask, name


# ── a full disk ──────────────────────────────────────────────────────────────


class _FullDisk:
    """A file handle whose writes fail as on a full disk."""

    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def fileno(self):
        return self.handle.fileno()

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _disk_full_for_files(monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(output.os, "fdopen", lambda fd, *args, **kw: _FullDisk(real_fdopen(fd, *args, **kw)))


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "../data/corpus", "--out", "a.jsonl", "-q"],
        ["analyze", "../data/corpus", "-f", "jsonl", "--out", "a.jsonl", "--no-cache"],
    ],
    ids=["ingest", "analyze"],
)
def test_a_full_disk_is_one_line_and_leaves_nothing(workspace, monkeypatch, args):
    Path("a.jsonl").write_text("earlier run\n", encoding="utf-8")
    _disk_full_for_files(monkeypatch)
    line = one_line_error(runner.invoke(app, args))
    assert line == "framing: cannot write a.jsonl: No space left on device"
    assert os.listdir(".") == ["a.jsonl"] and Path("a.jsonl").read_text() == "earlier run\n"


def test_a_full_disk_while_writing_the_report_is_one_line_and_keeps_the_previous(workspace, monkeypatch):
    report = _earlier_report(workspace / "work" / "r")
    real_write_bytes = Path.write_bytes

    def write_bytes(self, data):
        if self.suffix == ".png":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    result = runner.invoke(app, ["report", "../data/corpus", "--out", "r", "--no-cache", "-j", "1"])
    assert one_line_error(result) == "framing: cannot write r: No space left on device"
    assert os.listdir(".") == ["r"] and (report / "report.md").read_text() == "previous"


# ── no absolute path in the report ───────────────────────────────────────────


def test_the_report_shows_no_absolute_path(workspace):
    corpus = workspace / "data" / "corpus"
    (corpus / "loop").symlink_to(corpus)  # its ledger reason names the folder it loops to
    inputs = [str(corpus), "/nonexistent-framing-input/article.md"]  # the inputs' common folder is /
    result = runner.invoke(app, ["report", *inputs, "--out", "r", "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    written = [p for p in Path("r").rglob("*") if p.suffix in (".html", ".md", ".csv")]
    assert len(written) > 5
    for path in written:
        text = path.read_text(encoding="utf-8-sig")
        assert str(workspace).lstrip("/") not in text, path
        assert "nonexistent-framing-input" not in text, path
    assert "<code>article_000.md</code>" in Path("r/report.html").read_text(encoding="utf-8")


# ── pool workers end with their parent ───────────────────────────────────────


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_pool_workers_exit_when_the_main_process_is_killed(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", count=40, paragraphs=60)
    parent = subprocess.Popen(
        [sys.executable, "-m", "framing", "analyze", str(corpus), "--jobs", "2", "--no-cache", "-f", "jsonl"],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and parent.poll() is None and time.monotonic() < deadline:
            workers = _children(parent.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the run ended before its pool could be seen"
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 60
        while any(_running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_running(w) for w in workers)
        parent.stdout.read()  # end of file: no worker holds the pipe any more
    finally:
        parent.kill()
        for worker in workers:
            if _running(worker):
                os.kill(worker, signal.SIGKILL)
        parent.stdout.close()
