"""The classroom report: one self-contained HTML file, a Markdown twin, charts and CSV tables.

    AnalysisResult + ledger ──compare──▶ Comparison ──build_report──▶ out_dir/
        report.html   opens offline: charts as data: URLs, a subset of Noto Sans SC embedded
        report.md     the same sections in Markdown, charts linked from charts/
        charts/       every chart as PNG and SVG
        tables/       every comparison table as CSV (UTF-8 with BOM, so spreadsheets read Chinese)

The folder is written with ``framing.output.atomic_directory``: a failed run leaves the
previous report as it was. The HTML is safe to open whatever the articles contain: every
piece of article text goes through ``html.escape``; links are only rendered for http(s)
URLs, never loaded; and a Content-Security-Policy meta tag forbids scripts, remote
resources and everything else not embedded.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from string import Template

from framing.analysis.claim_model import UNCERTAIN_BELOW
from framing.errors import FramingError
from framing.model import ArticleAnalysis, LedgerEntry, LedgerStatus, Paragraph, Role, replace_packed

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"

LABEL_NAMES = {
    "A": "attributed claim",
    "E": "editorial assertion",
    "F": "unattributed factual statement",
    "H": "heading",
    "X": "not body text",
}
LABEL_HELP = {
    "A": "the sentence says who claims it (a named or vague source with a reporting verb or quote)",
    "E": "the outlet's own judgement: evaluative words, loaded terms, opinion markers, rhetorical questions",
    "F": "stated as fact with no source given",
    "H": "a title or subheading",
    "X": "caption, byline, links, disclaimer or other text that is not the article's claims",
}
CATEGORY_HELP = {
    "derogatory_label": "a name meant to discredit (反华势力, 独裁者)",
    "insulting_metaphor": "a mocking image (狼狈为奸, 遮羞布)",
    "war_metaphor": "combat words for non-combat things (围堵, 火药味)",
    "conspiracy": "a conspiracy frame (颜色革命, 生物实验室)",
    "hyperbole": "exaggeration (历史最好时期, 里程碑)",
    "official_euphemism": "an official softening (特别军事行动)",
    "contested_term": "a word whose choice takes a side (入侵 vs 俄乌冲突)",
    "ideological_label": "a label naming a system or camp (霸权主义, 中共政权)",
    "propaganda_formula": "a fixed official phrase (全面战略协作伙伴关系, 互利共赢)",
}
# The features of outlet profiles; every feature is in the CSV tables.
PROFILE_FEATURES = (
    "tokens",
    "loaded_term_density",
    "headline_loaded_term_density",
    "attributed_share",
    "editorial_share",
    "factual_share",
    "sources",
    "named_source_share",
    "sources_official",
    "sources_anonymous",
    "hedges_density",
    "boosters_density",
    "scare_quote_density",
    "rhetorical_question_density",
    "opinion_labelled",
)


class ReportError(FramingError):
    """The report cannot be built (e.g. no articles at all)."""


@dataclass(frozen=True)
class ReportFiles:
    """What ``build_report`` wrote."""

    out_dir: Path
    html: Path
    markdown: Path
    charts: tuple[Path, ...]
    tables: tuple[Path, ...]
    articles: int = 0
    events: int = 0
    left_out: int = 0  # ledger entries not ingested (duplicates and skips)

    def summary(self) -> str:
        return (
            f"{self.articles} articles, {self.events} events; "
            f"{self.left_out} input entries left out (reasons in the report's ledger)"
        )


# ── small helpers ────────────────────────────────────────────────────────────


def esc(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _md(value: object) -> str:
    """Text safe inside a Markdown table cell or paragraph (no HTML, no table breaks)."""
    text = "" if value is None else str(value)
    text = html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text) if text else text


def _num(value: float, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def _ci(row: Mapping) -> str:
    if math.isnan(row["ci_low"]):
        return ""
    return f"[{_num(row['ci_low'])}, {_num(row['ci_high'])}]"


def _figure_text(row: Mapping) -> str:
    """'0.42 [0.30, 0.55] n=7' — the mean, its interval and its article count."""
    ci = _ci(row)
    return f"{_num(row['mean'])} {ci} n={int(row['n'])}".replace("  ", " ")


def _date(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "undated"
    try:
        return value.date().isoformat()
    except AttributeError:
        return str(value)


def _safe_url(url: str) -> str:
    """The URL when it is plain http(s), else empty: nothing else is ever rendered as a link."""
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s\"'<>]+$", url, re.IGNORECASE) else ""


def _anchor(article_id: str) -> str:
    return "a-" + re.sub(r"[^0-9A-Za-z_-]", "", article_id)


def _table_html(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[bool] = ()) -> str:
    """Cells are already-escaped HTML."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="num"' if i < len(numeric) and numeric[i] else ""
            cells.append(f"<td{cls}>{cell}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _table_md(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(_md(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(rows_cell for rows_cell in row) + " |" for row in rows]
    return "\n".join(lines)


# ── annotation of one article ────────────────────────────────────────────────


def _uncertain(sentence) -> bool:
    """A body label the model gave with a probability under ``UNCERTAIN_BELOW``."""
    return sentence.confidence is not None and sentence.confidence < UNCERTAIN_BELOW


def _confidence_note(sentence) -> str:
    if sentence.confidence is None:
        return ""
    word = "uncertain, " if _uncertain(sentence) else ""
    return f"{word}p={sentence.confidence:.2f}"


def _sentence_title(sentence) -> str:
    label = f"{sentence.label}: {LABEL_NAMES.get(str(sentence.label), '')}"
    if sentence.confidence is not None:
        label += f" ({_confidence_note(sentence)})"
    parts = [label, sentence.reason]
    if sentence.source:
        parts.append(f"source: {sentence.source}")
    for ev in sentence.evidence:
        detail = f" ({ev.detail})" if ev.detail else ""
        parts.append(f"{ev.kind}: {ev.text}{detail}")
    return "\n".join(p for p in parts if p)


def _inline_marks(analysis: ArticleAnalysis, start: int, end: int):
    """Loaded-term hits and evidence cues inside [start, end), without overlaps, in order."""
    marks = []
    for hit in analysis.term_hits:
        if start <= hit.start and hit.end <= end and hit.end > hit.start:
            marks.append(
                (hit.start, hit.end, "term", hit.category, f"loaded term · {hit.category} · {hit.term}")
            )
    for sentence in analysis.sentences:
        for ev in sentence.evidence:
            if start <= ev.start and ev.end <= end and ev.end > ev.start and ev.kind != "loaded_term":
                marks.append((ev.start, ev.end, "cue", ev.kind, f"{ev.kind}: {ev.text} {ev.detail}".strip()))
    marks.sort(key=lambda m: (m[0], 0 if m[2] == "term" else 1, -m[1]))
    kept, last = [], start
    for mark in marks:
        if mark[0] >= last:
            kept.append(mark)
            last = mark[1]
    return kept


def _marked_html(analysis: ArticleAnalysis, start: int, end: int) -> str:
    text = analysis.article.text
    out, at = [], start
    for m_start, m_end, kind, detail, title in _inline_marks(analysis, start, end):
        out.append(esc(text[at:m_start]))
        piece = esc(text[m_start:m_end])
        if kind == "term":
            out.append(f'<mark class="cat-{esc(detail)}" title="{esc(title)}">{piece}</mark>')
        else:
            out.append(f'<span class="cue" title="{esc(title)}">{piece}</span>')
        at = m_end
    out.append(esc(text[at:end]))
    return "".join(out)


def _paragraph_html(analysis: ArticleAnalysis, paragraph: Paragraph) -> str:
    inside = [s for s in analysis.sentences if s.start < paragraph.end and s.end > paragraph.start]
    pieces, at = [], paragraph.start
    for sentence in sorted(inside, key=lambda s: s.start):
        s_start, s_end = max(sentence.start, paragraph.start), min(sentence.end, paragraph.end)
        if s_start < at:
            continue
        pieces.append(_marked_html(analysis, at, s_start))
        label = esc(sentence.label)
        unsure = " uncertain" if _uncertain(sentence) else ""
        pieces.append(
            f'<span class="s s-{label}{unsure}" title="{esc(_sentence_title(sentence))}">'
            f"{_marked_html(analysis, s_start, s_end)}</span>"
            f'<span class="lab lab-{label}{unsure}">{label}{"?" if unsure else ""}</span>'
        )
        at = s_end
    pieces.append(_marked_html(analysis, at, paragraph.end))
    body_role = paragraph.role in (Role.BODY, Role.PULL_QUOTE)
    role = "" if body_role else f'<span class="role-name">{esc(paragraph.role)}</span>'
    return f'<p class="para{"" if body_role else " role"}">{role}{"".join(pieces)}</p>'


def _evidence_list(analysis: ArticleAnalysis) -> str:
    items = []
    for s in analysis.sentences:
        if str(s.label) not in ("A", "E", "F"):
            continue
        cues = "; ".join(f"{ev.kind}: {ev.text}" for ev in s.evidence)
        note = f" ({esc(_confidence_note(s))})" if s.confidence is not None else ""
        items.append(
            f'<li><span class="lab lab-{esc(s.label)}">{esc(s.label)}</span>{note} {esc(s.text[:60])}'
            f"{'…' if len(s.text) > 60 else ''} — {esc(s.reason)}{(' · ' + esc(cues)) if cues else ''}</li>"
        )
    if not items:
        return ""
    summary = "<summary>Why each sentence got its label</summary>"
    return f'<details class="why">{summary}<ol>{"".join(items)}</ol></details>'


def article_html(analysis: ArticleAnalysis, event_name: str = "") -> str:
    """One annotated article: header, paragraphs with sentence labels and highlights, sources."""
    article = analysis.article
    url = _safe_url(article.url)
    meta = [esc(article.outlet), esc(article.outlet_kind), esc(_date(article.date))]
    if event_name:
        meta.append("event: " + esc(event_name))
    meta.append(f"file: <code>{esc(article.path)}</code>")
    if url:
        meta.append(f'<a href="{esc(url)}" rel="noreferrer noopener">original</a>')
    paragraphs = "".join(_paragraph_html(analysis, p) for p in article.paragraphs if p.role is not Role.TITLE)
    sources = "".join(
        f"<li>{esc(s.name)} — <em>{esc(s.kind)}</em>{'' if s.named else ' (unnamed)'}"
        f"{(' · ' + esc(s.affiliation)) if s.affiliation else ''} · {s.claims} claim(s)</li>"
        for s in analysis.sources
    )
    terms = Counter((h.term, h.category) for h in analysis.term_hits)
    term_list = ", ".join(
        f"{esc(t)} <span class='muted'>({esc(c)}{' ×' + str(n) if n > 1 else ''})</span>"
        for (t, c), n in sorted(terms.items())
    )
    return (
        f'<article class="annotated" id="{_anchor(article.id)}">'
        f"<h4>{esc(article.title)}</h4><p class='muted'>{' · '.join(meta)}</p>"
        f"{paragraphs}"
        f"<p><strong>Loaded terms:</strong> {term_list or 'none found'}</p>"
        f"<p><strong>Sources cited:</strong></p><ul>{sources or '<li>none found</li>'}</ul>"
        f"{_evidence_list(analysis)}</article>"
    )


def article_markdown(analysis: ArticleAnalysis, event_name: str = "") -> str:
    article = analysis.article
    lines = [
        f"#### {_md(article.title)}",
        "",
        f"{_md(article.outlet)} · {_md(article.outlet_kind)} · {_date(article.date)}"
        + (f" · event: {_md(event_name)}" if event_name else "")
        + f" · file: {_md(article.path)}",
        "",
    ]
    for s in analysis.sentences:
        text = s.text
        for hit in sorted(analysis.term_hits, key=lambda h: -h.start):
            if s.start <= hit.start and hit.end <= s.end:
                a, b = hit.start - s.start, hit.end - s.start
                text = text[:a] + "\u0000" + text[a:b] + "\u0001" + text[b:]
        shown = _md(text).replace("\u0000", "**").replace("\u0001", "**")
        why = f" — _{_md(s.reason)}_" if s.reason else ""
        note = f" ({_confidence_note(s)})" if _uncertain(s) else ""
        lines.append(f"- **[{s.label}{'?' if _uncertain(s) else ''}]**{note} {shown}{why}")
    terms = sorted({(h.term, h.category) for h in analysis.term_hits})
    lines += ["", "Loaded terms: " + (", ".join(f"{_md(t)} ({c})" for t, c in terms) or "none found")]
    sources = [f"{_md(s.name)} ({s.kind}{'' if s.named else ', unnamed'})" for s in analysis.sources]
    lines += ["", "Sources: " + ("; ".join(sources) or "none found"), ""]
    return "\n".join(lines)


# ── the sections ─────────────────────────────────────────────────────────────


@dataclass
class _Page:
    """HTML and Markdown built side by side, section by section."""

    html: list[str]
    md: list[str]

    def section(self, anchor: str, title: str) -> None:
        self.html.append(f'<h2 id="{anchor}">{esc(title)}</h2>')
        self.md.append(f"\n## {title}\n")

    def para(self, html_text: str, md_text: str) -> None:
        self.html.append(f"<p>{html_text}</p>")
        self.md.append(md_text + "\n")

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[bool] = ()):
        self.html.append(_table_html(headers, [[esc(c) for c in r] for r in rows], numeric))
        self.md.append(_table_md(headers, [[_md(c) for c in r] for r in rows]) + "\n")


def _feature_rows(table, features: Sequence[str]) -> dict[tuple, dict]:
    return {
        tuple(r[k] for k in ("outlet", "feature")): r
        for r in table[table["feature"].isin(features)].to_dict("records")
    }


def _key_features(comparison) -> tuple[str, ...]:
    from framing.report.charts import event_features

    return event_features(comparison)


def _summary(page: _Page, comparison, ledger: Sequence[LedgerEntry], analyses, demo: bool) -> None:
    frame = comparison.features
    statuses = Counter(str(e.status) for e in ledger)
    dates = sorted((a.article.date for a in analyses if a.article.date), key=lambda d: d.replace(tzinfo=None))
    page.section("summary", "1. The corpus")
    if demo:
        page.html.append(
            '<p class="notice"><strong>Constructed teaching examples.</strong> Every article in this demo '
            "was invented for the tool's documentation: the outlets are fictional and the events did "
            "not happen as told. Use it to learn to read the report, not as news.</p>"
        )
        page.md.append(
            "> **Constructed teaching examples.** Every article in this demo was invented for "
            "the tool's documentation: the outlets are fictional and the events did not happen as told.\n"
        )
    span = f"{_date(dates[0])} to {_date(dates[-1])}" if dates else "no dates"
    text = (
        f"{len(ledger)} input entries: {statuses.get('ingested', 0)} ingested, "
        f"{statuses.get('duplicate', 0)} duplicates, {statuses.get('skipped', 0)} skipped. "
        f"{len(analyses)} articles from {frame['outlet'].nunique() if len(frame) else 0} outlets, {span}; "
        f"{len(comparison.grouping.events)} events found, "
        f"{len(comparison.grouping.ungrouped)} articles ungrouped."
    )
    page.para(esc(text), text)
    counts = (
        frame.groupby(["outlet", "outlet_kind"]).size().reset_index(name="articles") if len(frame) else []
    )
    rows = [
        [r["outlet"], r["outlet_kind"], r["articles"]]
        for r in (counts.to_dict("records") if len(frame) else [])
    ]
    page.table(["outlet", "kind", "articles"], rows, (False, False, True))
    page.html.append("<h3>What was left out, and why</h3>")
    page.md.append("### What was left out, and why\n")
    left_out = Counter(
        (str(e.status), re.sub(r"duplicate of .*", "duplicate of an earlier input", e.reason or "duplicate"))
        for e in ledger
        if e.status is not LedgerStatus.INGESTED
    )
    if left_out:
        rows = [[status, reason, n] for (status, reason), n in sorted(left_out.items(), key=lambda i: -i[1])]
        page.table(["status", "reason", "entries"], rows, (False, False, True))
    else:
        page.para(
            "Nothing: every input was read as an article.", "Nothing: every input was read as an article."
        )
    page.html.append(
        f"<details><summary>Ledger: every input and what became of it ({len(ledger)} entries)</summary>"
    )
    page.md.append("### Ledger: every input and what became of it\n")
    rows = [
        [
            e.path,
            str(e.status),
            e.format,
            len(e.article_ids),
            e.reason or (f"duplicate of {e.duplicate_of}" if e.duplicate_of else ""),
        ]
        for e in ledger
    ]
    page.table(["input", "status", "format", "articles", "reason"], rows, (False, False, False, True, False))
    page.html.append("</details>")


def _image(chart_files: Mapping[str, Mapping[str, bytes]], name: str, title: str, caption: str) -> str:
    data = base64.b64encode(chart_files[name]["png"]).decode("ascii")
    return (
        f'<figure><img alt="{esc(title)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{esc(caption)} (files: charts/{esc(name)}.png, .svg)</figcaption></figure>"
    )


def _chart(page: _Page, charts: Mapping, chart_files, name: str) -> None:
    chart = charts.get(name)
    if chart is None:
        return
    page.html.append(_image(chart_files, name, chart.title, chart.caption))
    page.md.append(f"![{_md(chart.title)}](charts/{name}.png)\n\n_{_md(chart.caption)}_\n")


def _terms_text(rows: list[dict], key: str) -> str:
    if not rows:
        return "none"
    return ", ".join(f"{r['term']} ({_num(r[key], 1 if key == 'z' else 2)})" for r in rows)


def _own_words(table, outlet: str) -> str:
    """The words an outlet used for an event and the other outlets did not."""
    from framing.comparison.compare import top_terms

    significant = top_terms(table, outlet, 6)
    if significant:
        return "its own words (log-odds z): " + _terms_text(significant, "z")
    by_tfidf = top_terms(table, outlet, 6, by="tfidf")
    if not by_tfidf:
        return "its own words: none (no other outlet to contrast with)"
    return "its own words by TF-IDF (too few words for a firm log-odds): " + _terms_text(by_tfidf, "tfidf")


# Beyond this many events the section would be too long to read; the largest are shown.
EVENTS_SHOWN_MAX = 30


def _largest_events(events, limit: int) -> list:
    """The ``limit`` events with the most articles, kept in their (date) order."""
    if len(events) <= limit:
        return list(events)
    ranked = sorted(range(len(events)), key=lambda i: (-len(events[i].article_ids), i))[:limit]
    return [events[i] for i in sorted(ranked)]


def _events(page: _Page, comparison, analyses, charts, chart_files) -> None:
    from framing.comparison.compare import top_terms

    page.section("events", "2. Events, outlets side by side")
    text = (
        "Articles are grouped into an event when they are close in date and share vocabulary and "
        "named sources (or when the input says which event they belong to). Each event is named by "
        "its date range and its most distinctive words. Figures are means over the outlet's articles "
        "on that event, with a 95% interval and the article count."
    )
    page.para(esc(text), text)
    by_id = {a.article.id: a for a in analyses}
    features = _key_features(comparison)
    table = comparison.by_event_outlet
    within = comparison.distinctive_event_outlet
    if not comparison.grouping.events:
        text = "No two of these articles were found to be about the same event: nothing to set side by side."
        page.para(esc(text), text)
    # Each table split by event once: filtering it again for every event grows with events².
    rows_by_event = dict(tuple(table.groupby("event_group", sort=False))) if len(table) else {}
    within_by_event = dict(tuple(within.groupby("event_group", sort=False))) if len(within) else {}
    shown = _largest_events(comparison.grouping.events, EVENTS_SHOWN_MAX)
    if len(shown) < len(comparison.grouping.events):
        text = (
            f"Of the {len(comparison.grouping.events)} events found, the {len(shown)} with the most articles "
            "are set side by side here (in date order); every event and its articles are in "
            "tables/events.csv and tables/by_event_outlet.csv."
        )
        page.html.append(f'<p class="notice">{esc(text)}</p>')
        page.md.append(f"{_md(text)}\n")
    for event in shown:
        title = event.name + (" (grouping set by the input)" if event.manual else "")
        page.html.append(f"<h3>{esc(title)}</h3>")
        page.md.append(f"### {_md(title)}\n")
        members = [by_id[i] for i in event.article_ids if i in by_id]
        outlets = sorted({a.article.outlet for a in members})
        rows = rows_by_event.get(event.id, table.iloc[0:0])
        cells = _feature_rows(rows, features)
        blocks, md_rows = [], []
        for outlet in outlets:
            arts = [a for a in members if a.article.outlet == outlet]
            links = "".join(
                f'<li><a href="#{_anchor(a.article.id)}">{esc(a.article.title)}</a></li>' for a in arts
            )
            figures, flags = [], set()
            for feature in features:
                row = cells.get((outlet, feature))
                if row is None:
                    continue
                flags.add(row["flag"])
                figures.append(f"<li>{esc(feature)}: {esc(_figure_text(row))}</li>")

            flag = "".join(f'<p class="flag">{esc(f)}</p>' for f in sorted(flags) if f)
            own = _own_words(within_by_event.get(event.id, within.iloc[0:0]), outlet)
            figures.append(f"<li>{esc(own)}</li>")
            md_rows.append(
                [_md(outlet)]
                + [_md(_figure_text(cells[(outlet, f)])) if (outlet, f) in cells else "–" for f in features]
                + [_md("; ".join(sorted(f for f in flags if f)))]
            )
            blocks.append(
                f"<div><strong>{esc(outlet)}</strong>{flag}<ul>{links}</ul>"
                f"<ul class='muted'>{''.join(figures)}</ul></div>"
            )
        if len(outlets) == 1:
            note = "Only one outlet covered this event in these files: there is nothing to set beside it."
            page.para(f'<span class="flag">{esc(note)}</span>', f"_{_md(note)}_")
        page.html.append(f'<div class="side">{"".join(blocks)}</div>')
        page.md.append(_table_md(["outlet", *features, "flag"], md_rows) + "\n")
        page.md.append("Each cell: mean [95% interval] n = articles.\n")
        terms = _terms_text(top_terms(comparison.distinctive_event, event.id, 10), "z")
        tfidf = _terms_text(top_terms(comparison.distinctive_event, event.id, 10, by="tfidf"), "tfidf")
        page.para(
            f"<strong>Distinctive words of this event</strong> (log-odds z): {esc(terms)}<br>"
            f"<strong>Top words by TF-IDF</strong>: {esc(tfidf)}",
            f"Distinctive words of this event (log-odds z): {_md(terms)}  \n"
            f"Top words by TF-IDF: {_md(tfidf)}",
        )
        number = comparison.grouping.events.index(event) + 1
        _chart(page, charts, chart_files, f"event_{number:02d}")
    if comparison.grouping.ungrouped:
        page.html.append("<h3>Articles that fit no event</h3>")
        page.md.append("### Articles that fit no event\n")
        items = [by_id[i] for i in comparison.grouping.ungrouped if i in by_id]
        undated = sum(a.article.date is None for a in items)
        text = (
            f"{len(items)} articles were left ungrouped rather than forced into an event"
            + (
                f"; {undated} of them have no date, and undated articles are never grouped "
                "automatically (give them an `event` in a manifest or front matter)"
                if undated
                else ""
            )
            + (
                ". The others had no article close enough in date and wording."
                if undated
                else ": none had another article close enough in date and wording."
            )
        )
        page.para(esc(text), _md(text))
        page.html.append(
            "<ul>"
            + "".join(
                f'<li><a href="#{_anchor(a.article.id)}">{esc(a.article.title)}</a> — '
                f"{esc(a.article.outlet)}, "
                f"{esc(_date(a.article.date))}</li>"
                for a in items
            )
            + "</ul>"
        )
        page.md.append(
            "\n".join(
                f"- {_md(a.article.title)} — {_md(a.article.outlet)}, {_date(a.article.date)}" for a in items
            )
            + "\n"
        )
    _chart(page, charts, chart_files, "timeline")


def _profiles(page: _Page, comparison, charts, chart_files) -> None:
    from framing.comparison.compare import top_terms

    page.section("outlets", "3. Outlet profiles")
    text = (
        f"Each figure is a mean over the outlet's articles with a 95% bootstrap interval and its article "
        f"count; figures resting on fewer than {comparison.min_articles} articles are flagged."
    )
    page.para(esc(text), text)
    features = [f for f in PROFILE_FEATURES if f in comparison.feature_names] or list(
        comparison.feature_names
    )
    outlets = sorted(comparison.by_outlet["outlet"].unique()) if len(comparison.by_outlet) else []
    cells = _feature_rows(comparison.by_outlet, features)
    counts = comparison.features.groupby("outlet").size().to_dict() if len(comparison.features) else {}
    thin = {o: counts.get(o, 0) < comparison.min_articles for o in outlets}
    headers = [f"{o} (n={counts.get(o, 0)}{' ⚠' if thin[o] else ''})" for o in outlets]
    rows = []
    for feature in features:
        row = [feature]
        for outlet in outlets:
            cell = cells.get((outlet, feature))
            row.append(f"{_num(cell['mean'])} {_ci(cell)}".strip() if cell else "–")
        rows.append(row)
    page.table(["feature", *headers], rows, (False, *[True] * len(outlets)))
    note = (
        f"Each cell: mean [95% interval]; n = the outlet's articles. ⚠ = fewer than "
        f"{comparison.min_articles} articles: read as examples, not a pattern. "
        f"These are {len(features)} of the {len(comparison.feature_names)} features; all of them, "
        "with their intervals and flags, are in "
        "tables/by_outlet.csv (units: *_density per 1,000 tokens, *_share 0–1, others counts)."
    )
    page.para(esc(note), _md(note))
    for name in ("loaded_term_density", "claim_composition", "source_kinds", "distinctive_terms"):
        _chart(page, charts, chart_files, name)
    for outlet in outlets:
        page.html.append(f"<h3>{esc(outlet)}</h3>")
        page.md.append(f"### {outlet}\n")
        by_z = top_terms(comparison.distinctive_outlet, outlet, 12)
        by_tfidf = top_terms(comparison.distinctive_outlet, outlet, 12, by="tfidf")
        claims = comparison.claims[
            (comparison.claims["outlet"] == outlet) & comparison.claims["label"].isin(["A", "E", "F"])
        ]
        claim_text = (
            ", ".join(
                f"{r['label']} {_num(r['share'] * 100, 0)}% ({r['sentences']})"
                for r in claims.to_dict("records")
            )
            or "no labelled sentences"
        )
        kinds = comparison.source_kinds[comparison.source_kinds["outlet"] == outlet]
        kind_text = ", ".join(f"{r['kind']} {r['sources']}" for r in kinds.to_dict("records")) or "none found"
        for label, value in (
            ("Claim types (share of all its body sentences, count)", claim_text),
            ("Sources by kind", kind_text),
            ("Distinctive words, log-odds z ≥ 1.96", _terms_text(by_z, "z")),
            ("Top words by TF-IDF", _terms_text(by_tfidf, "tfidf")),
        ):
            page.para(f"<strong>{esc(label)}:</strong> {esc(value)}", f"**{label}:** {_md(value)}")


# Beyond this many articles the page would be too large to open; a stratified selection is shown.
ANNOTATED_ARTICLES_MAX = 200


def _annotated_selection(ordered, event_of: Mapping[str, str], limit: int) -> set[str]:
    """Ids of at most ``limit`` articles, round-robin over (event, outlet) groups in their order."""
    if len(ordered) <= limit:
        return {a.article.id for a in ordered}
    groups: dict[tuple[str, str], list[str]] = {}
    for analysis in ordered:
        key = (event_of.get(analysis.article.id, ""), analysis.article.outlet)
        groups.setdefault(key, []).append(analysis.article.id)
    chosen: set[str] = set()
    depth = 0
    while len(chosen) < limit:
        for ids in groups.values():
            if depth < len(ids) and len(chosen) < limit:
                chosen.add(ids[depth])
        depth += 1
    return chosen


def _articles(page: _Page, comparison, analyses) -> None:
    page.section("articles", "4. Annotated articles")
    legend = "".join(
        f'<span><span class="s s-{k}">{k}</span> {esc(LABEL_NAMES[k])}</span>'
        for k in ("A", "E", "F", "H", "X")
    )
    cats = "".join(f'<span><mark class="cat-{c}">{esc(c)}</mark></span>' for c in CATEGORY_HELP)
    page.html.append(
        f'<p class="legend">{legend}</p><p class="legend">{cats}</p>'
        "<p class='muted'>Hover over a sentence to see why it got its label and the cue that decided it; "
        "dotted underlines are those cues. Coloured marks are loaded terms by category. Grey paragraphs "
        "(captions, bylines, link lists…) are not counted as the article's claims. "
        f"A label with a question mark and a dotted underline is uncertain: the classifier gave it "
        f"a probability under {UNCERTAIN_BELOW:.0%}; check it yourself.</p>"
    )
    page.md.append(
        "Each sentence is listed with its claim type in brackets; loaded terms are in bold. "
        f"A label with a question mark is uncertain (probability under {UNCERTAIN_BELOW:.0%}).\n"
    )
    names = {e.id: e.name for e in comparison.grouping.events}
    event_of = comparison.grouping.event_of()
    # Event by event (in date order), outlets side by side within each; ungrouped articles last.
    position = {e.id: n for n, e in enumerate(comparison.grouping.events)}
    ordered = sorted(
        analyses,
        key=lambda a: (
            position.get(event_of.get(a.article.id, ""), len(position)),
            a.article.outlet,
            _date(a.article.date),
            a.article.title,
        ),
    )
    shown = _annotated_selection(ordered, event_of, ANNOTATED_ARTICLES_MAX)
    if len(shown) < len(ordered):
        note = (
            f"This report annotates {len(shown)} of the {len(ordered)} articles, taken in turn from every "
            "event and outlet (earliest first) so each comparison keeps examples. Every article's "
            "figures are in tables/articles.csv; every sentence with its label and reason comes from "
            "framing analyze --format jsonl."
        )
        page.html.append(f'<p class="notice">{esc(note)}</p>')
        page.md.append(f"{_md(note)}\n")
    ordered = [a for a in ordered if a.article.id in shown]
    current = None
    for analysis in ordered:
        event_id = event_of.get(analysis.article.id, "")
        event = names.get(event_id, "")
        if event_id != current:
            heading = event or "Articles that fit no event"
            page.html.append(f'<h3 class="group">{esc(heading)}</h3>')
            page.md.append(f"### {_md(heading)}\n")
            current = event_id
        page.html.append(article_html(analysis, event))
        page.md.append(article_markdown(analysis, event))


def _method(page: _Page, comparison, accuracy: Mapping) -> None:
    page.section("method", "5. Method and limitations")
    items = [
        (
            "Loaded-term density",
            "Hits of the loaded-term lexicon (lexicons/loaded_terms.tsv) per 1,000 body "
            "tokens, by category. A term in the lexicon is not wrong in itself: quoting an official who "
            "uses it "
            "counts too. Compare outlets on the same events, not in general.",
        ),
        (
            "Claim types",
            "Every body sentence is labelled A (attributed to a source), E (the outlet's own "
            "judgement) or F (stated as fact with no source); headings are H and non-body text X. Rules "
            "find the evidence (reporting verbs and speakers, quotation marks, evaluative words, loaded "
            "terms); a classifier fitted on labelled articles of other outlets weighs that evidence with "
            "the sentence's words, its place in the paragraph and how much it reads like an opinion "
            "column, and gives the label with its probability. The reason and the evidence are shown "
            "on hover; where the classifier overrules the rules, the reason says so.",
        ),
        (
            "Sources",
            "Named and unnamed sources the article cites, by kind, from the source gazetteer and "
            "attribution cues.",
        ),
        (
            "Intervals",
            f"Each mean comes with a 95% percentile bootstrap interval: the outlet's articles are "
            f"resampled {comparison.n_boot} times with a fixed seed ({comparison.seed}), so the same input "
            f"gives the same numbers. With one article there is no interval. Figures resting on fewer than "
            f"{comparison.min_articles} articles are flagged: read them as examples, not patterns.",
        ),
        (
            "Distinctive terms",
            "Two measures side by side. TF-IDF (scikit-learn) scores a word by how often the "
            "group uses it and how few groups do. The log-odds ratio with an informative Dirichlet prior "
            "(Monroe, Colaresi & Quinn 2008) compares the word's rate in the group with its rate in all "
            "other articles, shrunk towards the corpus rate, and divides by its standard error (z). A word "
            "frequent "
            "everywhere gets z near 0; z ≥ 1.96 is shown as distinctive.",
        ),
        (
            "Events",
            "Articles are grouped when dated within a few days of each other and similar in "
            "vocabulary (TF-IDF cosine) and cited names; groups of one stay ungrouped. A manifest column or "
            "front-matter field `event` overrides the grouping.",
        ),
    ]
    for title, text in items:
        page.para(f"<strong>{esc(title)}.</strong> {esc(text)}", f"**{title}.** {_md(text)}")
    if accuracy:
        page.html.append("<h3>Measured accuracy of the claim classifier</h3>")
        page.md.append("### Measured accuracy of the claim classifier\n")
        page.table(["measure", "value"], [[k, v] for k, v in accuracy.get("figures", {}).items()])
        text = (
            f"Measured {accuracy.get('measured', '')} on {accuracy.get('data', '')}. "
            f"{accuracy.get('caveat', '')}"
        )
        page.para(esc(text), _md(text))
    else:
        text = (
            "The claim classifier's accuracy was not supplied to this report; see the project's "
            "evaluation notes. Treat labels as a reading aid to check, not a verdict."
        )
        page.para(esc(text), text)
    limits = (
        "What the tool cannot tell: whether a claim is true; why an outlet chose its words; how typical "
        "these articles are of the outlet (the corpus is whatever you gave it); sarcasm, irony and quotation "
        "of an opponent's words are often misread as the outlet's own; the lexicons are lists written by "
        "people and miss new or coded terms; an outlet's distinctive words reflect which events it "
        "covered as much as its style (compare outlets within one event to see style); event grouping "
        "can split one event or merge two — check the event list and fix it with the `event` field."
    )
    page.para(f"<strong>Limitations.</strong> {esc(limits)}", f"**Limitations.** {_md(limits)}")
    for note in comparison.notes:
        page.para(esc(note), _md(note))


def _glossary(page: _Page) -> None:
    page.section("glossary", "6. Glossary")
    entries = [(f"{k} — {LABEL_NAMES[k]}", LABEL_HELP[k]) for k in ("A", "E", "F", "H", "X")]
    entries += [(k, v) for k, v in CATEGORY_HELP.items()]
    entries += [
        ("n", "the number of articles a figure rests on"),
        ("95% interval", "the range the mean would plausibly take with other articles from the same outlet"),
        ("log-odds z", "how much more an outlet uses a word than everyone else, in standard errors"),
        ("TF-IDF", "term frequency × inverse document frequency: frequent here, rare elsewhere"),
        ("ungrouped", "an article the tool could not place in any event; it is left alone, not forced"),
    ]
    page.html.append(
        '<dl class="glossary">' + "".join(f"<dt>{esc(t)}</dt><dd>{esc(d)}</dd>" for t, d in entries) + "</dl>"
    )
    page.md.append("\n".join(f"- **{_md(t)}**: {_md(d)}" for t, d in entries) + "\n")


# ── writing ──────────────────────────────────────────────────────────────────


def _template(name: str) -> str:
    return resources.files("framing.report").joinpath("templates", name).read_text(encoding="utf-8")


def _csv_bytes(frame) -> bytes:
    from framing.safe_text import csv_safe_frame  # no cell a spreadsheet would run as a formula

    return csv_safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def _tables(comparison, ledger: Sequence[LedgerEntry]) -> dict[str, bytes]:
    import pandas as pd

    events = pd.DataFrame(
        [
            {
                "event": e.id,
                "name": e.name,
                "start": _date(e.start),
                "end": _date(e.end),
                "terms": " / ".join(e.terms),
                "articles": len(e.article_ids),
                "set_by_input": e.manual,
            }
            for e in comparison.grouping.events
        ],
        columns=["event", "name", "start", "end", "terms", "articles", "set_by_input"],
    )
    ledger_frame = pd.DataFrame(
        [
            {
                "path": e.path,
                "status": str(e.status),
                "format": e.format,
                "reason": e.reason,
                "duplicate_of": e.duplicate_of,
                "article_ids": " ".join(e.article_ids),
            }
            for e in ledger
        ],
        columns=["path", "status", "format", "reason", "duplicate_of", "article_ids"],
    )
    features = comparison.features.reset_index()
    return {
        "articles.csv": _csv_bytes(features),
        "by_outlet.csv": _csv_bytes(comparison.by_outlet),
        "by_event_outlet.csv": _csv_bytes(comparison.by_event_outlet),
        "term_density.csv": _csv_bytes(comparison.term_density),
        "claims.csv": _csv_bytes(comparison.claims),
        "source_kinds.csv": _csv_bytes(comparison.source_kinds),
        "distinctive_outlet.csv": _csv_bytes(comparison.distinctive_outlet),
        "distinctive_event.csv": _csv_bytes(comparison.distinctive_event),
        "distinctive_event_outlet.csv": _csv_bytes(comparison.distinctive_event_outlet),
        "events.csv": _csv_bytes(events),
        "ledger.csv": _csv_bytes(ledger_frame),
    }


# An absolute POSIX path inside a text (not the path part of a URL, not a relative path).
_ABSOLUTE_PATH = re.compile(r"(?<![\w/.:~-])/[^\s/:;,'\"()<>]+(?:/[^\s/:;,'\"()<>]+)*/?")


def _relative_to_common(paths: Sequence[str]):
    """Functions hiding where the reader's files live: ``(path, text)``. The first shows
    each path relative to the folder holding all of ``paths``; the second does the same to
    every absolute path inside a text (a ledger reason that names a folder).

    When the common folder is the filesystem root, or holds the home folder (``/home``
    for inputs of two users), a path relative to it would still tell where the files
    live: each path is then shown as its file name, as is a path outside that folder.
    """
    import os

    files = [p.split("#", 1)[0] for p in paths if p]
    home = os.path.abspath(os.path.expanduser("~"))
    try:
        root = os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files]) if files else ""
    except ValueError:  # different drives
        root = os.path.abspath(os.sep)
    names_only = root == os.path.dirname(root) or home.startswith(root + os.sep)

    def relative(path: str) -> str:
        if not path:
            return path
        file, hash, record = path.partition("#")
        shown = os.path.relpath(os.path.abspath(file), root) if not names_only else ".."
        if shown.startswith(".."):
            shown = os.path.basename(file.rstrip(os.sep)) or file
        return shown + hash + record

    def hidden(text: str) -> str:
        return _ABSOLUTE_PATH.sub(lambda match: relative(match.group()), text) if text else text

    return relative, hidden


def render_report(
    result,
    ledger: Sequence[LedgerEntry],
    *,
    comparison=None,
    title: str = "",
    demo: bool = False,
    accuracy: Mapping | None = None,
    jobs: int = 1,
) -> tuple[str, str, dict[str, dict[str, bytes]], dict[str, bytes]]:
    """The report in memory: ``(html, markdown, chart files by name and format, CSV tables by name)``."""
    from framing.comparison.compare import compare
    from framing.report.charts import all_charts, render_all
    from framing.report.fonts import CSS_FAMILY, css_font_face

    accuracy = classifier_accuracy() if accuracy is None else accuracy
    analyses = tuple(result.articles)
    if not analyses:
        raise ReportError("no articles to report on (see the ledger: every input was skipped or a duplicate)")
    comparison = comparison if comparison is not None else compare(result)
    # Paths are shown relative to the inputs' common folder: the report does not reveal where
    # the reader's files live, and a committed example stays the same on every machine.
    relative, hidden = _relative_to_common([e.path for e in ledger] + [a.article.path for a in analyses])
    ledger = [
        replace(e, path=relative(e.path), duplicate_of=relative(e.duplicate_of), reason=hidden(e.reason))
        for e in ledger
    ]
    analyses = tuple(
        replace_packed(a, article=replace_packed(a.article, path=relative(a.article.path))) for a in analyses
    )
    frame = comparison.features.copy()
    frame["path"] = frame["path"].map(relative)
    comparison = replace(comparison, features=frame)
    charts = {c.name: c for c in all_charts(comparison)}
    chart_files = render_all(list(charts.values()), jobs)
    title = title or "How outlets framed the same events"
    generated = datetime.now(UTC).strftime("%Y-%m-%d")
    page = _Page([], [])
    page.html.append(
        f"<header><h1>{esc(title)}</h1><p class='muted'>framing report · generated {esc(generated)} · "
        f"{len(analyses)} articles</p></header>"
    )
    page.md.append(f"# {title}\n\nframing report · generated {generated} · {len(analyses)} articles\n")
    toc = [
        ("summary", "The corpus"),
        ("events", "Events, outlets side by side"),
        ("outlets", "Outlet profiles"),
        ("articles", "Annotated articles"),
        ("method", "Method and limitations"),
        ("glossary", "Glossary"),
    ]
    page.html.append(
        "<nav><ol>" + "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in toc) + "</ol></nav>"
    )
    _summary(page, comparison, ledger, analyses, demo)
    _events(page, comparison, analyses, charts, chart_files)
    _profiles(page, comparison, charts, chart_files)
    _articles(page, comparison, analyses)
    _method(page, comparison, accuracy)
    _glossary(page)
    body = "\n".join(page.html)
    visible = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]*"', "", body)))
    font_face = css_font_face(visible + title)
    document = Template(_template("report.html")).substitute(
        csp=CSP, title=esc(title), font_face=font_face, css=_template("report.css"), body=body
    )
    assert CSS_FAMILY in document  # the stylesheet must name the embedded family
    return document, "\n".join(page.md), chart_files, _tables(comparison, ledger)


def build_report(
    result,
    ledger: Sequence[LedgerEntry],
    out_dir: Path | str,
    *,
    comparison=None,
    title: str = "",
    demo: bool = False,
    accuracy: Mapping | None = None,
    jobs: int = 1,
    inputs: Sequence[Path | str] = (),
) -> ReportFiles:
    """Write the report folder atomically: report.html, report.md, charts/, tables/.

    Parameters
    ----------
    result:
        ``framing.analysis.article.AnalysisResult`` (``features`` frame and ``articles``).
    ledger:
        What became of every input file (from ``load_articles``).
    out_dir:
        The folder to (re)create: a new or empty folder, or an earlier report (it holds the
        marker file ``.framing-report``), replaced only once the new one is complete.
    comparison:
        A ``framing.comparison.compare.Comparison`` to use instead of ``compare(result)``.
    demo:
        Adds the "constructed teaching examples" notice.
    accuracy:
        The claim classifier's measured accuracy for the method section (keys ``figures``,
        ``measured``, ``data``, ``caveat``); by default the figures shipped with the package
        (``classifier_accuracy()``); ``{}`` leaves them out.
    jobs:
        Processes that render the charts (``framing.report.charts.render_all``).
    inputs:
        The files and folders the report was made from: ``out_dir`` may not be, hold or lie
        inside any of them (nor any file of ``ledger``).

    Returns
    -------
    ReportFiles with the paths written (as they are after the move into place).

    Raises
    ------
    ReportError when there is nothing to report on; ``framing.output.OutputError`` when
    ``out_dir`` may not be replaced (``check_report_folder``) or cannot be written.
    """
    from functools import partial

    from framing.comparison.compare import compare
    from framing.output import atomic_directory, check_report_folder

    out_dir = Path(out_dir)
    files = [e.path.split("#", 1)[0] for e in ledger if e.path]
    check = partial(check_report_folder, out_dir, inputs, input_files=files)
    check()
    if comparison is None and tuple(result.articles):
        comparison = compare(result)
    document, markdown, chart_files, tables = render_report(
        result, ledger, comparison=comparison, title=title, demo=demo, accuracy=accuracy, jobs=jobs
    )
    with atomic_directory(out_dir, check=check) as tmp:
        (tmp / "charts").mkdir()
        (tmp / "tables").mkdir()
        (tmp / "report.html").write_text(document, encoding="utf-8")
        (tmp / "report.md").write_text(markdown, encoding="utf-8")
        for name, files in chart_files.items():
            for fmt, data in files.items():
                (tmp / "charts" / f"{name}.{fmt}").write_bytes(data)
        for name, data in tables.items():
            (tmp / "tables" / name).write_bytes(data)
    return ReportFiles(
        out_dir=out_dir,
        html=out_dir / "report.html",
        markdown=out_dir / "report.md",
        charts=tuple(sorted(out_dir / "charts" / f"{n}.{f}" for n, fs in chart_files.items() for f in fs)),
        tables=tuple(sorted(out_dir / "tables" / n for n in tables)),
        articles=len(tuple(result.articles)),
        events=len(comparison.grouping.events),
        left_out=sum(e.status is not LedgerStatus.INGESTED for e in ledger),
    )


# ── from files to report ─────────────────────────────────────────────────────


def demo_dir() -> Path:
    """The built-in demo corpus (constructed teaching examples), shipped in ``framing/demo``."""
    root = resources.files("framing.report").joinpath("demo")
    if not isinstance(root, Path) or not root.is_dir():
        raise ReportError(f"the built-in demo corpus is not a folder on disk: {root}")
    return root


def classifier_accuracy() -> dict[str, object]:
    """The claim classifier's measured accuracy, as shipped in ``framing/templates/accuracy.json``."""
    import json

    return json.loads(_template("accuracy.json"))


__all__ = ["ReportError", "ReportFiles", "build_report", "demo_dir", "render_report"]
