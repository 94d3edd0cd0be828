"""Report templates: a user's folder searched first, its words merged, escaping that stays on,
and one-line errors naming the file for a broken template or text file."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
import yaml
from test_report import hostile_result, ledger_for
from typer.testing import CliRunner

from framing.cli import app
from framing.comparison.compare import compare
from framing.report.render import (
    ReportError,
    md_escape,
    render_html,
    render_markdown,
    report_templates,
)
from framing.report.views import report_view

TEMPLATES = resources.files("framing.report").joinpath("templates")
HOSTILE = Path(__file__).parent / "fixtures" / "report" / "hostile"


@pytest.fixture(scope="module")
def view():
    """The hostile corpus's report view, without charts (they play no part here)."""
    result = hostile_result()
    analyses = tuple(result.articles)
    return report_view(
        compare(result), ledger_for(result), analyses, {}, {}, accuracy={}, demo=False, title=""
    )


EVERY_TITLE = (
    "{% for g in view.annotated.groups %}{% for a in g.articles %}{{ a.title }}{% endfor %}{% endfor %}"
)


def folder_with(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "mine" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "mine"


def test_a_template_in_the_user_folder_replaces_the_built_in_one(view, tmp_path):
    glossary = '<h2 id="glossary">{{ number }}. 我的词汇表</h2><p>' + EVERY_TITLE + "</p>\n"
    folder = folder_with(tmp_path, {"sections/glossary.html": glossary})
    document = render_html(view, report_templates(folder))
    assert '<h2 id="glossary">6. 我的词汇表</h2>' in document
    assert "Outlet profiles" in document  # the other sections are the built-in ones
    assert "<script" not in document.lower()  # the article's title, escaped in the user's template too
    assert "&lt;script&gt;document.write(&#34;t&#34;)&lt;/script&gt;标题" in document


def test_safe_in_a_user_template_prints_the_value_as_it_is(view, tmp_path):
    """Documented: ``|safe`` is the template author's choice and responsibility."""
    folder = folder_with(tmp_path, {"sections/glossary.html": EVERY_TITLE.replace("a.title", "a.title|safe")})
    assert "<script>" in render_html(view, report_templates(folder))


def test_the_users_words_are_merged_over_the_built_in_ones(view, tmp_path):
    text = "sections:\n  summary: 语料\ncategories:\n  my_category: 我自己的类别\n"
    templates = report_templates(folder_with(tmp_path, {"text/en.yaml": text}))
    document, markdown = render_html(view, templates), render_markdown(view, templates)
    assert '<h2 id="summary">1. 语料</h2>' in document and "## 1. 语料" in markdown
    assert "Outlet profiles" in document and "Outlet profiles" in markdown
    assert "<dt>my_category</dt><dd>我自己的类别</dd>" in document


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sections:\n  sumary: x\n", "unknown entry sections.sumary"),
        ("summary:\n  outlet_headers: just one line\n", "summary.outlet_headers must be a list"),
        ("sections: [a, b]\n", "sections must be a mapping"),
        ("sections:\n  summary: [unclosed\n", "en.yaml:3: not valid YAML"),
        ("- a list\n", "expected a mapping"),
    ],
)
def test_a_broken_text_file_is_a_one_line_error_naming_it(tmp_path, text, message):
    folder = folder_with(tmp_path, {"text/en.yaml": text})
    with pytest.raises(ReportError, match=re.escape(message)) as caught:
        report_templates(folder)
    assert str(folder / "text" / "en.yaml") in str(caught.value) and "\n" not in str(caught.value)


def test_a_placeholder_the_report_cannot_fill_is_an_error(view, tmp_path):
    folder = folder_with(tmp_path, {"text/en.yaml": "outlets:\n  intro: 'Outlets of {nobody}'\n"})
    with pytest.raises(ReportError, match="placeholder"):
        render_html(view, report_templates(folder))


@pytest.mark.parametrize(
    ("name", "template", "message"),
    [
        ("report.html", "{{ csp_meta }}\n{% autoescape false %}{{ view.title }}{% endautoescape %}", ":2: "),
        ("sections/summary.html", "<p>{% if %}</p>", "summary.html:1: "),
        ("sections/events.html", "{{ view.no_such_section.x }}", "events.html:1: "),
        ("report.html", "<html><head></head><body>{{ view.title }}</body></html>", "Content-Security-Policy"),
        ("report.html", '{{ csp_meta }}{% include "sections/missing.html" %}', "sections/missing.html"),
    ],
)
def test_a_broken_template_is_a_one_line_error(view, tmp_path, name, template, message):
    folder = folder_with(tmp_path, {name: template})
    with pytest.raises(ReportError) as caught:
        render_html(view, report_templates(folder))
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_autoescape_cannot_be_turned_off_in_a_user_template(view, tmp_path):
    folder = folder_with(tmp_path, {"sections/glossary.html": "{% autoescape false %}x{% endautoescape %}"})
    with pytest.raises(ReportError, match=r"glossary\.html:1: .*may not turn autoescaping off"):
        render_html(view, report_templates(folder))


def test_a_missing_template_folder(tmp_path):
    with pytest.raises(ReportError, match="template folder not found"):
        report_templates(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (None, "template folder not found: {folder}"),
        ({"sections/events.html": "{% for %}"}, "{folder}/sections/events.html:1: "),
        ({"article.md": "{{ x|nofilter }}"}, "{folder}/article.md:1: No filter named 'nofilter'."),
    ],
)
def test_cli_template_mistakes_are_one_line_before_any_work(tmp_path, monkeypatch, files, message):
    import framing.pipeline.report as pipeline

    monkeypatch.setattr(pipeline, "run", None)  # the pipeline must not start
    folder = folder_with(tmp_path, files) if files else tmp_path / "nowhere"
    out = tmp_path / "out"
    args = ["report", str(HOSTILE), "--templates", str(folder), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("framing: " + message.format(folder=folder)), lines
    assert not out.exists()


def test_cli_report_with_a_user_template_folder(tmp_path):
    folder = folder_with(tmp_path, {"text/en.yaml": "title:\n  default: 我们班的报告\n"})
    result = CliRunner().invoke(
        app, ["report", str(HOSTILE), "--templates", str(folder), "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    assert "<title>我们班的报告</title>" in (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert (tmp_path / "r" / "report.md").read_text(encoding="utf-8").startswith("# 我们班的报告\n")


def test_help_documents_the_template_folder_and_safe():
    result = CliRunner().invoke(app, ["report", "--help"], env={"COLUMNS": "200"})
    assert "--templates" in result.output and "|safe" in result.output


# Values in Markdown templates that are identifiers, not text (chart file stems).
UNESCAPED_OK = {"c.name"}


def test_every_value_in_the_markdown_templates_goes_through_md():
    templates = [p for p in _files(TEMPLATES) if p.name.endswith(".md")]
    assert {"report.md", "article.md", "summary.md"} <= {p.name for p in templates}
    for template in templates:
        for expression in re.findall(r"\{\{-?\s*(.*?)\s*-?\}\}", template.read_text(encoding="utf-8")):
            if expression.startswith("m.") or expression in UNESCAPED_OK:  # macros escape inside
                continue
            assert re.search(r"\|\s*md$", expression), f"{template.name}: {{{{ {expression} }}}} lacks |md"


def _files(root):
    for entry in root.iterdir():
        if entry.is_dir():
            yield from _files(entry)
        else:
            yield entry


def test_the_words_are_data_not_code():
    text = yaml.safe_load(TEMPLATES.joinpath("text", "en.yaml").read_text(encoding="utf-8"))
    sources = "".join(
        p.read_text(encoding="utf-8")
        for p in _files(resources.files("framing.report"))
        if p.name.endswith(".py")
    )
    for phrase in (text["labels"]["E"]["name"], text["method"]["limitations"][:40], text["glossary"]["n"][1]):
        assert phrase not in sources


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),  # a table bar stays inside its cell
        ("*x* _y_ `z` [l]", "\\*x\\* \\_y\\_ \\`z\\` \\[l\\]"),
        ("<b>&", "&lt;b&gt;&amp;"),
        ("a\\|b", "a\\\\\\|b"),
        ("two\nlines", "two lines"),
        (None, ""),
        (3, "3"),
    ],
)
def test_md_escape(raw, escaped):
    assert md_escape(raw) == escaped
