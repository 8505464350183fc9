"""Command-line interface: thin commands over the library (``quotegraph --help``).

Each module is named after the command it registers on ``app``; :data:`quotegraph.cli.app.COMMANDS`
lists them in the order of ``quotegraph --help``, and a command's module is imported only when
that command runs (or a help page lists it).
"""

from quotegraph.cli.app import app


def main() -> None:
    """Entry point of the ``quotegraph`` console script."""
    app()


__all__ = ["app", "main"]
