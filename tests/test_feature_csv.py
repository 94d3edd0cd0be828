"""``framing analyze --format csv`` is pandas' text of the feature table, safe for spreadsheets."""

from datetime import UTC, datetime, timedelta

from framing.analysis.article import AnalysisResult, feature_csv, feature_table
from framing.analysis.features import feature_names
from framing.model import Article, ArticleAnalysis, OutletKind, Paragraph, Role
from framing.safe_text import csv_safe_frame


def _analysis(i: int, *, date=None, title="标题") -> ArticleAnalysis:
    text = f"第{i}篇文章的正文。"
    article = Article(
        id=f"{i:016x}",
        path=f"corpus/{i}.md",
        title=title,
        text=text,
        normalized=text,
        paragraphs=(Paragraph(Role.BODY, text, 0, len(text)),),
        outlet="新华社",
        outlet_kind=OutletKind.STATE_MEDIA,
        date=date,
    )
    features = {name: i if name.endswith("s") else i / 7 for name in feature_names()}
    return ArticleAnalysis(article, (), (), (), (), (), (), features)


def test_the_csv_is_the_safe_pandas_text():
    analyses = [_analysis(0, title="=HYPERLINK(1)"), _analysis(1, date=datetime(2024, 5, 16, tzinfo=UTC))]
    text = feature_csv(AnalysisResult(tuple(analyses)))
    assert text == csv_safe_frame(feature_table(analyses)).to_csv()
    assert "'=HYPERLINK(1)" in text


def test_dates_have_one_precision_in_a_long_table():
    """Pandas writes a long table in chunks of rows and picks a date column's digits per
    chunk; the feature CSV is written in one, so every date gets the same."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    analyses = [_analysis(i, date=start + timedelta(days=i)) for i in range(3000)]
    analyses[0] = _analysis(0, date=start.replace(microsecond=500_000))
    rows = feature_csv(AnalysisResult(tuple(analyses))).splitlines()[1:]
    dates = [row.split(",")[4] for row in rows]
    assert len(dates) == 3000 and all(d.endswith(".000+00:00") or d.endswith(".500+00:00") for d in dates)
