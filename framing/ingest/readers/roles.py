"""Paragraph roles from what a block's text says: credits, disclaimers, captions, footers, date lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from framing.ingest.readers.blocks import Block, anchor_share, bare
from framing.ingest.readers.dates import DATE_LINE
from framing.model import Role

_CREDIT_WORDS = (
    "作者|撰稿|撰文|文字|记者|記者|编辑|編輯|责编|責編|责任编辑|責任編輯|校对|校對|发布|發布|发稿|發稿|"
    "翻译|翻譯|编译|編譯|封面|审核|審核|审校|審校|网编|網編|主编|主編|供稿|摄影|攝影|制作|製作|"
    "视频|視頻|来源|來源|出品|监制|監製|摘录|摘錄|总编|總編|By|by|BY"
)
_BYLINE = re.compile(rf"^[\s（(【\[]*(?:{_CREDIT_WORDS})(?:[\s/&、和与及]*(?:{_CREDIT_WORDS}))*\s*[:：]")
_BYLINE_ANYWHERE = re.compile(
    r"责编\s*[:：]|責編\s*[:：]|网编\s*[:：]|網編\s*[:：]|编辑\s*[:：]|編輯\s*[:：]|校对\s*[:：]|校對\s*[:：]|"
    r"记者\S{1,16}报道|記者\S{1,16}報導"
)
_REPOST_LINE = re.compile(r"(转载自|轉載自)\s*\S{0,20}$")
_AGENCY_CREDIT = re.compile(
    r"^[（(][^（()）]{1,40}(社|通讯|通訊|路透|法新|美联|美聯|电|電|综合|綜合)[^（()）]{0,20}[)）]$"
)
# Every alternative of the searched patterns below starts with a literal character, so the
# regex engine skips to those characters instead of trying each alternative at each position
# (four times faster on a paragraph); the anchored alternatives are tested apart.
_DISCLAIMER = re.compile(
    r"免责声明|免責聲明|版权声明|版權聲明|版权所有|版權所有|Copyright|仅代表作者|僅代表作者|"
    r"不代表本(台|网|網|站|刊)|仅代表.{0,8}个人观点|僅代表.{0,8}個人觀點|未经授权.{0,6}不得|未經授權.{0,6}不得"
)
_DISCLAIMER_START = "©"
_LINKS_LEAD = re.compile(
    r"^(延展阅读|延伸阅读|相关阅读|相关新闻|相关报道|相关链接|推荐阅读|阅读更多|更多报道|本期链接|原文链接|"
    r"查看原文|阅读原文|参考链接|参考资料|延伸閱讀|相關閱讀|相關新聞|相關報導|相關連結|推薦閱讀|原文連結|閱讀全文|"
    r"閱讀原文|參考資料|新闻来源|新聞來源|信息源|消息来源|消息來源|资料来源|資料來源|Task Link|Source:)"
)
_FOOTER = re.compile(
    r"获取更多RSS|獲取更多RSS|更新时间戳|更新時間戳|返回首頁|返回首页|欢迎加入|歡迎加入|订阅|訂閱|"
    r"扫描二维码|掃描二維碼|下载.{0,6}APP|下載.{0,6}APP"
)
_FOOTER_LINES = frozenset({"ROL Foundation", "ROL Society", "Terms of use", "Privacy Policy"})
_CAPTION = re.compile(r"图片来源|圖片來源|图片：|圖片：|资料图|資料圖|视频截图|視頻截圖")
_CAPTION_STARTS = ("图：", "圖：", "图为", "圖為", "（图为", "（圖為")
_CLAUSE_PUNCT = re.compile(r"[，。,；;]")
_FEED_FOOTER = re.compile(r"获取更多RSS|獲取更多RSS")

# Where any searched role pattern can match (each of their alternatives starts with one of
# these literals), and where any anchored one can: a paragraph neither finds is body text.
_MARKS = re.compile(
    "|".join(p.pattern for p in (_DISCLAIMER, _FOOTER, _CAPTION, _BYLINE_ANYWHERE)) + "|转载自|轉載自"
)
_LEADS = re.compile("|".join(f"(?:{p.pattern})" for p in (_LINKS_LEAD, DATE_LINE, _BYLINE)))

_HEADING_OVERRIDES = frozenset({Role.BYLINE, Role.DISCLAIMER, Role.DATELINE, Role.LINKS, Role.FOOTER})


def role_from_text(text: str, role: Role) -> Role:
    """Refine a ``BODY`` block's role from what its text says (credits, disclaimers, …).

    A bold-only line first taken for a subheading is re-read too: ``**撰稿：某某**`` is a byline.
    """
    if role is Role.HEADING:
        refined = role_from_text(text, Role.BODY)
        return refined if refined in _HEADING_OVERRIDES else role
    if role is not Role.BODY:
        return role
    plain = bare(text)
    if not plain:
        return role
    # The length tests come first: they are cheaper than any search. ``plain`` is stripped,
    # so the ``^…$`` lines of the patterns are whole-string tests. Most paragraphs match
    # nothing: one search for what every searched pattern starts with, and one match for
    # every anchored one, rule them out before any pattern is tried on its own.
    length = len(plain)
    short = length <= 120
    marked = length <= 300 and _MARKS.search(plain) is not None
    if length <= 300 and (plain.startswith(_DISCLAIMER_START) or (marked and _DISCLAIMER.search(plain))):
        return Role.DISCLAIMER
    if short and (plain in _FOOTER_LINES or (marked and _FOOTER.search(plain))):
        return Role.FOOTER
    if _LEADS.match(plain):
        if _LINKS_LEAD.match(plain):
            return Role.LINKS
        if DATE_LINE.match(plain):
            return Role.DATELINE
        if short and _BYLINE.match(plain):
            return Role.BYLINE
    if (
        marked
        and length <= 80
        and (
            _REPOST_LINE.search(plain) or (not _CLAUSE_PUNCT.search(plain) and _BYLINE_ANYWHERE.search(plain))
        )
    ):
        return Role.BYLINE
    if plain[0] in "（(" and _AGENCY_CREDIT.match(plain):
        return Role.BYLINE
    if short and (plain.startswith(_CAPTION_STARTS) or (marked and _CAPTION.search(plain))):
        return Role.CAPTION
    return role



def finish_blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """Apply the text patterns; everything after a feed footer or disclaimer that is only links
    is site furniture too."""
    out: list[Block] = []
    furniture = False
    for block in blocks:
        role = role_from_text(block.text, block.role)
        if role is Role.DISCLAIMER or ("RSS" in block.text and _FEED_FOOTER.search(block.text)):
            furniture = True
        elif (
            furniture
            and block.role is Role.BODY
            and (anchor_share(block.text, block.links) >= 0.8 or not bare(block.text).strip("-—_· "))
        ):
            role = Role.FOOTER
        out.append(replace(block, role=role) if role is not block.role else block)
    return tuple(out)



def repost_url(blocks: Iterable[Block]) -> str:
    """The original URL a GNews repost line (`` `author` [轉載自GNews](url) ``) points at."""
    for block in blocks:
        if block.role is Role.BYLINE and ("轉載自" in block.text or "转载自" in block.text) and block.links:
            return block.links[0][0]
    return ""
