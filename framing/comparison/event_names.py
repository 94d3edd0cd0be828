"""Name an event as a reader would: its dates and the headline that sums it up best.

The headline is the one whose words are most the event's own (its distinctive terms,
weighted), so the name says what the event is ("习近平同俄罗斯总统会谈"),
not which words it happened to use most ("当地 / 时间").
A headline a column repeats on other days ("国内联播快讯") names no event and is passed
over; tags in brackets before a headline ("【时事纵横】", "[Chinese]") are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

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


def representative_headline(
    headlines: Sequence[str],
    members: Sequence[int],
    words: Sequence[Sequence[str]],
    weight: Mapping[str, float],
    repeated: Counter | None = None,
) -> str:
    """The cleaned headline that best says what sets the event apart.

    ``headlines`` and ``words`` hold every article's headline and its title words. Each
    member's headline scores the summed ``weight`` (the event's distinctive-term
    scores, see ``term_scores``) of its distinct title ``words``, over the square root of
    their number, so a short headline made of the event's own words wins over a long one
    or one made of words every event uses. Headlines that ``repeated`` counts more than
    once (a column's or programme's title) are passed over while another is left; ties go
    to the earlier article.
    """
    titles = {m: headlines[m] for m in members}
    titled = [m for m in members if clean_headline(titles[m])]
    if not titled:
        return ""
    if repeated:
        titled = [m for m in titled if repeated[titles[m]] <= 1] or titled

    def score(index: int) -> float:
        distinct = set(words[index])
        return sum(weight.get(w, 0.0) for w in distinct) / len(distinct) ** 0.5 if distinct else 0.0

    best = max(titled, key=lambda m: (score(m), -m))
    return clean_headline(titles[best])


def term_scores(matrix, members: Sequence[int], document_frequency=None):
    """Per vocabulary column: ((share of the event's articles using the term) − (share of
    the other articles using it)) × summed TF-IDF inside the event, and the share inside.

    The contrast makes words every article uses (中国, 俄罗斯) score near zero; the TF-IDF
    weight keeps function words low.
    """
    import numpy as np

    members = list(members)
    if document_frequency is None:
        document_frequency = np.asarray((matrix > 0).sum(axis=0)).ravel()
    rows = matrix[members]
    inside = np.asarray((rows > 0).sum(axis=0)).ravel()
    others = matrix.shape[0] - len(members)
    share_in = inside / len(members)
    share_out = (document_frequency - inside) / others if others else np.zeros(len(inside))
    weight = np.asarray(rows.sum(axis=0)).ravel()
    return (share_in - share_out) * weight, share_in, weight


def event_name(dates: str, headline: str, terms: Sequence[str], label: str = "") -> str:
    """``<dates> · <headline>`` (the terms when there is no headline); a user's label leads."""
    what = headline or " / ".join(terms)
    name = f"{dates} · {what}" if what else dates
    return f"{label} ({name})" if label else name


def distinctive_terms(vocabulary: Sequence[str], scores, n_terms: int) -> tuple[str, ...]:
    """The ``n_terms`` best terms of ``term_scores``' result that appear in at least half of
    the event's articles (so one article's pet word does not name the whole event)."""
    import numpy as np

    score, share_in, weight = scores
    keep = [k for k in np.flatnonzero((share_in >= 0.5) & (score > 0))]
    keep.sort(key=lambda k: (-score[k], -weight[k], vocabulary[k]))
    return tuple(vocabulary[k] for k in keep[:n_terms])
