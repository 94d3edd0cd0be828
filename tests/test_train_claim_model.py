"""tools/train_claim_model.py: what it writes for the report (articles written for these tests)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from report_factory import make_analysis

from framing.evaluate.crossval import LabelledFile, cross_validate, fold_names, outlet_key
from framing.evaluate.gold import GoldArticle, GoldSentence

TOOL = Path(__file__).parents[1] / "tools" / "train_claim_model.py"
SENTENCES = [("张三表示，这是一个说法。", "A"), ("真是可耻的表演。", "E"), ("会议在周三举行。", "F")]


def _tool():
    spec = importlib.util.spec_from_file_location("train_claim_model", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _file(recorded: str, own: str, n: int) -> LabelledFile:
    """A labelled file whose set records outlet ``recorded`` ("" for none) and whose article says ``own``."""
    analysis = make_analysis(SENTENCES, outlet=own, path=f"{own}/{n}.md")
    gold = GoldArticle(f"{n}.md", recorded, tuple(GoldSentence(t, lab) for t, lab in SENTENCES), ())
    return LabelledFile(gold, outlet_key(recorded or own), (analysis,))


FILES = [
    _file("VOA 美国之音", "美国之音", 1),
    _file("", "VOA", 2),  # a development-set article: the set records no outlet
    _file("", "Al Jazeera", 3),
    _file("Solidot", "Solidot", 4),
]


def test_folds_are_named_by_the_outlets_full_names():
    assert fold_names(FILES) == {"Al": "Al Jazeera", "Solidot": "Solidot", "VOA": "VOA 美国之音"}


def test_the_shipped_note_lists_outlets_by_name_not_fold_key():
    tool = _tool()
    results = cross_validate(FILES, ("rules",))
    table = {
        r.variant: {**r.scores.to_dict(), "folds": {o: s.summary_line() for o, s in r.folds}} for r in results
    }
    note = tool.accuracy_note(results[0].scores, {"combined": table["rules"], **table}, FILES)
    assert note["outlets"] == ["Al Jazeera", "Solidot", "VOA 美国之音"]
    assert note["articles"] == 4 and "(4 articles, 3 outlets)" in note["data"]


def test_the_readme_tables_are_rewritten_between_their_markers():
    tool = _tool()
    results = cross_validate(FILES, ("rules", "combined"))
    table = tool.comparison(FILES, results)
    note = tool.accuracy_note(results[1].scores, table, FILES)
    combined = results[1]
    reliability = {"calibrated": tool.reliability([0.7] * len(combined.judged), tool._right(combined))}
    readme = f"before\n{tool.BEGIN}\nold table\n{tool.END}\nafter\n"
    new = tool.with_readme_tables(readme, note, reliability)
    assert new.startswith(f"before\n{tool.BEGIN}\n") and new.endswith(f"{tool.END}\nafter\n")
    assert "old table" not in new and "| rules alone |" in new and "| **combined (shipped)**" in new
    assert "4 articles of 3 outlets" in new
    with pytest.raises(SystemExit):
        tool.with_readme_tables("no markers", note, reliability)


def test_the_opinion_scorer_learns_from_the_writers_own_sentences_only(tmp_path):
    """What the rules attribute to a speaker (A) is left out of the opinion scorer's training
    sentences: a column quotes facts and a report quotes opinions."""
    weak = tmp_path / "weak"
    weak.mkdir()
    (weak / "column.md").write_text(
        "# 评论\n\n这真是一场可耻的表演。外交部发言人表示，会谈取得了成果。\n", encoding="utf-8"
    )
    (weak / "report.md").write_text("# 消息\n\n会议在周三举行。部长说，双方签署了协议。\n", encoding="utf-8")
    (weak / "manifest.csv").write_text("file,label\ncolumn.md,opinion\nreport.md,news\n", encoding="utf-8")
    grams, opinion = _tool().opinion_training_set(weak)
    assert grams.n_rows == 2  # one own sentence in each article, the attributed ones left out
    assert sorted(opinion) == [False, True]
