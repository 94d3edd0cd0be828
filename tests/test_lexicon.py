"""The lexicon loader, the built-in tables CORE owns, user merges, and the lexicon commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.errors import LexiconError
from framing.ingest import to_simplified
from framing.lexicon import SCHEMAS, builtin_dir, load_lexicons, read_table

runner = CliRunner()
HEADER = "term\tcategory\tstance\tnote\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("loaded_terms.tsv", "term\tkind\tnote\n霸权\tx\ty\n", 1, "header lacks column(s) category"),
        ("loaded_terms.tsv", HEADER + "霸权\tslur\t\tnote\n", 2, "category 'slur' is not one of"),
        ("loaded_terms.tsv", HEADER + "霸权\tideological_label\tpro_mars\tnote\n", 2, "stance 'pro_mars'"),
        ("loaded_terms.tsv", "# comment\n" + HEADER + "\t\t\tnote\n", 3, "column 'term' is empty"),
        ("loaded_terms.tsv", HEADER + "霸权\tideological_label\t\t\n", 2, "column 'note' is empty"),
        ("loaded_terms.tsv", HEADER + "霸权\tideological_label\t\tnote\textra\n", 2, "stray tab"),
        ("markers.tsv", "term\ttype\tnote\n可能\tguess\tnote\n", 2, "type 'guess' is not one of"),
        ("markers.tsv", "term\ttype\tnote\n\n# only comments\n可能\t\tnote\n", 4, "column 'type' is empty"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, name, text, line, message):
    path = write(tmp_path, name, text)
    with pytest.raises(LexiconError) as caught:
        read_table(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("slurs.tsv", HEADER.encode(), "unknown table 'slurs'"),
        ("markers.tsv", "term\ttype\tnote\n可能\thedge\t说明\n".encode("gb18030"), "not UTF-8"),
        ("markers.tsv", b"# nothing but a comment\n", "no header line"),
    ],
)
def test_bad_files_name_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LexiconError, match=message) as caught:
        read_table(path)
    assert str(caught.value).startswith(str(path))


def test_good_file_with_columns_in_any_order_and_short_rows(tmp_path):
    path = write(tmp_path, "loaded_terms.tsv", "note\tstance\tcategory\tterm\n说明\t\thyperbole\t惊天\n")
    table = read_table(path)
    assert [(r["term"], r["category"], r["stance"]) for r in table] == [("惊天", "hyperbole", "")]
    assert table.rows[0].line == 2


def test_user_file_replaces_same_key_and_adds_new_entries(tmp_path):
    builtin = load_lexicons()
    assert any(r["term"] == "霸权" for r in builtin["loaded_terms"])
    write(
        tmp_path,
        "loaded_terms.tsv",
        HEADER + "霸权\thyperbole\t\treplaced in a test\n测试用语\tconspiracy\tcritical\tadded in a test\n",
    )
    merged = load_lexicons([tmp_path / "loaded_terms.tsv"])
    rows = {r["term"]: r for r in merged["loaded_terms"]}
    assert rows["霸权"]["category"] == "hyperbole"
    assert rows["测试用语"]["stance"] == "critical"
    assert len(merged["loaded_terms"]) == len(builtin["loaded_terms"]) + 1
    assert sum(r["term"] == "霸权" for r in merged["loaded_terms"]) == 1
    assert merged.version != builtin.version
    assert len(merged["markers"]) == len(builtin["markers"])  # other tables untouched


def test_user_folder_merges_every_file_and_later_paths_win(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    write(first, "markers.tsv", "term\ttype\tnote\n测试词\thedge\tfirst\n")
    write(first, "loaded_terms.tsv", HEADER + "测试标签\tderogatory_label\t\tfirst\n")
    write(second, "markers.tsv", "term\ttype\tnote\n测试词\tbooster\tsecond\n")
    merged = load_lexicons([first, second])
    markers = {r["term"]: r["type"] for r in merged["markers"]}
    assert markers["测试词"] == "booster"
    assert any(r["term"] == "测试标签" for r in merged["loaded_terms"])


def test_missing_user_path_is_an_error(tmp_path):
    with pytest.raises(LexiconError, match="no such file or folder"):
        load_lexicons([tmp_path / "absent"])


# ── the built-in tables CORE owns ───────────────────────────────────────────────────────


@pytest.mark.parametrize("table", ["loaded_terms", "markers"])
def test_builtin_table_is_valid_simplified_and_unique(table):
    path = builtin_dir() / f"{table}.tsv"
    rows = read_table(path).rows
    assert len(rows) >= (300 if table == "loaded_terms" else 100)
    key = SCHEMAS[table].key
    keys = [r[key] for r in rows]
    assert len(keys) == len(set(keys)), "duplicate keys"
    not_simplified = [k for k in keys if to_simplified(k) != k]
    assert not_simplified == []
    assert all(r["note"] for r in rows)


def test_builtin_loaded_terms_cover_every_category_and_side():
    rows = read_table(builtin_dir() / "loaded_terms.tsv").rows
    assert {r["category"] for r in rows} == set(SCHEMAS["loaded_terms"].allowed["category"])
    assert {r["stance"] for r in rows} == set(SCHEMAS["loaded_terms"].allowed["stance"])
    assert all("written for framing" in r["note"] for r in rows)
    terms = {r["term"]: r for r in rows}
    for term, stance in [
        ("冷战思维", "anti_west"),
        ("特别军事行动", "pro_moscow"),
        ("入侵", "critical"),
        ("中共国", "anti_ccp"),
        ("人类命运共同体", "pro_beijing"),
    ]:
        assert terms[term]["stance"] == stance


def test_builtin_markers_cover_every_type():
    rows = read_table(builtin_dir() / "markers.tsv").rows
    assert {r["type"] for r in rows} == set(SCHEMAS["markers"].allowed["type"])


# ── commands ────────────────────────────────────────────────────────────────────────────


def test_check_command_exit_codes(tmp_path):
    good = write(tmp_path, "markers.tsv", "term\ttype\tnote\n测试词\thedge\tnote\n")
    bad_folder = tmp_path / "bad"
    bad_folder.mkdir()
    bad = write(bad_folder, "loaded_terms.tsv", HEADER + "霸权\tslur\t\tnote\n")

    ok = runner.invoke(app, ["lexicon", "check", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "1 entry in table 'markers': ok" in ok.output

    failed = runner.invoke(app, ["lexicon", "check", str(good), str(bad_folder)])
    assert failed.exit_code == 1
    assert f"{bad}:2: category 'slur'" in failed.output

    builtin = runner.invoke(app, ["lexicon", "check", str(builtin_dir())])
    assert builtin.exit_code == 0, builtin.output


def test_show_command_lists_tables_and_prints_one():
    listing = runner.invoke(app, ["lexicon", "show"])
    assert listing.exit_code == 0
    names = [line.split("\t")[0] for line in listing.output.splitlines()]
    assert {"loaded_terms", "markers"} <= set(names)

    shown = runner.invoke(app, ["lexicon", "show", "markers"])
    assert shown.exit_code == 0
    lines = shown.output.splitlines()
    assert lines[0] == "term\ttype\tnote"
    assert len(lines) == 1 + len(load_lexicons()["markers"])


def test_show_command_merges_user_file_and_rejects_unknown_table(tmp_path):
    extra = write(tmp_path, "markers.tsv", "term\ttype\tnote\n测试词\thedge\tadded\n")
    shown = runner.invoke(app, ["lexicon", "show", "markers", "--lexicon", str(extra)])
    assert "测试词\thedge\tadded" in shown.output.splitlines()

    unknown = runner.invoke(app, ["lexicon", "show", "slurs"])
    assert unknown.exit_code == 1
    assert "no lexicon table 'slurs'; tables:" in unknown.output
