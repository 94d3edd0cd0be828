"""Every command that reads news takes the same input options, and every command that analyses
the same run options, declared once (``framing.cli.options``) and meaning the same everywhere.

Each option is checked by what it does to the articles a command reports (their file, outlet,
title, date, sources), read from each command's own output: ingest's JSONL, analyze's JSONL,
explain's JSON cards, events' CSV, the report's articles.csv. One option a run for the quick
commands; the report (about ten seconds a run) takes every option in one run.
"""

from __future__ import annotations

import csv
import inspect
import json
import re
import threading
import time
from dataclasses import fields
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from framing.cli import analyze, events, explain, ingest, options, report
from framing.cli.app import app
from framing.cli.options import InputOptions, RunChoices
from tests.local_site import QuietServer

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PLAIN = FIXTURES / "plain.txt"  # titled 示例纯文本新闻标题, no outlet, no date
DIGEST = FIXTURES / "cctv_digest.md"  # three stories, one about China and Russia
READING = ("ingest", "analyze", "report", "explain", "events")  # commands that read news
ANALYSING = ("analyze", "report", "explain", "events")  # … and analyse it
QUICK = tuple(c for c in READING if c != "report")
QUICK_ANALYSING = tuple(c for c in ANALYSING if c != "report")
FUNCTIONS = {
    "ingest": ingest.ingest,
    "analyze": analyze.analyze_command,
    "report": report.report_command,
    "explain": explain.explain_command,
    "events": events.events_command,
}
LINKED = "外部文章\n\n图书馆新增了一批俄语原版图书，周末开放借阅。\n"
PASTED = "两国代表团周四在边境城市举行会谈，双方同意扩大农产品贸易。\n\n会谈持续了三个小时。\n"

runner = CliRunner()


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    """Each test in a folder of its own, with a results store of its own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))


def seen(command: str, *args, stdin: str | None = None, expect_ok: bool = True):
    """The articles ``framing <command> <args>`` reports, as dicts of file (name), outlet,
    title, date (ISO day or ""), sources (count; events: its event id), and the result."""
    out = Path(f"out-{command}-{time.monotonic_ns()}")
    extra = {
        "ingest": ["-o", f"{out}.jsonl"],
        "analyze": ["-f", "jsonl", "-j", "1"],
        "report": ["-o", str(out), "-j", "1"],
        "explain": ["-f", "json", "-j", "1"],
        "events": ["-f", "csv", "-j", "1"],
    }[command]
    if "--jobs" in args and "-j" in extra:
        extra = extra[: extra.index("-j")]
    result = runner.invoke(app, [command, *map(str, args), *extra], input=stdin)
    if not expect_ok:
        return [], result
    assert result.exit_code == 0, f"{command}: {result.output}"
    if command == "ingest":
        text = Path(f"{out}.jsonl").read_text(encoding="utf-8")
        rows = [json.loads(line) for line in text.splitlines()]
    elif command == "analyze":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
    elif command == "report":
        with open(out / "tables" / "articles.csv", encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    elif command == "explain":
        rows = json.loads(result.stdout)
    else:
        rows = list(csv.DictReader(result.stdout.splitlines()))
    return sorted((_article(command, row) for row in rows), key=lambda r: r["file"]), result


def _article(command: str, row: dict) -> dict:
    if command == "events":
        name, outlet, title, day = row["file"], row["outlet_name"], row["headline"], row["date_given"]
        return {
            "file": Path(name).name,
            "outlet": outlet,
            "title": title,
            "date": day,
            "sources": row["event"],
        }
    sources = row.get("sources", "")
    sources = len(sources) if isinstance(sources, list) else int(float(sources or 0))
    day = row["date"] if row["date"] and row["date"] != "undated" else ""
    story = f"#{row['story']}" if str(row.get("story", "0")) not in ("0", "") else ""
    return {
        "file": Path(row["path"]).name + story,
        "outlet": row["outlet"],
        "title": row["title"],
        "date": day[:10],
        "sources": sources,
    }


def column(articles: list[dict], key: str) -> list:
    return [a[key] for a in articles]


# ── the input options ───────────────────────────────────────────────────────


@pytest.mark.parametrize("command", QUICK)
def test_outlet_sets_every_outlet(command):
    articles, _ = seen(command, PLAIN, "--outlet", "示例社")
    assert column(articles, "outlet") == ["示例社"]


@pytest.mark.parametrize("command", QUICK)
def test_outlet_map_sets_the_outlet_of_matching_files(command, tmp_path):
    table = tmp_path / "outlets.csv"
    table.write_text("match,outlet\n*plain.txt,地图社\n", encoding="utf-8")
    articles, _ = seen(command, PLAIN, "--outlet-map", table)
    assert column(articles, "outlet") == ["地图社"]


@pytest.mark.parametrize("command", QUICK)
def test_manifest_sets_the_title(command, tmp_path):
    (tmp_path / "plain.txt").write_bytes(PLAIN.read_bytes())
    (tmp_path / "manifest.csv").write_text(
        "file,title,date\nplain.txt,清单里的标题,2024-05-16\n", encoding="utf-8"
    )
    articles, _ = seen(command, tmp_path / "plain.txt", "--manifest", tmp_path / "manifest.csv")
    assert [(a["title"], a["date"]) for a in articles] == [("清单里的标题", "2024-05-16")]


@pytest.mark.parametrize("command", QUICK)
def test_max_mb_skips_larger_files(command, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "small.txt").write_bytes(PLAIN.read_bytes())
    (folder / "large.txt").write_text(
        "示例长文\n\n" + "双方同意继续扩大农产品贸易，并加强口岸合作。" * 60, encoding="utf-8"
    )
    every, _ = seen(command, folder)
    small, result = seen(command, folder, "--max-mb", "0.002")
    assert column(every, "file") == ["large.txt", "small.txt"]
    assert column(small, "file") == ["small.txt"]
    assert "large.txt" in result.stderr


@pytest.mark.parametrize("command", QUICK)
def test_all_stories_keeps_every_story_of_a_digest(command):
    on_topic, _ = seen(command, DIGEST)
    every, _ = seen(command, DIGEST, "--all-stories")
    assert (len(on_topic), len(every)) == (1, 3)


@pytest.mark.parametrize("command", QUICK)
def test_lexicon_adds_an_outlet_named_by_the_input_folder(command, tmp_path):
    folder = tmp_path / "harbour-desk"
    folder.mkdir()
    (folder / "a.txt").write_bytes(PLAIN.read_bytes())
    extra = tmp_path / "outlets.tsv"
    extra.write_text("outlet\tkind\tcountry\tdomains\tnames\tnote\nHarbour Desk\tother\t\t\tharbour-desk\t\n")
    plain, _ = seen(command, folder)
    named, _ = seen(command, folder, "--lexicon", extra)
    assert column(named, "outlet") == ["Harbour Desk"] != column(plain, "outlet")


@pytest.mark.parametrize("command", QUICK)
def test_follow_links_reads_links_leading_outside(command, tmp_path):
    outside, folder = tmp_path / "outside", tmp_path / "news"
    outside.mkdir()
    folder.mkdir()
    (outside / "linked.txt").write_text(LINKED, encoding="utf-8")
    (folder / "own.txt").write_bytes(PLAIN.read_bytes())
    (folder / "link.txt").symlink_to(outside / "linked.txt")
    kept_out, result = seen(command, folder)
    followed, _ = seen(command, folder, "--follow-links")
    assert len(kept_out) == 1 and "link.txt" in result.stderr
    assert len(followed) == 2 and "外部文章" in column(followed, "title")


@pytest.mark.parametrize("command", QUICK)
def test_any_language_reads_english_articles(command, tmp_path):
    english = tmp_path / "english.txt"
    english.write_text(
        "Talks at the border\n\nThe two delegations met on Thursday and agreed to trade more grain. "
        "The talks lasted three hours, officials said.\n",
        encoding="utf-8",
    )
    skipped, result = seen(command, english, PLAIN)
    read, _ = seen(command, english, PLAIN, "--any-language")
    assert column(skipped, "file") == ["plain.txt"] and "--any-language" in result.stderr
    assert column(read, "file") == ["english.txt", "plain.txt"]


@pytest.mark.parametrize("command", QUICK)
def test_fetch_dir_keeps_the_pasted_article(command, tmp_path):
    articles, result = seen(command, "-", "--fetch-dir", tmp_path / "pasted", stdin=PASTED)
    (saved,) = (tmp_path / "pasted").iterdir()
    assert column(articles, "file") == [saved.name]
    assert saved.read_text(encoding="utf-8").endswith(PASTED)
    assert f"standard input → {saved}" in result.stderr


@pytest.mark.parametrize("command", QUICK)
def test_title_and_date_describe_the_pasted_article(command):
    articles, _ = seen(command, "-", "--title", "粘贴的标题", "--date", "16/05/2024", stdin=PASTED)
    assert [(a["title"], a["date"]) for a in articles] == [("粘贴的标题", "2024-05-16")]


@pytest.mark.parametrize("command", READING)
def test_title_without_standard_input_is_refused(command):
    _, result = seen(command, PLAIN, "--title", "无处可用", expect_ok=False)
    assert result.exit_code == 2
    assert "--title and --date describe the article read from standard input" in result.stderr


class SlowPage(BaseHTTPRequestHandler):
    """Answers every request after a second."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        time.sleep(1.0)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write("<html><body><p>迟到的页面</p></body></html>".encode())

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def slow_site():
    server = QuietServer(("127.0.0.1", 0), SlowPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/news/late.html"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("command", QUICK)
def test_timeout_limits_each_download(command, slow_site, tmp_path):
    articles, result = seen(command, slow_site, PLAIN, "--timeout", "0.2", "--fetch-dir", tmp_path / "web")
    assert column(articles, "file") == ["plain.txt"]
    assert "timed out after 0.2 s" in result.stderr


# ── the run options ─────────────────────────────────────────────────────────

# Two reports of different things on consecutive days that both quote 普京: the shared named
# source is what makes them one event (their words alone are too unalike).
PAIR = {
    "trade.txt": "边境口岸货运量创新高\n\n"
    "今年前四个月，东北边境口岸的铁路货运量同比增长三成，粮食和木材占了大头。\n\n"
    "俄罗斯总统普京表示：“我们欢迎更多中国企业参与远东开发。”\n\n新建的冷链仓库下月投入使用。\n",
    "ballet.txt": "芭蕾舞团巡演落幕\n\n莫斯科大剧院芭蕾舞团在上海的五场演出座无虚席，观众以年轻人居多。\n\n"
    "普京在贺信中写道：“文化交流让两国人民的心贴得更近。”\n\n演出结束后，舞者们与戏剧学院的学生举行了座谈。\n",
}


@pytest.fixture
def pair(tmp_path):
    folder = tmp_path / "pair"
    folder.mkdir()
    for name, text in PAIR.items():
        (folder / name).write_text(text, encoding="utf-8")
    manifest = tmp_path / "dates.csv"
    manifest.write_text(
        "file,date\npair/trade.txt,2024-05-16\npair/ballet.txt,2024-05-17\n", encoding="utf-8"
    )
    return folder, manifest


@pytest.mark.parametrize("command", QUICK_ANALYSING)
def test_corrections_change_what_each_command_shows(command, pair, tmp_path):
    folder, manifest = pair
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("file,source,kind\nballet.txt,普京,not a source\nnowhere.txt,某人,official\n")
    before, _ = seen(command, folder, "--manifest", manifest)
    after, result = seen(command, folder, "--manifest", manifest, "--corrections", corrections)
    shown = {a["file"]: a["sources"] for a in before}, {a["file"]: a["sources"] for a in after}
    if command == "events":  # the one named source the two shared no longer links them
        assert shown[0]["ballet.txt"] == shown[0]["trade.txt"] != ""
        assert shown[1] == {"ballet.txt": "", "trade.txt": ""}
    else:
        assert shown[0] == {"ballet.txt": 1, "trade.txt": 1}
        assert shown[1] == {"ballet.txt": 0, "trade.txt": 1}
    assert f"{corrections}:3: no article's file matches 'nowhere.txt'" in result.stderr


def test_a_sentence_label_correction_leaves_the_event_grouping_as_it_was(pair, tmp_path):
    """Events are grouped by words, named sources, quotations and dates, not by labels."""
    folder, manifest = pair
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("file,sentence,label\nballet.txt,3,E\ntrade.txt,2,F\n")
    plain = runner.invoke(app, ["events", str(folder), "--manifest", str(manifest)])
    relabelled = runner.invoke(
        app, ["events", str(folder), "--manifest", str(manifest), "--corrections", str(corrections)]
    )
    assert plain.exit_code == relabelled.exit_code == 0
    assert relabelled.stdout == plain.stdout and "no article" not in relabelled.stderr


@pytest.mark.parametrize("command", ANALYSING)
def test_a_malformed_corrections_file_ends_every_command_in_one_line(command, tmp_path):
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("file,sentence,label\nplain.txt,1,maybe\n")
    _, result = seen(command, PLAIN, "--corrections", corrections, expect_ok=False)
    assert result.exit_code == 1
    assert result.stderr == f"framing: {corrections}:2: unknown label 'maybe'; labels: A, E, F, H, X\n"


@pytest.mark.parametrize("command", QUICK_ANALYSING)
def test_jobs_spread_the_files_and_give_the_same_articles(command, pair):
    folder, manifest = pair
    one, _ = seen(command, folder, "--manifest", manifest)
    two, _ = seen(command, folder, "--manifest", manifest, "--jobs", "2")
    assert one == two and len(one) == 2
    _, refused = seen(command, folder, "--jobs", "0", expect_ok=False)
    assert refused.exit_code == 2


@pytest.mark.parametrize("command", QUICK_ANALYSING)
def test_no_cache_stores_nothing(command, tmp_path):
    seen(command, PLAIN, "--no-cache")
    assert not (tmp_path / "cache").exists()
    seen(command, PLAIN)
    assert (tmp_path / "cache" / "results.sqlite3").is_file()


# ── the report: every option in one run ────────────────────────────────────


def test_the_report_takes_every_shared_option(pair, slow_site, tmp_path):
    folder, manifest = pair  # ballet.txt and trade.txt, each quoting 普京
    desk, outside = folder / "harbour-desk", tmp_path / "outside"
    desk.mkdir()
    outside.mkdir()
    (desk / "desk.txt").write_text(
        "港口新闻\n\n港口今年新开了两条集装箱航线，吞吐量稳步上升。\n", encoding="utf-8"
    )
    (folder / "mapped.txt").write_bytes(PLAIN.read_bytes())
    (folder / "digest.md").write_bytes(DIGEST.read_bytes())
    (folder / "large.txt").write_text("示例长文\n\n" + "双方同意加强口岸合作。" * 120, encoding="utf-8")
    (outside / "linked.txt").write_text(LINKED, encoding="utf-8")
    (folder / "link.txt").symlink_to(outside / "linked.txt")
    (folder / "english.txt").write_text("Talks at the border\n\nThe two delegations met on Thursday.\n")
    (tmp_path / "outlets.csv").write_text("match,outlet\n*mapped.txt,地图社\n", encoding="utf-8")
    (tmp_path / "outlets.tsv").write_text(
        "outlet\tkind\tcountry\tdomains\tnames\tnote\nHarbour Desk\tother\t\t\tharbour-desk\t\n"
    )
    (tmp_path / "corrections.csv").write_text("file,source,kind\nballet.txt,普京,not a source\n")
    given = [folder, "-", slow_site]
    options = [
        *(
            "--manifest",
            manifest,
            "--outlet-map",
            tmp_path / "outlets.csv",
            "--lexicon",
            tmp_path / "outlets.tsv",
        ),
        *("--max-mb", "0.002", "--all-stories", "--follow-links", "--any-language", "--fetch-dir", "pasted"),
        *("--timeout", "0.2", "--title", "粘贴的标题", "--date", "16/05/2024"),
        *("--corrections", tmp_path / "corrections.csv", "--no-cache", "--jobs", "1"),
    ]
    articles, result = seen("report", *given, *options, stdin=PASTED)
    by_file = {a["file"]: a for a in articles}
    (pasted,) = (tmp_path / "pasted").iterdir()
    every = ["ballet.txt", "trade.txt", "desk.txt", "mapped.txt", "link.txt", "english.txt", pasted.name]
    assert sorted(column(articles, "file")) == sorted([*every, *["digest.md"] * 3])  # large.txt left out
    assert (by_file["desk.txt"]["outlet"], by_file["mapped.txt"]["outlet"]) == ("Harbour Desk", "地图社")
    assert (by_file["trade.txt"]["date"], by_file["ballet.txt"]["date"]) == ("2024-05-16", "2024-05-17")
    assert (by_file[pasted.name]["title"], by_file[pasted.name]["date"]) == ("粘贴的标题", "2024-05-16")
    assert (by_file["trade.txt"]["sources"], by_file["ballet.txt"]["sources"]) == (1, 0)
    assert "timed out after 0.2 s" in result.stderr and "large.txt" in result.stderr
    assert not (tmp_path / "cache").exists()
    outlet, _ = seen("report", PLAIN, "--outlet", "示例社")
    assert column(outlet, "outlet") == ["示例社"] and (tmp_path / "cache" / "results.sqlite3").is_file()


# ── declared once ───────────────────────────────────────────────────────────


def _click_options(command: str) -> dict:
    group = typer.main.get_command(app)
    return {p.name: p for p in group.commands[command].params if p.opts[0].startswith("-")}


def _declared(option) -> tuple:
    kind = option.type_descriptor.annotation
    return (tuple(option.opts), tuple(option.secondary_opts), option.help, option.default, kind, option.min)


@pytest.mark.parametrize(("group", "commands"), [(InputOptions, READING), (RunChoices, ANALYSING)])
def test_each_shared_option_is_the_same_in_every_command(group, commands):
    names = [f.name for f in fields(group)]
    declared = {command: [_declared(_click_options(command)[name]) for name in names] for command in commands}
    first = declared[commands[0]]
    assert all(options == first for options in declared.values())
    assert all(declared[2] for declared in first)  # every one has help


@pytest.mark.parametrize("command", READING)
def test_commands_take_the_groups_not_the_options_one_by_one(command):
    own = inspect.signature(FUNCTIONS[command].__wrapped__, eval_str=True).parameters
    groups = {p.annotation for p in own.values()}
    assert InputOptions in groups
    assert (RunChoices in groups) == (command in ANALYSING)
    shared = {f.name for group in options.OPTION_GROUPS for f in fields(group)}
    assert not shared & set(own), f"{command} declares shared options itself"


def test_no_command_module_declares_a_shared_option():
    names = [re.escape(f"--{f.name.replace('_', '-')}") for g in options.OPTION_GROUPS for f in fields(g)]
    pattern = re.compile(rf"[\"']({'|'.join(names)})[\"']")
    folder = Path(options.__file__).parent
    for module in sorted(folder.glob("*.py")):
        if module.name != "options.py":
            assert not pattern.findall(module.read_text(encoding="utf-8")), module.name


def test_the_readme_lists_the_shared_options_once():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The command line\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `--")]
    listed = [name for row in rows for name in re.findall(r"`(--[a-z-]+)", row) if name != "--no-cache"]
    declared = [
        opt
        for g in options.OPTION_GROUPS
        for f in fields(g)
        for opt in _click_options("analyze")[f.name].opts
    ]
    assert sorted(listed) == sorted(o for o in declared if o.startswith("--"))
