"""Pieces of article text and the small helpers the article view and the article card share.

Piece       a stretch of text: plain, a loaded term (with its lexicon note) or an evidence cue
TermNote    what the lexicon says of a loaded term; ``term_notes(lexicons)`` reads them all
day, safe_url, anchor, uncertain: how a date, a link, an article's HTML id and an unsure label show
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from framing.analysis.claim_model import UNCERTAIN_BELOW
from framing.lexicon import Lexicons
from framing.model import Sentence, TermHit

UNDATED = "undated"  # the date shown, and sorted, for an article without one
# The lexicon's notes end with where the entry came from; a reader of the report needs only the why.
PROVENANCE = "; written for framing"


@dataclass(frozen=True)
class Piece:
    """A stretch of text: ``mark`` is "" (plain), "term" (a loaded term) or "cue" (evidence).

    For a term, ``kind`` is its category, ``detail`` the lexicon entry and ``stance``/``note``
    what the lexicon says of it; for a cue, ``kind`` is the evidence kind and ``detail`` its text
    and detail.
    """

    text: str
    mark: str = ""
    kind: str = ""
    detail: str = ""
    stance: str = ""  # a term's stance in the lexicon ("" when none applies)
    note: str = ""  # a term's note in the lexicon: why it is loaded


@dataclass(frozen=True)
class TermNote:
    """What the lexicon says about a loaded term: why it is loaded and whose vocabulary it is."""

    category: str
    stance: str
    note: str


def term_notes(lexicons: Lexicons) -> dict[str, TermNote]:
    """Each loaded term of ``lexicons`` (simplified, as ``TermHit.term``) with its category, stance, note."""
    rows = lexicons["loaded_terms"]
    return {
        row["term"]: TermNote(row["category"], row["stance"], row["note"].removesuffix(PROVENANCE))
        for row in rows
    }


def term_piece(text: str, hit: TermHit, notes: Mapping[str, TermNote]) -> Piece:
    """The piece of a loaded term written ``text`` in the article, with its stance and note."""
    note = notes.get(hit.term)
    stance = hit.stance or (note.stance if note else "")
    return Piece(text, "term", hit.category, hit.term, stance, note.note if note else "")


def term_pieces(sentence: Sentence, hits, notes: Mapping[str, TermNote] | None = None) -> tuple[Piece, ...]:
    """The sentence's text cut at the loaded terms inside it (``hits`` sorted by start)."""
    notes = notes or {}
    pieces, at = [], sentence.start
    for hit in hits:
        if sentence.start <= hit.start and hit.end <= sentence.end and hit.start >= at:
            pieces.append(Piece(sentence.text[at - sentence.start : hit.start - sentence.start]))
            text = sentence.text[hit.start - sentence.start : hit.end - sentence.start]
            pieces.append(term_piece(text, hit, notes))
            at = hit.end
    pieces.append(Piece(sentence.text[at - sentence.start :]))
    return tuple(p for p in pieces if p.text)


def day(value) -> str:
    """The date as YYYY-MM-DD, ``UNDATED`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNDATED
    try:
        return value.date().isoformat()
    except AttributeError:
        return str(value)


def safe_url(url: str) -> str:
    """The URL when it is plain http(s), else empty: nothing else is ever rendered as a link."""
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s\"'<>]+$", url, re.IGNORECASE) else ""


def anchor(article_id: str) -> str:
    """The HTML id of an article's annotation."""
    return "a-" + re.sub(r"[^0-9A-Za-z_-]", "", article_id)


def uncertain(sentence: Sentence) -> bool:
    """A body label the model gave with a probability under ``UNCERTAIN_BELOW``."""
    return sentence.confidence is not None and sentence.confidence < UNCERTAIN_BELOW
