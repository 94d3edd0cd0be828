"""Charts drawn from a ``Comparison``: each function returns a ``matplotlib.figure.Figure``.

    Comparison ──charts──▶ Figure ──render──▶ {"png": bytes, "svg": bytes}
                                   (render_all: every chart, on several processes)

Figures are built on ``matplotlib.figure.Figure`` directly, never through pyplot, so nothing
is left in a global figure registry. Chinese labels use Noto Sans SC from ``framing.report.fonts``,
set with ``matplotlib.rc_context`` while a figure is built and rendered (and restored after).
SVG keeps text as paths, so it shows correct glyphs wherever it is opened.

Figures resting on fewer than ``Comparison.min_articles`` articles are drawn hatched and
labelled with their article count, so a thin comparison is visible but not over-stated.

Honest axes: shares are drawn on 0–1; the panels of one chart share their axis, and so do
the density panels of every event chart, so a difference looks as large as it is. Every
outlet with an article gets its row (one that cites no source says so). Loaded-term charts
show the outlet's own voice (``framing.analysis.features``), the quoted figure beside it.
Every word of a chart (titles, axes with units, legends) comes from the report's words
file (``charts``, ``figures``, ``stances`` in ``templates/text/en.yaml``), passed as ``text``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from framing.comparison.compare import CLAIM_LABELS, Comparison, top_terms
from framing.report.chart_parts import (
    chart_words,
    empty_figure,
    feature_rows,
    interval_bars,
    new_figure,
    outlet_label,
    swatches,
)
from framing.report.words import feature_label, fill, kind_name

CLAIM_COLOURS = {"A": "#3b7dd8", "E": "#d9534f", "F": "#9aa0a6"}
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip


@dataclass(frozen=True)
class Chart:
    """One chart: a file stem, a title, what it shows (for the report), and the figure."""

    name: str
    title: str
    caption: str
    figure: object  # matplotlib.figure.Figure


@contextmanager
def chart_style() -> Iterator[None]:
    """Fonts and sizes for building and rendering charts; the previous settings come back after."""
    import matplotlib

    from framing.report.fonts import matplotlib_family

    style = {
        "font.family": list(matplotlib_family()),
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "svg.hashsalt": "framing",  # stable ids: the same input gives the same SVG
        "figure.dpi": 100,
    }
    with matplotlib.rc_context(style):
        yield


def render(figure, formats: Sequence[str] = ("png", "svg")) -> dict[str, bytes]:
    """The figure as bytes in each format (PNG at 150 dpi; SVG with text drawn as paths)."""
    out = {}
    with chart_style():
        for fmt in formats:
            buffer = io.BytesIO()
            figure.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight", metadata=_metadata(fmt))
            out[fmt] = buffer.getvalue()
    return out


def render_all(charts: Sequence[Chart], jobs: int = 1) -> dict[str, dict[str, bytes]]:
    """``render`` of every chart, by name; on ``jobs`` processes where they can be forked.

    Rendering is most of a classroom-sized report (9 of 14 s on the shared real corpus):
    forked workers inherit the figures without pickling them and send back only the bytes,
    which are the same as rendering here. Where processes cannot be forked (a spawned
    worker would pickle every figure and import matplotlib again), charts render here.
    """
    import multiprocessing

    figures = [chart.figure for chart in charts]
    workers = min(jobs, len(figures))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return {chart.name: render(chart.figure) for chart in charts}
    from framing.workers import forked_pool

    with forked_pool(workers, _hold_figures, (figures,)) as pool:
        rendered = pool.map(_render_held, range(len(figures)))  # one at a time: sizes differ
        return dict(zip((chart.name for chart in charts), rendered, strict=True))


_HELD: list = []  # in a chart worker: the figures it was forked with


def _hold_figures(figures: list) -> None:
    _HELD[:] = figures


def _render_held(index: int) -> dict[str, bytes]:
    return render(_HELD[index])


def _metadata(fmt: str) -> dict:
    # No creation date, so the same input gives the same files.
    if fmt == "svg":
        return {"Date": None}
    if fmt == "png":
        return {"Software": None}
    return {}


def _article_counts(comparison: Comparison) -> dict[str, int]:
    return comparison.features.groupby("outlet").size().to_dict() if len(comparison.features) else {}


# ── the charts ───────────────────────────────────────────────────────────────


def _outlets(comparison: Comparison) -> list[str]:
    """Every outlet with an article, sorted: charts list them all, citing or not."""
    return sorted(comparison.features["outlet"].unique()) if len(comparison.features) else []


def voice_split(comparison: Comparison, text: Mapping | None = None):
    """Paired bars per outlet: own-voice and quoted loaded-term density, one axis, 95% intervals."""
    words = chart_words(text)
    charts = words["charts"]
    features = ("loaded_term_density", "quoted_loaded_term_density")
    outlets = _outlets(comparison) if all(f in comparison.feature_names for f in features) else []
    figure = new_figure(8, 1.4 + 0.5 * max(1, len(outlets)))
    if not outlets:
        return empty_figure(figure, charts["voice_empty"])
    ax = figure.add_subplot()
    rows = feature_rows(comparison, features, outlets)
    counts = _article_counts(comparison)
    height = 0.38
    colours = ("#d9534f", "#f2b8b6")
    names = (charts["voice_own"], charts["voice_quoted"])
    for k, feature in enumerate(features):
        ys = [o + k * height for o in range(len(outlets))]
        interval_bars(ax, ys, rows[feature], height=height, colour=colours[k], label=names[k])
    flags = rows[features[0]]["flag"].fillna("").to_dict()
    ax.set_yticks([o + height / 2 for o in range(len(outlets))])
    ax.set_yticklabels([outlet_label(words, o, counts.get(o, 0), bool(flags.get(o))) for o in outlets])
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.set_xlabel(charts["voice_axis"])
    handles = swatches(colours, names)
    figure.legend(handles=handles, ncols=2, fontsize=7, loc="outside lower center", frameon=False)
    ax.set_title(charts["voice_title"])
    return figure


def loaded_term_density(comparison: Comparison, text: Mapping | None = None):
    """Grouped bars: own-voice loaded terms per 1,000 words by outlet and category, with 95% intervals."""
    words = chart_words(text)
    charts = words["charts"]
    table = comparison.term_density
    outlets = sorted(table["outlet"].unique()) if len(table) else []
    categories = sorted(table["category"].unique()) if len(table) else []
    figure = new_figure(8, 1.2 + 0.45 * max(1, len(outlets)) * max(1, min(len(categories), 4)) / 2)
    if not outlets or not categories:
        return empty_figure(figure, charts["voice_empty"])
    ax = figure.add_subplot()
    height = 0.8 / len(categories)
    counts = _article_counts(comparison)
    names = [words["category_names"].get(category, category) for category in categories]
    for c, category in enumerate(categories):
        rows = table[table["category"] == category].set_index("outlet").reindex(outlets)
        ys = [o + c * height for o in range(len(outlets))]
        interval_bars(ax, ys, rows, height=height, colour=PALETTE[c % len(PALETTE)], label=names[c])
    flags = table.groupby("outlet")["flag"].first().to_dict()
    ax.set_yticks([o + (len(categories) - 1) * height / 2 for o in range(len(outlets))])  # mid-group
    ax.set_yticklabels([outlet_label(words, o, counts.get(o, 0), bool(flags.get(o))) for o in outlets])
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.set_xlabel(charts["categories_axis"])
    ax.legend(
        handles=swatches([PALETTE[c % len(PALETTE)] for c in range(len(categories))], names),
        title=charts["categories_legend"], fontsize=7, loc="lower right", frameon=False,
    )  # fmt: skip
    ax.set_title(charts["categories_title"])
    return figure


def stance_features(comparison: Comparison) -> list[str]:
    """The own-voice ``stance_<stance>_density`` features, in feature order."""
    return [f for f in comparison.feature_names if f.startswith("stance_") and f.endswith("_density")]


def whose_vocabulary(comparison: Comparison, text: Mapping | None = None):
    """Small multiples, one panel per outlet: own-voice loaded terms per 1,000 words by stance,
    every panel on the same axis."""
    words = chart_words(text)
    charts = words["charts"]
    features = stance_features(comparison)
    outlets = _outlets(comparison) if features else []
    rows = feature_rows(comparison, features, outlets)
    top = max((float(r["ci_high"].fillna(r["mean"]).max()) for r in rows.values()), default=0.0)
    columns = min(4, max(1, len(outlets)))
    lines = max(1, math.ceil(len(outlets) / columns))
    figure = new_figure(1.6 + 2.2 * columns, 0.8 + (0.5 + 0.22 * len(features)) * lines)
    if not outlets or not top > 0:
        return empty_figure(figure, charts["stances_empty"])
    # one axis for every panel, and the stance names once per row
    axes = figure.subplots(lines, columns, squeeze=False, sharex=True, sharey=True)
    stances = [f.removeprefix("stance_").removesuffix("_density") for f in features]
    names = [words["stance_names"].get(s, s) for s in stances]
    counts = _article_counts(comparison)
    for ax, outlet in zip(axes.flat, outlets + [None] * (lines * columns - len(outlets)), strict=True):
        if outlet is None:
            ax.axis("off")
            continue
        outlet_rows = _one_outlet(rows, features, outlet)
        colours = PALETTE[: len(features)]
        interval_bars(ax, range(len(features)), outlet_rows, height=0.7, colour=colours, label=None)
        if not outlet_rows["mean"].fillna(0).any():
            ax.text(top * 0.05, len(features) / 2 - 0.5, charts["stances_none"], fontsize=7, color="#555555")
        ax.set_yticks(range(len(features)))
        ax.set_yticklabels(names, fontsize=7)
        ax.set_ylim(len(features) - 0.5, -0.5)
        ax.set_xlim(0, top * 1.05)
        ax.tick_params(labelbottom=True, labelsize=7)
        thin = bool(outlet_rows["flag"].fillna("").iloc[0])
        ax.set_title(outlet_label(words, outlet, counts.get(outlet, 0), thin), fontsize=7)
    figure.supxlabel(charts["stances_axis"], fontsize=8)
    figure.suptitle(charts["stances_title"])
    return figure


def _one_outlet(rows: Mapping, features: Sequence[str], outlet: str):
    """One outlet's row of each feature, as a frame indexed by feature."""
    import pandas as pd

    return pd.DataFrame([rows[f].loc[outlet] for f in features], index=list(features))


def _stacked_shares(
    ax, table, outlets: list[str], keys: list[str], key: str, value: str, colours: Callable[[str], str], names
):
    left = [0.0] * len(outlets)
    for k in keys:
        rows = table[table[key] == k].set_index("outlet").reindex(outlets)
        shares = rows[value].fillna(0).tolist()
        ax.barh(range(len(outlets)), shares, left=left, color=colours(k), label=names(k), edgecolor="white")
        for i, (share, start) in enumerate(zip(shares, left, strict=True)):
            if share >= 0.08:
                ax.text(
                    start + share / 2, i, f"{share:.0%}", ha="center", va="center", fontsize=7, color="white"
                )
        left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.set_xlim(0, 1)
    ax.set_yticks(range(len(outlets)))
    ax.invert_yaxis()


def claim_composition(comparison: Comparison, text: Mapping | None = None):
    """100% stacked bars on a 0–1 axis: the share of body sentences attributed, editorial or factual."""
    charts = chart_words(text)["charts"]
    table = comparison.claims
    table = table[table["label"].isin([str(label) for label in CLAIM_LABELS])]
    totals = table.groupby("outlet")["sentences"].sum().to_dict() if len(table) else {}
    outlets = sorted(o for o, t in totals.items() if t > 0)
    figure = new_figure(8, 1.2 + 0.4 * max(1, len(outlets)))
    if not outlets:
        return empty_figure(figure, charts["claims_empty"])
    ax = figure.add_subplot()
    keys = [str(label) for label in CLAIM_LABELS]
    names = charts["claim_names"]
    _stacked_shares(ax, table, outlets, keys, "label", "share", CLAIM_COLOURS.get, lambda k: names.get(k, k))
    counts = _article_counts(comparison)
    ax.set_yticklabels(
        [
            fill(charts["claims_outlet"], outlet=o, articles=counts.get(o, 0), sentences=totals[o])
            for o in outlets
        ]
    )
    ax.set_xlabel(charts["claims_axis"])
    figure.legend(ncols=3, fontsize=7, loc="outside lower center", frameon=False)
    ax.set_title(charts["claims_title"])
    return figure


def source_kinds(comparison: Comparison, text: Mapping | None = None):
    """100% stacked bars on a 0–1 axis: cited sources by kind, per outlet; an outlet citing
    no one keeps its row, marked as such."""
    words = chart_words(text)
    charts = words["charts"]
    table = comparison.source_kinds
    totals = table.groupby("outlet")["sources"].sum().to_dict() if len(table) else {}
    outlets = sorted(set(_outlets(comparison)) | set(totals))
    figure = new_figure(8, 1.2 + 0.4 * max(1, len(outlets)))
    if not outlets:
        return empty_figure(figure, charts["sources_empty"])
    ax = figure.add_subplot()
    kinds = sorted(table["kind"].unique()) if len(table) else []
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    _stacked_shares(ax, table, outlets, kinds, "kind", "share", colour.get, lambda k: kind_name(k, words))
    for i, outlet in enumerate(outlets):
        if not totals.get(outlet):
            ax.text(0.01, i, charts["sources_none"], ha="left", va="center", fontsize=7, color="#555555")
    counts = _article_counts(comparison)
    ax.set_yticklabels(
        [
            fill(charts["sources_outlet"], outlet=o, articles=counts.get(o, 0), sources=int(totals.get(o, 0)))
            for o in outlets
        ]
    )
    ax.set_xlabel(charts["sources_axis"])
    if kinds:
        figure.legend(ncols=4, fontsize=7, loc="outside lower center", frameon=False)
    ax.set_title(charts["sources_title"])
    return figure


def distinctive_terms(comparison: Comparison, *, per_group: int = 8, text: Mapping | None = None):
    """Small multiples on one shared axis: each outlet's most over-represented terms by log-odds z-score."""
    charts = chart_words(text)["charts"]
    table = comparison.distinctive_outlet
    outlets = sorted(table["group"].unique()) if len(table) else []
    ranked = {g: top_terms(table, g, per_group) for g in outlets}
    tops = {g: best for g, best in ranked.items() if best}  # every outlet with a term, none dropped
    groups = list(tops)
    most = max(map(len, tops.values()), default=0)
    columns = min(3, max(1, len(groups)))
    rows = max(1, math.ceil(len(groups) / columns))
    figure = new_figure(3.2 * columns, 0.4 + 2.3 * rows)
    if not groups:
        return empty_figure(figure, charts["distinctive_empty"])
    axes = figure.subplots(rows, columns, squeeze=False, sharex=True)
    for ax, group in zip(axes.flat, groups + [None] * (rows * columns - len(groups)), strict=True):
        if group is None:
            ax.axis("off")
            continue
        best = tops[group]
        ax.barh(range(len(best)), [r["z"] for r in best], color="#4e79a7")
        ax.set_yticks(range(len(best)))
        ax.set_yticklabels([f"{r['term']} ({r['count']})" for r in best], fontsize=8)
        # room for as many bars as the fullest panel, top down: an outlet with two
        # distinctive terms gets two bars as thick as the others', not two filling its panel
        ax.set_ylim(most - 0.5, -0.5)
        ax.set_xlim(left=0)
        ax.set_title(group, fontsize=9)
        ax.set_xlabel(charts["distinctive_axis"], fontsize=7)
    figure.suptitle(charts["distinctive_title"])
    return figure


def axis_limits(comparison: Comparison, features: Sequence[str], event_ids: Sequence[str]) -> dict:
    """The x range of each feature in the event charts: 0–1 for shares, and for densities
    and counts 0 to the largest interval end over every charted event, so all event charts
    share one axis."""
    table = comparison.by_event_outlet
    rows = table[table["event_group"].isin(event_ids)] if len(table) else table
    limits = {}
    for feature in features:
        # a little room either side, so a dot at 0 or at the top is not cut in half
        if is_share(feature):
            limits[feature] = (-0.03, 1.03)
            continue
        values = rows[rows["feature"] == feature][["mean", "ci_high"]].max().max() if len(rows) else 0
        top = float(values) if values == values and values else 1.0
        limits[feature] = (-0.03 * top, top * 1.05)
    return limits


def is_share(feature: str) -> bool:
    """A figure on a 0–1 scale: a share, or a 0/1 flag averaged over articles."""
    return feature.endswith("_share") or feature == "opinion_labelled"


def event_across_outlets(
    comparison: Comparison,
    event_id: str,
    features: Sequence[str],
    *,
    limits: Mapping[str, tuple[float, float]] | None = None,
    text: Mapping | None = None,
):
    """Dot plot with 95% intervals: each outlet's mean on a few features, for one event,
    each feature on its axis of ``limits`` (by default ``axis_limits`` of this event alone)."""
    words = chart_words(text)
    charts = words["charts"]
    table = comparison.by_event_outlet
    rows = table[(table["event_group"] == event_id) & table["feature"].isin(features)]
    name = next((e.name for e in comparison.grouping.events if e.id == event_id), event_id)
    outlets = sorted(rows["outlet"].unique())
    figure = new_figure(2.6 * max(1, len(features)) + 1.5, 1.6 + 0.35 * max(1, len(outlets)))
    if rows.empty:
        return empty_figure(figure, fill(charts["event_empty"], name=name))
    limits = limits or axis_limits(comparison, features, [event_id])
    axes = figure.subplots(1, len(features), squeeze=False, sharey=True)[0]
    for ax, feature in zip(axes, features, strict=True):
        data = rows[rows["feature"] == feature].set_index("outlet").reindex(outlets)
        for i, outlet in enumerate(outlets):
            _event_dot(ax, data.loc[outlet], i)
        ax.set_xlim(*limits[feature])
        ax.set_title(_wrapped(feature_label(feature, words)), fontsize=7)
        ax.grid(axis="x", color="#eeeeee")
    counts = rows.groupby("outlet")["n"].max().to_dict()
    axes[0].set_yticks(range(len(outlets)))
    axes[0].set_yticklabels(
        [fill(charts["event_outlet"], outlet=o, articles=counts.get(o, 0)) for o in outlets]
    )
    axes[0].set_ylim(len(outlets) - 0.5, -0.5)
    figure.suptitle(f"{name}\n{charts['event_hollow']}", fontsize=9)
    return figure


def _event_dot(ax, row, y: int) -> None:
    if math.isnan(row["mean"]):
        return
    if not math.isnan(row["ci_low"]):
        ax.plot([row["ci_low"], row["ci_high"]], [y, y], color="#555555", linewidth=1.2)
    thin = bool(row["flag"])
    ax.plot(
        row["mean"], y, "o", color="#4e79a7", markerfacecolor="white" if thin else "#4e79a7", markersize=6
    )


def _wrapped(title: str, width: int = 34) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(title, width)) or title


MAX_EVENT_COLOURS = 20


def event_colours(events: Sequence[str]) -> dict[str, str]:
    """A distinct colour per event: the palette up to 10, tab20 up to 20, dark grey beyond."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    if len(events) <= len(PALETTE):
        return {e: PALETTE[i] for i, e in enumerate(events)}
    tab20 = colormaps["tab20"]
    return {e: to_hex(tab20(i)) if i < MAX_EVENT_COLOURS else "#555555" for i, e in enumerate(events)}


def timeline(comparison: Comparison, text: Mapping | None = None):
    """Each article as a dot: date on x, outlet on y, coloured by event (grey: ungrouped)."""
    charts = chart_words(text)["charts"]
    frame = comparison.features
    outlets = sorted(frame["outlet"].unique()) if len(frame) else []
    figure = new_figure(9, 1.4 + 0.35 * max(1, len(outlets)))
    placed = _chart_dates(frame["date"]) if len(frame) else None
    dated = frame[placed.notna()] if placed is not None else frame
    if not len(dated):
        return empty_figure(figure, charts["timeline_empty"])
    ax = figure.add_subplot()
    events = [e.id for e in comparison.grouping.events]
    colour = event_colours(events)
    dates = placed[placed.notna()]
    ys = dated["outlet"].map({o: i for i, o in enumerate(outlets)})
    colours = [colour.get(g, "#bbbbbb") for g in dated["event_group"]]
    ax.scatter(dates, ys, c=colours, s=28, edgecolors="#333333", linewidths=0.4)
    for event in comparison.grouping.events[:MAX_EVENT_COLOURS]:
        label = f"{event.date_range} {' / '.join(event.terms[:2])}"
        ax.scatter([], [], c=colour[event.id], s=28, label=label)
    if len(events) > MAX_EVENT_COLOURS:
        more = fill(charts["timeline_more"], events=len(events) - MAX_EVENT_COLOURS)
        ax.scatter([], [], c="#555555", s=28, label=more)
    if events:
        figure.legend(fontsize=7, loc="outside right upper", frameon=False, title=charts["timeline_legend"])
    ax.set_yticks(range(len(outlets)))
    ax.set_yticklabels(outlets)
    ax.invert_yaxis()
    ax.grid(axis="x", color="#eeeeee")
    undated = len(frame) - len(dated)
    title = charts["timeline_title"]
    ax.set_title(title + (" " + fill(charts["timeline_undated"], undated=undated) if undated else ""))
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    return figure


def _chart_dates(dates):
    """The dates as naive timestamps (their wall-clock time), ``NaT`` for a missing date
    and for one outside 1900 to 2200 (ingest reads such dates as undated already; here
    a year-1 or year-9999 date from anywhere else cannot crash the chart)."""
    import pandas as pd

    def naive(value):
        if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
            return None
        try:
            value = pd.Timestamp(value).to_pydatetime()
        except (ValueError, OverflowError, TypeError):
            return None
        return value.replace(tzinfo=None) if 1900 <= value.year <= 2200 else None

    return pd.to_datetime(dates.map(naive), errors="coerce")


KEY_FEATURES = ("loaded_term_density", "attributed_share", "editorial_share", "named_source_share")


def event_features(comparison: Comparison, limit: int = 4) -> tuple[str, ...]:
    """The features shown in event charts: the key ones that exist, else the first few."""
    chosen = [f for f in KEY_FEATURES if f in comparison.feature_names]
    return tuple(chosen or comparison.feature_names[:limit])[:limit]


def event_chart_name(comparison: Comparison, event) -> str:
    """The chart's file stem: ``event_`` and the event's number in date order (01, 02…)."""
    return f"event_{comparison.grouping.events.index(event) + 1:02d}"


def all_charts(
    comparison: Comparison, *, events: Sequence | None = None, text: Mapping | None = None
) -> list[Chart]:
    """Every chart of the report, built under the chart style.

    Parameters
    ----------
    events : the events to chart (``comparison.grouping.events`` items), by default every
        one; the report charts exactly the events its events section shows, and says
        which it leaves out.
    text : the report's words (``framing.report.render.load_text``), default the built-in ones.
    """
    words = chart_words(text)
    charts = words["charts"]
    events = list(comparison.grouping.events if events is None else events)
    built = []
    with chart_style():
        for name, key, draw in _OUTLET_CHARTS:
            figure = draw(comparison, text=words)
            built.append(Chart(name, charts[f"{key}_title"], charts[f"{key}_caption"], figure))
        features = event_features(comparison)
        limits = axis_limits(comparison, features, [e.id for e in events])
        for event in events:
            figure = event_across_outlets(comparison, event.id, features, limits=limits, text=words)
            built.append(
                Chart(event_chart_name(comparison, event), event.name, charts["event_caption"], figure)
            )
    return built


# (file stem, the prefix of its words in ``charts``, drawing function), in the report's order
_OUTLET_CHARTS: tuple[tuple[str, str, Callable], ...] = (
    ("loaded_term_voice", "voice", voice_split),
    ("whose_vocabulary", "stances", whose_vocabulary),
    ("loaded_term_density", "categories", loaded_term_density),
    ("claim_composition", "claims", claim_composition),
    ("source_kinds", "sources", source_kinds),
    ("distinctive_terms", "distinctive", distinctive_terms),
    ("timeline", "timeline", timeline),
)
# the charts of the outlet profiles section, in order
OUTLET_CHARTS = tuple(name for name, _key, _draw in _OUTLET_CHARTS if name != "timeline")
