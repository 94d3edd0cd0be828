"""Means with bootstrap intervals over articles, and the flags that mark thin figures.

Every figure in a comparison table comes with

- ``n``: the number of articles it rests on;
- ``ci_low`` / ``ci_high``: a 95% percentile bootstrap interval of the mean over articles
  (resampling articles, ``n_boot`` resamples, fixed seed, so two runs give the same numbers);
- ``flag``: ``""`` when there are at least ``min_articles`` articles, otherwise a readable
  warning ("too few articles …"). Thin comparisons are shown with their flag, not hidden.

One column's interval is ``scipy.stats.bootstrap`` (percentile method). The complete
columns of a group are resampled together by ``bootstrap_means``, with the draws scipy
makes (``rng.integers(0, n, size=(n_boot, n))``), as one matrix product per block of
resamples; a test holds the two equal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

LEVEL = 0.95


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


def percentile_interval(means, level: float = LEVEL):
    """The ``level`` percentile interval of bootstrap replicates (rows), per column: 2 × k."""
    import numpy as np

    tail = (1 - level) / 2
    return np.quantile(means, [tail, 1 - tail], axis=0)


def bootstrap_mean_ci(
    values: Iterable[float], *, n_boot: int = 2000, level: float = LEVEL, seed: int = 0
) -> tuple[float, float, float]:
    """Mean and percentile bootstrap interval of the mean (``scipy.stats.bootstrap``).

    Returns ``(mean, low, high)``; with one value the interval is undefined (NaN, NaN);
    with no values everything is NaN. Missing values (NaN) are left out.
    """
    import numpy as np
    from scipy.stats import bootstrap

    data = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if data.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(data.mean())
    if data.size == 1:
        return mean, math.nan, math.nan
    interval = bootstrap(
        (data,),
        np.mean,
        n_resamples=n_boot,
        confidence_level=level,
        method="percentile",
        rng=np.random.default_rng(seed),
        vectorized=True,
    ).confidence_interval
    return mean, float(interval.low), float(interval.high)


def flag_for(n: int, min_articles: int) -> str:
    """The warning shown beside a figure resting on ``n`` articles (empty when it is enough)."""
    if n == 0:
        return "no articles"
    if n == 1:
        return "one article only: no interval, not a pattern"
    if n < min_articles:
        return f"too few articles (n={n} < {min_articles}): indicative only"
    return ""


def block_intervals(block, *, n_boot: int, seed: int, level: float = LEVEL):
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
        lows[complete], highs[complete] = percentile_interval(
            bootstrap_means(block[:, complete], n_boot=n_boot, seed=seed), level
        )
    for column in np.flatnonzero(~complete & (counts >= 2)):
        _mean, lows[column], highs[column] = bootstrap_mean_ci(
            block[:, column].tolist(), n_boot=n_boot, seed=seed, level=level
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
        counts, means, lows, highs = block_intervals(block, n_boot=n_boot, seed=seed)
        named = dict(zip(by, keys, strict=True))
        rows.extend(
            {
                **named,
                "feature": feature,
                "n": int(counts[k]),
                "mean": float(means[k]),
                "ci_low": float(lows[k]),
                "ci_high": float(highs[k]),
                "flag": flag_for(int(counts[k]), min_articles),
            }
            for k, feature in enumerate(features)
        )
    return pd.DataFrame(rows, columns=columns)
