"""The ``/api/`` routers, one per resource."""

from quotegraph.api.routers import articles, graph, search, speakers

__all__ = ["articles", "graph", "search", "speakers"]
