"""``quotegraph serve``: the JSON API and the web pages over one store."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.errors import QuotegraphError

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="Store: file path, sqlite:///PATH or postgresql://USER@HOST/DB "
                              "(default $QUOTEGRAPH_DB or ./quotegraph.sqlite)."),
]
HostOption = Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it on this machine.")]
PortOption = Annotated[int, typer.Option(help="TCP port.")]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"quotegraph: {message}", err=True)
    return typer.Exit(1)


def _serve(db: str | None, host: str, port: int, workers: int, log_level: str = "info") -> None:
    import uvicorn

    from quotegraph import settings as process_settings
    from quotegraph.server import create_app

    settings = process_settings.current().with_db(db)
    if host not in ("127.0.0.1", "localhost", "::1") and not settings.read_key:
        typer.echo(f"quotegraph: warning: listening on {host} with open reads (set QUOTEGRAPH_READ_KEY to "
                   "require a key)", err=True)
    if not settings.api_key:
        typer.echo("quotegraph: POST /api/articles is disabled until QUOTEGRAPH_API_KEY is set", err=True)
    try:
        if workers > 1:
            # Each worker process reads its settings from the environment it inherits.
            if db:
                os.environ[process_settings.ENV_DB] = db
            from quotegraph.api.workers import serve_workers
            from quotegraph.store import Store

            Store.open(settings.db).close()  # create and migrate once, before the workers race
            typer.echo(f"quotegraph: {workers} processes on http://{host}:{port}/", err=True)
            raise typer.Exit(serve_workers(host, port, workers, log_level))
        else:
            uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, access_log=False)
    except (QuotegraphError, OSError) as err:
        raise _fail(str(err)) from None


@app.command()
def serve(
    db: DbOption = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Server processes (each with its own connection pool).")] = 1,
) -> None:
    """Serve the web pages and the JSON API (/api/, described at /openapi.json) over a store.

    Reads are open unless QUOTEGRAPH_READ_KEY is set; POST /api/articles needs
    QUOTEGRAPH_API_KEY in the X-API-Key header.

    Example: QUOTEGRAPH_API_KEY=s3cret quotegraph serve --db corpus.sqlite --port 8000
    """
    _serve(db, host, port, workers)


# ------------------------------------------------------------------------------ demo
