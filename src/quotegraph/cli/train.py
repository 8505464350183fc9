"""``quotegraph train``: learn the attribution components that come from an annotated corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quotegraph.cli.app import app
from quotegraph.errors import QuotegraphError

train_app = typer.Typer(help="Learn components from an annotated corpus.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("polnear")
def train_polnear(
    path: Annotated[Path, typer.Argument(help="PolNeAR data folder (holding train/ and dev/).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the learned files.")],
    split: Annotated[str, typer.Option(help="Split to learn from.")] = "train",
    min_count: Annotated[int, typer.Option(help="Drop cue lemmas seen fewer times than this.")] = 2,
) -> None:
    """Learn the cue lexicon (P(cue | lemma, part of speech)) from PolNeAR's gold cues.

    The result holds lemmas and counts only, no corpus text. Use it with
    QUOTEGRAPH_CUE_LEXICON=OUT/cue_lexicon.json; the package ships the one learned from train.

    Example: quotegraph train polnear ../shared/data/polnear --out models/
    """
    from quotegraph.attribution.lexicon import LEXICON_FILE, learn_cue_lexicon, save_lexicon
    from quotegraph.evaluate.polnear import read_polnear
    from quotegraph.nlp import load_pipeline

    try:
        data = read_polnear(path, split)
        pairs = [(a.text, [span for g in a.attributions for span in g.cue]) for a in data.articles]
        lexicon = learn_cue_lexicon(load_pipeline(), pairs, min_count=min_count)
    except QuotegraphError as err:
        typer.echo(f"quotegraph: {err}", err=True)
        raise typer.Exit(1) from None
    out.mkdir(parents=True, exist_ok=True)
    target = out / LEXICON_FILE
    save_lexicon(lexicon, target)
    typer.echo(f"{len(lexicon.cue_counts)} cue lemmas from {len(pairs)} articles → {target}")
