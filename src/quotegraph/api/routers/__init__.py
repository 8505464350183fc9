"""The ``/api/`` routers, one per resource."""

from quotegraph.api.routers import articles, check, graph, search, speakers, variants

#: Every router, in the order the OpenAPI document lists them.
ROUTERS = (search.router, check.router, variants.router, speakers.router, articles.router, graph.router)

__all__ = ["ROUTERS", "articles", "check", "graph", "search", "speakers", "variants"]
