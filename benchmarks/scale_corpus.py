"""Build a scale corpus of N distinct articles from the project's own texts.

The seed texts are the built-in demo corpus and the test fixtures (text the project
wrote; never the shared real corpus). Each generated article draws its paragraphs at
random from the bodies of the seeds written in its script (simplified or traditional, in
the seeds' proportions: an outlet writes in one script; traditional also draws on the
simplified paragraphs converted by OpenCC), each once before any repeats, in a random
order, swaps names for others of the same kind and moves its dates, so the corpus is N
different texts rather than N copies of one (copies, or shuffles of one text, would be
deduplicated at ingest and flatter every figure).

    python benchmarks/scale_corpus.py 10000 /tmp/scale
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from framing.ingest import load_articles
from framing.model import Role

VERSION = 3  # bump when the generated texts change, so a cached corpus is built again
ROOT = Path(__file__).resolve().parent.parent
SEED_FOLDERS = (ROOT / "framing" / "report" / "demo", ROOT / "tests" / "fixtures")

# Names are swapped within a group, so a sentence keeps its shape (a leader stays a leader).
NAME_GROUPS = (
    ("普京", "习近平", "拜登", "泽连斯基", "马克龙", "朔尔茨", "莫迪", "埃尔多安", "卢卡申科", "托卡耶夫"),
    ("王毅", "拉夫罗夫", "布林肯", "秦刚", "乐玉成", "佩斯科夫", "乌沙科夫", "扎哈罗娃"),
    ("莫斯科", "北京", "上海", "圣彼得堡", "喀山", "天津", "阿斯塔纳", "海参崴", "哈尔滨", "明斯克"),
    ("新华社", "塔斯社", "美联社", "路透社", "法新社", "俄新社", "中新社", "共同社"),
)
_NAME_PATTERN = re.compile("|".join(sorted((n for g in NAME_GROUPS for n in g), key=len, reverse=True)))
_GROUP_OF = {name: group for group in NAME_GROUPS for name in group}
_YEAR = re.compile(r"(19|20)\d{2}(?=年)")
_DAY = re.compile(r"\d{1,2}(?=日)")


def seed_bodies() -> list[tuple[str, str, list[str]]]:
    """(title, script, body paragraphs) of every seed article with at least two body paragraphs."""
    paths = [folder for folder in SEED_FOLDERS if folder.is_dir()]
    articles, _ledger = load_articles(paths)
    seeds = []
    for article in articles:
        body = [p.text for p in article.paragraphs if p.role is Role.BODY]
        if len(body) >= 2:
            seeds.append((article.title, article.script, body))
    if not seeds:
        raise SystemExit("no seed articles found under " + ", ".join(map(str, SEED_FOLDERS)))
    return seeds


def paragraph_pools(seeds: list[tuple[str, str, list[str]]]) -> dict[str, list[str]]:
    """Body paragraphs by script. The few traditional seeds are joined by every simplified
    paragraph converted with OpenCC (s2t), so traditional articles vary as much as the rest."""
    import opencc

    pools: dict[str, list[str]] = {}
    for _title, script, body in seeds:
        pools.setdefault(script, []).extend(body)
    to_traditional = opencc.OpenCC("s2t").convert
    pools.setdefault("traditional", []).extend(map(to_traditional, pools.get("simplified", [])))
    return pools


def vary(text: str, rng: random.Random) -> str:
    text = _NAME_PATTERN.sub(lambda m: rng.choice(_GROUP_OF[m.group(0)]), text)
    text = _YEAR.sub(lambda _m: str(rng.randint(2015, 2026)), text)
    return _DAY.sub(lambda _m: str(rng.randint(1, 28)), text)


def build(count: int, out: Path, *, seed: int = 7, target_chars: int = 1_600) -> list[Path]:
    """Write ``count`` articles of about ``target_chars`` characters each (≈ 5 KB of UTF-8)."""
    rng = random.Random(seed)
    seeds = seed_bodies()
    pools = paragraph_pools(seeds)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        title, script, _body = seeds[number % len(seeds)]
        paragraphs: list[str] = []
        order: list[str] = []
        while sum(map(len, paragraphs)) < target_chars:
            if not order:  # each paragraph once before any repeats, as in a real article
                order = rng.sample(pools[script], len(pools[script]))
            paragraphs.append(vary(order.pop(), rng))
        year, month, day = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
        front = {"title": f"{vary(title, rng)}（{number}）", "date": f"{year}-{month:02d}-{day:02d}"}
        header = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items())
        path = out / f"{number:06d}.md"
        path.write_text(header + "---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    files = build(int(sys.argv[1]), Path(sys.argv[2]))
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} articles, {size / 1e6:.1f} MB in {sys.argv[2]}")
