"""Print every sentence's rule label and reason for the articles under some folders.

    PYTHONPATH=$PWD .venv/bin/python tools/rule_labels.py ../shared/corpus > labels.tsv
    PYTHONPATH=$PWD .venv/bin/python tools/rule_labels.py ../shared/corpus --evidence > full.tsv

The rules alone label the sentences (``analyze_article(..., use_model=False)``), so two
checkouts' outputs can be diffed to show that a change of the rules' code kept their
output (or to see exactly which sentences a change of the rules moved). One line per
sentence: ``path``, sentence index, label, reason; with ``--evidence`` the sentence's
cited source and its evidence (kind, words, offsets, detail) follow, and each article
ends with its sources and quotations.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.analysis.article import analyze_article
from framing.analysis.segment import segmenter_for
from framing.ingest.load import load_articles
from framing.lexicon import load_lexicons


def _clean(text: str) -> str:
    """One field of a TSV line: tabs and line breaks shown as spaces."""
    return " ".join(text.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders of articles")
    parser.add_argument("--evidence", action="store_true", help="also print evidence, sources, quotations")
    args = parser.parse_args(argv)
    lexicons = load_lexicons()
    segmenter = segmenter_for(lexicons)
    articles, _ledger = load_articles(args.paths)
    out = sys.stdout
    for article in sorted(articles, key=lambda a: a.path):
        analysis = analyze_article(article, lexicons, segmenter, use_model=False)
        for s in analysis.sentences:
            fields = [article.path, str(s.index), s.label.value, _clean(s.reason)]
            if args.evidence:
                evidence = " | ".join(
                    f"{e.kind}:{_clean(e.text)}@{e.start}-{e.end}:{_clean(e.detail)}" for e in s.evidence
                )
                fields += [_clean(s.source), evidence]
            out.write("\t".join(fields) + "\n")
        if args.evidence:
            sources = " | ".join(
                f"{m.name}:{m.kind.value}:{m.named}:{m.claims}:{list(m.sentence_indices)}"
                for m in analysis.sources
            )
            quotes = " | ".join(
                f"{q.start}-{q.end}:{q.sentence_index}:{q.speaker}:{q.scare}" for q in analysis.quotes
            )
            out.write(f"{article.path}\tsources\t{sources}\n{article.path}\tquotes\t{quotes}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
