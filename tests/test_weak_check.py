"""tools/weak_check.py: the E share of opinion columns against news reports, on a tiny
corpus written for these tests (no text of the real articles)."""

from pathlib import Path

import pytest

from tools.weak_check import area_under_curve, e_shares, main

NEWS = [
    "議會今天開會。外交部發言人李明說，雙方同意加強合作。會議於下午結束。",
    "兩國代表舉行會談。據新華社報道，雙方簽署了三項協議。代表團隨後離開。",
]
OPINION = [
    "這顯然是一場失敗的表演。議會的做法荒謬絕倫。我們不能再沉默。",
    "這種說法無疑是自欺欺人。政府的決定令人失望。真相終將大白。",
]


@pytest.fixture()
def weak(tmp_path: Path) -> Path:
    folder = tmp_path / "weak"
    folder.mkdir()
    rows = ["file,label"]
    for label, texts in (("news", NEWS), ("opinion", OPINION)):
        for i, text in enumerate(texts):
            name = f"{label}{i}.md"
            (folder / name).write_text(f"---\ntitle: 標題{label}{i}\n---\n\n{text}\n", encoding="utf-8")
            rows.append(f"{name},{label}")
    (folder / "ignored.md").write_text("---\ntitle: 另一篇\n---\n\n這篇不在清單裏。\n", encoding="utf-8")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_area_under_curve_counts_pairs_in_order_and_ties_as_half():
    assert area_under_curve([0.0, 0.1], [0.5, 0.6]) == 1.0
    assert area_under_curve([0.5, 0.6], [0.0, 0.1]) == 0.0
    assert area_under_curve([0.2], [0.2]) == 0.5


def test_columns_have_more_of_the_writers_judgement_than_reports(weak):
    shares, counts, unscored = e_shares(weak, use_model=False)
    assert {label: len(values) for label, values in shares.items()} == {"news": 2, "opinion": 2}
    assert unscored == 0  # the file outside the manifest is not counted either way
    assert counts["news"]["A"] >= 2 and counts["opinion"]["E"] > counts["news"]["E"]
    assert area_under_curve(shares["news"], shares["opinion"]) == 1.0


def test_the_command_prints_shares_and_the_area(weak, capsys):
    main([str(weak)])
    out = capsys.readouterr().out
    assert "news" in out and "opinion" in out and "area under the ROC curve" in out
    assert out.rstrip().endswith("1.0000")
