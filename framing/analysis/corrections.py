"""Apply a teacher's corrections to analyses: labels, sources and terms changed, features computed again.

    Corrections (framing.ingest.corrections) + analyses ──▶ corrected analyses + warnings

A corrected analysis keeps what the tool said beside what the teacher set: a relabelled
sentence's reason reads "corrected by the teacher (the tool said F: …)", and every
change is listed in ``ArticleAnalysis.corrections``; its feature row is computed again
from the corrected sentences, sources and hits, so every figure built on it (shares,
source counts, densities, the comparisons) follows. A row that matches nothing gives a
one-line warning naming the row.

The matching is in two steps so that a run can leave untouched analyses unbuilt:
``plan_corrections`` finds, from the articles alone, which rows concern which article;
``correct_analysis`` applies them to one analysis. ``apply_corrections`` does both.

Examples
--------
>>> from framing.ingest.corrections import read_corrections
>>> outcome = apply_corrections(result.articles, read_corrections("corrections.csv"))
>>> outcome.analyses, outcome.warnings
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath

from framing.analysis.features import article_features
from framing.ingest.corrections import (
    EVERY_FILE,
    Correction,
    Corrections,
    SentenceCorrection,
    SourceCorrection,
    TermCorrection,
)
from framing.model import (
    Article,
    ArticleAnalysis,
    Role,
    Sentence,
    TeacherCorrection,
    numbered_sentence,
    sentence_number,
)

CORRECTED = "corrected by the teacher"


@dataclass(frozen=True)
class CorrectionPlan:
    """Which rows concern which article (by its place in the sequence planned over), the
    warnings of rows that concern no article at all, and the rows that do (``rows``)."""

    rows_by_article: dict[int, tuple[Correction, ...]]
    warnings: tuple[tuple[int, str], ...]  # (the row's line, the warning)
    rows: tuple[Correction, ...]


@dataclass(frozen=True)
class CorrectionOutcome:
    """The analyses, corrected where a row applied, and one warning a row that matched nothing."""

    analyses: tuple[ArticleAnalysis, ...]
    warnings: tuple[str, ...]


def apply_corrections(analyses: Sequence[ArticleAnalysis], corrections: Corrections) -> CorrectionOutcome:
    """Every analysis with the corrections that concern it applied (see the module docstring)."""
    plan = plan_corrections([a.article for a in analyses], corrections)
    corrected, applied = list(analyses), set()
    for index, rows in plan.rows_by_article.items():
        corrected[index], used = correct_analysis(analyses[index], rows)
        applied.update(used)
    return CorrectionOutcome(tuple(corrected), all_warnings(plan, applied))


def plan_corrections(articles: Sequence[Article], corrections: Corrections) -> CorrectionPlan:
    """Match each row's file to the articles; a row whose file matches none, or whose
    sentence number is ambiguous (a file of several stories, or several files), gets a warning."""
    keys = [_path_keys(article) for article in articles]
    by_article: dict[int, list[Correction]] = {}
    warnings, planned = [], []
    for row in corrections.rows:
        matched = [
            i
            for i, (article, key) in enumerate(zip(articles, keys, strict=True))
            if _matches(row.file, article, key)
        ]
        if not matched:
            warnings.append(
                (row.line, f"{row.where}: no article's file matches {row.file!r}; the row is not applied")
            )
            continue
        if isinstance(row, SentenceCorrection) and row.number is not None and len(matched) > 1:
            names = sorted({_shown(articles[i]) for i in matched})
            shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
            warnings.append(
                (
                    row.line,
                    f"{row.where}: {row.file!r} matches {len(matched)} articles ({shown}); write more of "
                    "the path, or file#N for a story; the row is not applied",
                )
            )
            continue
        planned.append(row)
        for index in matched:
            by_article.setdefault(index, []).append(row)
    return CorrectionPlan(
        {i: tuple(rs) for i, rs in sorted(by_article.items())}, tuple(warnings), tuple(planned)
    )


def all_warnings(plan: CorrectionPlan, applied: set[str]) -> tuple[str, ...]:
    """The plan's warnings and one for each planned row that matched a file but changed
    nothing in it (``applied``: the ``where`` of every row ``correct_analysis`` used), in
    the file's order."""
    unapplied = [
        (row.line, f"{row.where}: {_not_found(row)}") for row in plan.rows if row.where not in applied
    ]
    return tuple(text for _, text in sorted([*plan.warnings, *unapplied]))


def correct_analysis(
    analysis: ArticleAnalysis, rows: Sequence[Correction]
) -> tuple[ArticleAnalysis, tuple[str, ...]]:
    """``analysis`` with ``rows`` applied and its features computed again, and the ``where``
    of each row that found what it names (a sentence, a source, a term)."""
    sentences, sources = list(analysis.sentences), list(analysis.sources)
    term_hits, marker_hits = analysis.term_hits, analysis.marker_hits
    changes: list[TeacherCorrection] = []
    used: list[str] = []
    for row in rows:
        if isinstance(row, SentenceCorrection):
            change = _relabel(sentences, row)
        elif isinstance(row, SourceCorrection):
            change = _correct_source(sources, row)
        else:
            change, term_hits, marker_hits = _ignore_term(term_hits, marker_hits, row)
        if change is not None:
            changes.append(change)
            used.append(row.where)
    if not changes:
        return analysis, ()
    corrected = replace(
        analysis,
        sentences=tuple(sentences),
        sources=tuple(sources),
        term_hits=term_hits,
        marker_hits=marker_hits,
        corrections=analysis.corrections + tuple(changes),
    )
    return replace(corrected, features=features_again(corrected)), tuple(used)


def features_again(analysis: ArticleAnalysis) -> dict[str, float]:
    """The feature row of ``analysis`` computed from its sentences, sources and hits, with
    the token counts of its first computation (a correction changes no token)."""
    body_spans = [
        (p.start, p.end) for p in analysis.article.paragraphs if p.role in (Role.BODY, Role.PULL_QUOTE)
    ]
    return article_features(
        body_tokens=int(analysis.features.get("tokens", len(analysis.tokens))),
        headline_tokens=int(analysis.features.get("headline_tokens", 0)),
        body_spans=sorted(body_spans),
        sentences=analysis.sentences,
        quotes=analysis.quotes,
        sources=analysis.sources,
        term_hits=analysis.term_hits,
        marker_hits=analysis.marker_hits,
    )


def _relabel(sentences: list[Sentence], row: SentenceCorrection) -> TeacherCorrection | None:
    """Give the sentence the row names its label, in place; ``None`` when there is no such sentence."""
    if row.number is not None:
        found = numbered_sentence(sentences, row.number)
    else:
        found = _sentence_by_text(sentences, row.text)
    if found is None:
        return None
    said = (
        f"the tool said {found.label.value}: {found.reason}"
        if found.reason
        else f"the tool said {found.label.value}"
    )
    note = f"; {row.note}" if row.note else ""
    sentences[sentences.index(found)] = replace(
        found, label=row.label, reason=f"{CORRECTED} ({said}){note}", confidence=None
    )
    return TeacherCorrection(
        "label",
        str(sentence_number(found)),
        found.label.value,
        row.label.value,
        found.index,
        row.where,
        row.note,
    )


def _sentence_by_text(sentences: Sequence[Sentence], text: str) -> Sentence | None:
    """The sentence whose text is ``text`` (spaces aside); else the only one that contains it."""
    wanted = "".join(text.split())
    squeezed = ["".join(s.text.split()) for s in sentences]
    for sentence, plain in zip(sentences, squeezed, strict=True):
        if plain == wanted:
            return sentence
    holding = [s for s, plain in zip(sentences, squeezed, strict=True) if wanted and wanted in plain]
    return holding[0] if len(holding) == 1 else None


def _correct_source(sources: list, row: SourceCorrection) -> TeacherCorrection | None:
    """Change the kind of the source the row names, or drop it (``kind`` ``None``), in place."""
    found = next((s for s in sources if s.name == row.name), None)
    if found is None:
        return None
    if row.kind is None:
        sources.remove(found)
        return TeacherCorrection("not_a_source", row.name, found.kind.value, "", -1, row.where, row.note)
    sources[sources.index(found)] = replace(found, kind=row.kind)
    return TeacherCorrection(
        "source_kind", row.name, found.kind.value, row.kind.value, -1, row.where, row.note
    )


def _ignore_term(term_hits: tuple, marker_hits: tuple, row: TermCorrection):
    """The change, and the hits without those of the row's term (the lexicon entry or the
    text as written); no change when the term has no hit here."""
    kept_terms = tuple(h for h in term_hits if row.term not in (h.term, h.text))
    kept_markers = tuple(h for h in marker_hits if row.term not in (h.term, h.text))
    dropped = len(term_hits) - len(kept_terms) + len(marker_hits) - len(kept_markers)
    if not dropped:
        return None, term_hits, marker_hits
    change = TeacherCorrection("term_ignored", row.term, str(dropped), "", -1, row.where, row.note)
    return change, kept_terms, kept_markers


def _not_found(row: Correction) -> str:
    """Why a row whose file matched changed nothing, in one line."""
    if isinstance(row, SentenceCorrection):
        what = f"sentence {row.number}" if row.number is not None else f"a sentence reading {row.text!r}"
        return f"{row.file!r} has no {what}; the row is not applied"
    where = "any matching file" if row.file == EVERY_FILE else repr(row.file)
    if isinstance(row, SourceCorrection):
        return f"no source named {row.name!r} in {where}; the row is not applied"
    return f"the term {row.term!r} is not found in {where}; the row is not applied"


def _path_keys(article: Article) -> tuple[tuple[str, ...], ...]:
    """The article's path as parts, as given and made absolute, to match a row's file against."""
    given = PurePath(os.path.normpath(article.path)).parts
    absolute = PurePath(os.path.abspath(article.path)).parts
    return (given, absolute)


def _matches(file: str, article: Article, keys: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a row's ``file`` names the article: ``*`` every one; else a path whose parts end
    the article's path, with ``#N`` naming the story N of a broadcast digest."""
    if file == EVERY_FILE:
        return True
    name, _, story = file.rpartition("#")
    if not (name and story.isdigit()):
        name, story = file, ""
    if story and int(story) != article.story:
        return False
    wanted = PurePath(os.path.normpath(name)).parts
    if PurePath(name).is_absolute():
        return wanted == keys[1]
    return any(len(key) >= len(wanted) and key[len(key) - len(wanted) :] == wanted for key in keys)


def _shown(article: Article) -> str:
    return f"{article.path}#{article.story}" if article.story else article.path
