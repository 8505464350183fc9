"""The root ``quotegraph`` command; each command group lives in its own module of this package."""

import typer

app = typer.Typer(
    name="quotegraph",
    help="Who said what, about whom, to whom, and when: attributed statements from news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
