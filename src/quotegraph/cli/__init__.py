"""Command-line interface: thin commands over the library (``quotegraph --help``).

Each module is named after the command it registers on ``app``; the import order below is the
order of ``quotegraph --help``.
"""
# isort: skip_file

from quotegraph.cli.app import app
from quotegraph.cli import extract, ingest, search, check, embed, speakers, show, export  # noqa: F401
from quotegraph.cli import reprocess, delete  # noqa: F401
from quotegraph.cli import serve, demo, run, load, evaluate, train, bench  # noqa: F401
from quotegraph.cli import evaluate_gold, train_speakers  # noqa: F401


def main() -> None:
    """Entry point of the ``quotegraph`` console script."""
    app()


__all__ = ["app", "main"]
