"""Feature rows: exact numbers on hand-made analyses, names documented, zero-safe."""

from __future__ import annotations

import re

import pytest

from framing.analysis import features as features_module
from framing.analysis.features import MARKER_FEATURES, article_features, feature_names, in_spans, per_thousand
from framing.lexicon import SCHEMAS
from framing.model import ClaimLabel, Quote, Sentence, SourceKind, SourceMention, TermHit, Voice

A, E, F, H, X = (ClaimLabel(v) for v in "AEFHX")
BODY = [(10, 100)]


def sent(index: int, label: ClaimLabel, text: str = "他们来了。") -> Sentence:
    return Sentence(index, 0, text, 10 + index, 11 + index, label, "test")


def hit(
    category: str, start: int, *, stance: str = "", headline: bool = False, voice: Voice = Voice.OWN
) -> TermHit:
    return TermHit("词", "词", category, start, start + 1, 0, stance, headline, voice)


def source(kind: SourceKind, named: bool) -> SourceMention:
    return SourceMention("某人", kind, named, 1)


def run(**overrides) -> dict[str, float]:
    arguments = dict(
        body_tokens=200,
        headline_tokens=10,
        body_spans=BODY,
        sentences=[],
        quotes=[],
        sources=[],
        term_hits=[],
        marker_hits=[],
    )
    arguments.update(overrides)
    return article_features(**arguments)


def test_row_has_exactly_the_documented_names_in_order():
    row = run()
    assert tuple(row) == feature_names()
    assert len(set(feature_names())) == len(feature_names())


def test_every_feature_name_is_documented_in_the_module_docstring():
    doc = features_module.__doc__
    templates = set(re.findall(r"``([a-z_<>]+)``", doc))
    patterns = [re.compile("^" + re.sub(r"<[a-z]+>", "[a-z_]+", t) + "$") for t in templates]
    undocumented = [name for name in feature_names() if not any(p.match(name) for p in patterns)]
    assert undocumented == []


def test_marker_types_and_categories_follow_the_lexicon_schema():
    assert set(MARKER_FEATURES) == set(SCHEMAS["markers"].allowed["type"])
    names = feature_names()
    for category in SCHEMAS["loaded_terms"].allowed["category"]:
        assert f"loaded_{category}_density" in names


def test_loaded_terms_body_and_headline():
    row = run(
        term_hits=[
            hit("hyperbole", 12, stance="critical"),
            hit("hyperbole", 40),
            hit("conspiracy", 50, stance="anti_ccp"),
            hit("hyperbole", 2, headline=True),
            hit("hyperbole", 150),  # outside the body (a caption, say): not counted
        ]
    )
    assert row["loaded_terms"] == 3
    assert row["loaded_term_density"] == pytest.approx(15.0)  # 3 per 200 tokens
    assert row["loaded_hyperbole"] == 2
    assert row["loaded_hyperbole_density"] == pytest.approx(10.0)
    assert row["loaded_conspiracy"] == 1
    assert row["stance_critical_density"] == pytest.approx(5.0)
    assert row["stance_anti_ccp_density"] == pytest.approx(5.0)
    assert row["stance_pro_beijing_density"] == 0
    assert row["headline_loaded_terms"] == 1
    assert row["headline_loaded_term_density"] == pytest.approx(100.0)  # 1 per 10 tokens


def test_claim_shares_count_body_sentences_only():
    sentences = [sent(0, H), sent(1, A), sent(2, A), sent(3, E), sent(4, F), sent(5, X)]
    row = run(sentences=sentences)
    assert row["body_sentences"] == 4
    assert (row["attributed_share"], row["editorial_share"], row["factual_share"]) == (0.5, 0.25, 0.25)


@pytest.mark.parametrize(
    ("sources", "named", "unnamed", "share", "ratio"),
    [
        ([], 0, 0, 0.0, 0.0),
        ([source(SourceKind.OFFICIAL, True)], 1, 0, 1.0, 1.0),
        ([source(SourceKind.OFFICIAL, True), source(SourceKind.ANONYMOUS, False)], 1, 1, 0.5, 1.0),
        (
            [source(SourceKind.EXPERT, True)] * 3 + [source(SourceKind.ANONYMOUS, False)] * 2,
            3,
            2,
            0.6,
            1.5,
        ),
    ],
)
def test_sources(sources, named, unnamed, share, ratio):
    row = run(sources=sources)
    assert row["sources"] == len(sources)
    assert (row["sources_named"], row["sources_unnamed"]) == (named, unnamed)
    assert row["named_source_share"] == pytest.approx(share)
    assert row["named_to_unnamed_ratio"] == pytest.approx(ratio)
    assert sum(row[f"sources_{k.value}"] for k in SourceKind) == len(sources)


def test_markers_quotes_questions_exclamations_and_opinion_label():
    sentences = [
        sent(0, E, "难道这还不清楚吗？"),
        sent(1, A, "他问：“你们来吗？”"),  # the speaker's question, not the writer's
        sent(2, E, "太荒唐了！”"),
        sent(3, F, "会议开了三天。"),
        sent(4, H, "真的吗？"),  # a headline is not body
    ]
    markers = [hit("hedge", 20), hit("hedge", 30), hit("booster", 40), hit("distancing", 45)]
    markers.append(hit("opinion", 3, headline=True))
    quotes = [Quote("“友谊”", 12, 16, 0, scare=True), Quote("“你们来吗？”", 20, 27, 1, speaker="他")]
    row = run(sentences=sentences, marker_hits=markers, quotes=quotes, body_tokens=100)
    assert (row["hedges"], row["boosters"], row["distancing_markers"], row["opinion_markers"]) == (2, 1, 1, 0)
    assert row["hedges_density"] == pytest.approx(20.0)
    assert row["scare_quotes"] == 1 and row["scare_quote_density"] == pytest.approx(10.0)
    assert row["rhetorical_questions"] == 1
    assert row["exclamations"] == 1
    assert row["opinion_labelled"] == 1


def test_no_opinion_marker_means_not_labelled():
    assert run(marker_hits=[hit("hedge", 20)])["opinion_labelled"] == 0


def test_empty_article_is_all_zero():
    row = run(body_tokens=0, headline_tokens=0, body_spans=[])
    assert all(value == 0 for value in row.values())


@pytest.mark.parametrize(("count", "tokens", "expected"), [(3, 200, 15.0), (0, 50, 0.0), (5, 0, 0.0)])
def test_per_thousand(count, tokens, expected):
    assert per_thousand(count, tokens) == expected


@pytest.mark.parametrize(
    ("start", "inside"), [(9, False), (10, True), (99, True), (100, False), (150, True), (200, False)]
)
def test_in_spans(start, inside):
    assert in_spans([(10, 100), (150, 160)], start) is inside


def test_own_voice_is_the_plain_figure_and_quoted_stands_beside_it():
    row = run(
        term_hits=[
            hit("hyperbole", 12, stance="critical"),
            hit("hyperbole", 20, stance="critical", voice=Voice.QUOTED),
            hit("conspiracy", 30, stance="anti_west", voice=Voice.ATTRIBUTED),
            hit("conspiracy", 40, stance="anti_west", voice=Voice.QUOTED),
            hit("hyperbole", 2, headline=True, voice=Voice.QUOTED),
        ],
        marker_hits=[
            hit("hedge", 20),
            hit("hedge", 30, voice=Voice.ATTRIBUTED),
            hit("opinion", 35, voice=Voice.QUOTED),
        ],
    )
    assert (row["loaded_terms"], row["quoted_loaded_terms"]) == (1, 3)
    assert row["loaded_term_density"] == pytest.approx(5.0)  # 1 per 200 tokens
    assert row["quoted_loaded_term_density"] == pytest.approx(15.0)  # own + quoted = every hit
    assert (row["loaded_conspiracy"], row["quoted_loaded_conspiracy"]) == (0, 2)
    assert row["stance_critical_density"] == pytest.approx(5.0)
    assert row["quoted_stance_critical_density"] == pytest.approx(5.0)
    assert (row["stance_anti_west_density"], row["quoted_stance_anti_west_density"]) == (
        0,
        pytest.approx(10.0),
    )
    assert (row["headline_loaded_terms"], row["quoted_headline_loaded_terms"]) == (0, 1)
    assert (row["hedges"], row["quoted_hedges"]) == (1, 1)
    assert row["opinion_labelled"] == 0  # an opinion word inside a quotation labels nothing
    assert row["quoted_opinion_markers"] == 1


def test_a_scare_quote_in_an_attributed_sentence_is_the_speakers():
    sentences = [sent(0, E), sent(1, A)]
    quotes = [Quote("“友谊”", 12, 16, 0, scare=True), Quote("“伙伴”", 20, 24, 1, scare=True)]
    row = run(sentences=sentences, quotes=quotes, body_tokens=100)
    assert (row["scare_quotes"], row["quoted_scare_quotes"]) == (1, 1)


def test_every_quoted_feature_stands_right_after_its_own_voice_twin():
    from framing.analysis.features import is_quoted_feature

    names = feature_names()
    quoted = [n for n in names if is_quoted_feature(n)]
    assert quoted and "quoted_loaded_term_density" in quoted
    for name in quoted:
        assert names[names.index(name) - 1] == name.removeprefix("quoted_")
