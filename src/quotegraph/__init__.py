"""quotegraph: who said what, about whom, to whom, and when."""

__version__ = "0.1.0"
