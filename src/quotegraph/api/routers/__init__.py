"""The ``/api/`` routers, one per resource."""

from quotegraph.api.routers import articles, graph, search, speakers

#: Every router, in the order the OpenAPI document lists them.
ROUTERS = (search.router, speakers.router, articles.router, graph.router)

__all__ = ["ROUTERS", "articles", "graph", "search", "speakers"]
