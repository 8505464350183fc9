"""Command-line interface: thin commands over the library (``quotegraph --help``)."""

from quotegraph.cli.app import app

# Each module registers its commands on ``app`` when imported.
from quotegraph.cli import extract  # noqa: E402,F401
from quotegraph.cli import bench  # noqa: E402,F401
from quotegraph.cli import evaluate  # noqa: E402,F401
from quotegraph.cli import evaluate_timex  # noqa: E402,F401
from quotegraph.cli import train  # noqa: E402,F401
from quotegraph.cli import corpus  # noqa: E402,F401
from quotegraph.cli import run  # noqa: E402,F401
from quotegraph.cli import serve  # noqa: E402,F401


def main() -> None:
    """Entry point of the ``quotegraph`` console script."""
    app()


__all__ = ["app", "main"]
