"""The root ``quotegraph`` command; each command group lives in its own module of this package.

Commands are registered lazily: a command's module (and everything it imports) is imported only
when that command runs or a help page lists it, so that ``quotegraph search`` does not pay for
the imports of ``evaluate``, ``bench`` or ``train``. :data:`COMMANDS` names, in the order of
``quotegraph --help``, every top-level command and the modules that register it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

#: Every top-level command (hidden old names too) → the modules of this package that register
#: it on ``app``, in the order of ``quotegraph --help``: plain commands first, then the groups,
#: as typer lists them. A new command module must be named here (tests/test_cli_startup.py checks).
COMMANDS: dict[str, tuple[str, ...]] = {
    "extract": ("extract",),
    "ingest": ("ingest",),
    "search": ("search",),
    "check": ("check",),
    "embed": ("embed",),
    "speakers": ("speakers",),
    "show": ("show",),
    "export": ("export",),
    "reprocess": ("reprocess",),
    "delete": ("delete",),
    "serve": ("serve",),
    "demo": ("demo",),
    "run": ("run",),
    "load": ("load",),
    "bench-search": ("bench",),
    "bench-web": ("bench",),
    "bench-runner": ("bench",),
    "evaluate": ("evaluate", "evaluate_gold"),
    "train": ("train", "train_speakers"),
    "bench": ("bench",),
}


def _modules(name: str) -> list[str]:
    return [f"{__package__}.{module}" for module in COMMANDS.get(name, ())]


def _click_commands(names: Iterable[str]) -> dict[str, Any]:
    """The click commands of ``names`` among those registered on ``app`` so far (as typer would
    build them for the whole app, but only these)."""
    wanted = set(names)
    out: dict[str, Any] = {}
    for info in app.registered_commands:
        name = info.name or typer.main.get_command_name(info.callback.__name__)  # type: ignore[union-attr]
        if name in wanted:
            out[name] = typer.main.get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
            )
    for group in app.registered_groups:
        if group.name in wanted:
            out[group.name] = typer.main.get_group_from_info(
                group, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )  # fmt: skip
    return out


class _LazyCommands(MutableMapping[str, Any]):
    """The root group's commands: every name of :data:`COMMANDS` is listed, but a command is
    built, and its modules imported, only when it is looked up."""

    def __init__(self, built: MutableMapping[str, Any]) -> None:
        self._built = dict(built)

    def __getitem__(self, name: str) -> Any:
        modules = _modules(name)
        # A command built before all its modules were imported (a group that another module
        # extends, e.g. ``evaluate gold``) is built again once they are.
        if name not in self._built or any(m not in sys.modules for m in modules):
            for module in modules:
                importlib.import_module(module)
            self._built.update(_click_commands([name]))
        return self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._built

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self._built.keys())

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]


class _LazyGroup(TyperGroup):
    """The root group, whose commands are :class:`_LazyCommands`."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.commands = _LazyCommands(self.commands)


def _root() -> None:
    # typer builds a group (rather than failing) for an app with a callback even before any
    # command is registered; the help text is app's own.
    pass


app = typer.Typer(
    name="quotegraph",
    help="Who said what, about whom, to whom, and when: attributed statements from news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_LazyGroup,
    callback=_root,
)


def add_group(name: str, help_text: str, **settings: Any) -> typer.Typer:
    """A command group ``quotegraph NAME …``, registered on ``app``; bare ``NAME`` shows its help.

    Args:
        name: the group's command name.
        help_text: its help text (with an ``Example:`` line, as every command's).
        settings: further ``typer.Typer`` settings (e.g. ``cls``).
    """
    group = typer.Typer(name=name, help=help_text, no_args_is_help=True, **settings)
    app.add_typer(group, name=name)
    return group
