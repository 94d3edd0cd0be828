"""The layout holds: stages import only earlier stages, no import cycle, small modules and functions.

The import graph is read from the source (every ``import`` and ``from … import``, including
those inside functions), so a cycle hidden in a function body counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "framing"

# Lower layers first. A module may import its own layer and the layers before it, never a later one.
LAYERS = (
    ("errors", "safe_text", "paths", "workers", "lexicon"),
    ("model", "output"),
    ("ingest",),
    ("analysis",),
    ("comparison",),
    ("report",),
    ("pipeline",),
    ("evaluate",),
    ("cli", "__main__"),
)
LAYER_OF = {name: rank for rank, names in enumerate(LAYERS) for name in names}

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("framing", *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _module_of(name: str) -> str:
    """The framing module ``name`` refers to (``framing.a.b.func`` → ``framing.a.b``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "framing":
            for alias in node.names:
                found.add(_module_of(f"{node.module}.{alias.name}"))
        elif isinstance(node, ast.Import):
            found.update(_module_of(a.name) for a in node.names if a.name.split(".")[0] == "framing")
    return found - {"framing", ""}


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYER_OF[parts[1]] if len(parts) > 1 else len(LAYERS)


def test_every_top_level_module_has_a_layer():
    unplaced = sorted({m.split(".")[1] for m in MODULES if m != "framing"} - set(LAYER_OF))
    assert not unplaced, f"add these to LAYERS in this test: {unplaced}"


def test_no_stage_imports_a_later_one():
    upward = [
        f"{module} → {target}"
        for module, targets in sorted(GRAPH.items())
        for target in sorted(targets)
        if _layer(target) > _layer(module)
    ]
    assert not upward, "imports against the pipeline's order:\n" + "\n".join(upward)


def test_no_import_cycle():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert not cycles, f"import cycles: {cycles}"


def test_no_module_imports_another_stage_private_name():
    reached = []
    for module, path in MODULES.items():
        stage = module.split(".")[:2]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("framing."):
                if node.module.split(".")[:2] == stage:
                    continue
                reached += [f"{module}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert not reached, "private names used across stages:\n" + "\n".join(reached)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small_and_says_what_it_does(module):
    path = MODULES[module]
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(PACKAGE.parent)}: {lines} lines"
    tree = ast.parse(text)
    if text.strip():
        assert ast.get_docstring(tree), f"{path.relative_to(PACKAGE.parent)}: no module docstring"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{path.relative_to(PACKAGE.parent)}: functions over {MAX_FUNCTION_LINES} lines: {long}"
