"""The package's import graph: data flows one way, and no module imports a layer above its own.

Layers, lowest first (a module may import its own layer and the ones before it). Imports inside
functions count too; only ``if TYPE_CHECKING:`` blocks are left out, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "quotegraph"

# Each entry is one layer: the top-level modules or packages of ``quotegraph`` in it.
LAYERS: list[set[str]] = [
    {"errors", "models", "contract", "settings", "name_words", "intervals"},
    {"ingest", "clean", "scoring", "corpora"},
    {"nlp"},
    {"attribution"},
    {"speakers"},
    {"timing"},
    {"components"},  # the spaCy factory that runs the stages above in order
    {"pipeline", "__init__"},
    {"store"},
    {"search"},
    {"check"},
    {"runners"},
    {"training"},
    {"evaluate"},
    {"bench"},
    {"views"},
    {"api", "web"},
    {"server"},
    {"cli", "__main__"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _part(module: str) -> str:
    """The top-level part of ``quotegraph.x.y`` (``x``), or ``__init__`` for the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, *, top_level_only: bool, name: str | None = None) -> set[str]:
    """The ``quotegraph`` modules a file imports (resolved relative imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = name or _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt] | list[ast.AST], depth: int) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node):
                visit(node.orelse, depth)
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "quotegraph")
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                if module.split(".")[0] == "quotegraph":
                    submodules = {f"{module}.{a.name}" for a in node.names if _exists(f"{module}.{a.name}")}
                    found.update(submodules)
                    if len(submodules) < len(node.names):  # names defined by the module itself
                        found.add(module)
            is_scope = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if top_level_only and is_scope:
                continue
            visit(list(ast.iter_child_nodes(node)), depth + is_scope)

    visit(tree.body, 0)
    return found


def _with_packages(modules: set[str]) -> set[str]:
    """``modules`` and every package above each of them, below ``quotegraph`` itself."""
    out = set()
    for module in modules:
        parts = module.split(".")
        out.update(".".join(parts[:i]) for i in range(2, len(parts) + 1))
    return out


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


FILES = sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def test_architecture_every_part_has_a_layer() -> None:
    parts = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in FILES}
    assert parts - set(RANK) == set(), "add new top-level modules to LAYERS"


def test_architecture_no_module_imports_a_layer_above_its_own() -> None:
    wrong = []
    for path in FILES:
        here = _part(_module_name(path))
        for module in _imports(path, top_level_only=False):
            there = _part(module)
            if RANK[there] > RANK[here]:
                wrong.append(f"{_module_name(path)} imports {module}")
    assert wrong == []


@pytest.mark.parametrize("below, above", [("store", "search"), ("api", "web"), ("web", "api"),
                                          ("training", "evaluate")])
def test_architecture_independent_parts_do_not_import_each_other(below: str, above: str) -> None:
    wrong = [f"{_module_name(p)} imports {m}" for p in FILES if _part(_module_name(p)) == below
             for m in _imports(p, top_level_only=False) if _part(m) == above]
    assert wrong == []


def test_architecture_no_import_cycle() -> None:
    # An edge from a module to a package above it (``quotegraph.store.writer`` importing
    # ``quotegraph.store``) is how packages share names; cycles among modules are what hurt.
    # Importing ``a.b.c`` runs ``a.b``'s ``__init__`` first, so the packages above count too.
    graph = {name: {m for m in _with_packages(_imports(p, top_level_only=True))
                    if not (name + ".").startswith(m + ".")}
             for p in FILES for name in [_module_name(p)]}
    # Tarjan's strongly connected components over module-level imports.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            connect(node)
    assert cycles == []


def test_architecture_check_sees_imports_inside_functions_and_not_type_checking(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import tables\n"
        "if TYPE_CHECKING:\n    from quotegraph.cli import app\n"
        "def later():\n    from quotegraph.server import create_app\n",
        encoding="utf-8",
    )
    everywhere = _imports(module, top_level_only=False, name="quotegraph.store.probe")
    assert "quotegraph.server" in everywhere and "quotegraph.store.tables" in everywhere
    assert not any(m.startswith("quotegraph.cli") for m in everywhere)
    assert "quotegraph.server" not in _imports(module, top_level_only=True, name="quotegraph.store.probe")
