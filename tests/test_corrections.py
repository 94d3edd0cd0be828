"""A teacher's corrections file: read and checked (framing.ingest.corrections), applied to every
figure (framing.analysis.corrections, framing.pipeline.run), never stored as the tool's results.

The targets (a sentence, a source, a term) are taken from the demo corpus's analysis as the
tool gives it now, so the tests follow the rules when they change.
"""

from __future__ import annotations

import dataclasses

import pytest

from framing.analysis.corrections import CORRECTED, apply_corrections
from framing.ingest import IngestOptions
from framing.ingest.corrections import (
    EVERY_FILE,
    CorrectionsError,
    SentenceCorrection,
    SourceCorrection,
    TermCorrection,
    parse_corrections,
    read_corrections,
)
from framing.model import ClaimLabel, SourceKind, numbered_sentence, sentence_number
from framing.pipeline.run import RunOptions, run
from framing.report.shipped import demo_dir

HEADER = "file,sentence,label,source,kind,term,note\n"


@pytest.fixture(scope="module")
def demo():
    """The demo corpus's analyses, uncorrected, keyed by file name."""
    outcome = run([demo_dir()], RunOptions(ingest=IngestOptions(manifest=demo_dir() / "manifest.csv")))
    analyses = list(outcome.analysis.articles)
    return analyses


def _name(analysis) -> str:
    """The file name a teacher writes, with #N for a story of a multi-record file."""
    name = analysis.article.path.rsplit("/", 1)[-1]
    return f"{name}#{analysis.article.story}" if analysis.article.story else name


def _corrected(analyses, text):
    return apply_corrections(analyses, parse_corrections(HEADER + text, "corr.csv"))


def _by_id(analyses):
    return {a.article.id: a for a in analyses}


# ── reading the file ────────────────────────────────────────────────────────


def test_each_row_kind_is_read():
    rows = parse_corrections(
        HEADER
        + "a.md,3,e,,,,mine\n"
        + "a.md,他们说了。,F,,,,\n"
        + "*,,,新华社,state media,,\n"
        + ",,,某人,Not a source,,\n"
        + ",,,,,帝国,\n"
        + "b.md,,,,,结盟,\n"
        + "\n# a comment,,,,,,\n",
        "c.csv",
    ).rows
    assert rows == (
        SentenceCorrection("c.csv:2", 2, "a.md", 3, "", ClaimLabel.EDITORIAL, "mine"),
        SentenceCorrection("c.csv:3", 3, "a.md", None, "他们说了。", ClaimLabel.FACTUAL),
        SourceCorrection("c.csv:4", 4, EVERY_FILE, "新华社", SourceKind.STATE_MEDIA),
        SourceCorrection("c.csv:5", 5, EVERY_FILE, "某人", None),
        TermCorrection("c.csv:6", 6, EVERY_FILE, "帝国"),
        TermCorrection("c.csv:7", 7, "b.md", "结盟"),
    )


def test_a_file_of_fewer_columns_and_tabs_is_read(tmp_path):
    path = tmp_path / "corr.tsv"
    path.write_text("term\tfile\n帝国\t*\n", encoding="utf-8")
    assert read_corrections(path).rows == (TermCorrection(f"{path}:2", 2, EVERY_FILE, "帝国"),)


def test_a_gbk_file_from_a_spreadsheet_is_read(tmp_path):
    path = tmp_path / "corr.csv"
    path.write_bytes("file,term\n*,帝国主义\n".encode("gbk"))
    assert read_corrections(path).rows[0].term == "帝国主义"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("sentence,label\n3,E\n", 1, "needs a 'file' column"),
        ("file,lable\na.md,E\n", 1, "unknown column 'lable'"),
        (HEADER + "a.md,3,Q,,,,\n", 2, "unknown label 'Q'"),
        (HEADER + "a.md,,E,,,,\n", 2, "needs the sentence"),
        (HEADER + ",3,E,,,,\n", 2, "needs the file"),
        (HEADER + "a.md,0,E,,,,\n", 2, "numbered from 1"),
        (HEADER + "\na.md,3,E,新华社,,,\n", 3, "one correction a row"),
        (HEADER + "a.md,,,新华社,,,\n", 2, "needs a kind"),
        (HEADER + "a.md,,,新华社,journalist,,\n", 2, "unknown kind 'journalist'"),
        (HEADER + "a.md,,,,,,just a note\n", 2, "nothing to correct"),
        (HEADER + "a.md,3,,,,帝国,\n", 2, "a sentence goes with a label"),
        (HEADER + "a.md,3,E,,,,,extra\n", 2, "cells but"),
    ],
)
def test_a_malformed_file_is_one_error_naming_file_and_line(tmp_path, text, line, reason):
    path = tmp_path / "corr.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorrectionsError) as caught:
        read_corrections(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ") and reason in message
    assert "\n" not in message


def test_a_missing_file_is_one_error(tmp_path):
    with pytest.raises(CorrectionsError, match="corr.csv: cannot read"):
        read_corrections(tmp_path / "corr.csv")


# ── applying them ───────────────────────────────────────────────────────────


def _attributed(demo):
    """An article with an attributed body sentence, and that sentence."""
    for analysis in demo:
        for sentence in analysis.sentences:
            if sentence.label is ClaimLabel.ATTRIBUTED:
                return analysis, sentence
    pytest.skip("the demo corpus has no attributed sentence")


def test_a_sentence_by_number_is_relabelled_and_its_figures_follow(demo):
    analysis, sentence = _attributed(demo)
    number = sentence_number(sentence)
    outcome = _corrected(demo, f"{_name(analysis)},{number},E,,,,the writer's summary\n")
    assert outcome.warnings == ()
    after = _by_id(outcome.analyses)[analysis.article.id]
    fixed = numbered_sentence(after.sentences, number)
    assert fixed.label is ClaimLabel.EDITORIAL and fixed.confidence is None
    assert fixed.reason == f"{CORRECTED} (the tool said A: {sentence.reason}); the writer's summary"
    assert [(c.what, c.target, c.tool_said, c.now) for c in after.corrections] == [
        ("label", str(number), "A", "E")
    ]
    before = analysis.features
    assert after.features["attributed_sentences"] == before["attributed_sentences"] - 1
    assert after.features["editorial_sentences"] == before["editorial_sentences"] + 1
    assert after.features["editorial_share"] > before["editorial_share"]
    others = [a for a in outcome.analyses if a.article.id != analysis.article.id]
    assert all(a.corrections == () for a in others)


def test_a_sentence_by_text_is_relabelled(demo):
    analysis, sentence = _attributed(demo)
    text = " ".join(sentence.text)  # spaces a spreadsheet may add do not matter
    outcome = _corrected(demo, f'{_name(analysis)},"{text}",F,,,,\n')
    after = _by_id(outcome.analyses)[analysis.article.id]
    assert outcome.warnings == ()
    assert after.sentences[sentence.index].label is ClaimLabel.FACTUAL


def _with_source(demo):
    for analysis in demo:
        for source in analysis.sources:
            if source.kind is not SourceKind.OFFICIAL:
                return analysis, source
    pytest.skip("the demo corpus has no source but official ones")


def test_a_source_kind_is_corrected(demo):
    analysis, source = _with_source(demo)
    outcome = _corrected(demo, f"{_name(analysis)},,,{source.name},official,,\n")
    after = _by_id(outcome.analyses)[analysis.article.id]
    assert next(s for s in after.sources if s.name == source.name).kind is SourceKind.OFFICIAL
    assert after.features["sources_official"] == analysis.features["sources_official"] + 1
    assert (
        after.features[f"sources_{source.kind.value}"]
        == analysis.features[f"sources_{source.kind.value}"] - 1
    )
    assert after.corrections[0].what == "source_kind" and after.corrections[0].tool_said == source.kind.value


def test_not_a_source_everywhere_removes_it_from_every_article(demo):
    analysis, source = _with_source(demo)
    holding = {a.article.id for a in demo if any(s.name == source.name for s in a.sources)}
    outcome = _corrected(demo, f"*,,,{source.name},not a source,,\n")
    assert outcome.warnings == ()
    for before, after in zip(demo, outcome.analyses, strict=True):
        assert all(s.name != source.name for s in after.sources)
        if before.article.id in holding:
            assert after.features["sources"] == before.features["sources"] - 1
            assert after.corrections[0].what == "not_a_source"
        else:
            assert after is before


def _loaded(demo):
    for analysis in demo:
        body = [h for h in analysis.term_hits if not h.in_headline]
        if body:
            return analysis, body[0].term
    pytest.skip("the demo corpus has no loaded term")


def test_a_term_ignored_everywhere_or_in_one_file(demo):
    analysis, term = _loaded(demo)
    everywhere = _corrected(demo, f",,,,,{term},\n")
    for after in everywhere.analyses:
        assert all(term not in (h.term, h.text) for h in after.term_hits)
    after = _by_id(everywhere.analyses)[analysis.article.id]
    assert after.features["loaded_terms"] < analysis.features["loaded_terms"]
    assert after.features["loaded_term_density"] < analysis.features["loaded_term_density"]
    in_one = _corrected(demo, f"{_name(analysis)},,,,,{term},\n")
    changed = [a.article.id for a in in_one.analyses if a.corrections]
    assert changed == [analysis.article.id]


def test_rows_that_match_nothing_are_one_line_warnings_naming_the_row(demo):
    analysis, _ = _attributed(demo)
    name = _name(analysis)
    outcome = _corrected(
        demo,
        "nowhere.md,2,F,,,,\n"
        f"{name},999,F,,,,\n"
        f"{name},这句话不在文章里。,F,,,,\n"
        f"{name},,,无此人,official,,\n"
        ",,,,,不存在的词语,\n",
    )
    assert [w.split(": ", 1)[0] for w in outcome.warnings] == [f"corr.csv:{n}" for n in range(2, 7)]
    assert "no article's file matches 'nowhere.md'" in outcome.warnings[0]
    assert "no sentence 999" in outcome.warnings[1]
    assert "no source named '无此人'" in outcome.warnings[3]
    assert "'不存在的词语' is not found" in outcome.warnings[4]
    assert all("\n" not in w for w in outcome.warnings)
    assert all(a.corrections == () for a in outcome.analyses)


def test_a_sentence_number_in_a_file_of_several_stories_needs_the_story(demo):
    stories = [a for a in demo if a.article.story]
    if len({a.article.path for a in stories}) == len(stories):
        pytest.skip("the demo corpus has no file of several stories")
    name = stories[0].article.path.rsplit("/", 1)[-1]
    outcome = _corrected(demo, f"{name},2,F,,,,\n{name}#{stories[0].article.story},2,F,,,,\n")
    assert len(outcome.warnings) == 1 and "file#N for a story" in outcome.warnings[0]
    assert [a.article.id for a in outcome.analyses if a.corrections] == [stories[0].article.id]


def test_a_longer_path_or_the_absolute_one_names_the_file(demo):
    analysis, term = _loaded(demo)
    for file in (f"demo/{_name(analysis)}", analysis.article.path):
        outcome = _corrected(demo, f"{file},,,,,{term},\n")
        assert analysis.article.id in [a.article.id for a in outcome.analyses if a.corrections], file
    wrong = _corrected(demo, f"elsewhere/{_name(analysis)},,,,,{term},\n")
    assert "no article's file matches" in wrong.warnings[0]


# ── through the pipeline: every figure, and the results store kept as the tool's ──


def test_the_run_applies_them_and_the_store_keeps_the_tools_results(demo, tmp_path):
    analysis, sentence = _attributed(demo)
    path = tmp_path / "corr.csv"
    path.write_text(HEADER + f"{_name(analysis)},{sentence_number(sentence)},E,,,,\n", encoding="utf-8")
    ingest = IngestOptions(manifest=demo_dir() / "manifest.csv")
    options = RunOptions(ingest=ingest, cache_dir=tmp_path / "cache", corrections=read_corrections(path))
    corrected = run([demo_dir()], options)
    table = corrected.analysis.features
    assert (
        table.loc[analysis.article.id, "editorial_sentences"] == analysis.features["editorial_sentences"] + 1
    )
    assert corrected.analysis.articles[list(table.index).index(analysis.article.id)].corrections
    again = run([demo_dir()], dataclasses.replace(options, corrections=None))
    assert again.cached_files == corrected.files  # read back from the store …
    plain = again.analysis.features
    assert plain.loc[analysis.article.id, "editorial_sentences"] == analysis.features["editorial_sentences"]
    assert all(not a.corrections for a in again.analysis.articles)  # … as the tool said it
    stored = _by_id(again.analysis.articles)[analysis.article.id]
    assert stored.sentences == analysis.sentences and stored.features == analysis.features
    twice = run([demo_dir()], options)
    assert twice.cached_files == twice.files
    assert twice.analysis.features.equals(table)


def test_the_readme_example_is_a_valid_corrections_file():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Corrections", 1)[1]
    example = section.split("```csv\n", 1)[1].split("```", 1)[0]
    rows = parse_corrections(example, "README.md").rows
    assert [type(r).__name__ for r in rows] == [
        "SentenceCorrection",
        "SentenceCorrection",
        "SourceCorrection",
        "SourceCorrection",
        "TermCorrection",
        "TermCorrection",
    ]
