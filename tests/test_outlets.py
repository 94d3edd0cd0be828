"""Outlets by URL, name and folder; unknown outlets stay unknown."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from framing.ingest.outlets import OutletDirectory, domain_of, parse_kind
from framing.lexicon import load_lexicons
from framing.model import OutletKind

DIRECTORY = OutletDirectory.from_table(load_lexicons()["outlets"])
MANIFEST = Path(__file__).parents[1].parent / "shared" / "corpus" / "real" / "manifest.csv"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.voachinese.com/a/x/1.html", "VOA"),
        ("https://www.rfa.org/mandarin/x.html", "RFA"),
        ("https://gnews.org/zh-hans/2052521/", "GNews"),
        ("https://chinese.aljazeera.net/news/1", "Al Jazeera"),
        ("https://www.bbc.com/zhongwen/simp/x", "BBC"),
        ("http://www.news.cn/world/2022-02/03/c_1.htm", "Xinhua"),
        ("https://tv.cctv.com/2023/03/21/x.shtml", "CCTV"),
        ("https://sputniknews.cn/20220204/x.html", "Sputnik"),
        ("https://www.cna.com.tw/news/firstnews/1.aspx", "CNA"),
    ],
)
def test_by_url(url, outlet):
    assert DIRECTORY.by_url(url).name == outlet


@pytest.mark.parametrize("url", ["https://example.org/x", "not a url", "", "http://[bad"])
def test_unknown_url_is_none(url):
    assert DIRECTORY.by_url(url) is None


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("新华社", "Xinhua"),
        ("人民日报", "People's Daily"),
        ("环球时报", "Global Times"),
        ("俄罗斯卫星通讯社", "Sputnik"),
        ("塔斯社", "TASS"),
        ("美联社", "AP"),
        ("路透", "Reuters"),
        ("法新社", "AFP"),
        ("大纪元", "Epoch Times"),
        ("新唐人", "NTD"),
        ("中央社", "CNA"),
        ("联合早报", "Zaobao"),
        ("端传媒", "Initium"),
        ("半岛", "Al Jazeera"),
        ("Aljazeera 半岛网", "Al Jazeera"),
        ("(臺)中央社CNA", "CNA"),
        ("GNews (gnews.org, via ourhimalayas/txt)", "GNews"),
        ("voa", "VOA"),
    ],
)
def test_by_name(name, outlet):
    assert DIRECTORY.by_name(name).name == outlet


@pytest.mark.parametrize("name", ["某某小报", "", "   ", "Daily Planet"])
def test_unknown_name_is_none(name):
    assert DIRECTORY.by_name(name) is None


def test_user_outlet_not_in_table_is_kept_with_unknown_kind():
    outlet = DIRECTORY.get("Daily Planet")
    assert (outlet.name, outlet.kind) == ("Daily Planet", OutletKind.UNKNOWN)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("state media", OutletKind.STATE_MEDIA),
        ("partisan-dissident", OutletKind.PARTISAN),
        ("international broadcaster", OutletKind.PUBLIC_BROADCASTER),
        ("nonsense", None),
    ],
)
def test_parse_kind(text, kind):
    assert parse_kind(text) is kind


@pytest.mark.parametrize(
    ("url", "domain"), [("https://www.RFA.org/x", "rfa.org"), ("", ""), ("mailto:a@b", "")]
)
def test_domain_of(url, domain):
    assert domain_of(url) == domain


@pytest.mark.skipif(not MANIFEST.is_file(), reason="../shared/corpus is not present")
def test_every_corpus_outlet_is_known():
    with MANIFEST.open(encoding="utf-8") as handle:
        names = {row["outlet"] for row in csv.DictReader(handle)}
    assert {n for n in names if DIRECTORY.by_name(n) is None} == set()
