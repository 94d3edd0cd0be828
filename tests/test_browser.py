"""Open the report in headless Chromium: it loads with no console message and no network request.

Console messages come from Chromium's own log (``--enable-logging=stderr``: every
``console.*`` call and every Content-Security-Policy violation is a ``CONSOLE`` line); network
requests from its NetLog (``--log-net-log``): a request started on behalf of the page carries
the page's ``file://`` network isolation key, unlike the browser's own background traffic.
A control page with a script error and a remote image proves both detectors can fail.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium; .ci/run installs it)"
)


def open_in_chromium(page: Path, work: Path) -> tuple[list[str], list[str], Path]:
    """Load ``page``; return (console lines, URLs the page requested, screenshot path)."""
    shot, netlog = work / "shot.png", work / "net.json"
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
        f"--user-data-dir={work / 'profile'}", "--enable-logging=stderr", "--v=0",
        f"--log-net-log={netlog}", "--window-size=1200,1800", f"--screenshot={shot}", page.resolve().as_uri(),
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if re.search(r":CONSOLE[:(]", line)]
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls_by_source: dict[int, str] = {}
    for event in log["events"]:
        url = event.get("params", {}).get("url")
        if url:
            urls_by_source.setdefault(event["source"]["id"], url)
    requested = []
    for event in log["events"]:
        params = event.get("params", {})
        if event["type"] == start_job and "file://" in params.get("network_isolation_key", ""):
            url = urls_by_source.get(event["source"]["id"], "")
            if not url.startswith(("file:", "data:")):
                requested.append(url)
    return console, requested, shot


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    from test_report import hostile_result, ledger_for

    from framing.report.build import build_report

    result = hostile_result()  # article text with <script>, onerror=, javascript: links, remote tags
    out = tmp_path_factory.mktemp("browser") / "report"
    return build_report(result, ledger_for(result), out).html


def test_report_loads_offline_without_console_errors(report_page, tmp_path):
    console, requested, shot = open_in_chromium(report_page, tmp_path)
    assert console == []
    assert requested == []
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a page was drawn, not a blank one


def test_demo_report_loads_offline(tmp_path):
    from framing.pipeline.report import report_from_paths

    files = report_from_paths([], tmp_path / "demo")
    console, requested, shot = open_in_chromium(files.html, tmp_path)
    assert console == [] and requested == []
    shutil.copy(shot, tmp_path.parent / "demo_screenshot.png")  # kept for a person to look at


def test_hostile_files_through_the_whole_pipeline(tmp_path):
    from framing.pipeline.report import report_from_paths

    hostile = Path(__file__).parent / "fixtures" / "report" / "hostile"  # <script>, onerror=, remote <img>
    files = report_from_paths([hostile], tmp_path / "hostile")
    console, requested, _ = open_in_chromium(files.html, tmp_path)
    assert console == [] and requested == []


def test_control_page_is_caught(tmp_path):
    page = tmp_path / "control.html"
    page.write_text(
        '<!DOCTYPE html><meta charset="utf-8"><p>对照页</p><script>console.error("control-error")</script>'
        '<img src="http://127.0.0.1:9/control.png">',
        encoding="utf-8",
    )
    console, requested, _ = open_in_chromium(page, tmp_path)
    assert any("control-error" in line for line in console)
    assert requested == ["http://127.0.0.1:9/control.png"]
