"""Loaded-term and marker matching: token boundaries, overlaps, offsets, sentences, headline."""

from __future__ import annotations

from dataclasses import replace

import pytest
from claims_helpers import make_article
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.analysis.segment import Segmenter
from framing.analysis.terms import LOADED, MARKERS, TermMatcher, term_hits, term_matcher
from framing.lexicon import load_lexicons
from framing.model import ClaimLabel, Role, Sentence

LEXICONS = load_lexicons()
SEGMENTER = Segmenter(LEXICONS)
MATCHER = term_matcher(LEXICONS)


def found(text: str) -> list[tuple[str, str]]:
    """(term, table) of every match in ``text`` on token boundaries."""
    return [(m.entry.term, m.entry.table) for m in MATCHER.find(SEGMENTER.segment(text))]


# Sentences written for these tests.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("西方的冷战思维必须摒弃。", [("冷战思维", LOADED), ("必须", MARKERS)]),
        ("双方将推动构建人类命运共同体。", [("构建人类命运共同体", LOADED)]),  # longest, not 人类命运共同体
        ("这是所谓民主。", [("所谓民主", LOADED)]),  # one token: 所谓 inside it is not a marker
        ("所谓的民主", [("所谓的", MARKERS)]),
        ("普京下令开始特别军事行动。", [("特别军事行动", LOADED)]),
        ("这几乎不可能。", [("不可能", MARKERS)]),  # a booster; 可能 inside it is no hedge
        ("这很可能。", [("可能", MARKERS)]),
        ("所谓的中立只是借口。", [("所谓的", MARKERS), ("借口", MARKERS)]),
        ("中共国的习普联盟", [("中共国", LOADED), ("习普联盟", LOADED)]),
        ("CCP病毒来自何处", [("CCP病毒", LOADED)]),
    ],
)
def test_matches(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("我无所谓。", "所谓"),  # inside the word 无所谓
        ("解放军举行演习。", "解放"),  # inside 解放军
        ("中共国家主席出席。", "中共国"),  # 中共/国家主席, not 中共国
        ("霸权", "霸权主义"),  # a longer term does not match a shorter text
        ("", "霸权"),
    ],
)
def test_no_match_inside_other_words(text, absent):
    assert absent not in [term for term, _ in found(text)]


def test_every_lexicon_term_matches_itself_and_inside_a_sentence():
    for term, entries in MATCHER.entries.items():
        alone = [(m.entry.term, m.start, m.end) for m in MATCHER.find(SEGMENTER.segment(term))]
        assert (term, 0, len(term)) in alone, term
        sentence = f"他说，{term}。"
        inside = [m.entry.term for m in MATCHER.find(SEGMENTER.segment(sentence))]
        assert term in inside or any(term in other for other in inside), term
        assert {e.table for e in entries} <= {LOADED, MARKERS}


def test_a_term_cut_into_several_tokens_matches_as_a_run():
    text = "双方坚持不结盟、不对抗、不针对第三方原则。"
    assert len(SEGMENTER.segment("不结盟、不对抗、不针对第三方").tokens) > 1
    assert ("不结盟、不对抗、不针对第三方", LOADED) in found(text)


def test_empty_tables_match_nothing(tmp_path):
    lexicons = load_lexicons()
    empty = replace(
        lexicons,
        tables={
            **lexicons.tables,
            LOADED: replace(lexicons[LOADED], rows=()),
            MARKERS: replace(lexicons[MARKERS], rows=()),
        },
        version="empty-test",
    )
    assert TermMatcher(empty, SEGMENTER).find(SEGMENTER.segment("霸权主义")) == []


def test_matcher_is_cached_per_lexicon_version(tmp_path):
    assert term_matcher(LEXICONS) is MATCHER
    extra = tmp_path / "markers.tsv"
    extra.write_text("term\ttype\tnote\n测伪词\thedge\ttest\n", encoding="utf-8")
    other = term_matcher(load_lexicons([extra]))
    assert other is not MATCHER
    assert [m.entry.term for m in other.find(SEGMENTER.segment("测伪词"))] == []  # not a user word here
    assert [m.entry.term for m in other.find(Segmenter(load_lexicons([extra])).segment("测伪词"))] == [
        "测伪词"
    ]


def sentence(index: int, start: int, end: int, text: str) -> Sentence:
    return Sentence(index, 0, text, start, end, ClaimLabel.EDITORIAL, "test")


def test_hits_carry_sentence_headline_and_category():
    article = make_article((Role.TITLE, "霸权主义的末路"), (Role.BODY, "他们鼓吹冷战思维。或许如此。"))
    title, body = article.paragraphs
    sentences = [
        sentence(0, title.start, title.end, title.text),
        sentence(1, body.start, body.start + 9, "他们鼓吹冷战思维。"),
        sentence(2, body.start + 9, body.end, "或许如此。"),
    ]
    loaded, markers = term_hits(
        article, SEGMENTER.segment(article.normalized), sentences, MATCHER, (title.start, title.end)
    )
    assert [(h.term, h.category, h.stance, h.sentence_index, h.in_headline) for h in loaded] == [
        ("霸权主义", "ideological_label", "anti_west", 0, True),
        ("冷战思维", "ideological_label", "anti_west", 1, False),
    ]
    assert [(h.term, h.category, h.sentence_index) for h in markers] == [
        ("鼓吹", "distancing", 1),
        ("或许", "hedge", 2),
    ]
    for hit in loaded + markers:
        assert article.text[hit.start : hit.end] == hit.text == hit.term


def test_offsets_map_back_to_the_original_text():
    # The original has two characters the normalisation dropped; the map says where each
    # normalised character came from.
    text = "【】俄軍入侵烏克蘭"
    normalized = "俄军入侵乌克兰"
    article = replace(
        make_article((Role.BODY, normalized)),
        text=text,
        normalized=normalized,
        offset_map=tuple(range(2, 9)),
    )
    loaded, _ = term_hits(article, SEGMENTER.segment(normalized), [], MATCHER)
    assert [(h.term, h.text, h.start, h.end, h.sentence_index) for h in loaded] == [
        ("入侵乌克兰", "入侵烏克蘭", 4, 9, -1)
    ]


def test_hit_outside_every_sentence_has_index_minus_one():
    article = make_article((Role.BODY, "冷战思维"))
    loaded, _ = term_hits(article, SEGMENTER.segment(article.normalized), [sentence(0, 10, 12, "x")], MATCHER)
    assert [h.sentence_index for h in loaded] == [-1]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["所谓", "无所谓", "的", "霸权主义", "冷战", "思维", "可能", "不", "。", " ", "普京"]
        ),
        max_size=25,
    )
)
def test_matches_lie_on_token_boundaries_and_do_not_overlap_within_a_table(pieces):
    text = "".join(pieces)
    seg = SEGMENTER.segment(text)
    boundaries = set(seg.starts) | {len(text)}
    matches = MATCHER.find(seg)
    for table in (LOADED, MARKERS):
        spans = [(m.start, m.end) for m in matches if m.entry.table == table]
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
    for match in matches:
        assert match.start in boundaries and match.end in boundaries
        assert text[match.start : match.end] == match.entry.term


# ── proper names, topics and voice (sentences written for these tests) ────────


def hits_of(article, sentences=(), headline=None):
    loaded, _ = term_hits(article, SEGMENTER.segment(article.normalized), list(sentences), MATCHER, headline)
    return [h.term for h in loaded]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("俄罗斯帝国时期的边界至今仍有争议。", []),  # a historical state's name
        ("大英帝国曾经殖民印度。", []),
        ("有人称美国是一个帝国。", ["帝国"]),  # the label itself still counts
        ("沙皇俄国与清朝签订条约。", []),
        ("批评者称普京为沙皇。", ["沙皇"]),
        ("代表团出席纪念苏联伟大卫国战争胜利的活动。", []),  # the name of a commemoration
        ("他们把苏德战争称作伟大卫国战争。", ["伟大卫国战争"]),
    ],
)
def test_a_term_inside_a_listed_name_is_not_loaded(text, expected):
    assert hits_of(body_article(text)) == expected


def body_article(*texts: str):
    return make_article(*((Role.BODY, t) for t in texts))


def test_every_not_in_name_holds_its_term_and_a_name_that_does_not_is_an_error(tmp_path):
    from framing.errors import LexiconError

    for row in LEXICONS[LOADED]:
        for name in row.many("not_in"):
            assert row["term"] in name and name != row["term"], (row.line, name)
    bad = tmp_path / "loaded_terms.tsv"
    bad.write_text(
        "term\tcategory\tstance\tnote\tnot_in\n帝国\tideological_label\t\tx\t大英王国\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match=r"loaded_terms.tsv:2: not_in '大英王国'"):
        TermMatcher(load_lexicons([bad]))


def test_a_user_file_without_the_new_columns_still_loads(tmp_path):
    old = tmp_path / "loaded_terms.tsv"
    old.write_text("term\tcategory\tstance\tnote\n新词\thyperbole\t\twritten for a test\n", encoding="utf-8")
    lexicons = load_lexicons([old])
    assert any(row["term"] == "新词" and row["not_in"] == "" for row in lexicons[LOADED])


def test_a_topic_term_in_the_headline_does_not_count_anywhere_in_the_article():
    about = make_article((Role.TITLE, "两国是否结盟"), (Role.BODY, "外界猜测两国结盟。也有人说是军事同盟。"))
    title = about.paragraphs[0]
    assert hits_of(about, headline=(title.start, title.end)) == []
    # the same body under a headline about something else: the terms count
    other = make_article((Role.TITLE, "两国举行会谈"), (Role.BODY, "外界猜测两国结盟。也有人说是军事同盟。"))
    title = other.paragraphs[0]
    assert hits_of(other, headline=(title.start, title.end)) == ["结盟", "军事同盟"]
    # a term with no topic is counted whatever the headline says
    formula = make_article((Role.TITLE, "霸权主义"), (Role.BODY, "反对霸权主义。"))
    title = formula.paragraphs[0]
    assert hits_of(formula, headline=(title.start, title.end)) == ["霸权主义", "霸权主义"]


def test_voice_is_own_quoted_or_attributed():
    from framing.analysis.terms import reported_spans, with_voice
    from framing.model import Quote, Voice

    text = "他说：“要反对霸权主义。”外界批评冷战思维。他认为这是冷战思维。《反对霸权主义宣言》发表。"
    article = body_article(text)
    first, second, third = text.index("外界"), text.index("他认为"), text.index("《")
    sentences = [
        Sentence(0, 0, text[:first], 0, first, ClaimLabel.ATTRIBUTED, "t"),
        Sentence(1, 0, text[first:second], first, second, ClaimLabel.EDITORIAL, "t"),
        Sentence(2, 0, text[second:third], second, third, ClaimLabel.ATTRIBUTED, "t"),
        Sentence(3, 0, text[third:], third, len(text), ClaimLabel.FACTUAL, "t"),
    ]
    quote_start = text.index("“")
    quotes = [Quote(text[quote_start:first], quote_start, first, 0, speaker="他")]
    loaded, _ = term_hits(article, SEGMENTER.segment(text), sentences, MATCHER)
    voiced = with_voice(loaded, sentences, reported_spans(article, quotes))
    assert [(h.term, h.voice) for h in voiced] == [
        ("霸权主义", Voice.QUOTED),  # inside the quotation
        ("冷战思维", Voice.OWN),  # the outlet's own sentence
        ("冷战思维", Voice.ATTRIBUTED),  # a sentence labelled A, no quotation marks
        ("霸权主义", Voice.QUOTED),  # a document's title
    ]


def test_quotations_in_the_headline_are_quoted():
    from framing.analysis.terms import reported_spans, with_voice
    from framing.model import Voice

    article = make_article((Role.TITLE, "专家：“冷战思维”抬头"), (Role.BODY, "冷战思维。"))
    title = article.paragraphs[0]
    headline = (title.start, title.end)
    loaded, _ = term_hits(article, SEGMENTER.segment(article.normalized), [], MATCHER, headline)
    voiced = with_voice(loaded, [], reported_spans(article, []))
    assert [(h.in_headline, h.voice) for h in voiced] == [(True, Voice.QUOTED), (False, Voice.OWN)]
