"""``quotegraph train speakers``: learn the speaker stage's referent ranker.

Registers on the ``train`` group of :mod:`quotegraph.cli.train`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from quotegraph.cli.train import train_app
from quotegraph.errors import QuotegraphError


# hidden until README.md shows it (the lead merges the README; tests/test_docs.py asks every
# shown command to appear there)
@train_app.command("speakers")
def train_speakers(
    path: Annotated[Path, typer.Argument(help="PolNeAR data folder (holding train/).")],
    gold: Annotated[Path, typer.Option(help="PolNeAR speaker gold to learn from (the project's train gold).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder (or .json file) for referent_model.json.")],
    statements: Annotated[list[Path] | None, typer.Option(
        "--statements", help="Further gold files in the meantime_attr format (news2019_attr).")] = None,
    folds: Annotated[int, typer.Option(min=0, help="Report K-fold article CV first (0: none).")] = 5,
    # training.speakers.L2, written out: importing it would load spaCy at every CLI start
    l2: Annotated[float, typer.Option(help="L2 penalty on the weights.")] = 12.0,
    cache: Annotated[Path | None, typer.Option(help="Folder to keep parsed articles in between runs.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the CV figures as JSON here.")] = None,
) -> None:
    """Learn the referent ranker (speakers/data/referent_model.json) from speaker gold.

    With --folds K (default 5) the cross-validated figures are reported first: each corpus'
    articles dealt into K folds, each fold scored by a ranker trained on the others. The model
    written is then trained on everything given.

    Example: quotegraph train speakers ../shared/data/polnear --gold
    data/speakers/polnear_train_speakers.jsonl --statements
    ../shared/data/news2019_attr/news2019_attr.jsonl --statements
    ../shared/data/meantime_attr/meantime_attr_dev.jsonl --out models/
    (the shipped ranker's command: each corpus is then reported by its held folds only)
    """
    from quotegraph.evaluate.speakers import ranker_cross_validation, ranker_examples, referent_training_sets
    from quotegraph.speakers.ranker import save_model
    from quotegraph.training.speakers import fit_ranker

    started = time.monotonic()

    def say(msg: str) -> None:
        typer.echo(f"[{time.monotonic() - started:6.0f} s] {msg}", err=True)

    try:
        sets = referent_training_sets(path, gold, statements or [], cache_dir=cache, progress=say)
        if folds:
            cv = ranker_cross_validation(sets, folds, l2=l2)
            for name, fig in cv.items():
                kinds = ", ".join(f"{k} {v:.1f}" for k, v in fig["ranker"]["by_kind"].items())
                typer.echo(f"{name}: {fig['statements']} statements, {folds}-fold CV speaker accuracy "
                           f"ranker {fig['ranker']['accuracy']:.1f} ({kinds}); rules "
                           f"{fig['rules']['accuracy']:.1f}")
            if json_out is not None:
                json_out.write_text(json.dumps(cv, indent=1) + "\n", encoding="utf-8")
        examples = [e for s in sets.values() for ex in ranker_examples(s["docs"], s["pairs"]).values()
                    for e in ex]
        model = fit_ranker(examples, l2=l2)
    except (QuotegraphError, ValueError) as err:
        typer.echo(f"quotegraph: {err}", err=True)
        raise typer.Exit(1) from None
    model.meta["corpora"] = sorted(sets)
    written = save_model(model, out)
    typer.echo(f"{len(model.weights)} feature weights from {model.meta['statements']} statements → {written}")
