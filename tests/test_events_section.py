"""The events section: events of several outlets first, one-outlet events listed, coverage by kind
of outlet, no silent caps, and a report focused with --outlets / --events."""

from __future__ import annotations

import pytest
from report_factory import make_analysis, make_result

from framing.comparison.compare import compare
from framing.model import LedgerEntry, LedgerStatus, OutletKind
from framing.report.build import render_report
from framing.report.focus import focus_result, split_names
from framing.report.render import ReportError
from framing.report.views import events_view

STATE, BROADCASTER, PARTISAN = OutletKind.STATE_MEDIA, OutletKind.PUBLIC_BROADCASTER, OutletKind.PARTISAN


def _article(outlet, kind, event, title, day="2024-05-16"):
    return make_analysis(
        [("普京 表示 双方 合作 务实", "A"), ("霸权 行径 遭到 唾弃", "E")],
        outlet=outlet,
        outlet_kind=kind,
        event=event,
        title=title,
        date=day,
        loaded=[("霸权", "derogatory_label")],
    )


@pytest.fixture(scope="module")
def result():
    """Two events of several outlets, one of a single outlet; the events are set by the input."""
    return make_result(
        [
            _article("官媒", STATE, "summit", "两国元首会谈"),
            _article("广播台", BROADCASTER, "summit", "元首会谈举行"),
            _article("评论网", PARTISAN, "summit", "会谈的另一面"),
            _article("官媒", STATE, "drill", "联合演习开始", "2024-06-01"),
            _article("广播台", BROADCASTER, "drill", "演习举行", "2024-06-02"),
            _article("官媒", STATE, "visit", "部长访问", "2024-07-01"),
        ]
    )


def _ledger(result):
    return [
        LedgerEntry(a.article.path, LedgerStatus.INGESTED, article_ids=(a.article.id,))
        for a in result.articles
    ]


def _view(result, focus=None):
    comparison = compare(result, n_boot=50)
    return events_view(comparison, result.articles, {}, {}, focus)


def test_events_of_several_outlets_are_compared_and_one_outlet_events_listed(result):
    view = _view(result)
    assert [e.id for e in view.shown] == ["drill", "summit"] or [e.id for e in view.shown] == [
        "summit",
        "drill",
    ]
    assert [(e.id, e.outlet) for e in view.single] == [("visit", "官媒")]
    assert view.left_out == ()


def test_coverage_by_kind_names_who_covered_and_who_stayed_silent(result):
    view = _view(result)
    kinds = dict(view.coverage.kinds)
    assert list(kinds) == ["state media", "public international broadcaster", "partisan"]  # OutletKind order
    rows = dict(view.coverage.rows)
    drill = next(e for e in view.shown if e.id == "drill")
    assert rows[drill.name] == (("官媒",), ("广播台",), ())  # the partisan outlet stayed silent
    assert drill.silent == ("评论网",)


@pytest.fixture(scope="module")
def capped(result):
    """The page with at most one event set side by side."""
    import framing.report.views as views

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views, "EVENTS_SHOWN_MAX", 1)
        return render_report(result, _ledger(result), comparison=compare(result, n_boot=50))


def test_the_page_lists_the_events_of_one_outlet_collapsed_and_says_why(result):
    document, markdown, _, _ = render_report(result, _ledger(result), comparison=compare(result, n_boot=50))
    section = document.split('<h2 id="events">', 1)[1].split('<h2 id="outlets">', 1)[0]
    assert section.index("Who covered what") < section.index("Events covered by two or more outlets")
    assert section.index("Events covered by two or more outlets") < section.index(
        "covered by one outlet only"
    )
    assert "<details><summary>1 event was covered by only one outlet" in section
    assert "部长访问" in section and "Not covered by: 评论网" in section
    assert "state media (官媒)" in section and "partisan (评论网)" in section
    assert "loaded terms per 1,000 words" in section and "loaded_term_density" not in section
    assert "event id for --events: drill" in section
    assert "### Events covered by one outlet only" in markdown


def test_charts_are_drawn_for_the_events_set_side_by_side_and_no_other(result, capped):
    comparison = compare(result, n_boot=50)
    events = {e.id: f"event_{n:02d}" for n, e in enumerate(comparison.grouping.events, 1)}
    _document, _markdown, charts, _tables = render_report(result, _ledger(result), comparison=comparison)
    # the one-outlet event has nothing to set side by side: no chart of it is drawn or written
    assert sorted(n for n in charts if n.startswith("event_")) == sorted([events["summit"], events["drill"]])
    for name in (events["summit"], events["drill"]):
        assert set(charts[name]) == {"png", "svg"}
    shown = [n for n in capped[2] if n.startswith("event_")]
    assert len(shown) == 1 and f"charts/{shown[0]}.png" in capped[0]  # beyond the cap, none either


def test_beyond_the_cap_the_events_left_out_are_named(result, capped, monkeypatch):
    import framing.report.views as views

    monkeypatch.setattr(views, "EVENTS_SHOWN_MAX", 1)
    view = _view(result)
    assert len(view.shown) == 1 and len(view.left_out) == 1
    document = capped[0]
    assert "1 more event covered by two or more outlets is not set side by side here" in document
    assert view.left_out[0] in document.split("not set side by side here", 1)[1].split("</p>", 1)[0]


def test_focus_on_outlets_and_events(result):
    focus = focus_result(result, outlets=["官媒", "广播台"], events=["drill"])
    assert {a.article.outlet for a in focus.result.articles} == {"官媒", "广播台"}
    assert [e.id for e in focus.grouping.events] == ["drill"] and focus.grouping.ungrouped == ()
    assert len(focus.result.features) == 2
    document = render_report(result, _ledger(result), outlets=["官媒", "广播台"], events=["drill"])[0]
    assert "This report is focused: outlets 官媒, 广播台; events" in document
    assert "两国元首会谈" not in document and "联合演习开始" in document


def test_outlet_names_match_whatever_their_case():
    result = make_result([_article("Voice", BROADCASTER, "e", "t1"), _article("State", STATE, "e", "t2")])
    assert focus_result(result, outlets=["voice"]).outlets == ("Voice",)


@pytest.mark.parametrize(
    ("outlets", "events", "message"),
    [
        (
            ["官媒", "无此媒体"],
            [],
            "--outlets: no article of outlet '无此媒体' in these files; "
            "the outlets are: 官媒, 广播台, 评论网",
        ),
        (
            [],
            ["nope"],
            "--events: no event 'nope' in these files; "
            "the event ids (tables/events.csv, framing events) are: ",
        ),
        (["评论网"], ["drill"], "--outlets and --events together leave no article"),
    ],
)
def test_unknown_outlets_and_events_are_named(result, outlets, events, message):
    with pytest.raises(ReportError) as caught:
        focus_result(result, outlets=outlets, events=events)
    assert str(caught.value).startswith(message)


def test_split_names():
    assert split_names(" A, B ,,C") == ("A", "B", "C")
    assert split_names(["A,B", "C"]) == ("A", "B", "C")
    assert split_names(None) == ()


def test_cli_names_an_unknown_outlet_in_one_line_and_writes_nothing(tmp_path):
    from typer.testing import CliRunner

    from framing.cli import app

    out = tmp_path / "r"
    outcome = CliRunner().invoke(app, ["report", "--outlets", "No Such Outlet", "--out", str(out), "-j", "1"])
    assert outcome.exit_code != 0 and "Traceback" not in outcome.output
    assert "--outlets: no article of outlet 'No Such Outlet' in these files" in outcome.output
    assert not out.exists()


def test_the_inferred_date_mark_of_an_event_name_is_in_the_report_language():
    from framing.comparison.event_dates import INFERRED_MARK
    from framing.report.render import report_templates

    name = f"2022-01-30 – 2022-02-06 ({INFERRED_MARK}) · 会谈"
    hant = report_templates(None, "zh-Hant").html
    assert (
        hant.from_string("{{ n|event_name }}").render(n=name)
        == "2022-01-30 – 2022-02-06 (日期由正文推斷) · 会谈"
    )
