"""``python -m quotegraph``: the command-line interface."""

from quotegraph.cli import main

main()
