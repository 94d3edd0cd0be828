"""Features of a rule-labelled sentence for the learned classifier, as hashed sparse rows.

What the rules in ``framing.analysis.claims`` found (the rule's label, its evidence, the
paragraph role, the sentence's position, its neighbours' labels, loaded terms and markers)
and the sentence's character n-grams become one row per sentence of ``N_FEATURES`` hashed
columns (``sentence_matrix``); the classifier (``framing.analysis.claim_model``) reads them.
Named features are hashed with CRC-32, n-grams with a multiplicative hash: no text is kept.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import chain

import numpy as np

from framing.analysis.claims.cues import grammar_cues
from framing.ingest.normalize import to_simplified
from framing.lexicon import load_lexicons
from framing.model import Article, Role, Sentence, TermHit

N_BITS = 18
N_FEATURES = 2**N_BITS
FEATURE_VERSION = "claim-features-3"
BODY_LABELS = ("A", "E", "F")
OPINION_FILE = "opinion_model.npz"

_DIGIT = re.compile(r"\d")
_DATE = re.compile(r"\d{1,4}\s*[年月日时号]|\d{1,2}[:：]\d{2}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_OPEN_QUOTES = '“「『"‘'
_OPEN_QUOTE = re.compile(f"[{_OPEN_QUOTES}]")
_CLOSE_QUOTES = '”」』"’'
_SPACE = re.compile(r"\s+")
# Evidence kinds whose detail is a small closed set worth a feature of its own
_DETAILED_KINDS = frozenset({"reporting_verb", "frame", "quote", "role", "question", "inference"})


_FIBONACCI = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(64 - N_BITS)


@dataclass(frozen=True)
class HashedRows:
    """Sparse feature rows as coordinate arrays (row, hashed column, value), repeats summed.

    The model only needs products with its weights (``dot``), which numpy does alone, so
    analysing an article never imports scipy or scikit-learn; ``to_scipy`` is for fitting.
    """

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    n_rows: int

    def __add__(self, other: HashedRows) -> HashedRows:
        return HashedRows(
            np.concatenate([self.rows, other.rows]),
            np.concatenate([self.cols, other.cols]),
            np.concatenate([self.values, other.values]),
            self.n_rows,
        )

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """``rows × N_FEATURES`` times ``weights`` (``N_FEATURES`` or ``N_FEATURES × k``)."""
        picked = np.take(weights, self.cols, axis=0)  # faster than weights[self.cols] on 2-D weights
        if picked.ndim == 1:
            return np.bincount(self.rows, weights=self.values * picked, minlength=self.n_rows)
        return np.column_stack(
            [
                np.bincount(self.rows, weights=self.values * picked[:, j], minlength=self.n_rows)
                for j in range(picked.shape[1])
            ]
        ).reshape(self.n_rows, picked.shape[1])

    def to_scipy(self):
        from scipy import sparse

        matrix = sparse.csr_matrix((self.values, (self.rows, self.cols)), shape=(self.n_rows, N_FEATURES))
        matrix.sum_duplicates()
        return matrix


def text_matrix(texts: Sequence[str]) -> HashedRows:
    """Hashed character 1–3-grams of each text (spacing removed, ``^``/``$`` at its ends),
    one row a text, scaled to unit length.

    All texts are hashed at once with numpy: each n-gram's code points are combined in a
    64-bit polynomial and spread over ``N_FEATURES`` columns by Fibonacci hashing, so the
    work grows with the characters, not with Python calls per n-gram.
    """
    padded = ["^" + _SPACE.sub("", t) + "$" for t in texts]
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(padded)), lengths)
    keys = []
    polynomial = np.zeros_like(codes)
    for n in (1, 2, 3):
        span = len(codes) - n + 1
        if span <= 0:
            break
        polynomial = polynomial[:span] * np.uint64(1_000_003) + codes[n - 1 :]  # wraps modulo 2**64
        same = owner[:span] == owner[n - 1 :]  # the n-gram lies inside one text
        column = (((polynomial[same] + np.uint64(n)) * _FIBONACCI) >> _SHIFT).astype(np.int64)
        keys.append(owner[:span][same] * N_FEATURES + column)
    cells, counts = np.unique(np.concatenate(keys), return_counts=True)
    rows, cols = np.divmod(cells, N_FEATURES)
    values = counts.astype(np.float64)
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(padded)))
    return HashedRows(rows, cols, values / norms[rows], len(padded))


class _Columns(dict[str, int]):
    """Each named feature's hashed column (CRC-32 of its UTF-8 bytes), remembered per process."""

    def __missing__(self, name: str) -> int:
        column = self[name] = zlib.crc32(name.encode("utf-8")) & (N_FEATURES - 1)
        return column


_COLUMNS = _Columns()


def named_matrix(rows: Sequence[dict[str, float]]) -> HashedRows:
    """Named features (``{name: value}`` per row) as hashed columns."""
    lengths = [len(row) for row in rows]
    total = sum(lengths)
    return HashedRows(
        np.repeat(np.arange(len(rows), dtype=np.int64), lengths),
        np.fromiter(map(_COLUMNS.__getitem__, chain.from_iterable(rows)), dtype=np.int64, count=total),
        np.fromiter(chain.from_iterable(row.values() for row in rows), dtype=np.float64, count=total),
        len(rows),
    )


def simplified_sentences(article: Article, sentences: Sequence[Sentence]) -> list[str]:
    """The sentences' texts in simplified script (slices of ``article.normalized`` where it
    aligns with the text character by character)."""
    if not article.offset_map and len(article.normalized) == len(article.text):
        return [article.normalized[s.start : s.end] for s in sentences]
    return [to_simplified(s.text) for s in sentences]


@cache
def _first_person() -> re.Pattern[str]:
    """我 / 我们 but not 我国 (``claims.tsv``), as the built-in lexicons give it: the shipped
    weights were fitted with those, whatever lexicons the user layers on top."""
    return grammar_cues(load_lexicons()).first_person


def _bucket(value: float, edges: Sequence[float]) -> int:
    """How many of the ascending ``edges`` are ≤ ``value``."""
    return bisect_right(edges, value)


def sentence_matrix(
    article: Article,
    sentences: Sequence[Sentence],
    term_hits: Sequence[TermHit] = (),
    marker_hits: Sequence[TermHit] = (),
    groups: Sequence[str] = ("text", "layout", "evaluative", "rules"),
    opinion: OpinionModel | None = None,
) -> HashedRows:
    """The feature vectors of an article's sentences, from the rules' output.

    Parameters
    ----------
    article : the article the sentences belong to.
    sentences : its sentences as the rules labelled them (``framing.analysis.claims``).
    term_hits, marker_hits : its loaded-term and marker hits (``framing.analysis.terms``).
    groups : which feature groups to build: ``text`` (character 1–3-grams of the
        simplified sentence), ``layout`` (paragraph role, position, length, digits,
        quotation marks, punctuation), ``evaluative`` (how much the sentence, and the
        article's body on average, reads like an opinion column: ``OpinionModel``) and
        ``rules`` (the rule label and its evidence, the neighbours' rule labels, the
        article's shares of rule labels, term and marker hits).
    opinion : the opinion scorer for ``evaluative`` (default: the shipped one).

    Returns
    -------
    ``HashedRows``, one row a sentence (``N_FEATURES`` hashed columns): the n-grams of
    ``text_matrix`` plus the other groups' named features (``named_matrix``).
    """
    use_text, use_layout, use_rules = ("text" in groups, "layout" in groups, "rules" in groups)
    if not sentences:
        return named_matrix([])
    texts = simplified_sentences(article, sentences)
    grams = text_matrix(texts) if use_text or "evaluative" in groups else None
    opinion_scores: list[float] = []
    article_opinion: dict[str, float] = {}  # the same for every sentence of the article
    if "evaluative" in groups:
        opinion_scores, mean = _opinion_scores(sentences, grams, opinion or shipped_opinion_model())
        article_opinion = {
            "article_opinion": mean,
            f"article_opinion={min(max(int(mean * 2 // 1), -4), 4)}": 1.0,
        }
    neighbours = _Neighbourhood.of(article, sentences, term_hits, marker_hits)
    out: list[dict[str, float]] = []
    seen_in_par: dict[int, int] = {}
    for i, s in enumerate(sentences):
        f: dict[str, float] = {"bias": 1.0}
        position = seen_in_par.get(s.paragraph_index, 0)
        seen_in_par[s.paragraph_index] = position + 1
        if opinion_scores:
            score = opinion_scores[i]
            f["opinion"] = score
            f[f"opinion={min(max(int(score // 1), -3), 3)}"] = 1.0
            f.update(article_opinion)
        if use_layout:
            f.update(_layout_features(_SPACE.sub("", texts[i]), s, i, position, neighbours))
        if use_rules:
            f.update(_rule_features(s, i, sentences, neighbours))
        out.append(f)
    named = named_matrix(out)
    return named + grams if use_text else named


def _opinion_scores(
    sentences: Sequence[Sentence], grams: HashedRows, opinion: OpinionModel | None
) -> tuple[list[float], float]:
    """Each sentence's opinion log-odds, and their mean over the body sentences."""
    scores = opinion.scores(grams).tolist() if opinion is not None else [0.0] * len(sentences)
    body = [x for s, x in zip(sentences, scores, strict=True) if s.label.value in BODY_LABELS]
    return scores, sum(body) / len(body) if body else 0.0


@dataclass(frozen=True)
class _Neighbourhood:
    """What the features of one sentence read about its article: paragraph roles and sizes,
    the sentences' rule labels and their shares, each sentence's term and marker hits."""

    roles: list[str]  # each paragraph's role as a feature name (role=body)
    par_sizes: dict[int, int]
    shares: dict[str, float]  # feature name (article_share=A) → share of the body sentences
    hits: dict[int, list[TermHit]]
    labels: list[str]  # each sentence's rule label (A, E, F, H, X)
    n: int

    @classmethod
    def of(cls, article: Article, sentences, term_hits, marker_hits) -> _Neighbourhood:
        labels = [s.label.value for s in sentences]
        body = [label for label in labels if label in BODY_LABELS]
        shares = (
            {f"article_share={label}": body.count(label) / len(body) for label in BODY_LABELS} if body else {}
        )
        hits: dict[int, list[TermHit]] = {}
        for hit in (*term_hits, *marker_hits):
            hits.setdefault(hit.sentence_index, []).append(hit)
        par_sizes: dict[int, int] = {}
        for s in sentences:
            par_sizes[s.paragraph_index] = par_sizes.get(s.paragraph_index, 0) + 1
        roles = ["role=" + p.role.value for p in article.paragraphs]
        return cls(roles, par_sizes, shares, hits, labels, len(sentences))


_BODY_ROLE = "role=" + Role.BODY.value


def _layout_features(
    text: str, s: Sentence, i: int, position: int, where: _Neighbourhood
) -> dict[str, float]:
    """Paragraph role and position, length, digits, dates, quotation marks, punctuation."""
    role = where.roles[s.paragraph_index] if s.paragraph_index < len(where.roles) else _BODY_ROLE
    size = where.par_sizes[s.paragraph_index]
    return {
        role: 1.0,
        f"par_pos={min(position, 3)}": 1.0,
        "par_last": float(position == size - 1),
        "par_single": float(size == 1),
        f"art_pos={_bucket(i / max(where.n, 1), (0.1, 0.3, 0.6, 0.9))}": 1.0,
        f"len={_bucket(len(text), (6, 15, 30, 60, 100))}": 1.0,
        "digits": min(len(_DIGIT.findall(text)), 10) / 10,
        "date_like": float(bool(_DATE.search(text))),
        "quote_open": float(bool(_OPEN_QUOTE.search(text))),
        "starts_quote": float(bool(text) and text[0] in _OPEN_QUOTES),
        "ends_quote": float(
            len(text) > 1 and text[-2:].strip("。！？!?") != "" and text[-2] in _CLOSE_QUOTES
        ),
        "question": float(text.endswith(("？", "?")) or text[-2:-1] in ("？", "?")),
        "exclaim": float(text.endswith(("！", "!"))),
        "first_person": float(bool(_first_person().search(text))),
        "no_end_punct": float(not text or text[-1] not in '。！？!?”」』"）)'),
    }


def _rule_features(
    s: Sentence, i: int, sentences: Sequence[Sentence], where: _Neighbourhood
) -> dict[str, float]:
    """The rule's label and evidence, the neighbours' rule labels, the article's label shares,
    the sentence's loaded terms and markers."""
    f: dict[str, float] = {"rule=" + where.labels[i]: 1.0}
    f.update(where.shares)
    for ev in s.evidence:
        f["ev=" + ev.kind] = 1.0
        if ev.kind in _DETAILED_KINDS and ev.detail:
            f[f"ev={ev.kind}:{ev.detail}"] = 1.0
        elif ev.kind not in _DETAILED_KINDS and ev.detail and len(ev.detail) < 24:
            f[f"ev={ev.kind}:{ev.detail}"] = 1.0
    for offset, name in ((-2, "prev2"), (-1, "prev"), (1, "next")):
        j = i + offset
        if 0 <= j < where.n:
            label = where.labels[j]
            same = sentences[j].paragraph_index == s.paragraph_index
            f[f"{name}_rule={label}"] = 1.0
            f[f"{name}_rule={label}:{'same' if same else 'other'}_par"] = 1.0
        else:
            f[f"{name}_rule=none"] = 1.0
    for hit in where.hits.get(s.index, ()):
        f["hit=" + hit.category] = f.get("hit=" + hit.category, 0.0) + 1.0
        if hit.stance:
            f["stance=" + hit.stance] = 1.0
        f["hit_term=" + hit.term] = 1.0
    return f


@dataclass(frozen=True)
class OpinionModel:
    """How much a sentence reads like an opinion column rather than a news report.

    A logistic regression over ``text_grams``, fitted on the sentences of articles their
    outlet filed as opinion or as news (``../shared/corpus/weak``: a weak, article-level
    signal): evaluative vocabulary at large, learned rather than listed. ``scores``
    gives the log-odds.
    """

    weights: np.ndarray  # N_FEATURES
    intercept: float

    def scores(self, grams: HashedRows) -> np.ndarray:
        """Log-odds of each row of ``grams`` (``text_matrix``)."""
        return grams.dot(self.weights) + self.intercept

    def save(self, path) -> None:
        rows = np.flatnonzero(self.weights)
        np.savez_compressed(
            path,
            rows=rows.astype(np.int32),
            values=self.weights[rows].astype(np.float32),
            intercept=np.array(self.intercept),
            version=np.array(FEATURE_VERSION),
        )

    @classmethod
    def load(cls, path) -> OpinionModel:
        with np.load(path, allow_pickle=False) as data:
            if str(data["version"]) != FEATURE_VERSION:
                found = str(data["version"])
                raise ValueError(f"{path}: scorer built for features {found!r}, not {FEATURE_VERSION!r}")
            weights = np.zeros(N_FEATURES)
            weights[data["rows"]] = data["values"]
            return cls(weights, float(data["intercept"]))


# The opinion scorer's L2 penalty, chosen on the shipped classifier's cross-validated macro
# F1 on the A–M outlets (tools/train_claim_model.py: 1e-5 0.831, 3e-5 0.834, 1e-4 0.836,
# 3e-4 0.828; N–Z, held out: 0.807, 0.812, 0.809, 0.806).
OPINION_ALPHA = 1e-4


def fit_opinion_model(grams: HashedRows, opinion: Sequence[bool]) -> OpinionModel:
    """Fit the opinion scorer (averaged SGD on the log loss, a fixed seed)."""
    from sklearn.linear_model import SGDClassifier

    clf = SGDClassifier(
        loss="log_loss", alpha=OPINION_ALPHA, max_iter=20, tol=None, random_state=0, average=True
    )
    clf.fit(grams.to_scipy(), list(opinion))
    return OpinionModel(np.asarray(clf.coef_[0], dtype=np.float64), float(clf.intercept_[0]))


def model_resource(name: str):
    """A file of ``framing/analysis/models`` (it may not exist)."""
    return resources.files("framing.analysis").joinpath("models", name)


def load_shipped(name: str, load):
    """``load(path)`` of a file in ``framing/analysis/models``, or ``None`` when it is not installed."""
    resource = model_resource(name)
    if not resource.is_file():
        return None
    with resources.as_file(resource) as path:
        return load(path)


@cache
def shipped_opinion_model() -> OpinionModel | None:
    """The opinion scorer shipped in the package, or ``None`` when none is installed."""
    return load_shipped(OPINION_FILE, OpinionModel.load)
