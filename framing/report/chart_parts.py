"""Building blocks the report's charts share: a figure, an empty figure's message, bars with
their 95% intervals, outlet labels, and the chart words of the report's words file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from framing.report.words import fill

THIN_HATCH = "///"


def new_figure(width: float, height: float):
    """A figure of that size in inches, laid out by matplotlib's constrained layout."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def empty_figure(figure, message: str):
    """The figure with only ``message`` in it: a chart with nothing to draw says why."""
    ax = figure.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True)
    return figure


def chart_words(text: Mapping | None) -> Mapping:
    """The report's words (its ``charts`` entry, and the names of figures, categories and kinds)."""
    if text is None:
        from framing.report.render import load_text

        return load_text()
    return text


def outlet_label(words: Mapping, outlet: str, articles: int, thin: bool) -> str:
    charts = words["charts"]
    return fill(charts["outlet"], outlet=outlet, articles=articles, thin=charts["thin"] if thin else "")


def feature_rows(comparison, features: Sequence[str], outlets: Sequence[str]):
    """``feature -> rows by outlet`` (mean, ci_low, ci_high, flag) of the per-outlet table."""
    table = comparison.by_outlet
    return {f: table[table["feature"] == f].set_index("outlet").reindex(outlets) for f in features}


def interval_bars(ax, ys, rows, *, height, colour, label, hatch_thin=True):
    """Horizontal bars of ``rows["mean"]`` with their 95% intervals; thin rows hatched."""
    means = rows["mean"].fillna(0).to_numpy()
    low = (means - rows["ci_low"].fillna(rows["mean"]).fillna(0).to_numpy()).clip(min=0)
    high = (rows["ci_high"].fillna(rows["mean"]).fillna(0).to_numpy() - means).clip(min=0)
    thin = [bool(f) for f in rows["flag"].fillna("no articles")]
    ax.barh(
        ys, means, height=height, color=colour, edgecolor="white", label=label,
        hatch=[THIN_HATCH if t and hatch_thin else "" for t in thin],
    )  # fmt: skip
    ax.errorbar(means, ys, xerr=[low, high], fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
    return max([0.0, *(means + high)])


def swatches(colours: Sequence[str], names: Sequence[str]) -> list:
    """Plain legend swatches, one per colour: a legend drawn from the bars would copy the
    hatching of whichever outlet came first."""
    from matplotlib.patches import Patch

    return [Patch(facecolor=c, label=n) for c, n in zip(colours, names, strict=True)]
