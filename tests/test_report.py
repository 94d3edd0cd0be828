"""The report: sections, files, safety against hostile article text, atomic writes."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from report_factory import make_analysis, make_result
from test_compare import corpus

from framing.model import LedgerEntry, LedgerStatus, SourceKind
from framing.report.build import ReportError, build_report, render_report
from framing.report.render import CSP

HOSTILE = [
    '<script>alert("x")</script> 霸权 行径',
    '<img src=x onerror="alert(1)"> 普京 表示 合作',
    '[点我](javascript:alert(1)) <a href="javascript:alert(2)">链接</a>',
    '<link rel="stylesheet" href="https://evil.example/x.css"> <iframe src="https://evil.example"></iframe>',
]


def hostile_result():
    bad = make_analysis(
        [(HOSTILE[0], "E"), (HOSTILE[1], "A"), (HOSTILE[2], "F"), (HOSTILE[3], "F")],
        outlet='恶意<b>outlet</b>"',
        title='<script>document.write("t")</script>标题',
        date="2024-05-17T10:00:00+08:00",  # zone-aware among naive dates, as real inputs mix them
        loaded=[("霸权", "derogatory_label")],
        sources=[("<img src=x onerror=alert(3)>", SourceKind.OTHER)],
    )
    bad = replace(bad, article=replace(bad.article, url="javascript:alert(4)", path='x"><script>.md'))
    return make_result([*corpus(), bad])


def ledger_for(result, extra=()):
    entries = [
        LedgerEntry(a.article.path, LedgerStatus.INGESTED, article_ids=(a.article.id,))
        for a in result.articles
    ]
    return entries + list(extra)


@pytest.fixture(scope="module")
def rendered():
    result = hostile_result()
    skipped = LedgerEntry("notes/<script>.bin", LedgerStatus.SKIPPED, reason="binary file <b>")
    return render_report(result, ledger_for(result, [skipped]))


def test_no_script_no_handlers_no_remote_resources(rendered):
    document = rendered[0]
    lowered = document.lower()
    assert "<script" not in lowered
    assert not re.search(r"<[^>]+\son\w+\s*=", lowered)  # no event-handler attribute on any tag
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", lowered)
    assert not re.search(r"""<(link|iframe|object|embed)\b""", lowered)
    # every src= is an embedded data: URL
    assert all(v.startswith("data:") for v in re.findall(r'\ssrc="([^"]*)"', document))
    assert all(v.startswith(("#", "http")) for v in re.findall(r'\shref="([^"]*)"', document))
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in document  # shown, as text


def test_content_security_policy(rendered):
    document = rendered[0]
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in document
    assert "default-src 'none'" in CSP and "script-src" not in CSP


def test_sections_and_embedded_font(rendered):
    document, markdown, charts, tables = rendered
    for anchor in ("summary", "events", "outlets", "articles", "method", "glossary"):
        assert f'id="{anchor}"' in document
    for heading in (
        "The corpus",
        "Events, outlets side by side",
        "Outlet profiles",
        "Annotated articles",
        "Method and limitations",
        "Glossary",
    ):
        assert heading in markdown
    assert "@font-face" in document and "data:font/woff;base64," in document
    assert "notes/&lt;script&gt;.bin" in document and "binary file &lt;b&gt;" in document  # the ledger
    assert set(tables) >= {"by_outlet.csv", "by_event_outlet.csv", "ledger.csv", "events.csv", "articles.csv"}
    assert {
        "loaded_term_density",
        "claim_composition",
        "source_kinds",
        "distinctive_terms",
        "timeline",
    } <= set(charts)


def test_annotations(rendered):
    document = rendered[0]
    assert '<mark class="cat-derogatory_label"' in document
    assert re.search(r'<span class="s s-E" title="E: editorial assertion\nconstructed label E', document)
    assert "reporting_verb: 表示" in document  # evidence on hover
    assert "普京 — <em>official</em>" in document  # sources with their kind


def test_markdown_escapes_html(rendered):
    markdown = rendered[1]
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown


def test_nothing_to_report():
    with pytest.raises(ReportError):
        render_report(make_result([]), [])


def test_build_writes_folder_and_failure_keeps_previous(tmp_path, monkeypatch):
    result = make_result(corpus())
    out = tmp_path / "report"
    files = build_report(result, ledger_for(result), out)
    assert files.html.is_file() and files.markdown.is_file()
    assert (out / "charts" / "timeline.png").is_file() and (out / "charts" / "timeline.svg").is_file()
    assert (out / "tables" / "by_outlet.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    before = files.html.read_bytes()

    import framing.report.build as report

    def broken(folder, *args, **kwargs):
        (folder / "report.html").write_text("half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(report, "_write", broken)
    with pytest.raises(OSError):
        build_report(result, ledger_for(result), out)
    assert files.html.read_bytes() == before  # the previous report is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no half-written folder left


def test_paths_shown_relative_to_the_inputs_folder(rendered):
    from pathlib import Path

    document, markdown, _, tables = rendered
    assert str(Path.cwd()) not in document + markdown
    ledger = tables["ledger.csv"].decode("utf-8-sig").splitlines()[1:]
    assert ledger and all(not line.startswith("/") for line in ledger)
    assert "notes/&lt;script&gt;.bin" in document


def test_relative_to_common_folder():
    from framing.report.shown_paths import relative_to_common

    relative, _ = relative_to_common(["/data/corpus/voa/a.md", "/data/corpus/cctv/d.md#3", ""])
    assert relative("/data/corpus/voa/a.md") == "voa/a.md"
    assert relative("/data/corpus/cctv/d.md#3") == "cctv/d.md#3"
    assert relative("") == ""
    assert relative_to_common([])[0]("x") == "x"


SHARED = __import__("pathlib").Path(__file__).parents[1].parent / "shared"


@pytest.mark.skipif(not (SHARED / "corpus" / "seeds").is_dir(), reason="../shared/corpus absent")
def test_report_on_the_seed_articles(tmp_path):
    from framing.pipeline.report import report_from_paths

    seeds = SHARED / "corpus" / "seeds"
    files = report_from_paths([seeds], tmp_path / "seeds")
    document = files.html.read_text(encoding="utf-8")
    ledger = (files.out_dir / "tables" / "ledger.csv").read_text(encoding="utf-8-sig")
    for seed in sorted(p.name for p in seeds.iterdir() if p.is_file()):
        assert seed in ledger and seed in document  # every input accounted for
    assert "Constructed teaching examples" not in document  # the notice is for the demo only
    assert str(seeds) not in document


def test_demo_report_has_every_section_and_the_notice(tmp_path):
    from framing.pipeline.report import report_from_paths

    files = report_from_paths([], tmp_path / "demo")
    markdown = files.markdown.read_text(encoding="utf-8")
    assert "Constructed teaching examples" in markdown
    events = markdown.split("\n## 3.")[0]  # the events section
    assert events.count("\n#### 2026-") == 3  # three events, each covered by several outlets
    assert "Articles that fit no event" in markdown and "中俄边境口岸恢复团体旅游免签" in markdown
    document = files.html.read_text(encoding="utf-8")
    assert "08_pipeline_state_gb18030.md" in document and "09_pipeline_broadcaster_traditional.md" in document


def test_large_corpora_annotate_a_selection_from_every_event_and_outlet():
    from types import SimpleNamespace

    from framing.report.article_list import annotated_selection

    def analysis(article_id, outlet):
        return SimpleNamespace(article=SimpleNamespace(id=article_id, outlet=outlet))

    ordered = [analysis(f"e1-a{i}", "A") for i in range(50)]
    ordered += [analysis(f"e1-b{i}", "B") for i in range(2)]
    ordered += [analysis(f"none-c{i}", "C") for i in range(50)]
    event_of = {a.article.id: "e1" for a in ordered if a.article.id.startswith("e1")}
    chosen = annotated_selection(ordered, event_of, 10)
    assert len(chosen) == 10
    assert {"e1-b0", "e1-b1"} <= chosen  # the small group is fully represented
    assert {"e1-a0", "none-c0"} <= chosen and "e1-a49" not in chosen
    assert annotated_selection(ordered[:5], event_of, 10) == {a.article.id for a in ordered[:5]}


def test_only_the_largest_events_are_set_side_by_side_in_date_order():
    from types import SimpleNamespace

    from framing.report.views import largest_events

    events = [
        SimpleNamespace(id=f"e{i}", article_ids=tuple(range(size))) for i, size in enumerate([2, 9, 3, 9, 5])
    ]
    assert [e.id for e in largest_events(events, 3)] == ["e1", "e3", "e4"]
    assert largest_events(events, 10) == events
