"""``quotegraph train``: learn the attribution components that come from an annotated corpus."""

from __future__ import annotations

import time
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
    tune_split: Annotated[str, typer.Option(help="Split the decision threshold is tuned on ('' for none).")] = "dev",
    min_count: Annotated[int, typer.Option(help="Drop cue lemmas seen fewer times than this.")] = 2,
    c: Annotated[float, typer.Option("--c", help="Inverse L2 regularisation strength.")] = 0.3,
    seed: Annotated[int, typer.Option(help="Seed of the solver.")] = 0,
    limit: Annotated[int | None, typer.Option(help="Learn from the first N articles only.")] = None,
    workers: Annotated[int, typer.Option(help="Parsing processes.")] = 1,
) -> None:
    """Learn the cue lexicon and the attribution model from PolNeAR's gold attributions.

    Writes OUT/cue_lexicon.json (P(cue | lemma, part of speech)) and OUT/attribution_model.json
    (feature weights and threshold). Both hold lemmas, feature names and numbers only, no corpus
    text. Use them with --attribution-model OUT; the package ships the ones learned from train
    (threshold tuned on dev). The same corpus and seed give the same files.

    Example: quotegraph train polnear ../shared/data/polnear --out models/
    """
    from quotegraph.attribution.lexicon import (
        LEXICON_FILE,
        learn_cue_lexicon,
        save_lexicon,
        set_cue_lexicon,
    )
    from quotegraph.attribution.model import save_model
    from quotegraph.attribution.training import doc_examples, train_model
    from quotegraph.clean import find_debris, mask
    from quotegraph.evaluate.polnear import read_polnear
    from quotegraph.nlp import load_pipeline

    started = time.monotonic()

    def say(msg: str) -> None:
        typer.echo(f"[{time.monotonic() - started:6.0f} s] {msg}", err=True)

    try:
        nlp = load_pipeline()
        learn = read_polnear(path, split, limit=limit).articles
        tune = read_polnear(path, tune_split).articles if tune_split else []

        def parse(articles: list) -> list:
            texts = (mask(a.text, find_debris(a.text)) for a in articles)
            return list(nlp.pipe(texts, batch_size=16, n_process=max(1, workers)))

        docs = parse(learn)
        say(f"parsed {len(docs)} {split} articles")
        lexicon = learn_cue_lexicon(
            ((d, [span for g in a.attributions for span in g.cue]) for d, a in zip(docs, learn, strict=True)),
            min_count=min_count,
        )
        set_cue_lexicon(lexicon)  # the model's features must see the lexicon it ships with
        examples = [doc_examples(d, [(g.content, g.source) for g in a.attributions])
                    for d, a in zip(docs, learn, strict=True)]
        tune_examples = [doc_examples(d, [(g.content, g.source) for g in a.attributions])
                         for d, a in zip(parse(tune), tune, strict=True)] if tune else []
        say(f"{sum(len(e.labels) for e in examples)} candidates; parsed {len(tune_examples)} tuning articles")
        model = train_model(examples, tune_examples, c=c, seed=seed, progress=say)
    except (QuotegraphError, ValueError) as err:
        typer.echo(f"quotegraph: {err}", err=True)
        raise typer.Exit(1) from None
    finally:
        set_cue_lexicon(None)
    model.meta.update({"corpus": "PolNeAR", "split": split, "tune_split": tune_split or None})
    out.mkdir(parents=True, exist_ok=True)
    save_lexicon(lexicon, out / LEXICON_FILE)
    target = save_model(model, out)
    typer.echo(f"{len(lexicon.cue_counts)} cue lemmas, {len(model.weights)} feature weights, "
               f"threshold {model.threshold:.2f} from {len(docs)} articles → {out / LEXICON_FILE}, {target}")
