"""Charts: every chart renders to PNG and SVG with Chinese glyphs found, without pyplot state."""

from __future__ import annotations

import sys
import warnings
from types import SimpleNamespace

import matplotlib
import pytest
from report_factory import make_analysis, make_result
from test_compare import corpus

from framing.comparison.compare import compare
from framing.report.charts import all_charts, chart_style, render, render_all


@pytest.fixture(scope="module")
def charts():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning in matplotlib: make it fail
        built = all_charts(compare(make_result(corpus()), n_boot=200))
        rendered = {chart.name: render(chart.figure) for chart in built}
    return built, rendered


def test_every_chart_renders_png_and_svg(charts):
    built, rendered = charts
    names = [c.name for c in built]
    assert names[:7] == [
        "loaded_term_voice",
        "whose_vocabulary",
        "loaded_term_density",
        "claim_composition",
        "source_kinds",
        "distinctive_terms",
        "timeline",
    ]
    assert names[7:] == ["event_01"]
    for name, files in rendered.items():
        assert files["png"].startswith(b"\x89PNG"), name
        assert b"<svg" in files["svg"][:400], name
        # text drawn as paths: the SVG shows the right glyphs on a machine without the font
        assert b"<text" not in files["svg"], name


def test_rendering_is_deterministic(charts):
    built, rendered = charts
    again = render(built[0].figure)
    assert again["svg"] == rendered[built[0].name]["svg"]


@pytest.mark.skipif(sys.platform == "win32", reason="charts render in one process without fork")
def test_charts_rendered_on_two_processes_are_the_same_bytes(charts):
    _built, rendered = charts
    # Fresh figures: drawing a figure again starts its layout from where the last draw left it.
    fresh = all_charts(compare(make_result(corpus()), n_boot=200))
    assert render_all(fresh, jobs=2) == rendered
    one = all_charts(compare(make_result(corpus()), n_boot=200))[:1]
    assert render_all(one, jobs=2) == {one[0].name: rendered[one[0].name]}  # one chart: no pool


def test_distinctive_term_bars_have_the_same_thickness_in_every_panel():
    import pandas as pd

    from framing.report.charts import distinctive_terms

    rows = [("甲台", f"词{i}", 5 - i * 0.3) for i in range(10)] + [("乙台", "词", 3.0), ("乙台", "语", 2.5)]
    table = pd.DataFrame(
        [{"group": g, "term": t, "count": 3, "log_odds": z / 2, "z": z, "tfidf": 0.1} for g, t, z in rows]
    )
    with chart_style():
        figure = distinctive_terms(SimpleNamespace(distinctive_outlet=table))
    panels = {ax.get_title(): ax for ax in figure.axes if ax.patches}
    assert {name: len(ax.patches) for name, ax in panels.items()} == {"甲台": 8, "乙台": 2}
    assert {ax.get_ylim() for ax in panels.values()} == {(7.5, -0.5)}  # room for 8 bars, top down
    with chart_style():
        alone = distinctive_terms(SimpleNamespace(distinctive_outlet=table[table["group"] == "乙台"]))
    assert [ax.get_ylim() for ax in alone.axes if ax.patches] == [(1.5, -0.5)]  # two bars fill it


def test_chinese_text_uses_the_bundled_font():
    from matplotlib.figure import Figure

    with chart_style(), warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = Figure()
        figure.text(0.1, 0.5, "中俄联合声明 普京 習近平 蒲亭")
        render(figure, ("png",))
        assert matplotlib.rcParams["font.family"][0] == "Noto Sans SC"


def test_without_the_font_family_glyphs_are_missing():
    """The negative case: DejaVu alone has no Chinese, so the check above can fail."""
    from matplotlib.figure import Figure

    with (
        matplotlib.rc_context({"font.family": ["DejaVu Sans"]}),
        warnings.catch_warnings(record=True) as seen,
    ):
        warnings.simplefilter("always")
        figure = Figure()
        figure.text(0.1, 0.5, "中俄")
        figure.savefig(__import__("io").BytesIO(), format="png")
    assert any("missing from font" in str(w.message) for w in seen)


def test_style_is_restored_and_pyplot_untouched(charts):
    assert matplotlib.rcParams["font.family"] != ["Noto Sans SC", "DejaVu Sans"]
    if "matplotlib.pyplot" in sys.modules:
        assert sys.modules["matplotlib.pyplot"].get_fignums() == []


def test_empty_comparison_draws_explanations():
    built = all_charts(compare(make_result([make_analysis([("只有 一句", "F")], date=None)])))
    assert [c.name for c in built] == [
        "loaded_term_voice", "whose_vocabulary", "loaded_term_density", "claim_composition",
        "source_kinds", "distinctive_terms", "timeline",
    ]  # fmt: skip
    for chart in built:
        assert render(chart.figure, ("png",))["png"].startswith(b"\x89PNG")


@pytest.mark.parametrize("n", [1, 10, 11, 20, 25])
def test_event_colours_are_distinct_up_to_twenty(n):
    from framing.report.charts import MAX_EVENT_COLOURS, event_colours

    colours = event_colours([f"e{i}" for i in range(n)])
    distinct = min(n, MAX_EVENT_COLOURS)
    assert len(set(list(colours.values())[:distinct])) == distinct
