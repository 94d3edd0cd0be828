"""Per-article time of each analysis stage, and whether the two segmentation engines agree.

    python benchmarks/core_stages.py ../shared/corpus/seeds
    python benchmarks/core_stages.py ../shared/corpus /tmp/framing-bench/corpus-1000

Ingests the paths, then times on one core (best of 3 runs): segmentation alone, claim
labelling (``framing.analysis.claims``), term matching on the stored tokens (``framing.analysis.terms``),
the whole ``analyze_article`` and ``analyze`` (feature table included). Then segments
every article with rjieba and with jieba (same user words, HMM off) and counts the
articles whose tokens differ. Figures are printed, never asserted.
"""

from __future__ import annotations

import sys
import time


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main(paths: list[str]) -> None:
    from framing.analysis.article import analyze, analyze_article
    from framing.analysis.claims import annotate_claims
    from framing.analysis.segment import Segmenter, segmenter_for
    from framing.analysis.terms import term_hits, term_matcher
    from framing.ingest import load_articles
    from framing.lexicon import load_lexicons

    lexicons = load_lexicons()
    articles, _ = load_articles(paths)
    if not articles:
        sys.exit("no articles in " + " ".join(paths))
    n = len(articles)
    chars = sum(len(a.normalized) for a in articles)
    megabytes = sum(len(a.normalized.encode("utf-8")) for a in articles) / 1e6
    print(f"{n} articles, {chars / n:.0f} characters each, {megabytes:.2f} MB of normalised text")

    segmenter = segmenter_for(lexicons)
    matcher = term_matcher(lexicons)
    analyze(articles[:2], lexicons)  # warm every cache
    segmentations = [segmenter.segment(a.normalized) for a in articles]
    claims = [annotate_claims(a, lexicons) for a in articles]
    stages = {
        f"segmentation ({segmenter.engine})": lambda: [segmenter.segment(a.normalized) for a in articles],
        "claims": lambda: [annotate_claims(a, lexicons) for a in articles],
        "term hits": lambda: [
            term_hits(a, s, c.sentences, matcher)
            for a, s, c in zip(articles, segmentations, claims, strict=True)
        ],
        "analyze_article": lambda: [analyze_article(a, lexicons, segmenter) for a in articles],
        "analyze (with table)": lambda: analyze(articles, lexicons),
    }
    seconds = {name: best_of(3, work) for name, work in stages.items()}
    segmentation = next(iter(seconds.values()))
    for name, value in seconds.items():
        print(
            f"{name:26s} {value / n * 1000:7.3f} ms/article  {megabytes / value:7.2f} MB/s"
            f"  {value / segmentation:5.1f}x segmentation"
        )

    engines = {}
    for engine in ("rjieba", "jieba"):
        try:
            engines[engine] = Segmenter(lexicons, engine=engine)
            engines[engine].segment("预热")
        except ImportError:
            print(f"{engine} is not installed")
    if len(engines) == 2:
        speed = {}
        tokens = {}
        for engine, seg in engines.items():
            start = time.perf_counter()
            tokens[engine] = [seg.segment(a.normalized).tokens for a in articles]
            speed[engine] = megabytes / (time.perf_counter() - start)
        differ = sum(x != y for x, y in zip(tokens["rjieba"], tokens["jieba"], strict=True))
        print(
            f"rjieba {speed['rjieba']:.2f} MB/s, jieba {speed['jieba']:.2f} MB/s; "
            f"articles whose tokens differ: {differ} of {n}"
        )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
