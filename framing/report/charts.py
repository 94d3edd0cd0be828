"""Charts drawn from a ``Comparison``: each function returns a ``matplotlib.figure.Figure``.

    Comparison ──charts──▶ Figure ──render──▶ {"png": bytes, "svg": bytes}
                                   (render_all: every chart, on several processes)

Figures are built on ``matplotlib.figure.Figure`` directly, never through pyplot, so nothing
is left in a global figure registry. Chinese labels use Noto Sans SC from ``framing.report.fonts``,
set with ``matplotlib.rc_context`` while a figure is built and rendered (and restored after).
SVG keeps text as paths, so it shows correct glyphs wherever it is opened.

Figures resting on fewer than ``Comparison.min_articles`` articles are drawn hatched and
labelled with their article count, so a thin comparison is visible but not over-stated.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from framing.comparison.compare import CLAIM_LABELS, Comparison, top_terms

CLAIM_COLOURS = {"A": "#3b7dd8", "E": "#d9534f", "F": "#9aa0a6"}
CLAIM_NAMES = {"A": "attributed (A)", "E": "editorial (E)", "F": "unattributed factual (F)"}
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip
THIN_HATCH = "///"


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


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _empty(figure, message: str):
    ax = figure.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True)
    return figure


def _outlet_label(outlet: str, n: int, flag: str) -> str:
    return f"{outlet}  (n={n}{', thin' if flag else ''})"


def _article_counts(comparison: Comparison) -> dict[str, int]:
    return comparison.features.groupby("outlet").size().to_dict() if len(comparison.features) else {}


# ── the charts ───────────────────────────────────────────────────────────────


def loaded_term_density(comparison: Comparison):
    """Grouped bars: loaded terms per 1,000 tokens by outlet and category, with 95% intervals."""
    table = comparison.term_density
    outlets = sorted(table["outlet"].unique()) if len(table) else []
    categories = sorted(table["category"].unique()) if len(table) else []
    figure = _figure(8, 1.2 + 0.45 * max(1, len(outlets)) * max(1, min(len(categories), 4)) / 2)
    if not outlets or not categories:
        return _empty(figure, "No loaded terms were found in these articles.")
    ax = figure.add_subplot()
    height = 0.8 / len(categories)
    counts = _article_counts(comparison)
    for c, category in enumerate(categories):
        rows = table[table["category"] == category].set_index("outlet").reindex(outlets)
        ys = [o + c * height for o in range(len(outlets))]
        means = rows["mean"].fillna(0).to_numpy()
        low = (means - rows["ci_low"].fillna(rows["mean"]).to_numpy()).clip(min=0)
        high = (rows["ci_high"].fillna(rows["mean"]).to_numpy() - means).clip(min=0)
        thin = [bool(f) for f in rows["flag"].fillna("no articles")]
        ax.barh(
            ys,
            means,
            height=height,
            color=PALETTE[c % len(PALETTE)],
            hatch=[THIN_HATCH if t else "" for t in thin],
            edgecolor="white",
            label=category,
        )
        ax.errorbar(means, ys, xerr=[low, high], fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
    flags = table.groupby("outlet")["flag"].first().to_dict()
    ax.set_yticks([o + 0.4 - height / 2 for o in range(len(outlets))])
    ax.set_yticklabels([_outlet_label(o, counts.get(o, 0), flags.get(o, "")) for o in outlets])
    ax.invert_yaxis()
    ax.set_xlabel("loaded terms per 1,000 tokens (mean over articles, 95% bootstrap interval)")
    ax.legend(title="category", fontsize=7, loc="lower right", frameon=False)
    ax.set_title("Loaded-term density by outlet and category")
    return figure


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


def claim_composition(comparison: Comparison):
    """100% stacked bars: share of body sentences that are attributed, editorial or unattributed."""
    table = comparison.claims
    table = table[table["label"].isin([str(label) for label in CLAIM_LABELS])]
    totals = table.groupby("outlet")["sentences"].sum().to_dict() if len(table) else {}
    outlets = sorted(o for o, t in totals.items() if t > 0)
    figure = _figure(8, 1.2 + 0.4 * max(1, len(outlets)))
    if not outlets:
        return _empty(figure, "No labelled body sentences.")
    ax = figure.add_subplot()
    keys = [str(label) for label in CLAIM_LABELS]
    _stacked_shares(ax, table, outlets, keys, "label", "share", CLAIM_COLOURS.get, CLAIM_NAMES.get)
    counts = _article_counts(comparison)
    ax.set_yticklabels([f"{o}  ({counts.get(o, 0)} art., {totals[o]} sent.)" for o in outlets])
    ax.set_xlabel("share of body sentences (A + E + F = 100%)")
    figure.legend(ncols=3, fontsize=7, loc="outside lower center", frameon=False)
    ax.set_title("Claim types by outlet")
    return figure


def source_kinds(comparison: Comparison):
    """100% stacked bars: cited sources by kind, per outlet."""
    table = comparison.source_kinds
    totals = table.groupby("outlet")["sources"].sum().to_dict() if len(table) else {}
    outlets = sorted(totals)
    figure = _figure(8, 1.2 + 0.4 * max(1, len(outlets)))
    if not outlets:
        return _empty(figure, "No cited sources were found.")
    ax = figure.add_subplot()
    kinds = sorted(table["kind"].unique())
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    _stacked_shares(ax, table, outlets, kinds, "kind", "share", colour.get, str)
    counts = _article_counts(comparison)
    ax.set_yticklabels([f"{o}  ({counts.get(o, 0)} art., {totals[o]} sources)" for o in outlets])
    ax.set_xlabel("share of distinct cited sources")
    figure.legend(ncols=4, fontsize=7, loc="outside lower center", frameon=False)
    ax.set_title("Kinds of source cited, by outlet")
    return figure


def distinctive_terms(comparison: Comparison, *, per_group: int = 8):
    """Small multiples: each outlet's most over-represented terms by log-odds z-score."""
    table = comparison.distinctive_outlet
    outlets = sorted(table["group"].unique()) if len(table) else []
    ranked = {g: top_terms(table, g, per_group) for g in outlets}
    tops = {g: best for g, best in ranked.items() if best}  # every outlet with a term, none dropped
    groups = list(tops)
    most = max(map(len, tops.values()), default=0)
    columns = min(3, max(1, len(groups)))
    rows = max(1, math.ceil(len(groups) / columns))
    figure = _figure(3.2 * columns, 0.4 + 2.3 * rows)
    if not groups:
        return _empty(figure, "No term is distinctive (|z| ≥ 1.96) for any outlet: too few outlets or words.")
    axes = figure.subplots(rows, columns, squeeze=False)
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
        ax.set_title(group, fontsize=9)
        ax.set_xlabel("log-odds z", fontsize=7)
    figure.suptitle("Distinctive terms per outlet (log-odds with Dirichlet prior; count in brackets)")
    return figure


def event_across_outlets(comparison: Comparison, event_id: str, features: Sequence[str]):
    """Dot plot with 95% intervals: each outlet's mean on a few features, for one event."""
    table = comparison.by_event_outlet
    rows = table[(table["event_group"] == event_id) & table["feature"].isin(features)]
    name = next((e.name for e in comparison.grouping.events if e.id == event_id), event_id)
    outlets = sorted(rows["outlet"].unique())
    figure = _figure(2.4 * max(1, len(features)) + 1.5, 1.4 + 0.35 * max(1, len(outlets)))
    if rows.empty:
        return _empty(figure, f"No articles for event {name}.")
    axes = figure.subplots(1, len(features), squeeze=False, sharey=True)[0]
    for ax, feature in zip(axes, features, strict=True):
        data = rows[rows["feature"] == feature].set_index("outlet").reindex(outlets)
        for i, outlet in enumerate(outlets):
            row = data.loc[outlet]
            if math.isnan(row["mean"]):
                continue
            thin = bool(row["flag"])
            if not math.isnan(row["ci_low"]):
                ax.plot([row["ci_low"], row["ci_high"]], [i, i], color="#555555", linewidth=1.2)
            ax.plot(
                row["mean"],
                i,
                "o",
                color="#4e79a7",
                markerfacecolor="white" if thin else "#4e79a7",
                markersize=6,
            )
        ax.set_title(feature, fontsize=8)
        ax.grid(axis="x", color="#eeeeee")
    counts = rows.groupby("outlet")["n"].max().to_dict()
    axes[0].set_yticks(range(len(outlets)))
    axes[0].set_yticklabels([f"{o} (n={counts.get(o, 0)})" for o in outlets])
    axes[0].invert_yaxis()
    figure.suptitle(f"{name}\nhollow dot: too few articles for an interval", fontsize=9)
    return figure


MAX_EVENT_COLOURS = 20


def event_colours(events: Sequence[str]) -> dict[str, str]:
    """A distinct colour per event: the palette up to 10, tab20 up to 20, dark grey beyond."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    if len(events) <= len(PALETTE):
        return {e: PALETTE[i] for i, e in enumerate(events)}
    tab20 = colormaps["tab20"]
    return {e: to_hex(tab20(i)) if i < MAX_EVENT_COLOURS else "#555555" for i, e in enumerate(events)}


def timeline(comparison: Comparison):
    """Each article as a dot: date on x, outlet on y, coloured by event (grey: ungrouped)."""
    frame = comparison.features
    outlets = sorted(frame["outlet"].unique()) if len(frame) else []
    figure = _figure(9, 1.4 + 0.35 * max(1, len(outlets)))
    placed = _chart_dates(frame["date"]) if len(frame) else None
    dated = frame[placed.notna()] if placed is not None else frame
    if not len(dated):
        return _empty(figure, "No dated articles.")
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
        ax.scatter(
            [], [], c="#555555", s=28, label=f"{len(events) - MAX_EVENT_COLOURS} more events (events.csv)"
        )
    if events:
        figure.legend(fontsize=7, loc="outside right upper", frameon=False, title="event")
    ax.set_yticks(range(len(outlets)))
    ax.set_yticklabels(outlets)
    ax.invert_yaxis()
    ax.grid(axis="x", color="#eeeeee")
    undated = len(frame) - len(dated)
    ax.set_title("Articles over time by outlet" + (f" ({undated} undated not shown)" if undated else ""))
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


def all_charts(comparison: Comparison, *, max_events: int = 12) -> list[Chart]:
    """Every chart of the report, built under the chart style."""
    charts = []
    with chart_style():
        charts.append(
            Chart(
                "loaded_term_density",
                "Loaded-term density by outlet and category",
                "Mean loaded terms per 1,000 body tokens, per category; the black line is a 95% "
                "bootstrap interval over articles. Hatched bars rest on too few articles.",
                loaded_term_density(comparison),
            )
        )
        charts.append(
            Chart(
                "claim_composition",
                "Claim types by outlet",
                "Of all body sentences, the share attributed to a source (A), asserted by the outlet (E) "
                "or stated as fact with no source (F), pooled over all the outlet's sentences (the "
                "profile table averages per article instead, so long articles weigh less there).",
                claim_composition(comparison),
            )
        )
        charts.append(
            Chart(
                "source_kinds",
                "Sources by kind",
                "Distinct sources each outlet cites, by kind (official, state media, expert, anonymous…).",
                source_kinds(comparison),
            )
        )
        charts.append(
            Chart(
                "distinctive_terms",
                "Distinctive terms per outlet",
                "Words an outlet uses more than the others, by log-odds z-score (≥ 1.96 shown).",
                distinctive_terms(comparison),
            )
        )
        charts.append(
            Chart(
                "timeline",
                "Timeline",
                "Every dated article; colour shows its event, grey means ungrouped.",
                timeline(comparison),
            )
        )
        features = event_features(comparison)
        for number, event in enumerate(comparison.grouping.events[:max_events], start=1):
            charts.append(
                Chart(
                    f"event_{number:02d}",
                    event.name,
                    "The same event across outlets: mean per outlet with a 95% interval.",
                    event_across_outlets(comparison, event.id, features),
                )
            )
    return charts
