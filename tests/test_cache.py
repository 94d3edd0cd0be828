from pathlib import Path

from framing.cache import AnalysisCache
from framing.model import Article, ArticleAnalysis, Paragraph, Role


def _analysis(path: str = "a.txt", article_id: str = "abc123") -> ArticleAnalysis:
    text = "标题\n\n正文。"
    article = Article(
        id=article_id,
        path=path,
        title="标题",
        text=text,
        normalized=text,
        paragraphs=(Paragraph(Role.TITLE, "标题", 0, 2), Paragraph(Role.BODY, "正文。", 4, 7)),
    )
    return ArticleAnalysis(article, ("正文",), (), (), (), (), (), {"tokens": 1.0})


def test_round_trip_and_counts(tmp_path: Path):
    cache = AnalysisCache(tmp_path, "lex1")
    assert cache.get("abc123", "a.txt") is None
    cache.put(_analysis())
    assert cache.get("abc123", "a.txt") == _analysis()
    assert (cache.hits, cache.misses) == (1, 1)


def test_new_lexicon_version_misses(tmp_path: Path):
    AnalysisCache(tmp_path, "lex1").put(_analysis())
    assert AnalysisCache(tmp_path, "lex2").get("abc123", "a.txt") is None


def test_same_text_from_another_path_is_a_separate_entry(tmp_path: Path):
    cache = AnalysisCache(tmp_path, "lex1")
    cache.put(_analysis(path="dir1/a.txt"))
    assert cache.get("abc123", "dir2/a.txt") is None
    assert cache.get("abc123", "dir1/a.txt") is not None


def test_damaged_entry_is_a_miss(tmp_path: Path):
    cache = AnalysisCache(tmp_path, "lex1")
    cache.put(_analysis())
    for entry in cache.folder.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert cache.get("abc123", "a.txt") is None


def test_unwritable_folder_is_reported_not_raised(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = AnalysisCache(blocker, "lex1")  # a file where the folder should be
    cache.put(_analysis())
    assert "cannot write the analysis cache" in cache.write_error


def test_two_paths_with_the_same_name_keep_both_entries(tmp_path: Path):
    cache = AnalysisCache(tmp_path, "lex1")
    cache.put(_analysis(path="dir1/a.txt"))
    cache.put(_analysis(path="dir2/a.txt"))
    assert cache.get("abc123", "dir1/a.txt").article.path == "dir1/a.txt"
    assert cache.get("abc123", "dir2/a.txt").article.path == "dir2/a.txt"
