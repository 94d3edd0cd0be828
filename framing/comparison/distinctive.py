"""Distinctive terms of groups of articles (outlets, events): log-odds with a Dirichlet prior, and TF-IDF.

Two measures side by side:

- TF-IDF (scikit-learn) of each group's concatenated tokens against the other groups;
- the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
  "Fightin' Words", §3.5.3), group against the rest of the corpus, with its z-score. The prior
  is the corpus's own word counts scaled by ``prior_scale`` (0.1: a tenth of the corpus's
  evidence), which shrinks words frequent everywhere towards zero: a word comes out as
  distinctive only when its rate in the group really differs from its rate elsewhere,
  relative to how much evidence there is.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from framing.comparison.vocabulary import is_content_token

Z_DISTINCTIVE = 1.96  # |z| above this: distinctive at the 5% level (two-sided)


def log_odds_dirichlet(counts: Mapping[str, Counter], *, prior_scale: float = 0.1):
    """Log-odds ratio with an informative Dirichlet prior, each group against all the others.

    Parameters
    ----------
    counts:
        Group name → term counts.
    prior_scale:
        The prior for term w is ``prior_scale`` × (w's count over the whole corpus).

    Returns
    -------
    DataFrame with columns group, term, count, log_odds, z; empty when there are fewer than
    two groups (there is nothing to contrast a lone group with).
    """
    import numpy as np
    import pandas as pd

    columns = ["group", "term", "count", "log_odds", "z"]
    groups = sorted(g for g, c in counts.items() if sum(c.values()) > 0)
    if len(groups) < 2:
        return pd.DataFrame(columns=columns)
    total = Counter()
    for group in groups:
        total.update(counts[group])
    vocabulary = sorted(total)
    corpus = np.array([total[w] for w in vocabulary], dtype=float)
    alpha = prior_scale * corpus
    alpha0 = alpha.sum()
    frames = []
    for group in groups:
        y_i = np.array([counts[group].get(w, 0) for w in vocabulary], dtype=float)
        y_j = corpus - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log(
            (y_j + alpha) / (n_j + alpha0 - y_j - alpha)
        )
        variance = 1 / (y_i + alpha) + 1 / (y_j + alpha)
        frames.append(
            pd.DataFrame(
                {
                    "group": group,
                    "term": vocabulary,
                    "count": y_i.astype(int),
                    "log_odds": delta,
                    "z": delta / np.sqrt(variance),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def tfidf_by_group(counts: Mapping[str, Counter]):
    """TF-IDF of each group's terms (one document per group, from its term counts): group,
    term, tfidf. As scikit-learn's TfidfVectorizer on the tokens (sublinear tf, the same
    vocabulary order, equal values up to rounding) without counting the tokens again."""
    import numpy as np
    import pandas as pd
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfTransformer

    groups = sorted(g for g, c in counts.items() if c)
    if not groups:
        return pd.DataFrame(columns=["group", "term", "tfidf"])
    terms = np.array(sorted(set().union(*(counts[g] for g in groups))), dtype=object)
    column = {term: k for k, term in enumerate(terms)}
    rows, columns, values = [], [], []
    for row, group in enumerate(groups):
        rows.extend([row] * len(counts[group]))
        columns.extend(column[t] for t in counts[group])
        values.extend(counts[group].values())
    matrix = csr_matrix((values, (rows, columns)), shape=(len(groups), len(terms)), dtype=np.int64)
    matrix.sort_indices()
    weighted = TfidfTransformer(sublinear_tf=True).fit_transform(matrix).tocoo()
    return pd.DataFrame(
        {"group": [groups[r] for r in weighted.row], "term": terms[weighted.col], "tfidf": weighted.data}
    )


def distinctive_terms(tokens: Mapping[str, Sequence[str]], *, prior_scale: float = 0.1):
    """Both measures for every group × term: group, term, count, log_odds, z, tfidf.

    Sorted by group, then z descending. Only content tokens (two or more characters, with a
    letter or a Chinese character) are counted.
    """
    counts = {g: Counter(toks) for g, toks in tokens.items()}
    # is_content_token once per distinct word, not once per token
    content = set(filter(is_content_token, set().union(*counts.values())))
    counts = {g: Counter({t: n for t, n in c.items() if t in content}) for g, c in counts.items()}
    odds = log_odds_dirichlet(counts, prior_scale=prior_scale)
    tfidf = tfidf_by_group(counts)
    if odds.empty:
        table = tfidf.assign(count=0, log_odds=math.nan, z=math.nan)
        table["count"] = [counts[g][t] for g, t in zip(table["group"], table["term"], strict=True)]
    else:
        table = odds.merge(tfidf, on=["group", "term"], how="left").fillna({"tfidf": 0.0})
    table = table[table["count"] > 0]
    table = table.sort_values(["group", "z", "tfidf", "term"], ascending=[True, False, False, True])
    return table[["group", "term", "count", "log_odds", "z", "tfidf"]].reset_index(drop=True)


_RANKED: dict[tuple[int, str], tuple[object, object, dict[str, tuple[int, int]]]] = {}


def _ranked(table, by: str):
    """The table sorted by group and then best first by ``by`` (``z``: only distinctive rows),
    with each group's row range.

    Computed once per table and ranking: the report asks for the top terms of every event
    and outlet. Remembered for the last few tables (held, so their ids stay theirs); the
    distinctive-term tables are never changed after ``compare`` builds them.
    """
    import numpy as np

    key = (id(table), by)
    hit = _RANKED.get(key)
    if hit is None or hit[0] is not table:
        if len(_RANKED) >= 16:
            _RANKED.clear()
        rows = table[table["z"] >= Z_DISTINCTIVE] if by == "z" else table
        rows = rows.sort_values(["group", by, "term"], ascending=[True, False, True])
        groups = rows["group"].to_numpy()
        ranges: dict[str, tuple[int, int]] = {}
        if len(groups):
            starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
            ends = np.r_[starts[1:], len(groups)]
            ranges = {groups[a]: (int(a), int(b)) for a, b in zip(starts, ends, strict=True)}
        hit = _RANKED[key] = (table, rows, ranges)
    return hit[1], hit[2]


def top_terms(table, group: str, n: int = 10, *, by: str = "z") -> list:
    """The ``n`` best rows of ``group`` by ``by`` (``z`` keeps only |z| ≥ 1.96 over-represented terms)."""
    rows, ranges = _ranked(table, by)
    start, stop = ranges.get(group, (0, 0))
    return rows.iloc[start : min(stop, start + n)].to_dict("records")
