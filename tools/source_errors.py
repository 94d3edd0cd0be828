"""Print the cited-source errors of the rules on labelled articles, by outlet and by category.

    PYTHONPATH=. .venv/bin/python tools/source_errors.py                 # outlets A–M of gold_train
    PYTHONPATH=. .venv/bin/python tools/source_errors.py --outlets N-Z --summary
    PYTHONPATH=. .venv/bin/python tools/source_errors.py --gold ../shared/eval/gold_dev.json

Sources are matched as ``framing.evaluate.scoring`` matches them (a predicted name whose
match key equals, contains or is contained in a labelled one). Each error is put in one
rough category, so a rule change can be judged by which kind of error it removes:

- false positives: ``unlabelled`` (cited only in sentences outside the labelled part of
  a partly labelled file: the scorer counts them, no rule can avoid them), ``time`` (a
  span holding a time word), ``document`` (a document or event noun), ``pronoun`` (a
  pronoun plus more), ``duplicate`` (a second spelling of a source already matched),
  ``other``;
- false negatives: ``unresolved`` (no predicted source in the sentences naming it),
  ``group`` (a list or organisation), ``other``;
- kind errors: ``place`` (a place or party speaking for a government), ``other``.

With ``--summary`` only the counts are printed (for outlets whose errors you do not read).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from framing.evaluate import load_gold
from framing.evaluate.crossval import LabelledFile
from framing.evaluate.gold import match_key
from framing.evaluate.runner import analyse_labelled

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_TIME = re.compile(r"[日月年天晚早午时周]|星期|当天|期间|之际|今|昨|明")
_DOCUMENT = re.compile(r"(?:声明|报告|政策|文件|会晤|会议|会谈|讲话|简讯|开场|协议|条约)$")
_PRONOUN = re.compile(r"^(?:他|她|其|他们|她们)")
_GROUP = re.compile(r"[、和与及]|(?:部|局|院|会|所|组织|机构|中心|委员会|政府|军|团|社|台|党)$")
_PLACE_KIND = re.compile(
    r"^(?:中国|美国|俄罗斯|俄国|日本|韩国|朝鲜|乌克兰|台湾|欧盟|北京|莫斯科|华盛顿|基辅|东京|首尔|平壤)$|方$"
)


def _in_outlets(outlet: str, spec: str) -> bool:
    first = outlet[:1].upper()
    if "-" in spec:
        low, high = spec.upper().split("-", 1)
        return low <= first <= high
    return outlet.startswith(spec)


def _predicted(f: LabelledFile) -> tuple[dict[str, tuple[str, str, str]], set[str]]:
    """The tool's sources by match key, as (name, kind, the sentences citing it), and the keys
    cited only in sentences the labels do not cover."""
    predicted: dict[str, tuple[str, str, str]] = {}
    unlabelled: set[str] = set()
    covered = {i for i in f.matches() if i is not None}
    offset = 0
    for a in f.analyses:
        for s in a.sources:
            where = " | ".join(a.sentences[i].text[:80] for i in s.sentence_indices[:2])
            key = match_key(s.name)
            predicted.setdefault(key, (s.name, s.kind.value, where))
            if not any(offset + i in covered for i in s.sentence_indices):
                unlabelled.add(key)
        offset += len(a.sentences)
    return predicted, unlabelled


def _fp_category(key: str, name: str, gold_keys: list[str], unlabelled: set[str]) -> str:
    if any(gk and (gk in key or key in gk) for gk in gold_keys):
        return "duplicate"
    if key in unlabelled:
        return "unlabelled"
    for category, regex in (("pronoun", _PRONOUN), ("time", _TIME), ("document", _DOCUMENT)):
        if regex.search(name):
            return category
    return "other"


def _errors(f: LabelledFile) -> tuple[list, list, list, int]:
    """(false positives, false negatives, kind errors, true positives) of one labelled file,
    matched as the scorer matches them (each labelled source, in order, takes the first
    unmatched predicted one equal to, inside or holding it)."""
    predicted, unlabelled = _predicted(f)
    texts = [s.text for s in f.sentences]
    matched: set[str] = set()
    fps, fns, kinds, tp = [], [], [], 0
    for g in f.gold.sources:
        gk = match_key(g.name)
        hit = next((pk for pk in predicted if pk not in matched and pk and (pk in gk or gk in pk)), None)
        if hit is None:
            naming = " | ".join([t[:80] for t in texts if g.name[-2:] in t][:2])
            fns.append(("group" if _GROUP.search(g.name) else "unresolved", g.name, g.kind, naming))
            continue
        matched.add(hit)
        tp += 1
        name, kind, where = predicted[hit]
        if kind != g.kind:
            category = "place" if _PLACE_KIND.search(g.name) and g.kind == "official" else "other"
            kinds.append((category, f"{name} ({kind}, gold {g.name} {g.kind})", where))
    gold_keys = [match_key(g.name) for g in f.gold.sources]
    for key, (name, kind, where) in predicted.items():
        if key not in matched and key:
            fps.append((_fp_category(key, name, gold_keys, unlabelled), f"{name} ({kind})", where))
    return fps, fns, kinds, tp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", default=str(SHARED / "eval" / "gold_train.json"))
    parser.add_argument("--outlets", default="A-M", help="first-letter range (A-M) or an outlet prefix")
    parser.add_argument("--summary", action="store_true", help="counts only, no individual errors")
    parser.add_argument(
        "paths", nargs="*", default=[str(SHARED / "corpus" / "real"), str(SHARED / "corpus" / "seeds")]
    )
    args = parser.parse_args(argv)
    gold = [g for g in load_gold(args.gold) if _in_outlets(g.outlet or "unknown", args.outlets)]
    files = analyse_labelled(gold, args.paths, use_model=False)
    totals: Counter[str] = Counter()
    tp_all = fp_all = fn_all = kind_bad = 0
    for f in sorted(files, key=lambda f: (f.gold.outlet, f.gold.file)):
        fps, fns, kinds, tp = _errors(f)
        tp_all, fp_all, fn_all, kind_bad = (
            tp_all + tp,
            fp_all + len(fps),
            fn_all + len(fns),
            kind_bad + len(kinds),
        )
        totals.update(f"FP {c}" for c, *_ in fps)
        totals.update(f"FN {c}" for c, *_ in fns)
        totals.update(f"kind {c}" for c, *_ in kinds)
        if args.summary or not (fps or fns or kinds):
            continue
        print(f"== {f.gold.outlet} {f.gold.file}: {tp} found")
        for category, what, where in fps:
            print(f"  FP {category:<10} {what}    ← {where}")
        for category, name, kind, where in fns:
            print(f"  FN {category:<10} {name} ({kind})    ← {where}")
        for category, what, where in kinds:
            print(f"  KIND {category:<8} {what}    ← {where}")
    print()
    for key, n in sorted(totals.items()):
        print(f"{key:<16}{n:>4}")
    f1 = 2 * tp_all / (2 * tp_all + fp_all + fn_all) if tp_all else 0.0
    kind = (tp_all - kind_bad) / tp_all if tp_all else 0.0
    print(
        f"{len(files)} files: {tp_all} found, {fp_all} FP, {fn_all} FN; sources F1 {f1:.3f}, kind {kind:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
