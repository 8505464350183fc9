"""``quotegraph evaluate …``: score the extractor against annotated corpora.

``evaluate_app`` is the command group; other modules register their own evaluations on it
(``from quotegraph.cli.evaluate import evaluate_app``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from quotegraph.cli.app import app
from quotegraph.cli.options import AttributionModelOption, use_attribution_model
from quotegraph.errors import QuotegraphError

evaluate_app = typer.Typer(
    name="evaluate",
    help="Score quotegraph against annotated corpora (figures of EVALUATION.md).\n\n"
    "Example: quotegraph evaluate polnear ../shared/data/polnear --split dev",
    no_args_is_help=True,
)
app.add_typer(evaluate_app, name="evaluate")


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


def _write_json(result: dict[str, Any], out: Path) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        _fail(OSError(f"cannot write {out}: {exc.strerror or exc}"))


@evaluate_app.command("polnear")
def polnear(
    path: Annotated[Path, typer.Argument(help="PolNeAR data folder (holding dev/ and train/).")],
    split: Annotated[str, typer.Option(help="Split to score.")] = "dev",
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write every figure as JSON here.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N articles.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
    dump: Annotated[
        Path | None,
        typer.Option(help="Folder outside the repository for per-article predictions and errors."),
    ] = None,
) -> None:
    """Content, source, cue and end-to-end figures on a PolNeAR split.

    Example: quotegraph evaluate polnear ../shared/data/polnear --split dev --json dev.json
    """
    use_attribution_model(attribution_model)
    from quotegraph.evaluate.polnear import evaluate_polnear
    from quotegraph.evaluate.report import attribution_tables

    try:
        result = evaluate_polnear(path, split, limit=limit, model=model, dump=dump)
    except QuotegraphError as exc:
        _fail(exc)
    if json_out is not None:  # first, so that a closed stdout (| head) cannot lose it
        _write_json(result, json_out)
    console = Console()
    for table in attribution_tables(result):
        console.print(table)
    if result["skipped"]:
        typer.echo(f"skipped while reading: {result['skipped']}", err=True)
    if result["failed"]:
        typer.echo(f"extraction failed on {len(result['failed'])} article(s): "
                   f"{sorted(result['failed'])[:3]}", err=True)  # fmt: skip


@evaluate_app.command("agreement")
def agreement(
    path: Annotated[Path, typer.Argument(help="PolNeAR data folder (holding dev/ and train/).")],
    split: Annotated[str, typer.Option(help="Split with multiply-annotated articles.")] = "train",
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write every figure as JSON here.")
    ] = None,
) -> None:
    """Human agreement on PolNeAR (second annotator scored against the first), as a yardstick.

    Example: quotegraph evaluate agreement ../shared/data/polnear --split train
    """
    from quotegraph.evaluate.polnear import evaluate_agreement
    from quotegraph.evaluate.report import attribution_tables

    try:
        result = evaluate_agreement(path, split)
    except QuotegraphError as exc:
        _fail(exc)
    if json_out is not None:
        _write_json(result, json_out)
    console = Console()
    for table in attribution_tables(result)[:3]:  # the declared-kind table needs a system
        console.print(table)


@evaluate_app.command("speakers")
def speakers(
    path: Annotated[Path, typer.Argument(help="PolNeAR data folder (holding dev/).")],
    gold: Annotated[Path, typer.Option(help="Speaker gold JSON lines.")],
    split: Annotated[str, typer.Option(help="PolNeAR split of the gold articles.")] = "dev",
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON here.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path.")] = None,
    attribution_model: AttributionModelOption = None,
) -> None:
    """Speaker accuracy of the whole extractor on the speaker gold.

    Example: quotegraph evaluate speakers ../shared/data/polnear
    --gold ../shared/data/speakers/polnear_dev_speakers.jsonl
    """
    use_attribution_model(attribution_model)
    from quotegraph.evaluate.report import speaker_table

    try:
        result = _run_speakers(path, gold, split, model)
    except QuotegraphError as exc:
        _fail(exc)
    if json_out is not None:
        _write_json(result, json_out)
    Console().print(speaker_table(result))


def _run_speakers(path: Path, gold: Path, split: str, model: str | None) -> dict[str, Any]:
    """The speakers module's own end-to-end evaluation when it has one, else ours."""
    from quotegraph.pipeline import Extractor

    extractor = Extractor(model) if model else Extractor()
    try:
        from quotegraph.evaluate.speakers import evaluate_speakers  # type: ignore[attr-defined]
    except ImportError:
        from quotegraph.evaluate.polnear import evaluate_speakers_end_to_end

        return evaluate_speakers_end_to_end(path, gold, extractor, split=split)
    return evaluate_speakers(path, gold, extractor)  # type: ignore[no-any-return]
