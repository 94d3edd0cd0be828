"""Word and PDF files become articles: headings kept, wrapped PDF lines rejoined, a scanned
PDF refused with its reason. Every file here is made by the test itself."""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime

import pytest

from framing.errors import InputError
from framing.ingest.documents import (
    SCANNED_PDF,
    document_kind,
    pdf_blocks,
    read_document,
    read_docx,
    read_pdf,
)
from framing.model import Role

docx = pytest.importorskip("docx")
pypdf = pytest.importorskip("pypdf")

# Made-up news text, each line of a paragraph 30 characters wide as a PDF would wrap it.
PARAGRAPH_ONE = [
    "据海关部门周四公布的数据，今年前四个月，黑龙江省对俄边境口",
    "岸的货运量同比增长百分之十二，达到了有记录以来的最高水平，",
    "其中粮食和木材的进口增长最快。",
]
PARAGRAPH_TWO = [
    "一位不愿具名的物流企业负责人说，冬季结冰期结束后界河航运恢",
    "复，带动了进口，但口岸的查验能力仍然跟不上货物增长的速度。",
]


# ── files made here ───────────────────────────────────────────────────────────


def make_docx(paragraphs: list[tuple[str, str]], table: list[list[str]] = ()) -> bytes:
    """A .docx of (style, text) paragraphs; style "bold" is a Normal paragraph in bold."""
    document = docx.Document()
    for style, text in paragraphs:
        if style == "bold":
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_paragraph(text, style=style)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    document.core_properties.author = "某位编辑"  # the last editor, not the journalist
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(pages: list[list[str]], title: str = "", image: bool = False) -> bytes:
    """A minimal PDF written by hand: one line of text per ``Tj`` in a CID font whose
    ToUnicode map gives each two-byte code its Unicode character (no font file is needed
    to extract text); ``image`` puts a picture on each page, as a scan has."""
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        return f"<< /Length {len(data)}{extra} >>\nstream\n".encode() + data + b"\nendstream"

    highs = sorted({ord(c) >> 8 for page in pages for line in page for c in line})
    ranges = [f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in highs]
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{len(ranges)} beginbfrange\n" + "\n".join(ranges) + "\nendbfrange\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )
    to_unicode = add(stream(cmap.encode("ascii")))
    cid_font = add(
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>"
    )
    font = add(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
    )
    picture = "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8"
    resources = f"/Font << /F1 {font} 0 R >>"
    if image:
        grey_pixel = add(stream(b"\x80", " " + picture))
        resources += f" /XObject << /Im1 {grey_pixel} 0 R >>"
    contents = []
    for lines in pages:
        ops = ["q 400 0 0 600 100 100 cm /Im1 Do Q"] if image else []
        if lines:
            ops.append("BT /F1 12 Tf 14 TL 72 760 Td")
            ops += [f"<{line.encode('utf-16-be').hex().upper()}> Tj T*" for line in lines]
            ops.append("ET")
        contents.append(add(stream("\n".join(ops).encode("ascii"))))
    parent = len(objects) + len(pages) + 1
    kids = [
        add(
            f"<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 595 842] "
            f"/Resources << {resources} >> /Contents {content} 0 R >>"
        )
        for content in contents
    ]
    add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>")
    catalog = add(f"<< /Type /Catalog /Pages {parent} 0 R >>")
    trailer = f"/Size {len(objects) + 1} /Root {catalog} 0 R"
    if title:
        info = add(f"<< /Title <FEFF{title.encode('utf-16-be').hex()}> >>")
        trailer += f" /Info {info} 0 R"
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def blocks_of(article) -> list[tuple[str, str]]:
    return [(b.role.value, b.text) for b in article.blocks]


# ── recognising the bytes ─────────────────────────────────────────────────────


def zipped(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4\n...", "pdf"),
        (b"\r\n%PDF-1.7\n", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "doc"),
        (zipped(["[Content_Types].xml", "word/document.xml"]), "docx"),
        (zipped(["[Content_Types].xml", "xl/workbook.xml"]), None),  # a spreadsheet
        (b"PK\x03\x04 not really a zip", None),
        ("# 标题\n\n正文。".encode(), None),
        (b"", None),
    ],
)
def test_document_kind(data, kind):
    assert document_kind(data) == kind


# ── Word ──────────────────────────────────────────────────────────────────────


def test_docx_keeps_title_headings_and_paragraphs():
    data = make_docx(
        [
            ("Title", "中俄边境口岸货运量创新高"),
            ("Normal", "记者：王小明"),
            ("Normal", "2024年5月16日"),
            ("Normal", "".join(PARAGRAPH_ONE)),
            ("Heading 1", "物流企业扩大投资"),
            ("bold", "加粗的小标题"),
            ("Normal", "".join(PARAGRAPH_TWO)),
            ("Normal", ""),
            ("Caption", "图为黑河口岸"),
        ],
        table=[["口岸", "货运量"], ["黑河", "增长"]],
    )
    (article,) = read_docx(data, "a.docx")
    assert article.format == "docx"
    assert article.title == "中俄边境口岸货运量创新高"
    assert blocks_of(article) == [
        ("title", "中俄边境口岸货运量创新高"),
        ("byline", "记者：王小明"),
        ("dateline", "2024年5月16日"),
        ("body", "".join(PARAGRAPH_ONE)),
        ("heading", "物流企业扩大投资"),
        ("heading", "加粗的小标题"),
        ("body", "".join(PARAGRAPH_TWO)),
        ("caption", "图为黑河口岸"),
        ("body", "口岸 | 货运量"),
        ("body", "黑河 | 增长"),
    ]
    assert article.date == datetime(2024, 5, 16)
    assert article.author == ""  # the file's author property is the last editor's


def test_docx_headline_as_first_heading_is_the_title():
    data = make_docx([("Heading 1", "口岸通关时间延长"), ("Normal", "".join(PARAGRAPH_TWO))])
    (article,) = read_document(data, "b.docx")
    assert article.title == "口岸通关时间延长"
    assert blocks_of(article) == [("title", "口岸通关时间延长"), ("body", "".join(PARAGRAPH_TWO))]


def test_damaged_docx_is_one_line():
    data = zipped(["[Content_Types].xml", "word/document.xml"])
    with pytest.raises(InputError, match=r"^c\.docx: damaged Word file: ") as raised:
        read_document(data, "c.docx")
    assert "\n" not in str(raised.value)


def test_old_word_format_says_what_to_do():
    with pytest.raises(InputError, match=r"old Word format \(\.doc\): save it as \.docx"):
        read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "d.doc")


# ── PDF ───────────────────────────────────────────────────────────────────────


def test_pdf_lines_are_rejoined_into_paragraphs_across_pages():
    pages = [
        ["中俄边境口岸货运量创新高", *PARAGRAPH_ONE, "物流企业扩大投资", PARAGRAPH_TWO[0], "1"],
        [PARAGRAPH_TWO[1], "2"],
    ]
    (article,) = read_pdf(make_pdf(pages), "e.pdf")
    assert article.format == "pdf"
    assert article.title == "中俄边境口岸货运量创新高"
    assert blocks_of(article) == [
        ("title", "中俄边境口岸货运量创新高"),
        ("body", "".join(PARAGRAPH_ONE)),
        ("heading", "物流企业扩大投资"),  # a short line alone
        ("body", "".join(PARAGRAPH_TWO)),  # across the page break, the page numbers after it
        ("footer", "1"),
        ("footer", "2"),
    ]


def test_pdf_title_from_metadata_unless_it_is_a_file_name():
    pages = [["口岸通关时间延长", *PARAGRAPH_ONE]]
    (named,) = read_pdf(make_pdf(pages, title="口岸通关时间延长"), "f.pdf")
    assert named.title == "口岸通关时间延长"
    assert [role for role, _ in blocks_of(named)].count("title") == 1
    (file_named,) = read_pdf(make_pdf(pages, title="Microsoft Word - 稿件.docx"), "f.pdf")
    assert file_named.title == "口岸通关时间延长"
    (other,) = read_pdf(make_pdf([PARAGRAPH_ONE], title="另一个标题"), "f.pdf")
    assert other.title == "另一个标题" and blocks_of(other)[1] == ("body", "".join(PARAGRAPH_ONE))


def test_running_heads_are_footers():
    pages = [["示例日报", *PARAGRAPH_ONE], ["示例日报", *PARAGRAPH_TWO], ["示例日报", PARAGRAPH_ONE[0]]]
    blocks = pdf_blocks([("\n".join(page)) for page in pages])
    assert [b.text for b in blocks if b.role is Role.FOOTER] == ["示例日报"] * 3


def test_wrapped_latin_words_keep_their_space():
    blocks = pdf_blocks(["The talks in Harbin covered customs, payments and\nrail links between the two.\n"])
    assert [b.text for b in blocks] == [
        "The talks in Harbin covered customs, payments and rail links between the two."
    ]


def test_scanned_pdf_is_refused_with_the_reason():
    with pytest.raises(InputError) as raised:
        read_document(make_pdf([[], []], image=True), "scan.pdf")
    assert raised.value.reason == SCANNED_PDF == "scanned PDF: no text layer"
    assert str(raised.value) == "scan.pdf: scanned PDF: no text layer"


@pytest.mark.parametrize("data", [b"%PDF-1.4\nthis is not a PDF at all", make_pdf([PARAGRAPH_ONE])[:200]])
def test_damaged_pdf_is_one_line(data):
    with pytest.raises(InputError, match=r"^g\.pdf: (damaged PDF: |scanned PDF)") as raised:
        read_document(data, "g.pdf")
    assert "\n" not in str(raised.value)


def encrypted(user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf([PARAGRAPH_ONE]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_encrypted_pdf_needs_a_password():
    with pytest.raises(InputError, match="^h.pdf: encrypted PDF: it needs a password$"):
        read_document(encrypted("secret"), "h.pdf")


def test_pdf_locked_only_against_editing_is_read():
    (article,) = read_document(encrypted(""), "i.pdf")
    assert blocks_of(article) == [("body", "".join(PARAGRAPH_ONE))]


@pytest.mark.parametrize(("module", "data"), [("pypdf", make_pdf([PARAGRAPH_ONE])), ("docx", make_docx([]))])
def test_missing_extra_names_it(monkeypatch, module, data):
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(InputError, match=r"pip install 'framing\[documents\]'$"):
        read_document(data, "x")
