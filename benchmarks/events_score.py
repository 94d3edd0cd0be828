"""Score the automatic event grouping against the hand grouping of the shared corpus.

    python benchmarks/events_score.py                  # ../shared/corpus/real
    python benchmarks/events_score.py --larger         # also the seeds, and the weak set as distractors

The grouping is unaided: the files are read as a user would read them, without the
manifest (so no ``event``, ``date``, ``outlet`` or ``title`` column reaches the articles,
and no ``event:`` field is set in these files). What the grouping sees is what ingest finds
in each file: its text, title, the date the file itself gives (none for the GNews mirror
pages), and the outlet ingest infers from the file and its folder name. File names are
not read for dates. Only the scoring reads the manifest's ``event`` column.

Figures, each for the pairs of items (two items of one hand event should share an
automatic event, two of different ones should not; an ungrouped item shares nothing):

- files: one item per file of the manifest, as the issue counts them. A broadcast digest
  is split into stories at ingest; its file counts as in the automatic event that holds
  most of its grouped stories. A file skipped at ingest, or none of whose stories is
  grouped, is an item of its own.
- stories: one item per ingested article (a digest's stories each inherit the file's hand
  event, though some of them are off that event: read this row as a lower bound).
- pairwise precision, recall, F1, and the adjusted Rand index
  (``sklearn.metrics.adjusted_rand_score``; ungrouped items are singletons).

``--larger`` adds ``../shared/corpus/seeds`` (their events from the corpus README's table)
and the 1,612 Citizen News articles of ``../shared/corpus/weak`` (no event labels: they
take part in the grouping and may pull labelled files apart or together, but only pairs
of labelled files are scored).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

# The seeds' events, from the table of ../shared/corpus/README.md (three are events of real/).
SEED_EVENTS = {
    "000_53d452084e75ae4c.txt": "2022-02-russia-azerbaijan-declaration",
    "001_503239455f3a4a44.txt": "2023-03-xi-moscow",
    "002_62de7b6e55e4a717.txt": "2022-02-putin-beijing-joint-statement",
    "003_2cee1c3ee14bd78d.txt": "2021-12-xi-putin-video-call",
}


@dataclass(frozen=True)
class Scores:
    items: int
    precision: float
    recall: float
    f1: float
    ari: float

    def line(self, name: str) -> str:
        return (
            f"{name:<8} {self.items:>5} items  P {self.precision:.3f}  R {self.recall:.3f}  "
            f"F1 {self.f1:.3f}  ARI {self.ari:.3f}"
        )


def manifest_events(folder: Path) -> dict[str, str]:
    """Resolved file path → the manifest's hand event (the scoring's only use of the manifest)."""
    with (folder / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {str((folder / row["file"]).resolve()): row["event"] for row in csv.DictReader(handle)}


def seed_events(folder: Path) -> dict[str, str]:
    return {str((folder / name).resolve()): event for name, event in SEED_EVENTS.items()}


def file_of(path: str) -> str:
    """The input file of a path (a ledger names a digest story as the file's path + '#n')."""
    return path.split("#", 1)[0]


def pair_scores(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> Scores:
    """Pairwise precision/recall/F1 and adjusted Rand of ``predicted`` against ``gold`` (same keys)."""
    from sklearn.metrics import adjusted_rand_score

    items = sorted(gold)
    both = same_gold = same_pred = 0
    for a, b in combinations(items, 2):
        g = gold[a] == gold[b]
        p = predicted.get(a) is not None and predicted.get(a) == predicted.get(b)
        both += g and p
        same_gold += g
        same_pred += p
    precision = both / same_pred if same_pred else 1.0
    recall = both / same_gold if same_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    labels = [predicted.get(i) or f"alone:{i}" for i in items]
    return Scores(len(items), precision, recall, f1, adjusted_rand_score([gold[i] for i in items], labels))


def file_events(event_of: Mapping[str, str], analyses) -> dict[str, str]:
    """Each file's automatic event: the one holding most of its grouped stories (ties: the
    first by event id); files none of whose stories is grouped are left out."""
    stories: dict[str, list[str]] = defaultdict(list)
    for analysis in analyses:
        event = event_of.get(analysis.article.id)
        if event is not None:
            stories[file_of(analysis.article.path)].append(event)
    chosen = {}
    for file, events in stories.items():
        counts = Counter(events)
        chosen[file] = min(counts, key=lambda e: (-counts[e], e))
    return chosen


def outlets_found(gold: Mapping[str, str], predicted: Mapping[str, str | None], outlet: Mapping[str, str]):
    """Per hand event: its outlets, and those of its files in the automatic event that holds most of them."""
    rows = []
    for event in sorted(set(gold.values())):
        files = [f for f in gold if gold[f] == event]
        automatic = Counter(predicted[f] for f in files if predicted.get(f))
        best = min(automatic, key=lambda e: (-automatic[e], e)) if automatic else None
        every = sorted({outlet.get(f, "(skipped)") for f in files})
        found = sorted({outlet[f] for f in files if best and predicted.get(f) == best and f in outlet})
        rows.append((event, len(files), every, found, best))
    return rows


def analyse(paths: list[Path], jobs: int, cache: bool):
    from framing.ingest import IngestOptions
    from framing.paths import default_cache_dir
    from framing.pipeline.run import RunOptions, run

    options = RunOptions(IngestOptions(), jobs=jobs, cache_dir=default_cache_dir() if cache else None)
    return run(paths, options).analysis.articles


def report(name: str, gold: dict[str, str], analyses, grouping) -> None:
    event_of = grouping.event_of()
    labelled = [a for a in analyses if file_of(a.article.path) in gold]
    story_gold = {a.article.id: gold[file_of(a.article.path)] for a in labelled}
    predicted = file_events(event_of, labelled)
    files = pair_scores(gold, predicted)
    stories = pair_scores(story_gold, event_of)
    print(f"\n{name}")
    print(files.line("files"))
    print(stories.line("stories"))
    outlet = {file_of(a.article.path): a.article.outlet for a in labelled}
    names = {e.id: e.name for e in grouping.events}
    print("hand event                                files  outlets found / outlets")
    for event, count, every, found, best in outlets_found(gold, predicted, outlet):
        print(f"  {event:<40} {count:>4}  {len(found)}/{len(every)}  {', '.join(found) or '-'}")
        print(f"  {'':<40}       as: {names.get(best, '(ungrouped)')}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument(
        "--larger", action="store_true", help="also the seeds, and the weak set as distractors"
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-cache", dest="cache", action="store_false")
    args = parser.parse_args(argv)
    from framing.comparison.events import group_events

    real = args.corpus / "real"
    gold = manifest_events(real)
    paths = [real]
    if args.larger:
        gold |= seed_events(args.corpus / "seeds")
        paths += [args.corpus / "seeds", args.corpus / "weak"]
    analyses = analyse(paths, args.jobs, args.cache)
    import sklearn.feature_extraction.text  # noqa: F401 - imported before the clock starts

    start = time.perf_counter()
    grouping = group_events(analyses)
    seconds = time.perf_counter() - start
    title = "real + seeds, weak as distractors" if args.larger else "real"
    report(f"{title}: {len(analyses)} articles grouped in {seconds:.2f} s", gold, analyses, grouping)


if __name__ == "__main__":
    main()
