"""Compare outlets and events: the tables the charts and the report are drawn from.

    AnalysisResult ──compare──▶ Comparison (pandas tables) ──charts / report

``compare`` groups the articles into events (``events``), then builds, from the
article × feature frame (``tables``), each outlet's and each event × outlet's means with
bootstrap intervals and flags (``statistics``), the loaded-term densities, the claim and
source composition (``tables``), and the distinctive terms of outlets, events and of each
outlet within an event (``distinctive``). The names the report and charts use are
importable from here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from framing.comparison.distinctive import Z_DISTINCTIVE, distinctive_terms, log_odds_dirichlet, top_terms
from framing.comparison.events import EventGrouping, group_events
from framing.comparison.statistics import bootstrap_mean_ci, bootstrap_means, flag_for, summarize
from framing.comparison.tables import (
    CLAIM_LABELS,
    META_COLUMNS,
    category_density_columns,
    claim_composition,
    feature_frame,
    numeric_features,
    source_kind_table,
)
from framing.model import ArticleAnalysis

__all__ = [
    "CLAIM_LABELS",
    "META_COLUMNS",
    "UNGROUPED",
    "Z_DISTINCTIVE",
    "Comparison",
    "bootstrap_mean_ci",
    "bootstrap_means",
    "claim_composition",
    "compare",
    "distinctive_terms",
    "feature_frame",
    "flag_for",
    "log_odds_dirichlet",
    "numeric_features",
    "source_kind_table",
    "top_terms",
]

UNGROUPED = "(ungrouped)"
_WITHIN_COLUMNS = ["group", "term", "count", "log_odds", "z", "tfidf", "event_group"]


@dataclass(frozen=True)
class Comparison:
    """The tables the charts and the report are drawn from (all pandas DataFrames)."""

    features: Any  # article × feature frame with added ``event_group`` and ``date_inferred`` columns
    feature_names: tuple[str, ...]
    by_outlet: Any  # long: outlet, feature, n, mean, ci_low, ci_high, flag
    by_event_outlet: Any  # long: event_group, event_name, outlet, feature, n, mean, ci_low, ci_high, flag
    term_density: Any  # long: outlet, category, n, mean, ci_low, ci_high, flag (per 1,000 tokens)
    claims: Any  # outlet, label, sentences, share (of A/E/F body sentences)
    source_kinds: Any  # outlet, kind, sources, share
    distinctive_outlet: Any  # long: group, term, count, log_odds, z, tfidf
    distinctive_event: Any
    distinctive_event_outlet: Any  # long: event_group, group (= outlet), term, count, log_odds, z, tfidf
    grouping: EventGrouping
    min_articles: int
    n_boot: int
    seed: int
    notes: tuple[str, ...] = field(default=())

    def outlet_by_feature(self, value: str = "mean"):
        """Wide table: a row per outlet, a column per feature (``value``: mean, n, ci_low, ci_high, flag)."""
        return self.by_outlet.pivot(index="outlet", columns="feature", values=value)[list(self.feature_names)]

    def event_outlet_by_feature(self, value: str = "mean"):
        """Wide table: one row per (event, outlet), one column per feature."""
        table = self.by_event_outlet.pivot(index=["event_group", "outlet"], columns="feature", values=value)
        return table[[f for f in self.feature_names if f in table.columns]]


def compare(
    result,
    *,
    grouping: EventGrouping | None = None,
    min_articles: int = 3,
    n_boot: int = 2000,
    seed: int = 0,
    prior_scale: float = 0.1,
) -> Comparison:
    """All comparison tables for an analysis result.

    Parameters
    ----------
    result:
        ``framing.analysis.article.AnalysisResult`` (or anything with ``features`` and ``articles``).
    grouping:
        Event grouping to use; by default ``group_events(result.articles)``.
    min_articles:
        Figures resting on fewer articles are flagged "too few articles".
    n_boot, seed:
        Bootstrap resamples and the seed (fixed, so reports are reproducible).

    Returns
    -------
    Comparison
    """
    if min_articles < 1:
        raise ValueError("min_articles must be at least 1")
    analyses = tuple(result.articles)
    frame = result.features.copy() if result.features is not None else feature_frame(analyses)
    grouping = grouping if grouping is not None else group_events(analyses)
    frame = with_events(frame, grouping)
    features = numeric_features(frame)
    stats = {"min_articles": min_articles, "n_boot": n_boot, "seed": seed}
    by_outlet, by_event_outlet, term_density = _feature_tables(frame, features, grouping, stats)
    outlet, event, within = _distinctive_tables(analyses, grouping.event_of(), prior_scale)
    notes = []
    if len({a.article.outlet for a in analyses}) < 2:
        notes.append("Only one outlet: distinctive terms by log-odds need at least two to contrast.")
    return Comparison(
        features=frame,
        feature_names=features,
        by_outlet=by_outlet,
        by_event_outlet=by_event_outlet,
        term_density=term_density,
        claims=claim_composition(analyses),
        source_kinds=source_kind_table(analyses),
        distinctive_outlet=outlet,
        distinctive_event=event,
        distinctive_event_outlet=within,
        grouping=grouping,
        min_articles=min_articles,
        n_boot=n_boot,
        seed=seed,
        notes=tuple(notes),
    )


def with_events(frame, grouping: EventGrouping):
    """The frame with each article's ``event_group`` (``UNGROUPED`` when none) and the
    ``date_inferred`` from its text (empty when the input gave a date or the text none)."""
    event_of = grouping.event_of()
    inferred = grouping.inferred_dates
    frame["event_group"] = [event_of.get(str(i), UNGROUPED) for i in frame.index]
    frame["date_inferred"] = [inferred[i].day if i in inferred else None for i in map(str, frame.index)]
    return frame


def _feature_tables(frame, features: Sequence[str], grouping: EventGrouping, stats: Mapping):
    """Means with intervals by outlet and by event × outlet, and the loaded-term densities by outlet."""
    names = {e.id: e.name for e in grouping.events}
    by_outlet = summarize(frame, ["outlet"], features, **stats)
    grouped = frame[frame["event_group"] != UNGROUPED]
    by_event_outlet = summarize(grouped, ["event_group", "outlet"], features, **stats)
    by_event_outlet.insert(1, "event_name", by_event_outlet["event_group"].map(names))
    # The per-category densities are analyze's own features (framing.analysis.features), so
    # the chart and the tables show the same numbers.
    categories = category_density_columns(features)
    term_density = summarize(frame, ["outlet"], sorted(categories), **stats).rename(
        columns={"feature": "category"}
    )
    term_density["category"] = term_density["category"].map(categories)
    return by_outlet, by_event_outlet, term_density


def _distinctive_tables(analyses: Sequence[ArticleAnalysis], event_of: Mapping[str, str], prior_scale: float):
    """Distinctive terms of each outlet, of each event, and of each outlet within an event."""
    import pandas as pd

    outlet_tokens: dict[str, list[str]] = {}
    event_tokens: dict[str, list[str]] = {}
    event_outlet_tokens: dict[str, dict[str, list[str]]] = {}
    for analysis in analyses:
        outlet = analysis.article.outlet
        outlet_tokens.setdefault(outlet, []).extend(analysis.tokens)
        event = event_of.get(analysis.article.id)
        if event:
            event_tokens.setdefault(event, []).extend(analysis.tokens)
            event_outlet_tokens.setdefault(event, {}).setdefault(outlet, []).extend(analysis.tokens)
    # Within one event, each outlet against the other outlets on the same event: the words
    # that set its telling apart, with the topic held constant.
    within = [
        distinctive_terms(by_outlet_tokens, prior_scale=prior_scale).assign(event_group=event)
        for event, by_outlet_tokens in sorted(event_outlet_tokens.items())
        if len(by_outlet_tokens) > 1
    ]
    return (
        distinctive_terms(outlet_tokens, prior_scale=prior_scale),
        distinctive_terms(event_tokens, prior_scale=prior_scale),
        pd.concat(within, ignore_index=True) if within else pd.DataFrame(columns=_WITHIN_COLUMNS),
    )
