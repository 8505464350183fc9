"""``quotegraph check``: did they say it, in those words, and where did it first appear?"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from quotegraph.cli.app import app
from quotegraph.cli.options import DbOption
from quotegraph.cli.options import open_store as _open
from quotegraph.cli.options import parse_date as _date
from quotegraph.cli.options import print_json as _print_json
from quotegraph.cli.options import run_or_exit as _run

_TITLES = {
    "verbatim": "[bold green]VERBATIM[/]", "altered": "[bold yellow]ALTERED[/]",
    "cut_short": "[bold yellow]CUT SHORT[/]", "someone_else": "[bold yellow]SOMEONE ELSE SAID IT[/]",
    "paraphrase": "[bold cyan]PARAPHRASE ONLY[/]", "not_found": "[bold red]NOT FOUND[/]",
}


@app.command()
def check(
    claim: Annotated[str, typer.Argument(help="The quoted words, as the post or article gives them.")],
    speaker: Annotated[Optional[str], typer.Option(help="Who the claim says said them.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only statements said on or after this day, YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only statements said on or before this day, YYYY-MM-DD.")] = None,
    words_only: Annotated[bool, typer.Option("--words-only", help="Skip meaning-level matching (no embedding model).")] = False,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check a quote against the store: verbatim, altered, cut short, someone else said it,
    paraphrase only or not found, with the closest attested statements and a word diff.
    Writes nothing.

    Example: quotegraph check "the budget will be balanced by spring" --speaker Okafor
    """
    from quotegraph.check.render import diff_segments, rich_markup
    from quotegraph.check.stored import checker_from_store

    since_day, until_day = _date(since, "--since"), _date(until, "--until")
    store = _open(db)
    embedder = None
    if not words_only:
        from quotegraph.check.embed import default_embedder
        from quotegraph.errors import ModelError

        try:
            embedder = default_embedder()
        except ModelError as err:
            typer.echo(f"quotegraph: checking by words only: {err}", err=True)
    checker = _run(lambda: checker_from_store(store, embedder))
    result = checker.check(claim, speaker=speaker, since=since_day, until=until_day)
    if as_json:
        _print_json(result.to_dict())
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    console.print(f"{_TITLES[result.verdict]}  {escape(result.reason)}")
    for n, match in enumerate(result.to_dict()["matches"], 1):
        console.print()
        head = f"{n}. [bold]{escape(match['speaker'] or 'unknown speaker')}[/]"
        if match["said_on"]:
            head += f", said {match['said_on']}"
        head += f" · {match['articles']} article{'s' if match['articles'] != 1 else ''}"
        head += f" · {match['role']}, by {match['method']} ({match['score']:.2f})"
        console.print(head)
        console.print("   " + rich_markup(diff_segments(match)))
        art = match["article"]
        if art:
            where = ", ".join(x for x in (art["title"] or art["id"], art["source"], art["published"]) if x)
            console.print(f"   first: {escape(where)}" + (f" {escape(art['url'])}" if art["url"] else ""))
