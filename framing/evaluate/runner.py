"""Analyse the labelled files found under some paths, for scoring and cross-validation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from framing.analysis.article import analyze_article
from framing.evaluate.crossval import LabelledFile, labelled_files, predictions
from framing.evaluate.gold import GoldArticle
from framing.evaluate.scoring import Scores, score
from framing.ingest import IngestOptions, load_articles
from framing.lexicon import Lexicons, load_lexicons


def analyse_labelled(
    gold: Sequence[GoldArticle],
    paths: Iterable[Path | str],
    *,
    use_model: bool = True,
    options: IngestOptions | None = None,
    lexicons: Lexicons | None = None,
) -> list[LabelledFile]:
    """Ingest ``paths`` and analyse the files that ``gold`` labels (matched by file name).

    ``use_model=False`` keeps the rules' labels (what cross-validation trains on).
    """
    wanted = {g.file for g in gold}
    lexicons = lexicons or load_lexicons()
    articles, _ = load_articles(list(paths), options)
    analyses = [
        analyze_article(a, lexicons, use_model=use_model) for a in articles if Path(a.path).name in wanted
    ]
    return labelled_files(gold, analyses)


def evaluate(gold: Sequence[GoldArticle], paths: Iterable[Path | str], **kwargs) -> Scores:
    """Score the tool (rules and shipped model) on the labelled files under ``paths``."""
    return score(gold, predictions(analyse_labelled(gold, paths, **kwargs)))
