"""The article × feature frame and the per-outlet composition tables (claim types, source kinds)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from framing.analysis.features import LABEL_COUNTS
from framing.model import ArticleAnalysis, ClaimLabel

META_COLUMNS = ("path", "outlet", "outlet_kind", "date", "title", "event")
# Columns the comparison adds to the frame: never features, whatever their type.
ADDED_COLUMNS = ("event_group", "story", "date_inferred")
CLAIM_LABELS = (ClaimLabel.ATTRIBUTED, ClaimLabel.EDITORIAL, ClaimLabel.FACTUAL)


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

    skip = {*META_COLUMNS, *ADDED_COLUMNS}
    return tuple(c for c in frame.columns if c not in skip and pd.api.types.is_numeric_dtype(frame[c].dtype))


def claim_composition(analyses: Sequence[ArticleAnalysis]):
    """Per outlet, sentences by claim type: outlet, label, sentences, share (of A+E+F)."""
    import pandas as pd

    rows = []
    for outlet, group in by_outlet(analyses).items():
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
    for outlet, group in by_outlet(analyses).items():
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


def by_outlet(analyses: Sequence[ArticleAnalysis]) -> dict[str, list[ArticleAnalysis]]:
    """The analyses of each outlet, outlets in sorted order."""
    groups: dict[str, list[ArticleAnalysis]] = {}
    for analysis in analyses:
        groups.setdefault(analysis.article.outlet, []).append(analysis)
    return dict(sorted(groups.items()))
