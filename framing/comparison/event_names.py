"""Name an event as a reader would: its dates and its most central headline, with its distinctive terms.

The headline is that of the article most like the event's other articles (the mean
cosine of their TF-IDF rows, title words included), so the name says what the event is
("习近平同俄罗斯总统会谈"), not which words it happened to use most ("当地 / 时间").
A headline a column repeats on other days ("国内联播快讯") names no event and is passed
over; tags in brackets before a headline ("【时事纵横】", "[Chinese]") are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from framing.comparison.event_similarity import headline as article_headline
from framing.model import ArticleAnalysis

HEADLINE_MAX_CHARS = 40
_TAG = re.compile(r"^\s*(?:【[^】]{0,20}】|\[[^\]]{0,20}\]|〖[^〗]{0,20}〗)\s*")
_SPACES = re.compile(r"\s+")


def clean_headline(title: str, limit: int = HEADLINE_MAX_CHARS) -> str:
    """One line, bracketed tags before it dropped, cut to ``limit`` characters with an ellipsis.

    Examples
    --------
    >>> clean_headline("【时事纵横】两国元首会晤")
    '两国元首会晤'
    """
    text = _SPACES.sub(" ", title).strip()
    while (tag := _TAG.match(text)) and tag.end() < len(text):
        text = text[tag.end() :]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def central_headline(
    analyses: Sequence[ArticleAnalysis], members: Sequence[int], matrix, repeated: Counter | None = None
) -> str:
    """The cleaned headline of the member whose words are most like the other members'.

    Centrality is the mean cosine of a member's TF-IDF row (``matrix``, L2-normalised rows)
    with the other members' rows. Headlines that ``repeated`` counts more than once (a
    column's or programme's title) are passed over while another is left; ties go to the
    earlier article.
    """
    titles = {m: article_headline(analyses[m].article) for m in members}
    titled = [m for m in members if clean_headline(titles[m])]
    if not titled:
        return ""
    if repeated:
        titled = [m for m in titled if repeated[titles[m]] <= 1] or titled
    centrality = _centrality(matrix, members)
    best = max(titled, key=lambda m: (centrality.get(m, 0.0), -m))
    return clean_headline(titles[best])


def _centrality(matrix, members: Sequence[int]) -> dict[int, float]:
    """Member → mean cosine of its row with the other members' rows."""
    if matrix is None or len(members) < 2:
        return {}
    import numpy as np

    rows = matrix[list(members)]
    total = np.asarray(rows.sum(axis=0)).ravel()
    own = np.asarray(rows.multiply(rows).sum(axis=1)).ravel()
    mean = (rows @ total - own) / (len(members) - 1)
    return dict(zip(members, map(float, mean), strict=True))


def event_name(dates: str, headline: str, terms: Sequence[str], label: str = "") -> str:
    """``<dates> · <headline>`` (the terms when there is no headline); a user's label leads."""
    what = headline or " / ".join(terms)
    name = f"{dates} · {what}" if what else dates
    return f"{label} ({name})" if label else name


def distinctive_terms(
    matrix, vocabulary: Sequence[str], members: Sequence[int], n_terms: int, document_frequency=None
) -> tuple[str, ...]:
    """Terms used by most of the event's articles and few others.

    Score: ((share of the event's articles using the term) − (share of the other articles
    using it)) × summed TF-IDF inside the event. A term must appear in at least
    half of the event's articles, so one article's pet word does not name the whole event,
    and words every article uses (中国, 俄罗斯) score near zero.
    """
    if matrix is None or not members:
        return ()
    import numpy as np

    members = list(members)
    if document_frequency is None:
        document_frequency = np.asarray((matrix > 0).sum(axis=0)).ravel()
    inside = np.asarray((matrix[members] > 0).sum(axis=0)).ravel()
    others = matrix.shape[0] - len(members)
    share_in = inside / len(members)
    share_out = (document_frequency - inside) / others if others else np.zeros(len(inside))
    weight = np.asarray(matrix[members].sum(axis=0)).ravel()
    score = (share_in - share_out) * weight  # contrast, weighted by TF-IDF (low for function words)
    keep = [k for k in np.flatnonzero((share_in >= 0.5) & (score > 0))]
    keep.sort(key=lambda k: (-score[k], -weight[k], vocabulary[k]))
    return tuple(vocabulary[k] for k in keep[:n_terms])
