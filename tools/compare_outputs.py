"""Whether two checkouts of framing give the same output on the same inputs.

    python tools/compare_outputs.py ../wt-old ../wt-new ../shared/corpus
    python tools/compare_outputs.py OLD NEW INPUT... --jobs 2 --python .venv/bin/python

For each checkout (a folder holding the ``framing`` package), runs with that checkout
first on ``PYTHONPATH``, nothing stored (``--no-cache``) and a cache folder of its own:

- ``framing analyze INPUT... --format jsonl`` (every article's sentences, sources, hits
  and features) and ``--format csv`` (the feature table);
- ``framing report INPUT...``, whose ``tables/*.csv`` are compared.

Prints, for each output, ``identical`` or the first differences (which article and
field, which table line and column), and exits 0 when everything is identical, 1 when
something differs, 2 when a command failed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SHOWN = 10  # differences printed per output


def outputs(checkout: Path, inputs: list[Path], work: Path, python: str, jobs: int) -> dict[str, bytes]:
    """Every output compared, by name, as produced by ``checkout``."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "FRAMING_CACHE_DIR": str(work / "cache")}
    common = ["--no-cache", "--jobs", str(jobs)]
    found: dict[str, bytes] = {}
    for name, form in (("analyze.jsonl", "jsonl"), ("analyze.csv", "csv")):
        out = work / name
        _framing(python, ["analyze", *map(str, inputs), "--format", form, "--out", str(out), *common], env)
        found[name] = out.read_bytes()
    report = work / "report"
    _framing(python, ["report", *map(str, inputs), "--out", str(report), *common], env)
    for table in sorted((report / "tables").glob("*.csv")):
        found[f"tables/{table.name}"] = table.read_bytes()
    return found


def _framing(python: str, arguments: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(
        [python, "-m", "framing", *arguments], env=env, capture_output=True, cwd=env["HOME"]
    )
    if done.returncode != 0:
        print(f"failed: framing {' '.join(arguments)} (PYTHONPATH={env['PYTHONPATH']})", file=sys.stderr)
        print(done.stderr.decode("utf-8", "replace")[-3000:], file=sys.stderr)
        raise SystemExit(2)


def jsonl_differences(old: bytes, new: bytes) -> list[str]:
    """Where two JSONL outputs differ: record by record (by article id), field by field."""
    olds = {r["id"]: r for r in map(json.loads, old.decode("utf-8").splitlines())}
    news = {r["id"]: r for r in map(json.loads, new.decode("utf-8").splitlines())}
    found = [f"article {i} only in the first" for i in olds.keys() - news.keys()]
    found += [f"article {i} only in the second" for i in news.keys() - olds.keys()]
    for article in olds.keys() & news.keys():
        found += [
            f"article {article}: {where}" for where in _value_differences(olds[article], news[article], "")
        ]
    if not found and list(olds) != list(news):
        found.append("the same articles in another order")
    return sorted(found)


def _value_differences(old: object, new: object, where: str) -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        found = [f"{where}.{key}: only in one" for key in old.keys() ^ new.keys()]
        for key in old.keys() & new.keys():
            found += _value_differences(old[key], new[key], f"{where}.{key}")
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in _value_differences(a, b, f"{where}[{i}]")
        ]
    if old != new or type(old) is not type(new):
        return [f"{where}: {_short(old)} → {_short(new)}"]
    return []


def csv_differences(old: bytes, new: bytes) -> list[str]:
    """Where two CSV texts differ: line, column name and both values."""
    olds = list(csv.reader(io.StringIO(old.decode("utf-8-sig"))))
    news = list(csv.reader(io.StringIO(new.decode("utf-8-sig"))))
    header = olds[0] if olds else []
    found = [] if len(olds) == len(news) else [f"{len(olds)} lines against {len(news)}"]
    for number, (a, b) in enumerate(zip(olds, news, strict=False), 1):
        if a == b:
            continue
        if len(a) != len(b):
            found.append(f"line {number}: {len(a)} fields against {len(b)}")
            continue
        for column, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                name = header[column] if column < len(header) else column
                found.append(f"line {number}, {name}: {_short(x)} → {_short(y)}")
    if not found and old != new:
        found.append("the same values written otherwise (quoting, line ends or encoding)")
    return found


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("first", type=Path, help="a checkout (the folder holding the framing package)")
    parser.add_argument("second", type=Path, help="the other checkout")
    parser.add_argument("inputs", type=Path, nargs="+", help="news files or folders")
    parser.add_argument("--python", default=sys.executable, help="the Python with framing's dependencies")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    inputs = [p.resolve() for p in args.inputs]
    with tempfile.TemporaryDirectory(prefix="compare-outputs-") as temporary:
        results = []
        for number, checkout in enumerate((args.first, args.second)):
            work = Path(temporary) / str(number)
            (work / "home").mkdir(parents=True)
            os.environ["HOME"] = str(work / "home")  # no user settings or caches shared between the two
            results.append(outputs(checkout.resolve(), inputs, work, args.python, args.jobs))
    old, new = results
    same = True
    for name in sorted(old.keys() | new.keys()):
        if name not in old or name not in new:
            print(f"{name}: only in the {'second' if name not in old else 'first'}")
            same = False
            continue
        if old[name] == new[name]:
            print(f"{name}: identical ({len(old[name]):,} bytes)")
            continue
        same = False
        found = (
            jsonl_differences(old[name], new[name])
            if name.endswith(".jsonl")
            else csv_differences(old[name], new[name])
        )
        print(f"{name}: {len(found)} difference(s)")
        for line in found[:SHOWN]:
            print(f"  {line}")
    print("identical" if same else "different")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
