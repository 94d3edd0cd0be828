"""Compare outlets and events: tables with article counts, bootstrap intervals and flags.

    AnalysisResult ──compare──▶ Comparison (pandas tables) ──charts / report

Every figure in a comparison table comes with

- ``n``: the number of articles it rests on;
- ``ci_low`` / ``ci_high``: a 95% percentile bootstrap interval of the mean over articles
  (resampling articles, ``n_boot`` resamples, fixed seed, so two runs give the same numbers);
- ``flag``: ``""`` when there are at least ``min_articles`` articles, otherwise a readable
  warning ("too few articles …"). Thin comparisons are shown with their flag, not hidden.

Distinctive terms use two measures side by side:

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from framing.analysis.features import LABEL_COUNTS
from framing.comparison.events import EventGrouping, group_events, is_content_token
from framing.model import ArticleAnalysis, ClaimLabel

META_COLUMNS = ("path", "outlet", "outlet_kind", "date", "title", "event")
CLAIM_LABELS = (ClaimLabel.ATTRIBUTED, ClaimLabel.EDITORIAL, ClaimLabel.FACTUAL)
UNGROUPED = "(ungrouped)"
Z_DISTINCTIVE = 1.96  # |z| above this: distinctive at the 5% level (two-sided)


@dataclass(frozen=True)
class Comparison:
    """The tables the charts and the report are drawn from (all pandas DataFrames)."""

    features: Any  # article × feature frame with an added ``event_group`` column
    feature_names: tuple[str, ...]
    by_outlet: Any  # long: outlet, feature, n, mean, ci_low, ci_high, flag
    by_event_outlet: Any  # long: event_group, outlet, feature, n, mean, ci_low, ci_high, flag
    term_density: Any  # long: outlet, category, n, mean, ci_low, ci_high, flag (per 1,000 tokens)
    claims: Any  # outlet, label, sentences, share (of A/E/F body sentences)
    source_kinds: Any  # outlet, kind, sources, share
    distinctive_outlet: Any  # long: group, term, count, log_odds, z, tfidf
    distinctive_event: Any
    distinctive_event_outlet: Any  # long: event_group, group (= outlet), term, count, log_odds, z, tfidf
    grouping: EventGrouping
    min_articles: int
    n_boot: int
    seed: int
    notes: tuple[str, ...] = field(default=())

    def outlet_by_feature(self, value: str = "mean"):
        """Wide table: a row per outlet, a column per feature (``value``: mean, n, ci_low, ci_high, flag)."""
        return self.by_outlet.pivot(index="outlet", columns="feature", values=value)[list(self.feature_names)]

    def event_outlet_by_feature(self, value: str = "mean"):
        """Wide table: one row per (event, outlet), one column per feature."""
        table = self.by_event_outlet.pivot(index=["event_group", "outlet"], columns="feature", values=value)
        return table[[f for f in self.feature_names if f in table.columns]]


def feature_frame(analyses: Sequence[ArticleAnalysis]):
    """Article id × (path, outlet, outlet_kind, date, title, event, features…), as ``analyze`` makes it."""
    import pandas as pd

    rows = []
    for analysis in analyses:
        article = analysis.article
        row = {
            "id": article.id,
            "path": article.path,
            "outlet": article.outlet,
            "outlet_kind": str(article.outlet_kind),
            "date": article.date,
            "title": article.title,
            "event": article.event,
        }
        row.update(analysis.features)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["id", *META_COLUMNS] if not rows else None)
    return frame.set_index("id")


def numeric_features(frame) -> tuple[str, ...]:
    """Feature columns: every numeric column that is not metadata, in frame order."""
    import pandas as pd

    skip = {*META_COLUMNS, "event_group", "story"}
    return tuple(c for c in frame.columns if c not in skip and pd.api.types.is_numeric_dtype(frame[c].dtype))


def bootstrap_means(matrix, *, n_boot: int = 2000, seed: int = 0, block: int = 250):
    """Bootstrap replicates of the column means of ``matrix`` (n rows × k columns, no NaN).

    Every column is resampled with the same row draws (a draw is a whole article), drawn
    as ``rng.integers(0, n, size=(n_boot, n))``. Each replicate's mean is its row counts
    times the matrix, divided by n: one matrix product per block of replicates instead of
    a gather per column. Returns an ``n_boot × k`` array.
    """
    import numpy as np

    data = np.asarray(matrix, dtype=float)
    if data.ndim == 1:
        data = data[:, None]
    n = data.shape[0]
    draws = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    means = np.empty((n_boot, data.shape[1]))
    for first in range(0, n_boot, block):
        rows = draws[first : first + block]
        flat = (np.arange(len(rows))[:, None] * n + rows).ravel()
        counts = np.bincount(flat, minlength=len(rows) * n).reshape(len(rows), n)
        means[first : first + len(rows)] = counts @ data / n
    return means


def _interval(means, level: float):
    import numpy as np

    tail = (1 - level) / 2
    return np.quantile(means, [tail, 1 - tail], axis=0)


def bootstrap_mean_ci(
    values: Iterable[float], *, n_boot: int = 2000, level: float = 0.95, seed: int = 0
) -> tuple[float, float, float]:
    """Mean and percentile bootstrap interval of the mean.

    Returns ``(mean, low, high)``; with one value the interval is undefined (NaN, NaN);
    with no values everything is NaN. Missing values (NaN) are left out.
    """
    import numpy as np

    data = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if data.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(data.mean())
    if data.size == 1:
        return mean, math.nan, math.nan
    low, high = _interval(bootstrap_means(data, n_boot=n_boot, seed=seed), level)[:, 0]
    return mean, float(low), float(high)


def flag_for(n: int, min_articles: int) -> str:
    """The warning shown beside a figure resting on ``n`` articles (empty when it is enough)."""
    if n == 0:
        return "no articles"
    if n == 1:
        return "one article only: no interval, not a pattern"
    if n < min_articles:
        return f"too few articles (n={n} < {min_articles}): indicative only"
    return ""


def _block_intervals(block, *, n_boot: int, seed: int, level: float = 0.95):
    """(n, mean, low, high) arrays over the columns of one group's ``rows × features`` block.

    Missing values are left out column by column; complete columns share one set of draws.
    """
    import numpy as np

    missing = np.isnan(block)
    counts = (~missing).sum(axis=0)
    means = np.full(block.shape[1], np.nan)
    lows = np.full(block.shape[1], np.nan)
    highs = np.full(block.shape[1], np.nan)
    present = counts > 0
    means[present] = np.nanmean(block[:, present], axis=0)
    complete = ~missing.any(axis=0)
    if block.shape[0] >= 2 and complete.any():
        lows[complete], highs[complete] = _interval(
            bootstrap_means(block[:, complete], n_boot=n_boot, seed=seed), level
        )
    for column in np.flatnonzero(~complete & (counts >= 2)):
        _mean, lows[column], highs[column] = bootstrap_mean_ci(
            block[:, column].tolist(), n_boot=n_boot, seed=seed
        )
    return counts, means, lows, highs


def summarize(
    frame, by: Sequence[str], features: Sequence[str], *, min_articles: int, n_boot: int, seed: int
):
    """Long table: one row per group × feature with n, mean, ci_low, ci_high, flag."""
    import numpy as np
    import pandas as pd

    columns = [*by, "feature", "n", "mean", "ci_low", "ci_high", "flag"]
    if not len(frame):
        return pd.DataFrame(columns=columns)
    # One numeric block for the whole frame and each group's rows found once: per-group pandas
    # operations dominated the cost when events × outlets run into the thousands.
    numeric = frame[list(features)].to_numpy(dtype=float)
    grouped = frame.groupby(list(by), sort=True, dropna=False)
    numbers = grouped.ngroup().to_numpy()
    order = np.argsort(numbers, kind="stable")
    bounds = np.searchsorted(numbers[order], np.arange(grouped.ngroups + 1))
    rows = []
    for number, keys in enumerate(grouped.size().index):
        keys = keys if isinstance(keys, tuple) else (keys,)
        block = numeric[order[bounds[number] : bounds[number + 1]]]
        counts, means, lows, highs = _block_intervals(block, n_boot=n_boot, seed=seed)
        named = dict(zip(by, keys, strict=True))
        for k, feature in enumerate(features):
            n = int(counts[k])
            rows.append(
                {
                    **named,
                    "feature": feature,
                    "n": n,
                    "mean": float(means[k]),
                    "ci_low": float(lows[k]),
                    "ci_high": float(highs[k]),
                    "flag": flag_for(n, min_articles),
                }
            )
    return pd.DataFrame(rows, columns=columns)


# ── distinctive terms ─────────────────────────────────────────────────────────


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


# ── composition tables ───────────────────────────────────────────────────────


def claim_composition(analyses: Sequence[ArticleAnalysis]):
    """Per outlet, sentences by claim type: outlet, label, sentences, share (of A+E+F)."""
    import pandas as pd

    rows = []
    for outlet, group in _by_outlet(analyses).items():
        counts = sum(map(_label_counts, group), Counter())
        body = sum(counts[label] for label in CLAIM_LABELS)
        for label in (*CLAIM_LABELS, ClaimLabel.HEADING, ClaimLabel.NOT_BODY):
            share = counts[label] / body if body and label in CLAIM_LABELS else math.nan
            rows.append({"outlet": outlet, "label": str(label), "sentences": counts[label], "share": share})
    return pd.DataFrame(rows, columns=["outlet", "label", "sentences", "share"])


def _label_counts(analysis: ArticleAnalysis) -> Counter:
    """Sentences by label, from the feature row (reading the sentences would unpack them all)."""
    features = analysis.features
    if all(name in features for name in LABEL_COUNTS.values()):
        return Counter({label: int(features[name]) for label, name in LABEL_COUNTS.items()})
    return Counter(s.label for s in analysis.sentences)


def source_kind_table(analyses: Sequence[ArticleAnalysis]):
    """Per outlet, distinct cited sources by kind: outlet, kind, sources, share."""
    import pandas as pd

    rows = []
    for outlet, group in _by_outlet(analyses).items():
        counts = Counter(str(s.kind) for a in group for s in a.sources)
        total = sum(counts.values())
        for kind in sorted(counts):
            rows.append(
                {"outlet": outlet, "kind": kind, "sources": counts[kind], "share": counts[kind] / total}
            )
    return pd.DataFrame(rows, columns=["outlet", "kind", "sources", "share"])


def category_density_columns(features: Sequence[str]) -> dict[str, str]:
    """Feature column → loaded-term category, for the ``loaded_<category>_density`` features."""
    return {
        f: f.removeprefix("loaded_").removesuffix("_density")
        for f in features
        if f.startswith("loaded_") and f.endswith("_density") and f != "loaded_term_density"
    }


def _by_outlet(analyses: Sequence[ArticleAnalysis]) -> dict[str, list[ArticleAnalysis]]:
    groups: dict[str, list[ArticleAnalysis]] = {}
    for analysis in analyses:
        groups.setdefault(analysis.article.outlet, []).append(analysis)
    return dict(sorted(groups.items()))


# ── the façade ───────────────────────────────────────────────────────────────


def compare(
    result,
    *,
    grouping: EventGrouping | None = None,
    min_articles: int = 3,
    n_boot: int = 2000,
    seed: int = 0,
    prior_scale: float = 0.1,
) -> Comparison:
    """All comparison tables for an analysis result.

    Parameters
    ----------
    result:
        ``framing.analysis.article.AnalysisResult`` (or anything with ``features`` and ``articles``).
    grouping:
        Event grouping to use; by default ``group_events(result.articles)``.
    min_articles:
        Figures resting on fewer articles are flagged "too few articles".
    n_boot, seed:
        Bootstrap resamples and the seed (fixed, so reports are reproducible).

    Returns
    -------
    Comparison
    """
    import pandas as pd

    if min_articles < 1:
        raise ValueError("min_articles must be at least 1")
    analyses = tuple(result.articles)
    frame = result.features.copy() if result.features is not None else feature_frame(analyses)
    grouping = grouping if grouping is not None else group_events(analyses)
    event_of = grouping.event_of()
    names = {e.id: e.name for e in grouping.events}
    frame["event_group"] = [event_of.get(str(i), UNGROUPED) for i in frame.index]
    features = numeric_features(frame)
    stats = {"min_articles": min_articles, "n_boot": n_boot, "seed": seed}

    by_outlet = summarize(frame, ["outlet"], features, **stats)
    grouped = frame[frame["event_group"] != UNGROUPED]
    by_event_outlet = summarize(grouped, ["event_group", "outlet"], features, **stats)
    by_event_outlet.insert(1, "event_name", by_event_outlet["event_group"].map(names))

    # The per-category densities are analyze's own features (framing/features.py), so the
    # chart and the tables show the same numbers.
    categories = category_density_columns(features)
    term_density = summarize(frame, ["outlet"], sorted(categories), **stats).rename(
        columns={"feature": "category"}
    )
    term_density["category"] = term_density["category"].map(categories)

    outlet_tokens: dict[str, list[str]] = {}
    event_tokens: dict[str, list[str]] = {}
    event_outlet_tokens: dict[str, dict[str, list[str]]] = {}
    for analysis in analyses:
        outlet = analysis.article.outlet
        outlet_tokens.setdefault(outlet, []).extend(analysis.tokens)
        event = event_of.get(analysis.article.id)
        if event:
            event_tokens.setdefault(event, []).extend(analysis.tokens)
            event_outlet_tokens.setdefault(event, {}).setdefault(outlet, []).extend(analysis.tokens)
    # Within one event, each outlet against the other outlets on the same event: the words
    # that set its telling apart, with the topic held constant.
    within = [
        distinctive_terms(by_outlet_tokens, prior_scale=prior_scale).assign(event_group=event)
        for event, by_outlet_tokens in sorted(event_outlet_tokens.items())
        if len(by_outlet_tokens) > 1
    ]
    distinctive_event_outlet = (
        pd.concat(within, ignore_index=True)
        if within
        else pd.DataFrame(columns=["group", "term", "count", "log_odds", "z", "tfidf", "event_group"])
    )

    notes = []
    if len(outlet_tokens) < 2:
        notes.append("Only one outlet: distinctive terms by log-odds need at least two to contrast.")
    return Comparison(
        features=frame,
        feature_names=features,
        by_outlet=by_outlet,
        by_event_outlet=by_event_outlet,
        term_density=term_density,
        claims=claim_composition(analyses),
        source_kinds=source_kind_table(analyses),
        distinctive_outlet=distinctive_terms(outlet_tokens, prior_scale=prior_scale),
        distinctive_event=distinctive_terms(event_tokens, prior_scale=prior_scale),
        distinctive_event_outlet=distinctive_event_outlet,
        grouping=grouping,
        min_articles=min_articles,
        n_boot=n_boot,
        seed=seed,
        notes=tuple(notes),
    )
