"""framing: how Chinese-language outlets frame the same China–Russia events.

The Python API mirrors the command line::

    from framing import load_articles, analyze, compare, build_report
    articles, ledger = load_articles(["corpus/"])
    result = analyze(articles)          # result.features is a pandas DataFrame
    comparison = compare(result)        # outlet × feature tables with bootstrap intervals
    build_report(result, ledger, "reports/mine")

    from framing import run            # the same, streamed over every core, with a cache
    outcome = run(["corpus/"])         # outcome.analysis, outcome.ledger

Heavy libraries (pandas, scikit-learn, matplotlib, jieba) are imported only by the
functions that need them, so ``import framing`` and ``framing --help`` stay fast.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "load_articles": "framing.ingest",
    "analyze": "framing.analysis.article",
    "load_lexicons": "framing.lexicon",
    "compare": "framing.comparison.compare",
    "build_report": "framing.report.build",
    "run": "framing.pipeline.run",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    return getattr(import_module(module), name)
