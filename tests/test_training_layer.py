"""Training sits below evaluation: it, and what it shares with evaluation, never import it."""

from __future__ import annotations

import ast
from pathlib import Path

import quotegraph

PACKAGE = Path(quotegraph.__file__).parent
BELOW_EVALUATION = ("training", "scoring", "corpora")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside functions."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
    return out


def test_training_and_what_it_shares_do_not_import_evaluate() -> None:
    files = [f for pkg in BELOW_EVALUATION for f in sorted((PACKAGE / pkg).rglob("*.py"))]
    assert len(files) >= 3
    offending = {
        str(f.relative_to(PACKAGE)): sorted(m for m in _imports(f) if m.split(".")[:2] in (
            ["quotegraph", "evaluate"], ["quotegraph", "cli"], ["quotegraph", "bench"]))
        for f in files
    }
    assert {k: v for k, v in offending.items() if v} == {}


def test_evaluation_scores_with_the_shared_matching() -> None:
    from quotegraph.evaluate import metrics
    from quotegraph.scoring import spans

    assert metrics.Tokens is spans.Tokens
    assert metrics.match_sets is spans.match_sets


def test_the_attribution_package_does_not_import_training() -> None:
    files = sorted((PACKAGE / "attribution").rglob("*.py"))
    assert not [str(f) for f in files if any(m.startswith("quotegraph.training") for m in _imports(f))]
