"""The report's sections as plain data: what each section shows, computed from a ``Comparison``.

    Comparison + analyses + ledger + charts ──report_view──▶ ReportView
        summary   the corpus, what was left out, the ledger
        events    who covered each event by kind of outlet; events of several outlets side by
                  side, events of one outlet listed; the ungrouped articles
        outlets   the outlet profile table and each outlet's words
        articles  the annotated articles, grouped by event (``article_view``)
        method    the figures the method text needs, the classifier's accuracy

Numbers are formatted here ("0.42 [0.30, 0.55] n=7"); the words around them are in the
templates and ``templates/text/en.yaml``. Strings are unescaped: templates escape them.
"""

from __future__ import annotations

import base64
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from framing.comparison.compare import top_terms
from framing.model import LedgerEntry, LedgerStatus, OutletKind
from framing.report.article_list import ArticlesView, articles_view
from framing.report.article_view import anchor, day
from framing.report.charts import OUTLET_CHARTS, event_features

# The features of outlet profiles; every feature is in the CSV tables.
# Loaded terms and markers: the outlet's own voice first, the quoted figure beside it.
PROFILE_FEATURES = (
    "tokens",
    "loaded_term_density",
    "quoted_loaded_term_density",
    "headline_loaded_term_density",
    "attributed_share",
    "editorial_share",
    "factual_share",
    "sources",
    "named_source_share",
    "sources_official",
    "sources_anonymous",
    "hedges_density",
    "quoted_hedges_density",
    "boosters_density",
    "quoted_boosters_density",
    "scare_quote_density",
    "rhetorical_question_density",
    "opinion_labelled",
)
# Beyond this many events the section would be too long to read; the largest are shown.
EVENTS_SHOWN_MAX = 30
# Beyond this many articles the page would be too large to open; a stratified selection is shown.
# Ledger reasons "duplicate of <path>" are counted together under this reason.
DUPLICATE_REASON = "duplicate of an earlier input"
MISSING = "–"  # a figure that does not exist


@dataclass(frozen=True)
class ChartView:
    name: str  # file stem in charts/
    title: str
    caption: str
    png_base64: str


@dataclass(frozen=True)
class ArticleLink:
    anchor: str
    title: str
    outlet: str
    date: str


@dataclass(frozen=True)
class SummaryView:
    demo: bool
    entries: int
    ingested: int
    duplicates: int
    skipped: int
    articles: int
    outlets: int
    first_date: str  # "" when no article is dated
    last_date: str
    events: int
    ungrouped: int
    # outlet, kind, articles, loaded terms per 1,000 words in its own voice, and quoted
    outlet_rows: tuple[tuple, ...]
    left_out_rows: tuple[tuple, ...]  # status, reason, entries; most entries first
    ledger_rows: tuple[tuple, ...]  # input, status, format, articles, reason


@dataclass(frozen=True)
class EventOutletView:
    outlet: str
    articles: tuple[ArticleLink, ...]
    figures: tuple[tuple[str, str], ...]  # (feature, "mean [interval] n=…"), features that have one
    cells: tuple[str, ...]  # every feature's figure, MISSING where there is none
    thin: int  # its article count when under the comparison's min_articles, else 0
    own_words: str  # the text that introduces them: own_words_z, own_words_tfidf or own_words_none
    own_terms: tuple[tuple[str, str], ...]  # (term, score)


@dataclass(frozen=True)
class EventView:
    id: str  # what --events takes
    name: str
    manual: bool
    features: tuple[str, ...]
    outlets: tuple[EventOutletView, ...]
    silent: tuple[str, ...]  # outlets of the report that did not cover it
    terms_z: tuple[tuple[str, str], ...]
    terms_tfidf: tuple[tuple[str, str], ...]
    chart: ChartView | None


@dataclass(frozen=True)
class SingleOutletEvent:
    id: str
    name: str
    outlet: str
    outlet_kind: str
    articles: tuple[ArticleLink, ...]


@dataclass(frozen=True)
class CoverageView:
    """Who covered each event, by kind of outlet."""

    kinds: tuple[tuple[str, tuple[str, ...]], ...]  # (outlet kind, its outlets), kinds in a fixed order
    rows: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]  # (event name, covering outlets per kind)


@dataclass(frozen=True)
class EventsView:
    found: int
    shown: tuple[EventView, ...]  # events of two or more outlets, the largest EVENTS_SHOWN_MAX, by date
    left_out: tuple[str, ...]  # names of the events of two or more outlets beyond EVENTS_SHOWN_MAX
    single: tuple[SingleOutletEvent, ...]  # events of one outlet, listed, not compared
    coverage: CoverageView  # of the events of two or more outlets
    event_charts: int  # events that have a chart: those of ``shown`` (``compared_events``)
    min_articles: int
    ungrouped: tuple[ArticleLink, ...]
    undated: int  # of the ungrouped
    timeline: ChartView | None
    focus_outlets: tuple[str, ...] = ()  # the report's focus (--outlets, --events), empty when none
    focus_events: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutletProfile:
    name: str
    articles: int
    thin: bool  # fewer than min_articles articles
    claims: tuple[tuple[str, str, int], ...]  # label, percent, sentences
    source_kinds: tuple[tuple[str, int], ...]  # kind, sources
    terms_z: tuple[tuple[str, str], ...]
    terms_tfidf: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ProfilesView:
    min_articles: int
    features: tuple[str, ...]
    feature_total: int
    outlets: tuple[OutletProfile, ...]
    rows: tuple[tuple[str, ...], ...]  # feature, then "mean [interval]" per outlet
    charts: tuple[ChartView, ...]


@dataclass(frozen=True)
class MethodView:
    n_boot: int
    seed: int
    min_articles: int
    accuracy_supplied: bool
    accuracy: tuple[tuple[str, str], ...]  # (measure, value)
    measured: str
    data: str
    caveat: str
    notes: tuple[str, ...]
    gold_articles: int = 0  # the labelled articles the accuracy was measured on, 0 when not recorded
    gold_outlets: tuple[str, ...] = ()  # their outlets


@dataclass(frozen=True)
class ReportView:
    title: str  # "" for the default title
    generated: str
    articles: int
    summary: SummaryView
    events: EventsView
    profiles: ProfilesView
    annotated: ArticlesView
    method: MethodView


def num(value: float | None, digits: int = 2) -> str:
    """The number with ``digits`` decimals, MISSING for None or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return f"{value:.{digits}f}"


def interval(row: Mapping) -> str:
    """'[0.30, 0.55]', or '' when there is no interval (a single article)."""
    if math.isnan(row["ci_low"]):
        return ""
    return f"[{num(row['ci_low'])}, {num(row['ci_high'])}]"


def figure_text(row: Mapping) -> str:
    """'0.42 [0.30, 0.55] n=7' — the mean, its interval and its article count."""
    return f"{num(row['mean'])} {interval(row)} n={int(row['n'])}".replace("  ", " ")


def scored_terms(rows: Sequence[Mapping], key: str) -> tuple[tuple[str, str], ...]:
    """(term, score) pairs, the score z to one decimal or TF-IDF to two."""
    return tuple((r["term"], num(r[key], 1 if key == "z" else 2)) for r in rows)


def chart_view(charts: Mapping, chart_files: Mapping[str, Mapping[str, bytes]], name: str):
    """The chart called ``name`` with its PNG, or None when there is no such chart."""
    chart = charts.get(name)
    if chart is None:
        return None
    data = base64.b64encode(chart_files[name]["png"]).decode("ascii")
    return ChartView(name, chart.title, chart.caption, data)


def report_view(
    comparison,
    ledger: Sequence[LedgerEntry],
    analyses,
    charts,
    chart_files,
    *,
    accuracy,
    demo,
    title,
    focus: Mapping | None = None,
    notes=None,
    path_shown: Callable[[str], str] = str,
) -> ReportView:
    """Every section's data; ``charts`` are ``Chart``s by name, ``chart_files`` their bytes;
    ``focus`` the outlets and events the report was restricted to (``framing.report.focus``);
    ``notes`` the loaded terms' lexicon notes for the article cards (``marks.term_notes``);
    ``path_shown`` an annotated article's path as the report shows it."""
    return ReportView(
        title=title,
        generated=datetime.now(UTC).strftime("%Y-%m-%d"),
        articles=len(analyses),
        summary=summary_view(comparison, ledger, analyses, demo),
        events=events_view(comparison, analyses, charts, chart_files, focus),
        profiles=profiles_view(comparison, charts, chart_files),
        annotated=articles_view(comparison, analyses, notes, path_shown),
        method=method_view(comparison, accuracy),
    )


# ── 1. the corpus ────────────────────────────────────────────────────────────


def summary_view(comparison, ledger: Sequence[LedgerEntry], analyses, demo: bool) -> SummaryView:
    frame = comparison.features
    statuses = Counter(str(e.status) for e in ledger)
    dates = sorted((a.article.date for a in analyses if a.article.date), key=lambda d: d.replace(tzinfo=None))
    counts = (
        frame.groupby(["outlet", "outlet_kind"]).size().reset_index(name="articles") if len(frame) else None
    )
    densities = comparison.outlet_by_feature() if len(comparison.by_outlet) else None
    left_out = Counter(
        (str(e.status), re.sub(r"duplicate of .*", DUPLICATE_REASON, e.reason or "duplicate"))
        for e in ledger
        if e.status is not LedgerStatus.INGESTED
    )
    return SummaryView(
        demo=demo,
        entries=len(ledger),
        ingested=statuses.get("ingested", 0),
        duplicates=statuses.get("duplicate", 0),
        skipped=statuses.get("skipped", 0),
        articles=len(analyses),
        outlets=frame["outlet"].nunique() if len(frame) else 0,
        first_date=day(dates[0]) if dates else "",
        last_date=day(dates[-1]) if dates else "",
        events=len(comparison.grouping.events),
        ungrouped=len(comparison.grouping.ungrouped),
        outlet_rows=tuple(
            (r["outlet"], r["outlet_kind"], r["articles"], *_voice_figures(densities, r["outlet"]))
            for r in (counts.to_dict("records") if counts is not None else [])
        ),
        left_out_rows=tuple(
            (status, reason, n) for (status, reason), n in sorted(left_out.items(), key=lambda i: -i[1])
        ),
        ledger_rows=tuple(
            (
                e.path,
                str(e.status),
                e.format,
                len(e.article_ids),
                e.reason or (f"duplicate of {e.duplicate_of}" if e.duplicate_of else ""),
            )
            for e in ledger
        ),
    )


def _voice_figures(densities, outlet: str) -> tuple[str, str]:
    """The outlet's mean loaded terms per 1,000 words in its own voice, and quoted."""
    own, quoted = "loaded_term_density", "quoted_loaded_term_density"
    if densities is None or own not in densities.columns or outlet not in densities.index:
        return MISSING, MISSING
    row = densities.loc[outlet]
    return num(row[own], 1), num(row.get(quoted), 1)


# ── 2. events ────────────────────────────────────────────────────────────────


def largest_events(events, limit: int) -> list:
    """The ``limit`` events with the most articles, kept in their (date) order."""
    if len(events) <= limit:
        return list(events)
    ranked = sorted(range(len(events)), key=lambda i: (-len(events[i].article_ids), i))[:limit]
    return [events[i] for i in sorted(ranked)]


def compared_events(events, by_id) -> list:
    """The events the events section sets side by side, each with its chart: those of two or
    more outlets (``by_id``: the report's analyses by article id), the largest
    ``EVENTS_SHOWN_MAX``, in their (date) order."""
    several = [e for e in events if len(event_outlets(e, by_id)) >= 2]
    return largest_events(several, EVENTS_SHOWN_MAX)


def _link(analysis) -> ArticleLink:
    article = analysis.article
    return ArticleLink(anchor(article.id), article.title, article.outlet, day(article.date))


def _feature_rows(table, features: Sequence[str]) -> dict[tuple, dict]:
    return {
        tuple(r[k] for k in ("outlet", "feature")): r
        for r in table[table["feature"].isin(features)].to_dict("records")
    }


def _own_words(table, outlet: str) -> tuple[str, tuple]:
    """The words an outlet used for an event and the other outlets did not: by log-odds z when
    some are significant, else by TF-IDF, else none (no other outlet to contrast with)."""
    significant = top_terms(table, outlet, 6)
    if significant:
        return "own_words_z", scored_terms(significant, "z")
    by_tfidf = top_terms(table, outlet, 6, by="tfidf")
    return ("own_words_tfidf", scored_terms(by_tfidf, "tfidf")) if by_tfidf else ("own_words_none", ())


def _event_outlet(outlet: str, members, cells: Mapping, features, within, min_articles) -> EventOutletView:
    rows = [(f, cells.get((outlet, f))) for f in features]
    own_words, own_terms = _own_words(within, outlet)
    articles = tuple(_link(a) for a in members if a.article.outlet == outlet)
    return EventOutletView(
        outlet=outlet,
        articles=articles,
        figures=tuple((f, figure_text(row)) for f, row in rows if row is not None),
        cells=tuple(figure_text(row) if row is not None else MISSING for _, row in rows),
        thin=len(articles) if len(articles) < min_articles else 0,
        own_words=own_words,
        own_terms=own_terms,
    )


def _event_view(comparison, event, by_id, rows, within, chart, all_outlets) -> EventView:
    features = event_features(comparison)
    members = [by_id[i] for i in event.article_ids if i in by_id]
    cells = _feature_rows(rows, features)
    outlets = sorted({a.article.outlet for a in members})
    return EventView(
        id=event.id,
        name=event.name,
        manual=event.manual,
        features=features,
        outlets=tuple(
            _event_outlet(o, members, cells, features, within, comparison.min_articles) for o in outlets
        ),
        silent=tuple(o for o in all_outlets if o not in outlets),
        terms_z=scored_terms(top_terms(comparison.distinctive_event, event.id, 10), "z"),
        terms_tfidf=scored_terms(top_terms(comparison.distinctive_event, event.id, 10, by="tfidf"), "tfidf"),
        chart=chart,
    )


def event_outlets(event, by_id) -> list[str]:
    """The outlets of an event's articles, sorted."""
    return sorted({by_id[i].article.outlet for i in event.article_ids if i in by_id})


def coverage_view(events, by_id, outlet_kinds: Mapping[str, str]) -> CoverageView:
    """Each event's outlets by kind; ``outlet_kinds`` maps every outlet of the report to its kind."""
    order = {kind.value: n for n, kind in enumerate(OutletKind)}
    kinds: dict[str, list[str]] = {}
    for outlet, kind in sorted(outlet_kinds.items()):
        kinds.setdefault(kind, []).append(outlet)
    ordered = sorted(kinds, key=lambda k: (order.get(k, len(order)), k))
    rows = []
    for event in events:
        covering = set(event_outlets(event, by_id))
        rows.append((event.name, tuple(tuple(o for o in kinds[k] if o in covering) for k in ordered)))
    return CoverageView(tuple((k, tuple(kinds[k])) for k in ordered), tuple(rows))


def _single(event, by_id) -> SingleOutletEvent:
    members = [by_id[i] for i in event.article_ids if i in by_id]
    first = members[0].article if members else None
    return SingleOutletEvent(
        event.id,
        event.name,
        first.outlet if first else "",
        str(first.outlet_kind) if first else "",
        tuple(_link(a) for a in members),
    )


def events_view(comparison, analyses, charts, chart_files, focus: Mapping | None = None) -> EventsView:
    """Events of two or more outlets side by side (the largest ``EVENTS_SHOWN_MAX``, the others
    named), events of one outlet listed, coverage by kind of outlet, the ungrouped articles.

    ``focus``: ``{"outlets": (...), "events": (...)}`` the report was restricted to, shown in its text.
    """
    by_id = {a.article.id: a for a in analyses}
    table, within = comparison.by_event_outlet, comparison.distinctive_event_outlet
    # Each table split by event once: filtering it again for every event grows with events².
    rows_by_event = dict(tuple(table.groupby("event_group", sort=False))) if len(table) else {}
    within_by_event = dict(tuple(within.groupby("event_group", sort=False))) if len(within) else {}
    events = comparison.grouping.events
    frame = comparison.features
    outlet_kinds = (
        dict(zip(frame["outlet"], frame["outlet_kind"].astype(str), strict=True)) if len(frame) else {}
    )
    all_outlets = sorted(outlet_kinds)
    several = [e for e in events if len(event_outlets(e, by_id)) >= 2]
    compared = compared_events(events, by_id)
    shown = []
    for event in compared:
        number = events.index(event) + 1
        shown.append(
            _event_view(
                comparison,
                event,
                by_id,
                rows_by_event.get(event.id, table.iloc[0:0]),
                within_by_event.get(event.id, within.iloc[0:0]),
                chart_view(charts, chart_files, f"event_{number:02d}"),
                all_outlets,
            )
        )
    ungrouped = [by_id[i] for i in comparison.grouping.ungrouped if i in by_id]
    focus = focus or {}
    return EventsView(
        found=len(events),
        shown=tuple(shown),
        left_out=tuple(e.name for e in several if e not in compared),
        single=tuple(_single(e, by_id) for e in events if len(event_outlets(e, by_id)) < 2),
        coverage=coverage_view(several, by_id, outlet_kinds),
        event_charts=sum(1 for name in charts if re.fullmatch(r"event_\d+", name)),
        min_articles=comparison.min_articles,
        ungrouped=tuple(_link(a) for a in ungrouped),
        undated=sum(a.article.date is None for a in ungrouped),
        timeline=chart_view(charts, chart_files, "timeline"),
        focus_outlets=tuple(focus.get("outlets", ())),
        focus_events=tuple(focus.get("events", ())),
    )


# ── 3. outlet profiles ───────────────────────────────────────────────────────


def _outlet_profile(comparison, outlet: str, articles: int) -> OutletProfile:
    claims = comparison.claims[
        (comparison.claims["outlet"] == outlet) & comparison.claims["label"].isin(["A", "E", "F"])
    ]
    kinds = comparison.source_kinds[comparison.source_kinds["outlet"] == outlet]
    return OutletProfile(
        name=outlet,
        articles=articles,
        thin=articles < comparison.min_articles,
        claims=tuple(
            (r["label"], num(r["share"] * 100, 0), r["sentences"]) for r in claims.to_dict("records")
        ),
        source_kinds=tuple((r["kind"], r["sources"]) for r in kinds.to_dict("records")),
        terms_z=scored_terms(top_terms(comparison.distinctive_outlet, outlet, 12), "z"),
        terms_tfidf=scored_terms(top_terms(comparison.distinctive_outlet, outlet, 12, by="tfidf"), "tfidf"),
    )


def profiles_view(comparison, charts, chart_files) -> ProfilesView:
    features = [f for f in PROFILE_FEATURES if f in comparison.feature_names] or list(
        comparison.feature_names
    )
    outlets = sorted(comparison.by_outlet["outlet"].unique()) if len(comparison.by_outlet) else []
    cells = _feature_rows(comparison.by_outlet, features)
    counts = comparison.features.groupby("outlet").size().to_dict() if len(comparison.features) else {}
    rows = []
    for feature in features:
        row = [feature]
        for outlet in outlets:
            cell = cells.get((outlet, feature))
            row.append(f"{num(cell['mean'])} {interval(cell)}".strip() if cell else MISSING)
        rows.append(tuple(row))
    shown_charts = [chart_view(charts, chart_files, name) for name in OUTLET_CHARTS]
    return ProfilesView(
        min_articles=comparison.min_articles,
        features=tuple(features),
        feature_total=len(comparison.feature_names),
        outlets=tuple(_outlet_profile(comparison, o, counts.get(o, 0)) for o in outlets),
        rows=tuple(rows),
        charts=tuple(c for c in shown_charts if c is not None),
    )


# ── 4. annotated articles ────────────────────────────────────────────────────


# ── 5. method ────────────────────────────────────────────────────────────────


def method_view(comparison, accuracy: Mapping) -> MethodView:
    """``accuracy``: keys ``figures``, ``measured``, ``data``, ``caveat`` and, when recorded,
    ``articles`` and ``outlets`` (what it was measured on); empty when not supplied."""
    accuracy = accuracy or {}
    return MethodView(
        n_boot=comparison.n_boot,
        seed=comparison.seed,
        min_articles=comparison.min_articles,
        accuracy_supplied=bool(accuracy),
        accuracy=tuple((k, str(v)) for k, v in accuracy.get("figures", {}).items()),
        measured=str(accuracy.get("measured", "")),
        data=str(accuracy.get("data", "")),
        caveat=str(accuracy.get("caveat", "")),
        notes=tuple(comparison.notes),
        gold_articles=int(accuracy.get("articles", 0)),
        gold_outlets=tuple(str(o) for o in accuracy.get("outlets", ())),
    )
