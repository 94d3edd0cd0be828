"""From files to article cards: run the pipeline over the inputs and make a card of each article.

paths ──run──▶ AnalysisResult ──article_card──▶ ArticleCard, one per article (``framing explain``)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from framing.ingest.inputs import InputSources
from framing.lexicon import load_lexicons
from framing.model import LedgerEntry
from framing.pipeline.run import RunOptions, run
from framing.report.cards import ArticleCard, article_card, term_notes


@dataclass(frozen=True)
class Explained:
    """The cards of the inputs' articles (in input order) and what became of every input."""

    cards: tuple[ArticleCard, ...]
    ledger: tuple[LedgerEntry, ...]
    correction_warnings: tuple[str, ...] = ()  # corrections rows that matched nothing


def explain_paths(
    paths: Sequence[Path | str], options: RunOptions | None = None, *, sources: InputSources | None = None
) -> Explained:
    """Ingest and analyse ``paths`` and return the card of each article.

    ``options`` is a ``framing.pipeline.run.RunOptions``; its extra lexicons (``--lexicon``)
    supply the notes of the loaded terms as well as the matching, and its corrections (a
    teacher's, ``--corrections``) are applied to the cards as to every figure. ``sources``:
    where web addresses and ``-`` among ``paths`` are saved (``framing.ingest.inputs``).
    """
    options = options or RunOptions()
    outcome = run([Path(p) for p in paths], options, sources=sources)
    notes = term_notes(load_lexicons(options.ingest.lexicons))
    cards = tuple(article_card(analysis, notes) for analysis in outcome.analysis.articles)
    return Explained(cards, tuple(outcome.ledger), tuple(outcome.correction_warnings))
