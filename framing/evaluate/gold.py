"""Labelled sets as plain records, and the matching of labelled sentences to predicted ones.

A labelled set is a JSON list of articles (``../shared/eval/ANNOTATION.md``):
``{"file", "outlet"?, "sentences": [{"text", "label"}], "sources": [{"name", "kind"}]}``.
Sentences are matched as ``../shared/eval/score.py`` matches them: by their text in
simplified script without spacing, markup or punctuation; an exact match first,
otherwise the predicted sentence that contains the labelled one or is contained in it,
with the largest overlap.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from framing.errors import InputError
from framing.ingest import to_simplified

LABELS = ("A", "E", "F", "H", "X")
_DROP = re.compile(r"[\s\*`#>_\[\]（）()“”‘’\"'「」『』《》〈〉，,。．.！!？?：:；;、—\-…·•・|｜]+")


@dataclass(frozen=True)
class GoldSentence:
    text: str
    label: str  # A, E, F, H, X, or "-" (not scored)


@dataclass(frozen=True)
class GoldSource:
    name: str
    kind: str


@dataclass(frozen=True)
class GoldArticle:
    file: str  # the file name predictions are matched by
    outlet: str
    sentences: tuple[GoldSentence, ...]
    sources: tuple[GoldSource, ...]


def load_gold(path: Path | str) -> list[GoldArticle]:
    """Read a labelled set; raise ``InputError`` naming the file when it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read the labelled set: {exc}") from exc
    if not isinstance(data, list):
        raise InputError(str(path), "a labelled set is a JSON list of articles")
    articles = []
    for n, item in enumerate(data):
        try:
            articles.append(
                GoldArticle(
                    file=str(item["file"]),
                    outlet=str(item.get("outlet") or ""),
                    sentences=tuple(GoldSentence(str(s["text"]), str(s["label"])) for s in item["sentences"]),
                    sources=tuple(
                        GoldSource(str(s["name"]), str(s["kind"])) for s in item.get("sources", ())
                    ),
                )
            )
        except (KeyError, TypeError) as exc:
            raise InputError(str(path), f"article {n} lacks {exc}") from exc
    return articles


@lru_cache(maxsize=100_000)
def match_key(text: str) -> str:
    """Text key for matching: simplified script, no spacing, markup or punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", to_simplified(text))).lower()


def align(gold: Sequence[GoldSentence], predicted: Sequence[str]) -> list[int | None]:
    """For each labelled sentence, the index of the predicted sentence it matches, or ``None``."""
    keys = [match_key(t) for t in predicted]
    exact: dict[str, int] = {}
    for i, k in enumerate(keys):
        exact.setdefault(k, i)
    out: list[int | None] = []
    for g in gold:
        gk = match_key(g.text)
        if not gk:
            out.append(None)
            continue
        if gk in exact:
            out.append(exact[gk])
            continue
        best, best_len = None, 0
        for i, k in enumerate(keys):
            if k and (gk in k or k in gk):
                overlap = min(len(k), len(gk))
                if overlap > best_len:
                    best, best_len = i, overlap
        out.append(best)
    return out
