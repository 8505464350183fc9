"""Every CLI command documents itself: an ``Example:`` line in its help, and a mention in the README.

The command tree is walked from the root group, so a command added anywhere is checked without
editing this file. Hidden commands (old names kept for a release) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from quotegraph.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every visible command and group below ``command``, with its words after ``quotegraph``."""
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if sub.hidden:
            continue
        yield (*path, name), sub
        yield from _walk(sub, (*path, name))


COMMANDS = dict(_walk(typer.main.get_command(app)))


def test_the_walk_sees_groups_and_their_subcommands() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"extract", "evaluate", "evaluate polnear", "train polnear", "bench pipeline"} <= names
    assert "bench-search" not in names  # hidden old name


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_help_has_an_example(path: tuple[str, ...]) -> None:
    help_text = COMMANDS[path].help or ""
    examples = [line.strip() for line in help_text.splitlines() if line.strip().startswith("Example:")]
    assert examples, f"'quotegraph {' '.join(path)} --help' has no 'Example:' line"
    # the example runs this command (or, for a group, one of its subcommands), maybe after
    # environment settings (``QUOTEGRAPH_API_KEY=… quotegraph serve``)
    runs = [e.split()[e.split().index("quotegraph"):] for e in examples if "quotegraph" in e.split()]
    assert [*path] in [words[1 : len(path) + 1] for words in runs], examples
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "Example:" in result.output


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_readme_shows_the_command(path: tuple[str, ...]) -> None:
    # "quotegraph bench" must not be satisfied by "quotegraph bench-search" alone
    pattern = re.compile(r"quotegraph " + r"\s+".join(map(re.escape, path)) + r"(?![\w-])")
    assert pattern.search(README), f"README.md never shows 'quotegraph {' '.join(path)}'"
