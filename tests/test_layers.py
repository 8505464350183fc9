"""Dependencies run one way: store ← search; views ← api, web; server on top. Checked on the
source with ``ast`` (every ``import`` and ``from … import``, inside functions too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import quotegraph

PACKAGE = Path(quotegraph.__file__).parent


def _imports(path: Path) -> set[str]:
    """The quotegraph modules ``path`` imports (``from quotegraph import x`` counts as ``quotegraph.x``)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in out if m == "quotegraph" or m.startswith("quotegraph.")}


def _reaches(module: str, layer: str) -> bool:
    return module == f"quotegraph.{layer}" or module.startswith(f"quotegraph.{layer}.")


def _offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{path.relative_to(PACKAGE)} imports {module}"
            for path in sorted((PACKAGE / package).rglob("*.py"))
            for module in sorted(_imports(path)) if any(_reaches(module, f) for f in forbidden)]


@pytest.mark.parametrize(("package", "forbidden"), [
    ("store", ("search", "api", "web", "views", "server", "cli")),
    ("search", ("api", "web", "views", "server", "cli")),
    ("views", ("api", "web", "server", "cli")),
    ("web", ("api", "server", "cli")),
    ("api", ("web", "server", "cli")),
])
def test_layers_import_only_below_themselves(package: str, forbidden: tuple[str, ...]) -> None:
    assert _offenders(package, forbidden) == []


def test_layers_check_finds_an_upward_import(tmp_path: Path) -> None:
    # The check itself: an import inside a function is found as well as one at the top.
    src = tmp_path / "m.py"
    src.write_text("import os\nfrom quotegraph import search\n\ndef f():\n    from quotegraph.api.deps import x\n")
    found = _imports(src)
    assert {"quotegraph.search", "quotegraph.api.deps"} <= found and "os" not in found
