"""Which articles the report annotates, and in what order: event by event, outlets side by side."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from framing.analysis.claim_model import UNCERTAIN_BELOW
from framing.report.article_view import ArticleView, article_view, day

ANNOTATED_ARTICLES_MAX = 200


@dataclass(frozen=True)
class ArticleGroup:
    event: str  # "" for the articles that fit no event
    articles: tuple[ArticleView, ...]


@dataclass(frozen=True)
class ArticlesView:
    total: int
    shown: int
    groups: tuple[ArticleGroup, ...]
    uncertain_below: float  # labels with a lower probability are marked uncertain


def annotated_selection(ordered, event_of: Mapping[str, str], limit: int) -> set[str]:
    """Ids of at most ``limit`` articles, round-robin over (event, outlet) groups in their order."""
    if len(ordered) <= limit:
        return {a.article.id for a in ordered}
    groups: dict[tuple[str, str], list[str]] = {}
    for analysis in ordered:
        key = (event_of.get(analysis.article.id, ""), analysis.article.outlet)
        groups.setdefault(key, []).append(analysis.article.id)
    chosen: set[str] = set()
    depth = 0
    while len(chosen) < limit:
        for ids in groups.values():
            if depth < len(ids) and len(chosen) < limit:
                chosen.add(ids[depth])
        depth += 1
    return chosen


def articles_view(comparison, analyses, notes=None, path_shown: Callable[[str], str] = str) -> ArticlesView:
    """The articles event by event (in date order), outlets side by side within each;
    ungrouped articles last; at most ``ANNOTATED_ARTICLES_MAX`` of them, each with its path
    as ``path_shown`` gives it."""
    names = {e.id: e.name for e in comparison.grouping.events}
    event_of = comparison.grouping.event_of()
    position = {e.id: n for n, e in enumerate(comparison.grouping.events)}
    ordered = sorted(
        analyses,
        key=lambda a: (
            position.get(event_of.get(a.article.id, ""), len(position)),
            a.article.outlet,
            day(a.article.date),
            a.article.title,
        ),
    )
    shown = annotated_selection(ordered, event_of, ANNOTATED_ARTICLES_MAX)
    groups: list[tuple[str, list]] = []
    current = None
    for analysis in ordered:
        if analysis.article.id not in shown:
            continue
        event_id = event_of.get(analysis.article.id, "")
        event = names.get(event_id, "")
        if event_id != current or not groups:
            groups.append((event, []))
            current = event_id
        article = replace(analysis.article, path=path_shown(analysis.article.path))
        groups[-1][1].append(article_view(replace(analysis, article=article), event, notes))
    return ArticlesView(
        total=len(ordered),
        shown=len(shown),
        groups=tuple(ArticleGroup(event, tuple(views)) for event, views in groups),
        uncertain_below=UNCERTAIN_BELOW,
    )
