"""Source patterns of ANNOTATION.md found with their kind, each beside a near miss that is no
source, on sentences written for these tests."""

import pytest

from framing.analysis.claims import annotate_claims
from framing.lexicon import load_lexicons
from tests.claims_helpers import body


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def _sources(lexicons, *sentences: str) -> list[tuple[str, str]]:
    return [(s.name, s.kind.value) for s in annotate_claims(body(*sentences), lexicons).sources]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a news agency's dateline opening the report it gives: the agency is the source
        ("新华社消息，两国元首当天举行了会谈。", [("新华社", "state_media")]),
        ("路透社3月5日消息：两国元首当天举行了会谈。", [("路透社", "media")]),
        # near misses: 消息 after words that are no source
        ("最新消息：两国元首当天举行了会谈。", []),
        ("这一消息，令不少观察者感到意外。", []),
        # 正如X所指出/揭露: a source cited inside the writer's sentence
        ("正如《某某体育》所指出的那样，这项处罚过重。", [("某某体育", "media")]),
        ("正如郭文贵先生在多次揭露的那样，背后是利益的交易。", [("郭文贵", "partisan")]),
    ],
)
def test_frames_and_cited_sources(lexicons, sentence, expected):
    assert _sources(lexicons, sentence) == expected
