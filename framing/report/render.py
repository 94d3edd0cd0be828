"""Render the report's views as HTML and Markdown with the jinja2 templates in ``templates/``.

    ReportView ──render_html──▶ report.html   (templates report.html, sections/*.html, article.html)
               ──render_markdown──▶ report.md (templates report.md, sections/*.md, article.md)

Templates are looked up in a user's template folder first (``framing report --templates
DIR``), then in the package: a file of the same name in DIR replaces the built-in one.

The interface words come in three languages (``LANGUAGES``: ``en``, ``zh-Hans``, ``zh-Hant``;
``framing report --lang``), layered: the built-in English ``templates/text/en.yaml``, then the
built-in ``text/<lang>.yaml`` over it (an entry it lacks stays English), then the user's
``DIR/text/<lang>.yaml``. Article text is always shown as written.

Safety of the HTML: the environment escapes every value (``autoescape``), so article text
is always shown as text. A user template cannot switch that off for a block (a template with
``{% autoescape false %}`` is refused); a value passed through ``|safe`` in a user template
is printed as it is, and is the template author's responsibility. The page must carry the
Content-Security-Policy meta tag (``{{ csp_meta }}``): a page template without it is refused.
The Markdown environment does not escape by itself: its templates pass every value through
the ``md`` filter.
"""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
    pass_environment,
)
from markupsafe import Markup

from framing.comparison.event_dates import INFERRED_MARK
from framing.errors import ReportError
from framing.report.article_view import article_view
from framing.report.cards import HANDOUT_ALL_UP_TO, card_summary, handout_selection
from framing.report.fonts import css_font_face
from framing.report.words import feature_label, fill, kind_name

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
TEXT = "text/en.yaml"  # the report's words in English: every entry; the other languages merge over it
# The interface languages; English is the default because every entry exists in it first (the
# others fall back to it entry by entry) and because it is the language of the tool's other output.
LANGUAGES = ("en", "zh-Hans", "zh-Hant")
DEFAULT_LANGUAGE = "en"
# Where the page's <style> gets the embedded font; "<" never reaches the page unescaped from a value.
FONT_FACE_SLOT = "<!--framing:font-face-->"


@dataclass(frozen=True)
class Templates:
    """The two jinja environments and the report's words, built once per template folder."""

    html: Environment
    markdown: Environment
    text: Mapping
    folder: Path | None  # the user's template folder, None for the built-in templates only
    lang: str = DEFAULT_LANGUAGE  # the interface language, one of LANGUAGES


def md_escape(value: object) -> str:
    """Text safe inside a Markdown paragraph or table cell: HTML-escaped, Markdown's
    punctuation and table bars backslash-escaped, line breaks made spaces."""
    text = html.escape("" if value is None else str(value), quote=False).replace("\n", " ")
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", text)


def scored(terms) -> str:
    """(term, score) pairs as 'term (1.2), other (0.8)'."""
    return ", ".join(f"{term} ({score})" for term, score in terms)


def percent(share: float) -> str:
    return f"{share:.0%}"


@pass_environment
def confidence_note(env: Environment, sentence) -> str:
    """'uncertain, p=0.42' or 'p=0.93': the classifier's probability of a sentence's label."""
    word = env.globals["t"]["words"]["uncertain"] + ", " if sentence.uncertain else ""
    return f"{word}p={sentence.confidence}"


@pass_environment
def summary(env: Environment, card) -> tuple[str, ...]:
    """An article card's plain-language summary (``framing.report.cards.card_summary``)."""
    return card_summary(card, env.globals["t"])


@pass_environment
def term_hover(env: Environment, piece) -> str:
    """The "why" of a marked loaded term: its category, whose vocabulary it is, the lexicon's note."""
    text = env.globals["t"]
    parts = [f"{text['words']['loaded_term']}: {category_filter(env, piece.kind)}"]
    if piece.stance:
        parts.append(f"{text['cards']['whose_vocabulary']}: {stance_filter(env, piece.stance)}")
    if piece.note:
        parts.append(piece.note)
    return " · ".join(parts)


@pass_environment
def why(env: Environment, sentence) -> Markup:
    """A sentence's "why" in one line, opened by focus and printed: its label, the reason and the
    deciding cues, each in a span of its own (print leaves out the label, shown beside it already,
    and the cues, which the reason names)."""
    text = env.globals["t"]
    head = f"{sentence.label}: {text['labels'].get(sentence.label, {}).get('name', '')}"
    if sentence.confidence and sentence.uncertain:
        head += f" ({confidence_note(env, sentence)})"
    parts = [Markup('<span class="why-label">{}</span>').format(head)]
    if sentence.reason:
        parts.append(Markup('<span class="why-reason">{}</span>').format(sentence.reason))
    if sentence.cue_words:
        parts.append(Markup('<span class="why-cue">{}</span>').format("; ".join(sentence.cue_words)))
    return Markup('<span class="why-sep"> · </span>').join(parts)


@pass_environment
def hover(env: Environment, sentence) -> str:
    """The text shown over a sentence: label and probability, reason, source, one cue a line."""
    text = env.globals["t"]
    head = f"{sentence.label}: {text['labels'].get(sentence.label, {}).get('name', '')}"
    if sentence.confidence:
        head += f" ({confidence_note(env, sentence)})"
    source = f"{text['words']['source']}: {sentence.source}" if sentence.source else ""
    return "\n".join(line for line in (head, sentence.reason, source, *sentence.cues) if line)


class _UserTemplates(FileSystemLoader):
    """The user's folder: a template there that turns autoescaping off is refused."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if template.endswith(".html"):
            tree = environment.parse(source, template, filename)
            for node in tree.find_all((nodes.EvalContextModifier, nodes.ScopedEvalContextModifier)):
                if any(k.key == "autoescape" and k.value != nodes.Const(True) for k in node.options):
                    raise ReportError(
                        f"{filename}:{node.lineno}: a report template may not turn autoescaping off; "
                        "mark the values you trust with |safe instead"
                    )
        return source, filename, uptodate


@pass_environment
def feature_filter(env: Environment, name: str) -> str:
    """A feature's name in plain words with its unit (``framing.report.words.feature_label``)."""
    return feature_label(name, env.globals["t"])


@pass_environment
def feature_rows(env: Environment, rows) -> list[tuple]:
    """Table rows whose first cell is a feature name, that cell in plain words."""
    return [(feature_label(row[0], env.globals["t"]), *row[1:]) for row in rows]


@pass_environment
def source_kind_filter(env: Environment, kind: str) -> str:
    """A source kind ("state_media") by its short name in the report's language ("state media")."""
    return kind_name(str(kind), env.globals["t"])


@pass_environment
def outlet_kind_filter(env: Environment, kind: str) -> str:
    """An outlet kind ("public international broadcaster") by its short name in the report's language."""
    entry = env.globals["t"].get("outlet_kinds", {}).get(str(kind))
    return entry[0] if entry else str(kind)


@pass_environment
def stance_filter(env: Environment, stance: str) -> str:
    """A stance ("pro_beijing") as whose vocabulary it is, in the report's language ("Beijing's")."""
    return env.globals["t"].get("stance_names", {}).get(stance) or str(stance).replace("_", " ")


@pass_environment
def category_filter(env: Environment, category: str) -> str:
    """A loaded-term category ("war_metaphor") by its name in the report's language ("war metaphor")."""
    return env.globals["t"].get("category_names", {}).get(category) or str(category).replace("_", " ")


@pass_environment
def outlet_kind_rows(env: Environment, rows) -> list[tuple]:
    """Rows (outlet, kind, …) with the kind by its name in the report's language."""
    return [(row[0], outlet_kind_filter(env, row[1]), *row[2:]) for row in rows]


@pass_environment
def event_name_filter(env: Environment, name: str) -> str:
    """An event's name with its "(date inferred from text)" mark in the report's language."""
    return str(name).replace(f"({INFERRED_MARK})", f"({env.globals['t']['words']['date_inferred']})")


@pass_environment
def accuracy_rows(env: Environment, rows) -> list[tuple]:
    """Rows (measure, value) with the measure in the report's language where it has a translation."""
    names = env.globals["t"]["method"].get("accuracy_names", {})
    return [(names.get(measure, measure), value) for measure, value in rows]


def _environment(loader, *, markdown: bool) -> Environment:
    env = Environment(
        loader=loader,
        autoescape=not markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        fill=fill,
        scored=scored,
        percent=percent,
        hover=hover,
        confidence_note=confidence_note,
        feature=feature_filter,
        feature_rows=feature_rows,
        source_kind=source_kind_filter,
        outlet_kind=outlet_kind_filter,
        category=category_filter,
        stance=stance_filter,
        outlet_kind_rows=outlet_kind_rows,
        accuracy_rows=accuracy_rows,
        event_name=event_name_filter,
        summary=summary,
        term_hover=term_hover,
        why=why,
        handout_selection=handout_selection,
    )
    if markdown:
        env.filters["md"] = md_escape
    env.globals.update(
        csp_meta=Markup(CSP_META),
        font_face=Markup(FONT_FACE_SLOT),
        sections=("summary", "events", "outlets", "articles", "method", "glossary"),
        handout_all_up_to=HANDOUT_ALL_UP_TO,
    )
    return env


def check_language(lang: str) -> str:
    """``lang`` when it is one of ``LANGUAGES``; raises ReportError listing them otherwise."""
    if lang not in LANGUAGES:
        raise ReportError(f"unknown report language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


def report_templates(folder: Path | str | None = None, lang: str = DEFAULT_LANGUAGE) -> Templates:
    """The templates of ``folder`` (searched first) over the built-in ones, with the words of ``lang``.

    Raises ReportError when ``lang`` is not one of ``LANGUAGES``, ``folder`` is not a folder or
    its ``text/<lang>.yaml`` is invalid.
    """
    check_language(lang)
    if folder is None:
        return _built_in(lang)
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(f"template folder not found: {folder}")
    return _templates(folder.resolve(), lang)


@cache
def _built_in(lang: str = DEFAULT_LANGUAGE) -> Templates:
    return _templates(None, lang)


def _templates(folder: Path | None, lang: str = DEFAULT_LANGUAGE) -> Templates:
    loaders = [PackageLoader("framing.report", "templates")]
    if folder is not None:
        loaders.insert(0, _UserTemplates(str(folder)))
    loader = ChoiceLoader(loaders)
    text = load_text(folder, lang)
    html_env, markdown_env = _environment(loader, markdown=False), _environment(loader, markdown=True)
    for env in (html_env, markdown_env):
        env.globals["t"] = text
        env.globals["lang"] = lang
    if folder is not None:  # the user's templates compiled now, so a mistake shows before the work
        with _template_errors():
            for name in loaders[0].list_templates():
                if name.endswith(".html"):
                    html_env.get_template(name)
                elif name.endswith(".md"):
                    markdown_env.get_template(name)
    return Templates(html_env, markdown_env, text, folder, lang)


def built_in_text(lang: str) -> dict:
    """The built-in ``templates/text/<lang>.yaml`` as it is, not merged over English."""
    name = f"text/{check_language(lang)}.yaml"
    source = resources.files("framing.report").joinpath("templates", name).read_text(encoding="utf-8")
    return _parse_text(source, f"framing/report/templates/{name}")


def load_text(folder: Path | None = None, lang: str = DEFAULT_LANGUAGE) -> dict:
    """The report's words in ``lang``: the built-in English, the built-in ``text/<lang>.yaml``
    merged over it, then ``folder/text/<lang>.yaml`` merged over both.

    A translation lacking an entry keeps the English one (``missing_translations`` lists
    them). The user's file needs only the entries it changes; it may add loaded-term categories
    (under ``categories``) but no other entry the built-in file lacks.
    """
    text = built_in_text(DEFAULT_LANGUAGE)
    if lang != DEFAULT_LANGUAGE:
        text = _merged(text, built_in_text(lang), f"framing/report/templates/text/{lang}.yaml", "")
    path = folder / "text" / f"{lang}.yaml" if folder is not None else None
    if path is None or not path.is_file():
        return text
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot be read as UTF-8 text: {exc}") from None
    return _merged(text, _parse_text(source, str(path)), str(path), "")


def _parse_text(source: str, where: str) -> dict:
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ReportError(f"{where}{line}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict):
        raise ReportError(f"{where}: expected a mapping of entries to texts")
    return data


def _merged(base: dict, over: dict, where: str, key: str) -> dict:
    """``over`` merged into a copy of ``base``, each entry of the same type as the built-in one."""
    merged = dict(base)
    for name, value in over.items():
        entry = f"{key}.{name}" if key else str(name)
        if name not in base:
            if key != "categories" or not isinstance(value, str):
                raise ReportError(
                    f"{where}: unknown entry {entry} (the entries are those of {TEXT} in the package)"
                )
            merged[name] = value
        elif isinstance(base[name], dict):
            if not isinstance(value, dict):
                raise ReportError(f"{where}: {entry} must be a mapping, as in the built-in {TEXT}")
            merged[name] = _merged(base[name], value, where, entry)
        elif base[name] is None or value is None:
            merged[name] = base[name] if value is None else value
        elif type(value) is not type(base[name]):
            kind = {"str": "text", "list": "list"}.get(type(base[name]).__name__, type(base[name]).__name__)
            raise ReportError(f"{where}: {entry} must be a {kind}, as in the built-in {TEXT}")
        else:
            merged[name] = value
    return merged


def missing_translations(lang: str) -> list[str]:
    """The entries of the English words that ``text/<lang>.yaml`` lacks (shown in English),
    as dotted paths ("events.one_outlet"); a list that differs in length is named as a whole."""
    return _missing(built_in_text(DEFAULT_LANGUAGE), built_in_text(lang), "")


def _missing(english, translated, key: str) -> list[str]:
    if translated is None:
        return [key]
    if isinstance(english, dict):
        if not isinstance(translated, dict):
            return [key]
        paths = (_missing(v, translated.get(n), f"{key}.{n}" if key else str(n)) for n, v in english.items())
        return [path for found in paths for path in found]
    if isinstance(english, list):
        ok = isinstance(translated, list) and len(translated) == len(english)
        return [] if ok else [key]
    return []


@contextmanager
def _template_errors():
    """A template's mistake becomes a one-line ReportError naming its file and line."""
    try:
        yield
    except ReportError:
        raise
    except TemplateSyntaxError as exc:
        raise ReportError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except TemplateNotFound as exc:
        raise ReportError(f"template not found: {exc.name}") from None
    except (TemplateError, AttributeError, KeyError, TypeError, ValueError) as exc:
        message = " ".join(str(exc).split())
        raise ReportError(f"{_template_line(exc)}: {type(exc).__name__}: {message}") from None


def _render(env: Environment, name: str, **context) -> str:
    with _template_errors():
        return env.get_template(name).render(**context)


def _template_line(exc: BaseException) -> str:
    """'file:line' of the innermost template frame of the traceback (jinja puts them there)."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.endswith((".html", ".md")) and not f.filename.endswith(".py")
    ]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "report template"


def _visible_text(document: str) -> str:
    """The characters a reader sees on the page (for the font subset)."""
    document = re.sub(r"<style\b.*?</style>", " ", document, flags=re.DOTALL | re.IGNORECASE)
    document = re.sub(r'src="data:[^"]*"', "", document)
    return html.unescape(re.sub(r"<[^>]+>", " ", document))


def render_html(view, templates: Templates | None = None, *, page: str = "report.html") -> str:
    """The HTML page of a ``ReportView``, with the Noto Sans SC subset of its text embedded.

    ``page``: the page template, ``report.html`` or ``handout.html`` (the short printable version).
    """
    return _page(templates or _built_in(), page, view=view)


def render_cards_html(cards, templates: Templates | None = None, *, title: str = "") -> str:
    """A page of article cards (``cards.html``), every sentence numbered with its reason."""
    return _page(templates or _built_in(), "cards.html", cards=cards, title=title)


def render_cards_markdown(cards, templates: Templates | None = None, *, title: str = "") -> str:
    """The Markdown twin of ``render_cards_html``."""
    return _render((templates or _built_in()).markdown, "cards.md", cards=cards, title=title)


def _page(templates: Templates, page: str, **context) -> str:
    """A whole HTML page: the report's stylesheet in, the CSP checked, the font subset embedded."""
    css = templates.html.loader.get_source(templates.html, "report.css")[0]
    document = _render(templates.html, page, css=Markup(css), **context)
    if CSP_META not in document.split("</head>", 1)[0]:
        raise ReportError(
            f"the page template {page} must keep the Content-Security-Policy meta tag "
            "({{ csp_meta }}) in its <head>"
        )
    if FONT_FACE_SLOT in document:
        document = document.replace(FONT_FACE_SLOT, css_font_face(_visible_text(document)), 1)
    return document


def render_markdown(view, templates: Templates | None = None) -> str:
    """The Markdown twin of the HTML page."""
    return _render((templates or _built_in()).markdown, "report.md", view=view)


def article_html(analysis, event_name: str = "", templates: Templates | None = None, *, notes=None) -> str:
    """One annotated article as an HTML fragment (``article.html``); ``notes``: the loaded
    terms' lexicon notes (``framing.report.marks.term_notes``)."""
    view = article_view(analysis, event_name, notes)
    return _render((templates or _built_in()).html, "article.html", article=view)


def article_markdown(
    analysis, event_name: str = "", templates: Templates | None = None, *, notes=None
) -> str:
    """One annotated article in Markdown (``article.md``)."""
    view = article_view(analysis, event_name, notes)
    return _render((templates or _built_in()).markdown, "article.md", article=view)


__all__ = [
    "CSP",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "ReportError",
    "Templates",
    "article_html",
    "article_markdown",
    "check_language",
    "load_text",
    "missing_translations",
    "md_escape",
    "render_cards_html",
    "render_cards_markdown",
    "render_html",
    "render_markdown",
    "report_templates",
]
