"""Rich tables of a benchmark result (:func:`quotegraph.bench.pipeline.run_bench`)."""

from __future__ import annotations

from typing import Any

from rich.table import Table


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def bench_tables(result: dict[str, Any]) -> list[Table]:
    """The throughput table and, when timed, the per-stage table.

    Args:
        result: the dict ``run_bench`` returns.

    Returns:
        Tables to print in order.
    """
    inp, machine = result["input"], result["machine"]
    runs = Table(
        title=f"{inp['articles']} articles, {inp['words']:,} words (\\w+ runs) from {inp['kind']} "
        f"input — {machine['cpu_count']} CPUs, load {machine['load_average'][0]:.1f}, "
        f"{result['date']}"
    )
    for col in ("run", "wall s", "art/s", "words/s", "per core", "CPU s", "art/CPU",
                "RSS MiB", "wkr MiB"):  # fmt: skip
        runs.add_column(col, justify="left" if col == "run" else "right")
    for r in result["runs"]:
        if "error" in r:
            label = f"{'spaCy' if r['mode'] == 'bare' else 'pipeline'} ×{r['processes']}"
            runs.add_row(label, "failed", style="red")
            continue
        runs.add_row(
            f"{'spaCy' if r['mode'] == 'bare' else 'pipeline'} ×{r['processes']}",
            _fmt(r["seconds"], 2),
            _fmt(r["articles_per_s"], 2),
            _fmt(r["words_per_s"], 0),
            _fmt(r["articles_per_s_per_core"], 2),
            _fmt(r["cpu_seconds"], 2),
            _fmt(r["articles_per_cpu_s"], 2),
            _fmt(r["peak_rss_mb"], 0),
            _fmt(r["worker_peak_rss_mb"], 0),
        )
    runs.caption = f"pipeline: fast path {'on' if machine.get('fast_path') else 'off'}; spaCy: "\
        "spacy.load() as installed, all components, whole articles\n" + "pipeline ÷ bare spaCy, wall time: " + ", ".join(
        f"{_fmt(ratio, 2)} ({procs} proc.)" for procs, ratio in result["ratio"].items()
    ) + "; CPU time: " + ", ".join(
        f"{_fmt(ratio, 2)} ({procs} proc.)" for procs, ratio in result.get("ratio_cpu", {}).items()
    )
    tables = [runs]
    stages = result.get("stages")
    if stages and "error" not in stages:
        table = Table(title="Where the one-core pipeline's time goes (CPU s, % of the total)")
        table.add_column("stage")
        table.add_column("CPU s", justify="right")
        table.add_column("%", justify="right")
        table.add_column("ms/article", justify="right")
        n = inp["articles"]
        for stage, seconds in stages["stages"].items():
            table.add_row(stage, _fmt(seconds, 3), _fmt(stages["share"][stage]),
                          _fmt(1000 * seconds / n, 1))  # fmt: skip
        table.add_row("total", _fmt(stages["total"], 3), "100.0",
                      _fmt(1000 * stages["total"] / n, 1), style="bold")  # fmt: skip
        comp = Table(title="spaCy components, one doc at a time (CPU s)")
        comp.add_column("component")
        comp.add_column("CPU s", justify="right")
        comp.add_column("%", justify="right")
        comp_total = sum(stages["spacy_components"].values()) or 1.0
        for name, seconds in stages["spacy_components"].items():
            comp.add_row(name, _fmt(seconds, 3), _fmt(100 * seconds / comp_total))
        tables += [table, comp]
    return tables


def sweep_table(sweep: dict[str, Any]) -> Table:
    """The length sweep's table (:func:`quotegraph.bench.pipeline.run_sweep`).

    Args:
        sweep: the dict ``run_sweep`` returns.

    Returns:
        One row per length: texts, words, seconds, words/s (wall and CPU), their ratio to the
        shortest, and peak memory of the process.
    """
    table = Table(title=f"Length sweep: {sweep['articles']} articles joined k at a time, one core, "
                        f"fast path {'on' if sweep.get('fast_path') else 'off'}")  # fmt: skip
    for col in ("k×", "texts", "chars", "wall s", "words/s", "÷1×", "CPU s", "w/CPU s", "÷1×",
                "peak MiB", "base MiB"):  # fmt: skip
        table.add_column(col, justify="right")
    for r in sweep["runs"]:
        if "error" in r:
            table.add_row(f"{r['factor']}×", _fmt(r["texts"]), "failed: " + r["error"], style="red")
            continue
        table.add_row(
            f"{r['factor']}×", _fmt(r["texts"]), _fmt(r["chars"] // max(1, r["texts"])),
            _fmt(r["seconds"], 2), _fmt(r["words_per_s"], 0), _fmt(r["relative"], 2),
            _fmt(r["cpu_seconds"], 2), _fmt(r["words_per_cpu_s"], 0), _fmt(r["relative_cpu"], 2),
            _fmt(r["peak_rss_mb"], 0), _fmt(r["loaded_rss_mb"], 0),
        )  # fmt: skip
    table.caption = ("chars: per text; ÷1×: words/s over the shortest texts' (wall, then CPU); peak "
                     "MiB: the process's RSS high-water mark, model included; base MiB: after "
                     "loading and warming up")  # fmt: skip
    return table
