"""Benchmark: pathological inputs against a normal article of the same size (issue 12, finding 6).

    python benchmarks/pathological.py              # 200 KB and 400 KB
    python benchmarks/pathological.py 100000 200000

Each input is ingested and analysed in this process (no cache); the time and its ratio to
the normal article of the same size are printed, never asserted. Linear code keeps each
ratio about the same at both sizes; quadratic code doubles it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = (
    "外交部发言人李明在例行记者会上说，双方同意加强合作。他表示，会谈取得积极成果。"
    "据新华社报道，今年边境贸易额增长两成。大学教授王力认为，增长仍将持续。王力还说，前景广阔。\n\n"
)


def inputs(size: int) -> dict[str, str]:
    head = "# 标题\n\n正文。"
    return {
        "normal": (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:size],
        "[ x N": head + "[" * size,
        "<a  x N": head + "<a " * (size // 3),
        "<p  x N": head + "<p " * (size // 3),
        "[a]( x N": "<!--1700000000000-->\n[" + "a](" * (size // 3) + "\n",
        "one paragraph": (PARAGRAPH.strip() * (size // len(PARAGRAPH) + 1))[:size],
        "first person x N": ("我们的工作很好，天气晴朗。" * (size // 13 + 1))[:size],
        "one sentence of verbs": "表示" * (size // 2) + "。",
    }


def timed(text: str, folder: Path) -> float:
    from framing.analysis.article import analyze
    from framing.ingest import load_articles

    path = folder / "article.md"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    articles, _ledger = load_articles([path])
    analyze(articles, jobs=1)
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as work:
        timed(PARAGRAPH * 10, Path(work))  # warm up: lexicons, segmenter
        for size in sizes:
            cases = inputs(size)
            normal = timed(cases.pop("normal"), Path(work))
            print(f"{size:>9,} chars  {'normal article':<21} {normal:7.2f} s")
            for name, text in cases.items():
                seconds = timed(text, Path(work))
                ratio = seconds / normal
                print(f"{size:>9,} chars  {name:<21} {seconds:7.2f} s  {ratio:6.2f}x normal", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200_000, 400_000])
