"""Benchmark: `framing analyze` and `framing report` on a scale corpus, cold and after adding 1%.

    python benchmarks/bench.py                    # 10,000 articles (about 50 MB), this checkout
    python benchmarks/bench.py --articles 1000    # a quicker look
    python benchmarks/bench.py --against ../old --runs 3   # paired with another checkout

In one run it
1. builds a scale corpus of N distinct articles from the project's own texts
   (``benchmarks/scale_corpus.py``; kept in --work between runs);
2. times segmenting the articles' text with the pipeline's own segmenter alone, and the
   analysis stage alone (``framing.analyze`` on ingested articles), on --jobs processes;
3. times ``framing analyze --format csv`` and ``framing report`` on the folder, cold (an
   empty results store);
4. adds 1% new articles and times ``framing analyze`` again on the store of step 3;
5. prints wall seconds, CPU seconds (user and system, the whole process tree), articles/s
   and the peak memory (PSS) of each command's whole process tree (sampled every 0.5 s).

With ``--against OTHER`` it skips step 2 and runs steps 3–4 for this checkout and OTHER
in turn (A B A B …, ``--runs`` pairs), each command with its checkout first on
``PYTHONPATH``, and prints each command's median wall and CPU time for both, the median of
the ratios pair by pair, and the peak memory: on a machine whose speed drifts, pairs
compare what single runs cannot. Figures are printed, never asserted; the current ones are in
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_corpus  # noqa: E402

HERE = Path(__file__).resolve().parent.parent  # this checkout


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


# Reading smaps_rollup walks the process's page tables: sampled more often, it takes a
# noticeable share of a core from the command it measures.
SAMPLE_SECONDS = 0.5


class Figures(NamedTuple):
    """One command's run: wall seconds, CPU seconds of its whole process tree, peak PSS bytes."""

    wall: float
    cpu: float
    peak: int


def timed(command: list[str], env: dict[str, str]) -> Figures:
    """The figures of one run of ``command``; fails loudly if it fails.

    The command runs in the root folder, not the current one: ``python -m`` puts its working
    folder first on ``sys.path``, so run from a checkout it would take that checkout's
    ``framing`` whatever ``PYTHONPATH`` names.

    CPU time is the user and system time of the command and every process it waited for
    (its pool workers): on a shared machine it drifts less than the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
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
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Figures(elapsed, cpu, peak)


def _spin(_=None) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def machine_speed() -> tuple[float, float]:
    """Seconds for a fixed pure-Python loop on one process, and on two at once (slowest),
    printed beside the figures so that a run can be compared with another."""
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


def stages_alone(corpus: Path, jobs: int) -> tuple[float, float, int]:
    """Seconds to segment the corpus's texts alone, and to run the analysis stage on its
    ingested articles, on ``jobs`` processes; and the number of articles."""
    sys.path.insert(0, str(HERE))
    from framing.analysis.article import analyze
    from framing.ingest import load_articles
    from framing.lexicon import load_lexicons

    articles, _ledger = load_articles([corpus])
    texts = [a.normalized for a in articles]
    batches = [texts[i : i + 64] for i in range(0, len(texts), 64)]
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs, initializer=_start, initargs=(load_lexicons(),)) as pool:
        sum(pool.map(_segment, batches))
    segmentation = time.perf_counter() - start
    start = time.perf_counter()
    analyze(articles, jobs=jobs)
    return segmentation, time.perf_counter() - start, len(articles)


def scale_corpora(articles: int, work: Path) -> tuple[Path, list[Path]]:
    """The corpus of ``articles`` (built once, kept in ``work``) and 1% more articles."""
    corpus = work / f"corpus-{articles}-v{scale_corpus.VERSION}"
    if not corpus.is_dir() or len(list(corpus.iterdir())) != articles:
        shutil.rmtree(corpus, ignore_errors=True)
        scale_corpus.build(articles, corpus)
    extra = work / f"extra-{articles}-v{scale_corpus.VERSION}"
    if not extra.is_dir() or len(list(extra.iterdir())) != max(1, articles // 100):
        shutil.rmtree(extra, ignore_errors=True)
        scale_corpus.build(max(1, articles // 100), extra, seed=99)
    return corpus, sorted(extra.iterdir())


def commands(checkout: Path, corpus: Path, added: list[Path], work: Path, jobs: int) -> dict[str, Figures]:
    """Seconds and peak memory of cold ``analyze``, cold ``report`` and ``analyze`` after
    adding ``added`` to ``corpus``, with ``checkout``'s framing."""
    out = work / f"out-{checkout.name}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    framing = [sys.executable, "-m", "framing"]

    def environment(name: str) -> dict[str, str]:
        store = out / f"cache-{name}"
        return dict(os.environ, PYTHONPATH=str(checkout), FRAMING_CACHE_DIR=str(store))

    analyze = [*framing, "analyze", str(corpus), "--format", "csv", "--out", str(out / "features.csv")]
    analyze += ["--jobs", str(jobs)]
    report = [*framing, "report", str(corpus), "--out", str(out / "report"), "--jobs", str(jobs)]
    figures = {"framing analyze, cold": timed(analyze, environment("analyze"))}
    figures["framing report, cold"] = timed(report, environment("report"))
    for path in added:
        shutil.copy(path, corpus / f"new-{path.name}")
    try:
        figures[f"framing analyze, +{len(added)} new"] = timed(analyze, environment("analyze"))
    finally:
        for path in added:
            (corpus / f"new-{path.name}").unlink()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/framing-bench"))
    parser.add_argument("--against", type=Path, help="another checkout, timed in turn with this one")
    parser.add_argument("--runs", type=int, default=3, help="pairs of runs with --against")
    args = parser.parse_args()
    if not os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"):
        raise SystemExit("bench: this kernel has no /proc/PID/task/TID/children to follow the workers")
    if args.against is not None and not (args.against / "framing" / "__init__.py").is_file():
        raise SystemExit(f"bench: {args.against} is not a checkout of framing (no framing/__init__.py)")
    corpus, added = scale_corpora(args.articles, args.work)
    megabytes = sum(f.stat().st_size for f in corpus.iterdir()) / 1e6
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    alone, together = machine_speed()
    print(f"machine speed: a pure-Python loop takes {alone:.2f} s alone, {together:.2f} s with two at once")
    print(f"corpus: {args.articles} files, {megabytes:.1f} MB, jobs={args.jobs}")
    if args.against is not None:
        paired(args, corpus, added)
        return
    segmentation, stage, count = stages_alone(corpus, args.jobs)
    print(f"segmentation alone       {segmentation:7.2f} s  {count / segmentation:8.0f} articles/s")
    print(f"analysis stage alone     {stage:7.2f} s  {count / stage:8.0f} articles/s")
    figures = commands(HERE, corpus, added, args.work, args.jobs)
    for name, run in figures.items():
        rate = args.articles / run.wall
        print(
            f"{name:<28} {run.wall:7.2f} s  {run.cpu:7.2f} s CPU  {rate:8.0f} articles/s  "
            f"peak {run.peak / 2**20:6.0f} MiB"
        )
    cold, rerun = figures["framing analyze, cold"].wall, list(figures.values())[-1].wall
    print(f"re-run after adding 1%: {rerun / cold:.1%} of the cold analyze")


def paired(args, corpus: Path, added: list[Path]) -> None:
    """Steps 3–4 for this checkout (A) and ``args.against`` (B) in turn; medians and ratios."""
    runs: dict[str, list[dict[str, Figures]]] = {"A": [], "B": []}
    for number in range(args.runs):
        for name, checkout in (("A", HERE), ("B", args.against.resolve())):
            runs[name].append(commands(checkout, corpus, added, args.work, args.jobs))
            print(f"pair {number + 1}, {name}: " + _row(runs[name][-1]), flush=True)
    print(f"A = {HERE}\nB = {args.against.resolve()}")
    print("command: median of A, of B, and of the ratios A/B pair by pair (min–max); peak memory")
    for command in runs["A"][0]:
        a = [run[command] for run in runs["A"]]
        b = [run[command] for run in runs["B"]]
        print(f"{command}:")
        for figure in ("wall", "cpu"):
            x, y = [getattr(f, figure) for f in a], [getattr(f, figure) for f in b]
            ratios = [p / q for p, q in zip(x, y, strict=True)]
            print(
                f"  {figure:<4} A {statistics.median(x):8.2f} s  B {statistics.median(y):8.2f} s  "
                f"A/B {statistics.median(ratios):.3f} ({min(ratios):.3f}–{max(ratios):.3f})"
            )
        print(
            f"  peak A {max(f.peak for f in a) / 2**20:.0f} MiB  B {max(f.peak for f in b) / 2**20:.0f} MiB"
        )


def _row(figures: dict[str, Figures]) -> str:
    return "; ".join(
        f"{name} {f.wall:.1f} s ({f.cpu:.1f} s CPU, {f.peak / 2**20:.0f} MiB)" for name, f in figures.items()
    )


if __name__ == "__main__":
    main()
