"""tools/mine_cues.py: the Fightin' Words log-odds ranking of opinion over news sentences, on a
tiny corpus written for these tests (no text of the real articles)."""

from dataclasses import replace
from pathlib import Path

import pytest

from framing.analysis.claims import annotate_claims
from framing.analysis.claims.cues import STANCE_TYPES
from framing.analysis.segment import segmenter_for
from framing.ingest.normalize import normalize_text, to_simplified
from framing.lexicon import builtin_dir, load_lexicons, read_table
from framing.model import ClaimLabel
from tests.claims_helpers import body
from tools.mine_cues import (
    count_terms,
    kept_sentences,
    log_odds,
    main,
    rank,
    read_weak_labels,
    sentence_terms,
)


def test_log_odds_is_zero_for_equal_rates_and_grows_with_evidence():
    delta, z = log_odds(10, 1000, 10, 1000, alpha_w=2, alpha_0=100)
    assert delta == pytest.approx(0) and z == pytest.approx(0)
    _, z_small = log_odds(4, 1000, 1, 1000, alpha_w=1, alpha_0=100)
    _, z_large = log_odds(40, 1000, 10, 1000, alpha_w=1, alpha_0=100)
    assert 0 < z_small < z_large  # the same ratio, ten times the counts: more certain
    assert log_odds(1, 1000, 4, 1000, alpha_w=1, alpha_0=100)[1] < 0


def test_sentence_terms_are_chinese_words_and_adjacent_bigrams():
    assert sentence_terms(["这", "显然", "是", "2023", "失败"]) == {
        "显然",
        "失败",
        "这+显然",
        "显然+是",
    }
    assert sentence_terms(["这", "显然"], min_chars=1, bigrams=False) == {"这", "显然"}


# Opinion columns by five writers: each writer's own stance adverb (显然, written in both
# scripts), a topic word both classes share (议会), and a quoted speaker whose words must not
# count (说 makes the sentence A). One writer repeats a pet word (吾辈) in every sentence.
OPINION = [
    "議會今天開會。這顯然是一場失敗的表演。張三說，這場表演荒謬絕倫。",
    "议会今天开会。这显然是一次失败的尝试。张三说，这场表演荒谬绝伦。",
    "議會昨日開會。此舉顯然不會成功。李四說，這個決定荒謬絕倫。",
    "议会上周开会。当局显然低估了后果。李四说，这个决定荒谬绝伦。",
    "议会昨日开会。这显然只是开始。王五说，这个做法荒谬绝伦。",
]
PET = "议会开会。吾辈以为可行。吾辈以为不妥。吾辈以为再议。吾辈以为如此。"
NEWS = [
    "议会今天开会。会议通过了预算。",
    "议会昨日开会。议员投票通过法案。",
    "議會上周開會。會議持續三小時。",
    "议会今天开会。政府公布了数字。",
]


def _write_corpus(folder: Path) -> None:
    rows = ["file,label"]
    docs = [(t, "opinion", f"作者{i}") for i, t in enumerate(OPINION)]
    docs += [(PET, "opinion", "作者0")] + [(t, "news", "记者") for t in NEWS]
    for i, (text, label, author) in enumerate(docs):
        body = "\n\n".join(text.replace("。", "。\n\n").split("\n\n"))
        front = f'---\ntitle: "第{i}篇"\nauthor: "{author}"\n---\n\n'
        (folder / f"a{i}.md").write_text(front + body, encoding="utf-8")
        rows.append(f"a{i}.md,{label}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("weak")
    _write_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def ranked(corpus, lexicons):
    folder = corpus
    sentences = list(kept_sentences(folder, lexicons, segmenter_for(lexicons)))
    counts = count_terms(sentences)
    return sentences, rank(counts, prior=50, min_docs=3, min_groups=3, max_share=0.4, min_z=0)


def test_quoted_speakers_and_headings_are_left_out_and_script_is_simplified(ranked):
    sentences, _ = ranked
    texts = [s.text for s in sentences]
    assert not any("荒谬" in t for t in texts)  # 张三说，… is attributed: dropped
    assert not any("第" in t and "篇" in t for t in texts)  # the title is a heading
    assert sum("显然" in t for t in texts) == len(OPINION)  # 顯然 folded to 显然
    assert {s.label for s in sentences} == {"opinion", "news"}


def test_the_stance_adverb_ranks_first_and_topic_words_and_one_writers_habit_do_not(ranked):
    _, candidates = ranked
    terms = [c.term for c in candidates]
    assert terms[0] == "显然"
    top = candidates[0]
    assert (top.opinion_sentences, top.news_sentences, top.groups) == (5, 0, 5)
    assert "议会" not in terms  # as common in news: z below zero is not listed... or ranked low
    assert "吾辈" not in terms  # one writer's word: its top share is above max_share


def test_the_command_prints_candidates_with_counts_and_contexts(corpus, capsys):
    args = [str(corpus), "--min-docs", "3", "--min-groups", "3", "--min-z", "0", "--top", "1"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("rank\tterm\tz")
    assert lines[2].split("\t")[:2] == ["1", "显然"]
    assert lines[3].startswith("\t\t") and "[显然]" in lines[3]  # a context, to the terminal only


def test_where_keeps_only_the_manifest_rows_asked_for(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,label,topic\na.md,news,1\nb.md,opinion,0\nc.md,other,1\n")
    assert read_weak_labels(tmp_path) == {
        (tmp_path / "a.md").resolve(): "news",
        (tmp_path / "b.md").resolve(): "opinion",
    }
    assert list(read_weak_labels(tmp_path, {"topic": "1"}).values()) == ["news"]
    with pytest.raises(SystemExit, match="no column year"):
        read_weak_labels(tmp_path, {"year": "2020"})


# ── the mined rows of lexicons/claims.tsv, on sentences written for these tests ───────────


def _mined_rows() -> dict[str, str]:
    """The ``claims.tsv`` rows mined with tools/mine_cues.py: cue → type."""
    rows = read_table(builtin_dir() / "claims.tsv").rows
    return {r["cue"]: r["type"] for r in rows if r["note"].startswith("framing: mined (z ")}


def test_mined_rows_are_stance_types_with_their_evidence():
    mined = _mined_rows()
    assert mined, "no mined rows in claims.tsv"
    assert set(mined.values()) <= set(STANCE_TYPES)
    assert all(to_simplified(cue) == cue for cue in mined)  # the analysis reads simplified script


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("两国当然不会放弃这条管道。", "当然"),
        ("这类合作往往只停留在纸面上。", "往往"),
        ("这项协议也许能缓解一时的压力。", "也许"),
        ("新的制裁只会让局势更加紧张。", "只会"),
        ("可惜这次谈判没有取得任何进展。", "可惜"),
        ("這種表態只會讓局勢更加緊張。", "只会"),  # traditional script
    ],
)
def test_a_mined_cue_makes_a_sourceless_sentence_editorial(lexicons, text, cue):
    assert cue in _mined_rows()
    article = replace(body(text), normalized=normalize_text(text).text)
    (sentence,) = annotate_claims(article, lexicons).sentences
    assert sentence.label is ClaimLabel.EDITORIAL, sentence.reason
    assert cue in sentence.reason


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("两国外长周二在莫斯科举行会谈，并签署了三项合作文件。", "F"),
        ("外长在记者会上说：“新的制裁只会让局势更加紧张。”", "A"),
        ("“这类合作往往只停留在纸面上，”一位官员说。", "A"),
        ("部长表示，两国当然会继续合作。", "A"),
    ],
)
def test_narration_stays_factual_and_quoted_cues_stay_attributed(lexicons, text, labels):
    sentences = annotate_claims(body(text), lexicons).sentences
    assert "".join(s.label.value for s in sentences) == labels, [s.reason for s in sentences]
