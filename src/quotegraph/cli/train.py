"""``quotegraph train``: learn the attribution components that come from an annotated corpus."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from quotegraph.cli.app import add_group
from quotegraph.errors import QuotegraphError

train_app = add_group("train", "Learn components from an annotated corpus.\n\n"
                      "Example: quotegraph train polnear ../shared/data/polnear --out models/")


@train_app.command("polnear")
def train_polnear(
    path: Annotated[Path, typer.Argument(help="PolNeAR data folder (holding train/ and dev/).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the learned files.")],
    split: Annotated[str, typer.Option(help="Split to learn from.")] = "train",
    tune_split: Annotated[str, typer.Option(
        help="A split to tune the decision threshold on instead of cross-validation ('' for none: "
             "PolNeAR dev is for checking).")] = "",
    gold: Annotated[list[Path] | None, typer.Option(
        "--gold", help="Further training files in the meantime_attr format (repeat the option).")] = None,
    gold_weight: Annotated[list[float] | None, typer.Option(
        help="Weight of a --gold document against a PolNeAR one: one value for every file, or one per "
             "--gold in the same order (default 3).")] = None,
    folds: Annotated[int, typer.Option(help="Folds of the cross-validation that chooses the threshold (0: none).")] = 5,
    semantic: Annotated[bool, typer.Option(
        "--semantic/--no-semantic", help="Weigh the cue lemma's meaning (MiniLM embeddings, at training only).")] = True,
    min_count: Annotated[int, typer.Option(help="Drop cue lemmas seen fewer times than this.")] = 2,
    c: Annotated[float, typer.Option("--c", help="Inverse L2 regularisation strength.")] = 0.15,  # training.attribution.ATTRIBUTION_C
    seed: Annotated[int, typer.Option(help="Seed of the solver.")] = 0,
    limit: Annotated[int | None, typer.Option(help="Learn from the first N articles only.")] = None,
    workers: Annotated[int, typer.Option(help="Parsing processes.")] = 1,
    cache: Annotated[Path | None, typer.Option(help="Keep parsed documents in this folder for the next run.")] = None,
    threshold_on: Annotated[list[str] | None, typer.Option(
        help="A corpus whose cross-validated figures choose the threshold: polnear or a --gold file's name "
             "without .jsonl (repeat the option; default: all).")] = None,
) -> None:
    """Learn the cue lexicon and the attribution model from PolNeAR's gold attributions.

    Writes OUT/cue_lexicon.json (P(cue | lemma, part of speech)) and OUT/attribution_model.json
    (feature weights, the verbs' semantic weights and the threshold). Both hold lemmas, feature
    names and numbers only, no corpus text. Use them with --attribution-model OUT. The threshold
    comes from --folds cross-validation over all training documents, which also reports each
    corpus's held-out figures (in the model's meta). The same corpus, files and seed give the same
    files. The package ships the model of the second example.

    Example: quotegraph train polnear ../shared/data/polnear --out models/

    Example: quotegraph train polnear ../shared/data/polnear --out models/ --workers 2 --gold ../shared/data/news2019_attr/news2019_attr.jsonl --gold ../shared/data/meantime_attr/meantime_attr_dev.jsonl

    Example (the invented saying-and-doing set weighed apart): quotegraph train polnear ../shared/data/polnear --out models/ --gold ../shared/data/news2019_attr/news2019_attr.jsonl --gold ../shared/data/meantime_attr/meantime_attr_dev.jsonl --gold data/invented/saying_doing.jsonl --gold-weight 3 --gold-weight 3 --gold-weight 1
    """
    from quotegraph.training.polnear import train_polnear as learn

    started = time.monotonic()

    def say(msg: str) -> None:
        typer.echo(f"[{time.monotonic() - started:6.0f} s] {msg}", err=True)

    try:
        trained = learn(path, split=split, tune_split=tune_split, gold=gold or (), gold_weight=gold_weight or 3.0,
                        folds=folds, semantic=semantic, min_count=min_count, c=c, seed=seed,
                        limit=limit, workers=workers, cache=cache, threshold_on=threshold_on or (),
                        progress=say)
    except (QuotegraphError, ValueError) as err:
        typer.echo(f"quotegraph: {err}", err=True)
        raise typer.Exit(1) from None
    lexicon_path, model_path = trained.save(out)
    typer.echo(f"{len(trained.lexicon.cue_counts)} cue lemmas, {len(trained.model.weights)} feature weights, "
               f"threshold {trained.model.threshold:.2f} from {trained.articles} articles → {lexicon_path}, "
               f"{model_path}")


@train_app.command("said-on")
def train_said_on(
    path: Annotated[Path, typer.Argument(help="PolNeAR data folder (holding train/).")],
    gold: Annotated[Path, typer.Option(help="The speaker/said_on gold of PolNeAR articles.")] = Path(
        "data/speakers/polnear_train_speakers.jsonl"),
    split: Annotated[str, typer.Option(help="PolNeAR split of the gold articles.")] = "train",
    extra: Annotated[list[Path] | None, typer.Option(
        help="A gold JSONL in the meantime_attr format to learn from too (repeatable).")] = None,
    folds: Annotated[int | None, typer.Option(min=2, help="Report K-fold article cross-validation of each set.")] = 5,
    c: Annotated[float, typer.Option("--c", help="Inverse L2 regularisation strength.")] = 0.3,
    none_margin: Annotated[float, typer.Option(
        help="Added to the score of no date (fewer false times).")] = 1.0,
    rule_margin: Annotated[float, typer.Option(
        help="Added to the score of the rules' date (keeps more of the rules' dates).")] = 0.0,
    undated_weight: Annotated[float, typer.Option(
        help="Weight of an undated statement in the fit against a dated one's 1 (false dates cost more).")] = 2.0,
    max_false: Annotated[float | None, typer.Option(
        help="With --folds: choose both margins on the held folds of all sets pooled, the most right "
             "with at most this percentage of false times (the margin options are then ignored).")] = 3.0,
    out: Annotated[Path, typer.Option("--out", "-o", help="The model file to write.")] = Path("said_on_model.json"),
) -> None:
    """Learn which anchor dates each statement (the said_on model) from annotated statements.

    Writes a JSON of feature weights (no corpus text); use it with the qg_time component's
    said_on_model config, or copy it over src/quotegraph/timing/data/said_on_model.json to ship it.
    With --folds, each set is also cross-validated by article folds (the other sets join every
    training fold) and its pooled held-fold figures are printed.

    Example: quotegraph train said-on ../shared/data/polnear
    --extra ../shared/data/meantime_attr/meantime_attr_dev.jsonl --out said_on_model.json
    """
    from quotegraph.training.said_on import jsonl_gold_set, polnear_gold_set
    from quotegraph.training.said_on import train_said_on as learn

    started = time.monotonic()

    def say(msg: str) -> None:
        typer.echo(f"[{time.monotonic() - started:6.0f} s] {msg}", err=True)

    try:
        sets = [polnear_gold_set(path, gold, split)] + [jsonl_gold_set(p) for p in extra or []]
        model, figures = learn(sets, folds=folds, c=c, none_margin=none_margin, rule_margin=rule_margin,
                               undated_weight=undated_weight, max_false=max_false, progress=say)
    except (QuotegraphError, ValueError) as err:
        typer.echo(f"quotegraph: {err}", err=True)
        raise typer.Exit(1) from None
    for name, cv in figures.items():
        pooled, rules = cv["pooled"], cv["rules"]
        typer.echo(f"{name}: {folds}-fold CV said_on {pooled['said_on_accuracy']} % right, "  # type: ignore[index]
                   f"false times {pooled['false_time_rate']} % (rules: {rules['said_on_accuracy']} %, "  # type: ignore[index]
                   f"{rules['false_time_rate']} %)")  # type: ignore[index]
    written = model.save(out)
    typer.echo(f"{len(model.weights)} feature weights → {written}")
