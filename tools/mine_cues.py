"""Rank candidate editorial-cue words by how much more often opinion writers use them than
reporters do, for a person to review before any goes into ``lexicons/claims.tsv``.

    PYTHONPATH=$PWD .venv/bin/python tools/mine_cues.py ../shared/corpus/weak
    PYTHONPATH=$PWD .venv/bin/python tools/mine_cues.py ../shared/corpus/weak --top 150 --examples 3
    PYTHONPATH=$PWD .venv/bin/python tools/mine_cues.py ../shared/corpus/weak --labels F --new-only
    PYTHONPATH=$PWD .venv/bin/python tools/mine_cues.py ../shared/corpus/weak --where china_russia=1

The corpus folder holds articles and a ``manifest.csv`` whose ``file`` column names each one
(relative to the folder) and whose ``label`` column says ``opinion`` or ``news`` (the weak
label of a whole article, ``../shared/corpus/weak/README.md``). Every article is ingested
and its sentences labelled by the rules (``framing.analysis.claims``); sentences the rules
attribute to a speaker (``A``), headings (``H``), not-body lines (``X``) and Markdown
heading lines are dropped, so what is left is the writer's own text. ``--labels F`` keeps
only the sentences the rules call factual: the words found there are the ones the rules
miss. ``--where COLUMN=VALUE`` keeps only the manifest rows with that value (the weak corpus
marks articles about China and Russia with ``china_russia=1``).

Each kept sentence is segmented (``framing.analysis.segment``) into words; a term is a word
or a bigram of two adjacent words, counted once per sentence. Terms are ranked by the
log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
"Fightin' Words"): with ``y`` a term's sentence count in one class, ``n`` the
class's total and the prior ``α_w = α₀ · share of w in both classes``,

    δ_w = log((y_op + α_w) / (n_op + α₀ − y_op − α_w)) − log((y_news + α_w) / (n_news + α₀ − y_news − α_w))
    z_w = δ_w / sqrt(1 / (y_op + α_w) + 1 / (y_news + α_w))

so a rare term needs more evidence than a frequent one. A term is listed only when it occurs
in at least ``--min-docs`` opinion articles, by at least ``--min-groups`` different writers
(``--spread-by author``; ``outlet`` for a corpus of several outlets), and no one writer has
more than ``--max-share`` of its opinion sentences, so that one columnist's habits do not
make a cue.

Output goes to the terminal only: candidates with their z-score, counts, spread, whether a
lexicon already has the word (``known``: a cue or look-alike of ``claims.tsv``,
``attribution.tsv``, ``loaded_terms.tsv`` or ``markers.tsv``), and a few short contexts
from different writers. Never paste the contexts into the repository: the articles'
text belongs to their outlet.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from framing.analysis.claims import annotate_claims
from framing.analysis.segment import Segmenter, is_word, segmenter_for
from framing.ingest.load import iter_articles
from framing.ingest.normalize import normalize_text
from framing.lexicon import Lexicons, load_lexicons

DROPPED_LABELS = frozenset({"A", "H", "X"})
CLASSES = ("opinion", "news")
_HAN = re.compile(r"[\u3400-\u9fff]")
KNOWN_TABLES = ("claims", "attribution", "loaded_terms", "markers")


@dataclass(frozen=True)
class KeptSentence:
    """One sentence of the writer's own text: its article's weak label, writer, file and words."""

    label: str  # opinion | news
    group: str  # the writer (or outlet) whose spread is checked
    doc: str  # the article's file
    text: str  # simplified script
    words: tuple[str, ...]


@dataclass
class TermCounts:
    """Per term: sentence counts by class, opinion articles, opinion sentences by writer,
    and up to a few example sentences from different writers."""

    sentences: dict[str, Counter[str]] = field(default_factory=lambda: {c: Counter() for c in CLASSES})
    docs: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: {c: defaultdict(set) for c in CLASSES}
    )
    groups: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    examples: defaultdict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    totals: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Candidate:
    """A term with its log-odds z-score (opinion over news) and the counts behind it."""

    term: str
    z: float
    delta: float
    opinion_sentences: int
    news_sentences: int
    opinion_docs: int
    news_docs: int
    groups: int
    top_share: float  # the largest share of its opinion sentences written by one writer, 0–1
    examples: tuple[str, ...]


def log_odds(
    y_i: float, n_i: float, y_j: float, n_j: float, alpha_w: float, alpha_0: float
) -> tuple[float, float]:
    """The log-odds ratio of a term in class ``i`` over class ``j`` with a Dirichlet prior
    (``alpha_w`` for the term, ``alpha_0`` in all), and its z-score. Returns ``(δ, z)``."""
    delta = math.log((y_i + alpha_w) / (n_i + alpha_0 - y_i - alpha_w)) - math.log(
        (y_j + alpha_w) / (n_j + alpha_0 - y_j - alpha_w)
    )
    variance = 1 / (y_i + alpha_w) + 1 / (y_j + alpha_w)
    return delta, delta / math.sqrt(variance)


def sentence_terms(words: Sequence[str], *, min_chars: int = 2, bigrams: bool = True) -> set[str]:
    """The terms of one sentence: its Chinese words of ``min_chars`` or more characters and,
    with ``bigrams``, every two adjacent words joined (``意味 着`` is written ``意味+着``)."""
    han = [w if _HAN.search(w) else "" for w in words]
    terms = {w for w in han if len(w) >= min_chars}
    if bigrams:
        terms.update(f"{a}+{b}" for a, b in zip(han, han[1:], strict=False) if a and b)
    return terms


def read_weak_labels(folder: Path, where: dict[str, str] | None = None) -> dict[Path, str]:
    """``manifest.csv``'s ``label`` of each file (resolved path), only ``opinion`` or ``news``,
    of the rows whose columns have the values ``where`` asks for (``{"china_russia": "1"}``)."""
    manifest = folder / "manifest.csv"
    try:
        with manifest.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as err:
        raise SystemExit(f"{manifest}: cannot read the manifest ({err.strerror})") from None
    if not rows or not {"file", "label"} <= set(rows[0]):
        raise SystemExit(f"{manifest}: needs 'file' and 'label' columns")
    missing = sorted(set(where or {}) - set(rows[0]))
    if missing:
        raise SystemExit(f"{manifest}: no column {', '.join(missing)} (columns: {', '.join(rows[0])})")
    wanted = [r for r in rows if all(r[k] == v for k, v in (where or {}).items())]
    return {(folder / r["file"]).resolve(): r["label"] for r in wanted if r["label"] in CLASSES}


def kept_sentences(
    folder: Path,
    lexicons: Lexicons,
    segmenter: Segmenter,
    *,
    labels: str = "EF",
    spread_by: str = "author",
    where: dict[str, str] | None = None,
) -> Iterator[KeptSentence]:
    """The sentences of the writer's own text (labelled one of ``labels`` by the rules) of
    every article the manifest labels, in file order."""
    weak = read_weak_labels(folder, where)
    skipped: Counter[str] = Counter()
    for article, entry in iter_articles(sorted(weak)):
        if article is None:
            skipped[entry.status.value] += 1  # near-duplicates (a story reposted) count once
            continue
        label = weak[Path(article.path).resolve()]
        group = (article.author if spread_by == "author" else article.outlet) or "unknown"
        for s in annotate_claims(article, lexicons).sentences:
            if s.label.value in DROPPED_LABELS or s.label.value not in labels or s.text.startswith("#"):
                continue
            text = normalize_text(s.text).text
            words = tuple(w for w in segmenter.segment(text).tokens if is_word(w))
            yield KeptSentence(label, group, article.path, text, words)
    if skipped:
        print(f"# files left out: {dict(sorted(skipped.items()))}", file=sys.stderr)


def count_terms(
    sentences: Iterable[KeptSentence], *, min_chars: int = 2, bigrams: bool = True, examples: int = 3
) -> TermCounts:
    """Count each term once per sentence, by class, article and writer; keep the first
    ``examples`` opinion sentences of different writers."""
    counts = TermCounts()
    for s in sentences:
        terms = sentence_terms(s.words, min_chars=min_chars, bigrams=bigrams)
        counts.totals[s.label] += len(terms)
        for term in terms:
            counts.sentences[s.label][term] += 1
            counts.docs[s.label][term].add(s.doc)
            if s.label == "opinion":
                counts.groups[term][s.group] += 1
                shown = counts.examples[term]
                if len(shown) < examples and s.group not in shown:
                    shown[s.group] = s.text
    return counts


def rank(
    counts: TermCounts,
    *,
    prior: float = 1000.0,
    min_docs: int = 8,
    min_groups: int = 5,
    max_share: float = 0.4,
    min_z: float = 2.0,
) -> list[Candidate]:
    """Terms more frequent in opinion sentences, best z first, that pass the spread filters.

    Parameters
    ----------
    prior : α₀, the prior's total weight in sentence counts (spread over terms by their share
        of both classes together).
    min_docs : opinion articles the term must occur in.
    min_groups, max_share : writers it must occur with, and the largest share of its opinion
        sentences one writer may have (0–1).
    min_z : the smallest z-score listed.
    """
    op, news = counts.sentences["opinion"], counts.sentences["news"]
    n_op, n_news = counts.totals["opinion"], counts.totals["news"]
    total = n_op + n_news
    out = []
    for term, y_op in op.items():
        docs = len(counts.docs["opinion"][term])
        groups = counts.groups[term]
        if docs < min_docs or len(groups) < min_groups or max(groups.values()) > max_share * y_op:
            continue
        y_news = news.get(term, 0)
        alpha_w = prior * (y_op + y_news) / total
        delta, z = log_odds(y_op, n_op, y_news, n_news, alpha_w, prior)
        if z < min_z:
            continue
        shown = tuple(counts.examples[term].values())
        top = max(groups.values()) / y_op
        news_docs = len(counts.docs["news"].get(term, ()))
        out.append(Candidate(term, z, delta, y_op, y_news, docs, news_docs, len(groups), top, shown))
    return sorted(out, key=lambda c: (-c.z, c.term))


def known_words(lexicons: Lexicons) -> frozenset[str]:
    """Every key of the tables whose words decide a label (cue, verb, term, marker)."""
    return frozenset(
        row.values[table.schema.key] for name in KNOWN_TABLES for table in [lexicons[name]] for row in table
    )


def context(text: str, term: str, width: int = 18) -> str:
    """The sentence around the term's first occurrence, ``width`` characters each side."""
    word = term.replace("+", "")
    at = text.find(word)
    if at < 0:
        return text[: 2 * width]
    start, end = max(0, at - width), min(len(text), at + len(word) + width)
    return (
        ("…" if start else "")
        + text[start:at]
        + f"[{word}]"
        + text[at + len(word) : end]
        + ("…" if end < len(text) else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder with articles and manifest.csv (file, label)")
    parser.add_argument("--labels", default="EF", help="rule labels of the sentences kept (default EF)")
    parser.add_argument("--spread-by", choices=("author", "outlet"), default="author")
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="only manifest rows with this value",
    )
    parser.add_argument("--top", type=int, default=100, help="candidates printed")
    parser.add_argument("--examples", type=int, default=2, help="contexts printed per candidate")
    parser.add_argument("--prior", type=float, default=1000.0, help="α₀, the prior's weight")
    parser.add_argument("--min-docs", type=int, default=8)
    parser.add_argument("--min-groups", type=int, default=5)
    parser.add_argument("--max-share", type=float, default=0.4)
    parser.add_argument("--min-z", type=float, default=2.0, help="the smallest z-score listed")
    parser.add_argument("--no-bigrams", action="store_true")
    parser.add_argument("--new-only", action="store_true", help="leave out words a lexicon already has")
    args = parser.parse_args(argv)
    lexicons = load_lexicons()
    where = dict(w.partition("=")[::2] for w in args.where)
    sentences = kept_sentences(
        args.folder,
        lexicons,
        segmenter_for(lexicons),
        labels=args.labels,
        spread_by=args.spread_by,
        where=where,
    )
    counts = count_terms(sentences, bigrams=not args.no_bigrams, examples=args.examples)
    known = known_words(lexicons)
    print(f"# sentences' terms: opinion {counts.totals['opinion']}, news {counts.totals['news']}")
    print("rank\tterm\tz\tdelta\top_sent\tnews_sent\top_docs\tnews_docs\twriters\ttop_share\tknown")
    shown = 0
    limits = {"min_docs": args.min_docs, "min_groups": args.min_groups, "max_share": args.max_share}
    for c in rank(counts, prior=args.prior, min_z=args.min_z, **limits):
        is_known = c.term.replace("+", "") in known
        if args.new_only and is_known:
            continue
        shown += 1
        print(
            f"{shown}\t{c.term}\t{c.z:.2f}\t{c.delta:.2f}\t{c.opinion_sentences}\t{c.news_sentences}\t"
            f"{c.opinion_docs}\t{c.news_docs}\t{c.groups}\t{c.top_share:.2f}\t{'known' if is_known else ''}"
        )
        for text in c.examples:
            print(f"\t\t{context(text, c.term)}")
        if shown >= args.top:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
