"""The read-only commands start with what they need and no more: `quotegraph search`, `speakers`
and `show` on a store must not import spaCy (or what it pulls in), which costs most of a second,
nor the modules of the other commands (evaluate, bench, train, …: registered lazily, see
``quotegraph.cli.app.COMMANDS``), nor the store's writer and the speaker name lists."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import quotegraph.cli
from conftest import make_result, person
from quotegraph.cli import app
from quotegraph.cli.app import COMMANDS
from quotegraph.store import Store

#: pydantic too: typer 0.29 coerces every option through it (a fifth of a read's start-up), so the
#: project pins typer 0.28, whose vendored click coerces without it.
HEAVY = ("spacy", "thinc", "ray", "fastapi", "torch", "onnxruntime", "pydantic")

#: Modules a read command must leave alone: other commands' and the layers only they use.
LAZY = ("quotegraph.evaluate", "quotegraph.bench", "quotegraph.training", "quotegraph.runners",
        "quotegraph.check", "quotegraph.speakers", "quotegraph.pipeline", "quotegraph.ingest",
        "quotegraph.store.writer", "quotegraph.store.upkeep", "quotegraph.store.dedup")  # fmt: skip

PROBE = """
import json, sys
from typer.testing import CliRunner
from quotegraph.cli import app
result = CliRunner().invoke(app, sys.argv[1:], env={"COLUMNS": "200"})
print(json.dumps({"exit": result.exit_code, "output": result.output, "modules": sorted(sys.modules)}))
"""


def _probe(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                          check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _unwanted(modules: list[str], command: str) -> list[str]:
    """The modules of ``modules`` that running ``command`` should not have imported."""
    own = {f"quotegraph.cli.{m}" for m in COMMANDS[command]} | {"quotegraph.cli.app", "quotegraph.cli.options"}
    return [m for m in modules
            if m.split(".")[0] in HEAVY
            or (m.startswith("quotegraph.cli.") and m not in own)
            or any(m == lazy or m.startswith(lazy + ".") for lazy in LAZY)]  # fmt: skip


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one invented article with one quote."""
    db = tmp_path_factory.mktemp("startup") / "small.sqlite"
    mayor = person("e1", "Ada Brandt", roles=["mayor"])
    text = "“The budget is balanced,” Ada Brandt said on Monday."
    with Store.open(db) as store:
        store.add(make_result("budget-story", text, [("The budget is balanced,", mayor)], [mayor]))
    return db


def _article_id(db: Path) -> str:
    with Store.open(db) as store:
        return store.search("budget").hits[0].article_id


@pytest.mark.parametrize("command", [["search", "budget"], ["speakers"], ["show", "1"]])
def test_read_commands_do_not_load_the_nlp_stack(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "small.sqlite"
    Store.open(db).close()
    probe = _probe(*command, "--db", str(db))
    assert [m for m in probe["modules"] if m.split(".")[0] in HEAVY] == [], probe
    # the command ran (an empty store answers; `show` of a missing id is a clear error)
    assert probe["exit"] in (0, 1) and probe["output"].strip(), probe


@pytest.mark.parametrize("command", ["search", "speakers", "show"])
@pytest.mark.parametrize("output_format", ["table", "json"])
def test_read_commands_import_only_their_own_module(small_store: Path, command: str, output_format: str) -> None:
    args = {"search": ["search", "budget"], "speakers": ["speakers"], "show": ["show", _article_id(small_store)]}
    probe = _probe(*args[command], "--db", str(small_store), "--format", output_format)
    assert probe["exit"] == 0, probe
    assert "Brandt" in probe["output"]  # it answered from the store
    assert f"quotegraph.cli.{command}" in probe["modules"]
    assert _unwanted(probe["modules"], command) == []


def test_every_command_module_is_named_in_the_registry() -> None:
    """A command module missing from ``COMMANDS`` would never be imported: its command would
    silently vanish from the CLI. Each registered command is named, with its own module."""
    modules = [m.name for m in pkgutil.iter_modules(quotegraph.cli.__path__) if m.name not in ("app", "options")]
    for name in modules:
        importlib.import_module(f"quotegraph.cli.{name}")
    registered: dict[str, set[str]] = {}
    for info in app.registered_commands:
        name = info.name or info.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
        registered.setdefault(name, set()).add(info.callback.__module__.rsplit(".", 1)[1])  # type: ignore[union-attr]
    for group in app.registered_groups:
        typer_app = group.typer_instance
        assert typer_app is not None and group.name is not None
        for info in typer_app.registered_commands:
            registered.setdefault(group.name, set()).add(info.callback.__module__.rsplit(".", 1)[1])  # type: ignore[union-attr]
    assert set(registered) == set(COMMANDS)
    for name, owners in registered.items():
        assert owners <= set(COMMANDS[name]), (name, owners)
    assert {m for ms in COMMANDS.values() for m in ms} == set(modules)


def test_help_lists_every_command_in_the_registry_order() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    listed = [line.split()[1] for line in result.output.splitlines()
              if line.startswith("│ ") and len(line.split()) > 2 and line.split()[1] in COMMANDS]  # fmt: skip
    hidden = {"bench-search", "bench-web", "bench-runner"}
    assert listed == [name for name in COMMANDS if name not in hidden]
    # each with its help text (the first line of its docstring or group help)
    assert "Search stored statements by text" in result.output
    assert "Score quotegraph against annotated corpora" in result.output


def test_a_mistyped_command_still_gets_suggestions() -> None:
    result = CliRunner().invoke(app, ["serch"])
    assert result.exit_code != 0
    assert "No such command 'serch'" in result.output and "'search'" in result.output


def test_a_group_extended_by_another_module_lists_all_its_commands() -> None:
    # `evaluate gold` lives in evaluate_gold.py, `train speakers` in train_speakers.py
    for group, sub in (("evaluate", "gold"), ("train", "speakers")):
        result = CliRunner().invoke(app, [group, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0 and f" {sub} " in result.output, result.output
