"""tools/mine_cues.py: the Fightin' Words log-odds ranking of opinion over news sentences, on a
tiny corpus written for these tests (no text of the real articles)."""

from pathlib import Path

import pytest

from framing.analysis.segment import segmenter_for
from framing.lexicon import load_lexicons
from tools.mine_cues import count_terms, kept_sentences, log_odds, rank, sentence_terms


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
def ranked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("weak")
    _write_corpus(folder)
    lexicons = load_lexicons()
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
