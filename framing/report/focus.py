"""Focus a report on some outlets or events (``framing report --outlets A,B --events ID,…``).

    AnalysisResult ──group_events (all articles)──▶ EventGrouping
                   ──focus_result(outlets, events)──▶ Focus: the chosen articles and their grouping

Events are found over every article first, so an event keeps its id and name whatever the
focus; then only the articles of the chosen outlets and events stay, in every figure, table
and chart. A name that matches no outlet or event raises ``ReportError`` listing the valid ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from framing.comparison.events import EventGrouping, group_events
from framing.errors import ReportError


@dataclass(frozen=True)
class FocusedResult:
    """The articles a focused report covers, shaped like an ``AnalysisResult`` for ``compare``."""

    articles: tuple
    features: object  # pandas.DataFrame, one row per article, index the article id
    lexicons_version: str = ""


@dataclass(frozen=True)
class Focus:
    result: FocusedResult
    grouping: EventGrouping
    outlets: tuple[str, ...] = ()  # as the articles spell them
    events: tuple[str, ...] = field(default=())  # event names


def split_names(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """'A, B' or ['A', 'B'] as ('A', 'B'), blanks dropped."""
    if value is None:
        return ()
    parts = value.split(",") if isinstance(value, str) else [p for v in value for p in v.split(",")]
    return tuple(p.strip() for p in parts if p.strip())


def _chosen_outlets(analyses, names: Sequence[str]) -> set[str]:
    known = {a.article.outlet.casefold(): a.article.outlet for a in analyses}
    unknown = [n for n in names if n.casefold() not in known]
    if unknown:
        raise ReportError(
            f"--outlets: no article of outlet {', '.join(map(repr, unknown))} in these files; "
            f"the outlets are: {', '.join(sorted(known.values()))}"
        )
    return {known[n.casefold()] for n in names}


def _chosen_events(grouping: EventGrouping, names: Sequence[str]) -> list:
    by_key = {e.id.casefold(): e for e in grouping.events}
    unknown = [n for n in names if n.casefold() not in by_key]
    if unknown:
        valid = ", ".join(e.id for e in grouping.events) or "none (no event was found)"
        raise ReportError(
            f"--events: no event {', '.join(map(repr, unknown))} in these files; the event ids "
            f"(tables/events.csv, framing events) are: {valid}"
        )
    return [by_key[n.casefold()] for n in dict.fromkeys(names)]


def focus_result(result, *, outlets: Sequence[str] = (), events: Sequence[str] = (), grouping=None) -> Focus:
    """The articles of ``outlets`` (all when empty) in ``events`` (all, ungrouped ones
    included, when empty), with the event grouping of all articles restricted to them.

    Raises ReportError naming the outlets or events that match nothing, and when the two
    together leave no article.
    """
    analyses = tuple(result.articles)
    grouping = grouping if grouping is not None else group_events(analyses)
    keep_outlets = _chosen_outlets(analyses, outlets) if outlets else None
    chosen = _chosen_events(grouping, events) if events else None
    in_events = {i for e in chosen for i in e.article_ids} if chosen is not None else None
    kept = [
        a
        for a in analyses
        if (keep_outlets is None or a.article.outlet in keep_outlets)
        and (in_events is None or a.article.id in in_events)
    ]
    if not kept:
        raise ReportError(
            "--outlets and --events together leave no article: no chosen outlet covered a chosen event"
        )
    ids = {a.article.id for a in kept}
    kept_events = []
    for event in chosen if chosen is not None else grouping.events:
        members = tuple(i for i in event.article_ids if i in ids)
        if members:
            kept_events.append(replace(event, article_ids=members))
    focused = replace(
        grouping,
        events=tuple(kept_events),
        ungrouped=tuple(i for i in grouping.ungrouped if i in ids) if chosen is None else (),
    )
    frame = result.features
    frame = frame[frame.index.isin(ids)]
    return Focus(
        FocusedResult(tuple(kept), frame, getattr(result, "lexicons_version", "")),
        focused,
        tuple(sorted({a.article.outlet for a in kept})) if outlets else (),
        tuple(e.name for e in chosen) if chosen is not None else (),
    )
