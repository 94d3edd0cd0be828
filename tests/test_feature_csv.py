"""``feature_csv`` writes exactly what pandas writes for the feature table, without pandas."""

import math
import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from framing.analysis.article import ARTICLE_COLUMNS, AnalysisResult, feature_csv, feature_table
from framing.analysis.features import feature_names
from framing.model import Article, ArticleAnalysis, OutletKind, Paragraph, Role

NAMES = feature_names()


def _analysis(i: int, features: dict, *, date=None, title="标题", path=None, event="") -> ArticleAnalysis:
    text = f"第{i}篇文章的正文。"
    article = Article(
        id=f"{i:016x}",
        path=path or f"corpus/{i}.md",
        title=title,
        text=text,
        normalized=text,
        paragraphs=(Paragraph(Role.BODY, text, 0, len(text)),),
        outlet="新华社",
        outlet_kind=OutletKind.STATE_MEDIA,
        date=date,
        event=event,
    )
    return ArticleAnalysis(article, (), (), (), (), (), (), features)


def _features(seed: int, **overrides) -> dict:
    rng = random.Random(seed)
    row = {
        name: rng.randint(0, 40) if name.endswith(("s", "tokens")) else rng.random() * 10 for name in NAMES
    }
    row.update(overrides)
    return row


FLOATS = [0.0, -0.0, 0.1 + 0.2, 1e-05, 1.5e16, 123456789.125, 2 / 3, float("nan"), float("inf"), 7]
DATES = [
    None,
    datetime(2026, 5, 7),  # naive: read as UTC
    datetime(2026, 5, 7, 9, 30, tzinfo=timezone(timedelta(hours=8))),
    datetime(2026, 5, 7, 1, 2, 3, 500000, tzinfo=UTC),  # milliseconds
]


@pytest.mark.parametrize(
    "analyses",
    [
        [],
        [_analysis(i, _features(i)) for i in range(5)],
        # a float column holding integers, NaN, negative zero, tiny and huge numbers
        [_analysis(i, _features(i, loaded_term_density=v)) for i, v in enumerate(FLOATS)],
        # an integer column stays integers; one float among them makes it a float column
        [_analysis(i, _features(i, tokens=i)) for i in range(3)],
        [_analysis(i, _features(i, tokens=i if i else 1.5)) for i in range(3)],
        # dates: none, naive, another zone, a fraction of a second (all then get it)
        [_analysis(i, _features(i), date=d) for i, d in enumerate(DATES)],
        [_analysis(i, _features(i), date=d) for i, d in enumerate(DATES[:3])],
        [_analysis(0, _features(0), date=datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=UTC))],
        [_analysis(0, _features(0), date=None), _analysis(1, _features(1), date=None)],
        # fields the csv module must quote
        [
            _analysis(0, _features(0), title='他说，"是的"', path="a,b.md", event="多行\n事件"),
            _analysis(1, _features(1), title="", event=" 空格 "),
        ],
        # values pandas types otherwise: written by pandas
        [_analysis(i, _features(i, tokens="many" if i else 3)) for i in range(2)],
        [_analysis(i, _features(i, loaded_term_density=2**70 if i else 0.5)) for i in range(2)],
        [_analysis(i, _features(i, tokens=2**64 + i)) for i in range(2)],
        [_analysis(0, _features(0), date=datetime(1500, 1, 1, tzinfo=UTC))],
    ],
)
def test_same_text_as_pandas(analyses):
    try:
        expected = feature_table(analyses).to_csv()
    except Exception as exc:  # pandas refuses the table: so must feature_csv
        with pytest.raises(type(exc)):
            feature_csv(analyses)
        return
    assert feature_csv(analyses) == expected


def test_random_floats_are_written_as_pandas_writes_them():
    rng = random.Random(7)
    values = [rng.uniform(-1, 1) * 10 ** rng.randint(-12, 20) for _ in range(400)]
    values += [math.ulp(1.0), 1e-4, 9.999999999999999e-05, 1e16, 9999999999999998.0]
    analyses = [_analysis(i, _features(i, loaded_term_density=v)) for i, v in enumerate(values)]
    assert feature_csv(analyses) == feature_table(analyses).to_csv()


def test_header_and_lazy_table():
    analyses = (_analysis(0, _features(0)),)
    header = feature_csv(analyses).splitlines()[0].split(",")
    assert header == ["id", *ARTICLE_COLUMNS, *NAMES]
    result = AnalysisResult(analyses, "v1")
    assert "features" not in vars(result)  # built on first use only
    assert list(result.features.index) == ["0000000000000000"]
    assert result.features is result.features
