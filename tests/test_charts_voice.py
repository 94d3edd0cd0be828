"""Charts that teach honestly: own voice beside quoted, whose vocabulary, shared axes, every
outlet and event kept, plain words from the report's words file."""

from __future__ import annotations

import re
from copy import deepcopy

import pytest
from report_factory import make_analysis, make_result

from framing.comparison.compare import compare
from framing.model import SourceKind
from framing.report.charts import (
    all_charts,
    chart_style,
    source_kinds,
    voice_split,
    whose_vocabulary,
)
from framing.report.render import load_text
from framing.report.words import feature_label

TEXT = load_text()
STANCES = ("anti_ccp", "anti_west", "critical", "pro_beijing", "pro_moscow")


def outlet_articles(outlet: str, own: float, quoted: float, stance: str, day: int, cites: bool):
    """An article (sentences written for this test) with chosen own-voice and quoted densities."""
    analysis = make_analysis(
        [("双方 举行 会谈", "F"), ("外长 表示 合作 深化", "A")],
        outlet=outlet,
        date=f"2024-05-{day}",
        sources=[("外长", SourceKind.OFFICIAL)] if cites else [],
    )
    analysis.features.update(
        {
            "loaded_term_density": own,
            "quoted_loaded_term_density": quoted,
            **{f"stance_{s}_density": (own if s == stance else 0.0) for s in STANCES},
        }
    )
    return analysis


@pytest.fixture(scope="module")
def comparison():
    analyses = []
    for day in (16, 17, 18):
        analyses.append(outlet_articles("甲台", 2.0, 20.0, "critical", day, cites=True))
        analyses.append(outlet_articles("乙台", 30.0, 1.0, "pro_beijing", day, cites=True))
    analyses.append(outlet_articles("丙台", 0.0, 0.0, "critical", 16, cites=False))  # cites no one
    return compare(make_result(analyses), n_boot=200)


def test_own_voice_and_quoted_bars_share_one_axis_for_every_outlet(comparison):
    with chart_style():
        figure = voice_split(comparison, TEXT)
    (ax,) = figure.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == [  # sorted: 丙 < 乙 < 甲 in Unicode
        "丙台 (articles: 1, too few)",
        "乙台 (articles: 3)",
        "甲台 (articles: 3)",
    ]
    widths = sorted(round(p.get_width(), 3) for p in ax.patches)
    assert widths == [0.0, 0.0, 1.0, 2.0, 20.0, 30.0]
    assert ax.get_xlim()[0] == 0
    assert "own voice" in ax.get_xlabel() or "own voice" in " ".join(
        t.get_text() for t in figure.legends[0].texts
    )


def test_whose_vocabulary_has_a_panel_per_outlet_on_one_axis(comparison):
    with chart_style():
        figure = whose_vocabulary(comparison, TEXT)
    panels = [ax for ax in figure.axes if ax.get_title()]
    assert [ax.get_title().split(" (")[0] for ax in panels] == ["丙台", "乙台", "甲台"]
    assert len({ax.get_xlim() for ax in panels}) == 1  # one axis: bars compare across outlets
    labels = [t.get_text() for t in panels[0].get_yticklabels()]
    assert labels == [TEXT["stance_names"][s] for s in STANCES]
    texts = [t.get_text() for ax in panels for t in ax.texts]
    assert TEXT["charts"]["stances_none"] in texts  # 丙台: said, not left blank


def test_an_outlet_citing_no_one_keeps_its_row_marked(comparison):
    with chart_style():
        figure = source_kinds(comparison, TEXT)
    (ax,) = figure.axes
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[0] == "丙台 (articles: 1, sources: 0)"
    assert TEXT["charts"]["sources_none"] in [t.get_text() for t in ax.texts]
    assert ax.get_xlim() == (0, 1)


def test_every_event_gets_a_chart_and_all_share_their_axes():
    analyses = []
    for day, outlet, share in ((1, "甲台", 0.2), (1, "乙台", 0.9), (20, "甲台", 0.5), (20, "乙台", 0.1)):
        analysis = make_analysis(
            [("俄方 代表团 抵达", "F")] if day == 1 else [("油气 管道 协议 签署", "F")],
            outlet=outlet,
            date=f"2024-05-{day:02d}",
            event=f"e{day}",
        )
        analysis.features.update({"loaded_term_density": 40.0 * share, "attributed_share": share})
        analyses.append(analysis)
    comparison = compare(make_result(analyses), n_boot=100)
    assert len(comparison.grouping.events) == 2
    charts = all_charts(comparison, text=TEXT)
    events = [c for c in charts if c.name.startswith("event_")]
    assert [c.name for c in events] == ["event_01", "event_02"]  # no cap
    limits = [[ax.get_xlim() for ax in c.figure.axes] for c in events]
    assert limits[0] == limits[1]  # densities compare across events
    shares = [ax.get_xlim() for c in events for ax in c.figure.axes if "(0–1)" in ax.get_title()]
    assert shares and all(low < 0 < 1 < high < 1.1 for low, high in shares)


def test_chart_words_come_from_the_words_file_and_read_as_plain_words(comparison):
    charts = all_charts(comparison, text=TEXT)
    snake = re.compile(r"\b[a-z]+_[a-z_]+\b")
    for chart in charts:
        words = [chart.title, chart.caption.replace("loaded_terms.tsv", "")]
        for ax in chart.figure.axes:
            words += [ax.get_title(), ax.get_xlabel(), *(t.get_text() for t in ax.get_yticklabels())]
        words += [t.get_text() for legend in chart.figure.legends for t in legend.texts]
        assert not [w for w in words if snake.search(w)], chart.name
    changed = deepcopy(TEXT)
    changed["charts"]["voice_title"] = "自己的话与引述"
    renamed = all_charts(comparison, text=changed)
    assert renamed[0].title == "自己的话与引述"
    assert renamed[0].figure.axes[0].get_title() == "自己的话与引述"


def test_the_demo_report_leads_with_the_own_voice_and_shows_the_quoted_beside_it(tmp_path):
    import csv

    from framing.pipeline.report import report_from_paths

    files = report_from_paths([], tmp_path / "demo")
    markdown = files.markdown.read_text(encoding="utf-8")
    summary = markdown.split("\n## 2.")[0]
    headers = TEXT["voice"]["outlet_headers"]
    assert " | ".join(headers) in summary.replace("\\", "")
    outlets = markdown.split("\n## 3.")[1].split("\n## 4.")[0]
    own, quoted = (feature_label(f, TEXT) for f in ("loaded_term_density", "quoted_loaded_term_density"))
    assert own in outlets and quoted in outlets
    assert outlets.index(own) < outlets.index(quoted)
    assert "| loaded_term_density |" not in outlets  # the table reads in plain words
    for name in ("loaded_term_voice", "whose_vocabulary"):
        assert (files.out_dir / "charts" / f"{name}.png").is_file() and f"charts/{name}.png" in markdown
    with (files.out_dir / "tables" / "articles.csv").open(encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    assert header.index("quoted_loaded_term_density") == header.index("loaded_term_density") + 1
