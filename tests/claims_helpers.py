"""Build small Articles by hand for the sentence, claim and source tests (text written for the tests)."""

from __future__ import annotations

from framing.model import Article, Paragraph, Role


def make_article(*blocks: tuple[Role, str], path: str = "hand.txt") -> Article:
    """An Article whose paragraphs are ``blocks`` (role, simplified text), joined by blank lines."""
    paragraphs, pieces, offset = [], [], 0
    for role, text in blocks:
        if pieces:
            offset += 2
        paragraphs.append(Paragraph(role, text, offset, offset + len(text)))
        pieces.append(text)
        offset += len(text)
    text = "\n\n".join(pieces)
    title = next((t for r, t in blocks if r is Role.TITLE), "")
    return Article(
        id="0" * 16, path=path, title=title, text=text, normalized=text, paragraphs=tuple(paragraphs)
    )


def body(*texts: str) -> Article:
    return make_article(*((Role.BODY, t) for t in texts))
