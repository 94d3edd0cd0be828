"""Benchmark: segmentation alone against the full `framing analyze` and `framing report`.

    python benchmarks/bench.py                 # 10,000 articles (about 50 MB)
    python benchmarks/bench.py --articles 1000 # a quicker look

In one run it
1. builds a scale corpus of N distinct articles from the project's own texts
   (``benchmarks/scale_corpus.py``; cached in --work between runs);
2. times segmenting the articles' text with the pipeline's own segmenter alone
   (same processes as the pipeline: --jobs);
3. times ``framing analyze`` and ``framing report`` on the folder, cold (empty cache);
4. adds 1% new articles and times ``framing analyze`` again with the cache of step 3;
5. prints throughput (articles/s, MB/s), the ratio to segmentation alone, and the peak
   memory (PSS) of each command's whole process tree (sampled every 0.5 s).

Targets (issue 5, on a 2-core machine): analyze < 30 s and report < 60 s for 10,000
articles, peak memory < 2 GB, analysis ≤ 1.5× segmentation alone, re-run after adding 1%
under 10% of the cold run. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_corpus  # noqa: E402


def _children(pid: int) -> list[int]:
    """The child processes of ``pid``, from /proc/PID/task/*/children (no scan of all of /proc)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found  # the process ended
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
        except OSError:
            pass  # the thread ended between the listing and the read
    return found


def tree_pss_bytes(root: int) -> int:
    """Proportional set size of ``root`` and all its descendants, from /proc.

    PSS splits each shared page among the processes sharing it, so forked workers that
    share their parent's pages are not counted twice (RSS would be).
    """
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) * 1024 for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass  # the process ended between the listing and the read
        todo.extend(_children(pid))
    return total


# Reading smaps_rollup walks the process's page tables: sampled every 50 ms it took a core's
# worth of time from the command it measured (a cold analyze went from 36 s to 46 s).
SAMPLE_SECONDS = 0.5


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak tree memory (bytes) of one command; fails loudly if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_pss_bytes(process.pid))
            stop.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = process.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {err.decode()[-2000:]}")
    return elapsed, peak


def _spin(_=None) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def machine_speed() -> tuple[float, float]:
    """Seconds for a fixed pure-Python loop on one process, and on two at once (slowest).

    This machine's speed drifts: the same cold analyze took 35 s one hour and 52 s the
    next. Printed beside the figures, so a run can be compared with another.
    """
    alone = min(_spin() for _ in range(3))
    with ProcessPoolExecutor(2) as pool:
        together = max(pool.map(_spin, range(2)))
    return alone, together


_SEGMENTER = None


def _start(lexicons) -> None:
    global _SEGMENTER
    from framing.analysis.segment import Segmenter

    _SEGMENTER = Segmenter(lexicons)
    _SEGMENTER.segment("预热")


def _segment(texts: list[str]) -> int:
    return sum(len(_SEGMENTER.segment(text).tokens) for text in texts)


def segmentation_alone(texts: list[str], jobs: int) -> float:
    """Seconds to segment ``texts`` with the pipeline's segmenter, on ``jobs`` processes."""
    from framing.lexicon import load_lexicons

    lexicons = load_lexicons()
    batches = [texts[i : i + 64] for i in range(0, len(texts), 64)]
    start = time.perf_counter()
    if jobs == 1:
        _start(lexicons)
        sum(map(_segment, batches))
    else:
        with ProcessPoolExecutor(jobs, initializer=_start, initargs=(lexicons,)) as pool:
            sum(pool.map(_segment, batches))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/framing-bench"))
    args = parser.parse_args()
    if not os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"):
        raise SystemExit("bench: this kernel has no /proc/PID/task/TID/children to follow the workers")

    corpus = args.work / f"corpus-{args.articles}-v{scale_corpus.VERSION}"
    if not corpus.is_dir() or len(list(corpus.iterdir())) != args.articles:
        shutil.rmtree(corpus, ignore_errors=True)
        scale_corpus.build(args.articles, corpus)
    files = sorted(corpus.iterdir())
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    framing = str(Path(sys.executable).with_name("framing"))

    from framing.ingest import load_articles

    articles, _ledger = load_articles([corpus])
    texts = [a.normalized for a in articles]
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    alone, together = machine_speed()
    print(f"machine speed: a pure-Python loop takes {alone:.2f} s alone, {together:.2f} s with two at once")
    print(
        f"corpus: {len(files)} files, {megabytes:.1f} MB on disk, {len(articles)} articles, jobs={args.jobs}"
    )

    seg = segmentation_alone(texts, args.jobs)
    print(
        f"(a) segmentation alone:   {seg:7.2f} s  {len(texts) / seg:8.0f} articles/s  "
        f"{text_mb / seg:6.2f} MB/s"
    )

    from framing.analysis.article import analyze

    start = time.perf_counter()
    analyze(articles, jobs=args.jobs)
    stage = time.perf_counter() - start
    print(
        f"(b0) analysis stage alone: {stage:5.2f} s  {len(texts) / stage:8.0f} articles/s  "
        f"{text_mb / stage:6.2f} MB/s  b0/a {stage / seg:5.1f}  (analysis stage on ingested articles)"
    )
    del articles

    out = args.work / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)

    def fresh_cache(name: str) -> dict[str, str]:
        folder = args.work / f"cache-{name}"
        shutil.rmtree(folder, ignore_errors=True)
        return dict(os.environ, FRAMING_CACHE_DIR=str(folder))

    rows = []
    analyze_env = fresh_cache("analyze")
    analyze_cmd = [framing, "analyze", str(corpus), "--format", "csv", "--out", str(out / "features.csv")]
    analyze_cmd += ["--jobs", str(args.jobs)]
    cold, cold_peak = timed(analyze_cmd, analyze_env)
    rows.append(("(b) framing analyze", cold, cold_peak))
    report_cmd = [framing, "report", str(corpus), "--out", str(out / "report"), "--jobs", str(args.jobs)]
    report, report_peak = timed(report_cmd, fresh_cache("report"))
    rows.append(("(b) framing report", report, report_peak))

    # Add 1% new articles and re-run analyze on the cache its cold run left.
    extra = args.work / "extra"
    shutil.rmtree(extra, ignore_errors=True)
    added = scale_corpus.build(max(1, args.articles // 100), extra, seed=99)
    for path in added:
        shutil.copy(path, corpus / f"new-{path.name}")
    try:
        rerun, rerun_peak = timed(analyze_cmd, analyze_env)
    finally:
        for path in added:
            (corpus / f"new-{path.name}").unlink()
    rows.append((f"(c) analyze +{len(added)} new, cached", rerun, rerun_peak))

    for name, seconds, peak in rows:
        print(
            f"{name:<30} {seconds:7.2f} s  {len(files) / seconds:8.0f} articles/s  "
            f"{megabytes / seconds:6.2f} MB/s  b/a {seconds / seg:5.1f}  peak {peak / 2**20:6.0f} MiB"
        )
    print(f"re-run after adding 1%: {rerun / cold:.1%} of the cold analyze")
    page = out / "report" / "report.html"
    print(f"report: {page} ({page.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
