"""Document readers: Word (``.docx``) and PDF files with a text layer → ``RawArticle``.

    kind = document_kind(data)          # "docx", "pdf", "doc" or None, from the bytes
    if kind is not None:
        articles = read_document(data, path)

Formats are recognised from the bytes, never from the file name: ``%PDF-`` starts a PDF,
a ZIP holding ``word/document.xml`` is a Word file, the OLE2 signature is the old ``.doc``
format (refused with the advice to save it as ``.docx``).

* Word: paragraphs in document order with their styles: ``Title`` is the title,
  ``Heading 1``–``9`` (and ``Subtitle``) are headings, ``Caption`` a caption, everything
  else body text; each table row is one paragraph, its cells joined by `` | ``. The file's
  own properties (author, dates) are the last editor's, not the article's, and are not used.
* PDF: the text of each page, its wrapped lines joined back into paragraphs (a paragraph
  ends at a blank or short line, or before an indented one), page numbers and running
  heads repeated on most pages marked as footer. The title is the document's
  ``/Title`` unless it is a file name, else a first line that reads like a heading. A PDF
  whose pages hold no text (a scan) is refused: ``scanned PDF: no text layer``.

python-docx and pypdf are optional (the ``documents`` extra); without them the file is
refused with a one-line reason naming the extra. Every failure is an ``InputError``.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable

from framing.errors import InputError
from framing.ingest.readers.blocks import Block, RawArticle, bare, looks_like_heading, squash
from framing.ingest.readers.dates import parse_date
from framing.ingest.readers.roles import finish_blocks
from framing.ingest.readers.vocabulary import RoleVocabulary, default_vocabulary
from framing.model import Role

DOCUMENTS_EXTRA = "pip install 'framing[documents]'"
SCANNED_PDF = "scanned PDF: no text layer"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def document_kind(data: bytes) -> str | None:
    """``"pdf"``, ``"docx"`` or ``"doc"`` (the old Word format) from the bytes; ``None`` for
    anything else, which the text readers then try."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(_OLE2):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else None
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
    return None


def read_document(data: bytes, path: str, words: RoleVocabulary | None = None) -> list[RawArticle]:
    """The article in a Word or PDF file. Raises ``InputError`` with a one-line reason.

    ``words``: the paragraph-role vocabulary (default: the built-in lexicons').
    """
    kind = document_kind(data)
    if kind == "pdf":
        return read_pdf(data, path, words)
    if kind == "docx":
        return read_docx(data, path, words)
    if kind == "doc":
        raise InputError(path, "old Word format (.doc): save it as .docx (Word: Save As) to read it")
    raise InputError(path, "not a Word (.docx) or PDF file")


def _first_date(blocks: Iterable[Block]):
    for block in blocks:
        if block.role is Role.DATELINE:
            found = parse_date(bare(block.text).strip("（）() "))
            if found is not None:
                return found
    return None


def _article(fmt: str, title: str, blocks: Iterable[Block], words: RoleVocabulary | None) -> RawArticle:
    """A ``RawArticle`` of ``blocks`` (roles refined from their text by ``words``) under ``title``."""
    finished = finish_blocks((b for b in blocks if b.text), words or default_vocabulary())
    head = (Block(Role.TITLE, title),) if title else ()
    return RawArticle(format=fmt, title=title, blocks=head + finished, date=_first_date(finished))


# ── Word ──────────────────────────────────────────────────────────────────────

_HEADING_STYLE = re.compile(r"(heading|标题|標題)\s*\d|subtitle|副标题|副標題", re.I)
_CAPTION_STYLE = re.compile(r"caption|题注|題注", re.I)


def read_docx(data: bytes, path: str, words: RoleVocabulary | None = None) -> list[RawArticle]:
    """The article in a ``.docx`` file: its paragraphs and table rows with their roles."""
    try:
        import docx
    except ImportError:
        raise InputError(path, f"Word files need python-docx: {DOCUMENTS_EXTRA}") from None
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_docx_blocks(document))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise InputError(path, f"damaged Word file: {_one_line(exc)}") from None
    title = next((b.text for b in blocks if b.role is Role.TITLE), "")
    if not title and blocks and blocks[0].role is Role.HEADING:
        title = blocks[0].text  # a document that starts with its headline as Heading 1
    body = [b for b in blocks if b.role is not Role.TITLE and b.text != title]
    return [_article("docx", title, body, words)]


def _docx_blocks(document) -> Iterable[Block]:
    """Each paragraph and table row of the body, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            yield Block(_docx_role(paragraph), squash(paragraph.text))
        elif tag == "tbl":
            for row in Table(element, document).rows:
                cells = dict.fromkeys(squash(cell.text) for cell in row.cells)  # merged cells repeat
                yield Block(Role.BODY, " | ".join(c for c in cells if c))


def _docx_role(paragraph) -> Role:
    style = paragraph.style.name if paragraph.style is not None else ""
    if style.casefold() == "title":
        return Role.TITLE
    if _HEADING_STYLE.search(style):
        return Role.HEADING
    if _CAPTION_STYLE.search(style):
        return Role.CAPTION
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and looks_like_heading(paragraph.text):
        return Role.HEADING  # a bold line standing alone, as Word users write subheadings
    return Role.BODY


def _one_line(exc: BaseException) -> str:
    return squash(str(exc))[:160] or type(exc).__name__


# ── PDF ───────────────────────────────────────────────────────────────────────


def read_pdf(data: bytes, path: str, words: RoleVocabulary | None = None) -> list[RawArticle]:
    """The article in a PDF with a text layer: lines joined into paragraphs, page furniture
    marked. Raises ``InputError`` (``scanned PDF: no text layer``, ``encrypted PDF …``,
    ``damaged PDF: …``)."""
    try:
        import pypdf
    except ImportError:
        raise InputError(path, f"PDF files need pypdf: {DOCUMENTS_EXTRA}") from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(path, "encrypted PDF: it needs a password")
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata_title = _pdf_title(reader)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds for a damaged file
        raise InputError(path, f"damaged PDF: {_one_line(exc)}") from None
    if not any(text.strip() for text in pages):
        raise InputError(path, SCANNED_PDF)
    blocks = pdf_blocks(pages)
    title = metadata_title
    first = next((b for b in blocks if b.role in (Role.BODY, Role.HEADING)), None)
    if first is not None and (first.text == title or (not title and looks_like_heading(first.text))):
        title = first.text
        blocks.remove(first)
    return [_article("pdf", title, blocks, words)]


_FILE_TITLE = re.compile(
    r"\.(docx?|pdf|txt|rtf|odt|wps|pages)\s*$|^microsoft (word|powerpoint) - |^untitled", re.I
)


def _pdf_title(reader) -> str:
    """The document's ``/Title``, unless it is only a file name the authoring program put there."""
    metadata = reader.metadata
    title = squash(str(metadata.title or "")) if metadata is not None else ""
    return "" if _FILE_TITLE.search(title) else title


_PAGE_NUMBER = re.compile(
    r"[-–—\s]*\d{1,4}[-–—\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*[/／]\s*\d{1,4}|page\s+\d{1,4}(?:\s+of\s+\d{1,4})?",
    re.I,
)
_INDENT = re.compile(r"^(?:\u3000|\s{2,})")
_SHORT_LINE = 0.85  # a line under this share of the page's full line width may end a paragraph


def pdf_blocks(pages: list[str]) -> list[Block]:
    """Blocks from the text of each page: wrapped lines rejoined into paragraphs, also across
    a page break; page numbers and running heads or feet (the same line at the top or bottom
    of most pages) become ``FOOTER`` blocks, placed after a paragraph they interrupted.

    A paragraph ends at a blank line, at a line shorter than ``_SHORT_LINE`` of a full line
    (its last line, or a heading standing alone), and before an indented line. A line alone
    that reads like a heading (short, no sentence end) is a ``HEADING``.
    """
    furniture = _running_lines(pages)
    full = _full_width([line.strip() for page in pages for line in page.splitlines() if line.strip()])
    paragraph = _Paragraph()
    for line in (line.rstrip() for page in pages for line in page.splitlines()):
        text = line.strip()
        if not text:
            paragraph.end()
        elif _PAGE_NUMBER.fullmatch(text) or text in furniture:
            paragraph.furniture.append(Block(Role.FOOTER, text))
        else:
            if _INDENT.match(line):
                paragraph.end()
            paragraph.lines.append(text)
            if _width(text) < full * _SHORT_LINE:
                paragraph.end()
    paragraph.end()
    return paragraph.blocks


class _Paragraph:
    """The lines of the paragraph being read, the furniture met inside it, the blocks done."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.furniture: list[Block] = []
        self.blocks: list[Block] = []

    def end(self) -> None:
        if self.lines:
            alone = len(self.lines) == 1 and looks_like_heading(self.lines[0])
            self.blocks.append(Block(Role.HEADING if alone else Role.BODY, _join_lines(self.lines)))
            self.lines = []
        self.blocks.extend(self.furniture)
        self.furniture = []


def _join_lines(lines: list[str]) -> str:
    """Wrapped lines as one paragraph: no space between Chinese characters, one between words."""
    text = lines[0]
    for line in lines[1:]:
        if text[-1:].isascii() and line[:1].isascii() and text[-1:].isalnum() and line[:1].isalnum():
            text += " " + line
        else:
            text += line
    return squash(text)


def _width(text: str) -> int:
    """Display width: two columns for a wide (CJK) character, one for others."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _full_width(lines: list[str]) -> float:
    """The width of a full line on this page: the 90th percentile of its line widths."""
    if not lines:
        return 0.0
    widths = sorted(_width(line.strip()) for line in lines)
    return float(widths[min(len(widths) - 1, int(len(widths) * 0.9))])


def _running_lines(pages: list[str]) -> frozenset[str]:
    """Lines at the top or bottom of at least half the pages (two or more): running heads
    and feet such as the outlet's name or a URL, repeated by the layout, not the article."""
    if len(pages) < 2:
        return frozenset()
    edges: Counter[str] = Counter()
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        edges.update({*lines[:1], *lines[-1:]})
    return frozenset(line for line, count in edges.items() if count >= 2 and count * 2 >= len(pages))
