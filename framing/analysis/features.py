"""One row of numbers per article: how loaded, how sourced, how sure of itself it is.

Every feature is computed from the article's analysis (tokens, sentences with claim
labels, quotations, cited sources, term and marker hits); nothing here reads text again.
"Body" means the body paragraphs (``Role.BODY`` and ``Role.PULL_QUOTE``); the
"headline" is the title paragraph. Densities are per 1,000 tokens of the same part
(word tokens: whitespace and punctuation are not counted); a part with no tokens has
density 0. Shares are 0–1; a share with nothing to divide (no body sentences, no
sources) is 0.

Own voice and quoted
--------------------
Every term and marker hit has a voice (``framing.model.Voice``, set by
``framing.analysis.terms.with_voice``): ``own`` (the outlet's own words: outside quotation
and title marks, in a sentence not labelled A) or quoted (inside a quotation or a 《title》,
or in a sentence labelled A). The plain names (``loaded_term_density``, ``hedges``…) count
the outlet's own voice only; the ``quoted_<feature>`` beside each counts the rest. Both are
per 1,000 tokens of the whole body (or headline), so own + quoted = every hit.

Feature names and units
-----------------------
Size
    ``tokens``               word tokens in the body (count)
    ``headline_tokens``      word tokens in the headline (count)
    ``body_sentences``       body sentences labelled A, E or F (count)
    ``attributed_sentences``, ``editorial_sentences``, ``factual_sentences``,
    ``heading_sentences``, ``not_body_sentences``
                             sentences with each label A, E, F, H, X (count)
Loaded terms (``lexicons/loaded_terms.tsv``), body only unless said; own voice, and
quoted (``quoted_`` + the same name) beside each
    ``loaded_terms``         hits (count)
    ``loaded_term_density``  hits per 1,000 body tokens
    ``loaded_<category>``    hits of one category (count), for every category of the table
    ``loaded_<category>_density``  the same per 1,000 body tokens
    ``stance_<stance>_density``    hits of terms with that stance per 1,000 body tokens
    ``headline_loaded_terms``      hits in the headline (count)
    ``headline_loaded_term_density``  hits per 1,000 headline tokens
Claim types (labels from ``framing.analysis.claims``), among body sentences
    ``attributed_share``     share labelled A (0–1)
    ``editorial_share``      share labelled E (0–1)
    ``factual_share``        share labelled F (0–1)
Cited sources (``SourceMention``, each distinct source once)
    ``sources``              distinct sources (count)
    ``sources_<kind>``       sources of one kind (count), for every ``SourceKind``
    ``sources_named`` / ``sources_unnamed``  (count)
    ``named_source_share``   named ÷ all sources (0–1)
    ``named_to_unnamed_ratio``  named ÷ max(unnamed, 1) (a ratio, not bounded)
Voice (markers from ``lexicons/markers.tsv``; body only); own voice, and quoted
(``quoted_`` + the same name) beside each
    ``hedges``, ``boosters``, ``distancing_markers``, ``opinion_markers``  (count)
    ``hedges_density``, ``boosters_density``, ``distancing_markers_density``,
    ``opinion_markers_density``  the same per 1,000 body tokens
    ``scare_quotes``         short quotations with no speaker (count); quoted: those in a
                             sentence labelled A (a speaker's scare quote, not the outlet's)
    ``scare_quote_density``  per 1,000 body tokens
Own voice only (by definition)
    ``rhetorical_questions`` body sentences ending in ？ that are not attributed (count)
    ``rhetorical_question_density``  per 1,000 body tokens
    ``exclamations``         body sentences ending in ！ that are not attributed (count)
    ``exclamation_density``  per 1,000 body tokens
    ``opinion_labelled``     1 when an opinion marker (社论, 述评, 评论员, 我们认为 …) appears in
                             the outlet's own voice anywhere in the article, title and bylines
                             included; else 0
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from framing.lexicon import SCHEMAS
from framing.model import ClaimLabel, Quote, Sentence, SourceKind, SourceMention, TermHit, Voice

# The categories, stances and marker types are the lexicon schema's (framing/lexicon.py).
CATEGORIES = tuple(sorted(SCHEMAS["loaded_terms"].allowed["category"]))
STANCES = tuple(sorted(s for s in SCHEMAS["loaded_terms"].allowed["stance"] if s))
MARKER_FEATURES = {
    "hedge": "hedges",
    "booster": "boosters",
    "distancing": "distancing_markers",
    "opinion": "opinion_markers",
}
BODY_LABELS = (ClaimLabel.ATTRIBUTED, ClaimLabel.EDITORIAL, ClaimLabel.FACTUAL)
# The feature counting each label's sentences (the comparison reads these, not the sentences).
LABEL_COUNTS = {
    ClaimLabel.ATTRIBUTED: "attributed_sentences",
    ClaimLabel.EDITORIAL: "editorial_sentences",
    ClaimLabel.FACTUAL: "factual_sentences",
    ClaimLabel.HEADING: "heading_sentences",
    ClaimLabel.NOT_BODY: "not_body_sentences",
}
QUOTED = "quoted_"  # the prefix of a feature's quoted-and-attributed twin
_QUESTION_END = re.compile(r"[？?][”’」』）)\"'\s]*$")
_EXCLAMATION_END = re.compile(r"[！!][”’」』）)\"'\s]*$")


@lru_cache(maxsize=1)
def feature_names() -> tuple[str, ...]:
    """Every feature, in the order of the feature table's columns."""
    names = ["tokens", "headline_tokens", "body_sentences", *LABEL_COUNTS.values()]
    names += _with_quoted("loaded_terms", "loaded_term_density")
    for category in CATEGORIES:
        names += _with_quoted(f"loaded_{category}", f"loaded_{category}_density")
    for stance in STANCES:
        names += _with_quoted(f"stance_{stance}_density")
    names += _with_quoted("headline_loaded_terms", "headline_loaded_term_density")
    names += ["attributed_share", "editorial_share", "factual_share", "sources"]
    names += [f"sources_{kind.value}" for kind in SourceKind]
    names += ["sources_named", "sources_unnamed", "named_source_share", "named_to_unnamed_ratio"]
    for feature in MARKER_FEATURES.values():
        names += _with_quoted(feature, f"{feature}_density")
    names += _with_quoted("scare_quotes", "scare_quote_density")
    names += ["rhetorical_questions", "rhetorical_question_density"]
    names += ["exclamations", "exclamation_density", "opinion_labelled"]
    return tuple(names)


def _with_quoted(*names: str) -> list[str]:
    """Each own-voice feature followed by its quoted twin."""
    return [name for own in names for name in (own, QUOTED + own)]


def is_quoted_feature(name: str) -> bool:
    """True for the quoted-and-attributed twin of an own-voice feature."""
    return name.startswith(QUOTED)


@lru_cache(maxsize=1)
def feature_names_key() -> str:
    """A short digest of ``feature_names()``: a row of values stored under it (a cached
    analysis) is only read back with the same names in the same order."""
    import hashlib

    return hashlib.sha1("\0".join(feature_names()).encode()).hexdigest()[:12]


def per_thousand(count: float, tokens: int) -> float:
    """``count`` per 1,000 tokens; 0 when there are no tokens."""
    return 1000.0 * count / tokens if tokens else 0.0


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def in_spans(spans: Sequence[tuple[int, int]], start: int) -> bool:
    """True when ``start`` falls in one of the sorted, disjoint ``[start, end)`` spans."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start < spans[i][1]


def article_features(
    *,
    body_tokens: int,
    headline_tokens: int,
    body_spans: Sequence[tuple[int, int]],
    sentences: Sequence[Sentence],
    quotes: Iterable[Quote],
    sources: Sequence[SourceMention],
    term_hits: Iterable[TermHit],
    marker_hits: Iterable[TermHit],
) -> dict[str, float]:
    """The feature row of one article (names and units in the module docstring).

    Parameters
    ----------
    body_tokens, headline_tokens : word-token counts of the body and the headline.
    body_spans : the body paragraphs' ``[start, end)`` in ``Article.text``, sorted.
    sentences, quotes, sources : from ``framing.analysis.claims.annotate_claims``.
    term_hits, marker_hits : from ``framing.analysis.terms.term_hits``.
    """
    body_sentences = [s for s in sentences if s.label in BODY_LABELS]
    row: dict[str, float] = {"tokens": body_tokens, "headline_tokens": headline_tokens}
    row["body_sentences"] = len(body_sentences)
    every_label = Counter(s.label for s in sentences)
    row.update((name, every_label[label]) for label, name in LABEL_COUNTS.items())
    hits = list(term_hits)
    own, quoted = _split(hits)
    row.update(_term_features(own, body_spans, body_tokens, headline_tokens))
    row.update(_quoted(_term_features(quoted, body_spans, body_tokens, headline_tokens)))
    row.update(_label_features(body_sentences))
    row.update(_source_features(sources))
    own_markers, quoted_markers = _split(marker_hits)
    row.update(_marker_features(own_markers, body_spans, body_tokens))
    row.update(_quoted(_marker_features(quoted_markers, body_spans, body_tokens)))
    row.update(_scare_quote_features(quotes, sentences, body_tokens))
    row.update(_writer_features(body_sentences, body_tokens))
    row["opinion_labelled"] = int(any(h.category == "opinion" for h in own_markers))
    return {name: row[name] for name in feature_names()}


def _split(hits: Iterable[TermHit]) -> tuple[list[TermHit], list[TermHit]]:
    """The hits in the outlet's own voice, and the quoted or attributed ones."""
    own: list[TermHit] = []
    quoted: list[TermHit] = []
    for hit in hits:
        (own if hit.voice is Voice.OWN else quoted).append(hit)
    return own, quoted


def _quoted(row: dict[str, float]) -> dict[str, float]:
    return {QUOTED + name: value for name, value in row.items()}


def _term_features(
    term_hits: Iterable[TermHit],
    body_spans: Sequence[tuple[int, int]],
    body_tokens: int,
    headline_tokens: int,
) -> dict[str, float]:
    """Loaded terms in the body (by category and by stance) and in the headline."""
    body_terms = [h for h in term_hits if not h.in_headline and in_spans(body_spans, h.start)]
    headline_terms = [h for h in term_hits if h.in_headline]
    row: dict[str, float] = {
        "loaded_terms": len(body_terms),
        "loaded_term_density": per_thousand(len(body_terms), body_tokens),
    }
    categories = Counter(h.category for h in body_terms)
    for category in CATEGORIES:
        row[f"loaded_{category}"] = categories[category]
        row[f"loaded_{category}_density"] = per_thousand(categories[category], body_tokens)
    stances = Counter(h.stance for h in body_terms)
    for stance in STANCES:
        row[f"stance_{stance}_density"] = per_thousand(stances[stance], body_tokens)
    row["headline_loaded_terms"] = len(headline_terms)
    row["headline_loaded_term_density"] = per_thousand(len(headline_terms), headline_tokens)
    return row


def _label_features(body_sentences: Sequence[Sentence]) -> dict[str, float]:
    """The shares of attributed, editorial and factual body sentences."""
    labels = Counter(s.label for s in body_sentences)
    return {
        "attributed_share": share(labels[ClaimLabel.ATTRIBUTED], len(body_sentences)),
        "editorial_share": share(labels[ClaimLabel.EDITORIAL], len(body_sentences)),
        "factual_share": share(labels[ClaimLabel.FACTUAL], len(body_sentences)),
    }


def _source_features(sources: Sequence[SourceMention]) -> dict[str, float]:
    """Cited sources: how many, of which kind, named or not."""
    kinds = Counter(s.kind for s in sources)
    named = sum(1 for s in sources if s.named)
    row: dict[str, float] = {"sources": len(sources)}
    for kind in SourceKind:
        row[f"sources_{kind.value}"] = kinds[kind]
    row["sources_named"] = named
    row["sources_unnamed"] = len(sources) - named
    row["named_source_share"] = share(named, len(sources))
    row["named_to_unnamed_ratio"] = named / max(len(sources) - named, 1)
    return row


def _marker_features(
    marker_list: Sequence[TermHit], body_spans: Sequence[tuple[int, int]], body_tokens: int
) -> dict[str, float]:
    """Hedges, boosters and the other markers in the body: counts and densities."""
    body_markers = Counter(
        h.category for h in marker_list if not h.in_headline and in_spans(body_spans, h.start)
    )
    row: dict[str, float] = {}
    for marker_type, feature in MARKER_FEATURES.items():
        row[feature] = body_markers[marker_type]
        row[f"{feature}_density"] = per_thousand(body_markers[marker_type], body_tokens)
    return row


def _scare_quote_features(
    quotes: Iterable[Quote], sentences: Sequence[Sentence], body_tokens: int
) -> dict[str, float]:
    """Scare quotes in the outlet's own sentences, and in sentences labelled A (a speaker's)."""
    attributed = {s.index for s in sentences if s.label is ClaimLabel.ATTRIBUTED}
    scare = [q.sentence_index in attributed for q in quotes if q.scare]
    own, quoted = scare.count(False), scare.count(True)
    return {
        "scare_quotes": own,
        "scare_quote_density": per_thousand(own, body_tokens),
        QUOTED + "scare_quotes": quoted,
        QUOTED + "scare_quote_density": per_thousand(quoted, body_tokens),
    }


def _writer_features(body_sentences: Sequence[Sentence], body_tokens: int) -> dict[str, float]:
    """The writer's own rhetorical questions and exclamations (sentences not labelled A)."""
    writer_sentences = [s for s in body_sentences if s.label is not ClaimLabel.ATTRIBUTED]
    questions = sum(1 for s in writer_sentences if _QUESTION_END.search(s.text))
    exclamations = sum(1 for s in writer_sentences if _EXCLAMATION_END.search(s.text))
    return {
        "rhetorical_questions": questions,
        "rhetorical_question_density": per_thousand(questions, body_tokens),
        "exclamations": exclamations,
        "exclamation_density": per_thousand(exclamations, body_tokens),
    }
