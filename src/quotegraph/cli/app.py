"""The root ``quotegraph`` command; each command group lives in its own module of this package."""

from typing import Any

import typer

app = typer.Typer(
    name="quotegraph",
    help="Who said what, about whom, to whom, and when: attributed statements from news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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
