"""Time bare spaCy parsing and the whole pipeline on the same texts, one core and all cores
(``quotegraph bench pipeline``).

Each timed run happens in a fresh process (``spawn``), so that its peak memory (the RSS
high-water mark of ``resource.getrusage``) is its own and not left over from an earlier run. In
that process the model is loaded and warmed up on two articles before the clock starts. Runs:

- ``bare``: plain spaCy as installed — ``spacy.load(model)``, every component, ``nlp.pipe``
  over the raw texts, each article one Doc: the parse a user of spaCy alone would pay for;
- ``pipeline``: ``Extractor.extract_many`` (clean → spaCy → attribution → speakers → time),
  with the fast path on unless ``$QUOTEGRAPH_FAST_PATH=0`` (``fast_path`` in the result);

each with ``n_process=1`` and with ``n_process=workers``. With several processes spaCy forks
workers that parse and send the docs back; their peak RSS is the largest of any worker
(``RUSAGE_CHILDREN``), and since forked workers share the parent's pages, parent + workers × that
peak is an upper bound of the total. After the one-core pipeline run the same process times each
stage (in CPU seconds) as the extractor itself reports it (``Extractor.extract_many(timings=…)``:
cleaning, parsing, each stage of the ``quotegraph`` component, assembling the result), then
each spaCy component on its own (one doc at a time, so those seconds are a share, not a
throughput).

The length sweep (:func:`run_sweep`) joins the same articles k at a time into longer texts
(1×, 4×, 16×, 64×: the same words, in fewer and longer articles) and times the pipeline on each
in a fresh process, one core: words/s and peak memory per length show what grows faster than
the text.

Words are ``\\w+`` runs of the input texts (the evaluation's tokens). CPU seconds (user + system,
the workers' included) are reported beside wall-clock seconds: on a shared machine they are the
steadier measure.
"""

from __future__ import annotations

import datetime as _dt
import multiprocessing as mp
import os
import platform
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from quotegraph.bench.inputs import BenchInput, count_words
from quotegraph.errors import QuotegraphError
from quotegraph.models import Article
from quotegraph.nlp import DEFAULT_MODEL


class BenchError(QuotegraphError):
    """A benchmark run failed (its process raised or died)."""


def _rss_mb(who: int) -> float:
    """Peak RSS in MiB (``ru_maxrss`` is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 1024), 1)


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its reaped children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _timed(run: Callable[[Sequence[Article], int], int], articles: Sequence[Article],
           n_process: int) -> dict[str, Any]:  # fmt: skip
    run(articles[:2], 1)  # warm-up: first calls allocate and fill caches
    cpu0, wall0 = _cpu_seconds(), time.perf_counter()
    produced = run(articles, n_process)
    wall = time.perf_counter() - wall0
    mp.active_children()  # reap spaCy's workers so that their usage is counted
    return {
        "seconds": round(wall, 3),
        "cpu_seconds": round(_cpu_seconds() - cpu0, 3),
        "peak_rss_mb": _rss_mb(resource.RUSAGE_SELF),
        "worker_peak_rss_mb": _rss_mb(resource.RUSAGE_CHILDREN) if n_process > 1 else None,
        "produced": produced,
    }


def _bare_run(model: str, batch_size: int) -> Callable[[Sequence[Article], int], int]:
    import spacy

    nlp = spacy.load(model)  # as installed: no quotegraph component, spaCy's own BLAS

    def run(articles: Sequence[Article], n_process: int) -> int:
        texts = (a.text for a in articles)
        return sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))

    return run


def _pipeline_run(model: str, batch_size: int,
                  attribution_model: str | None = None) -> Callable[[Sequence[Article], int], int]:
    from quotegraph.pipeline import Extractor

    extractor = Extractor(model, attribution_model=attribution_model, batch_size=batch_size)

    def run(articles: Sequence[Article], n_process: int) -> int:
        results = extractor.extract_many(articles, n_process=n_process)
        return sum(len(r.attributions) for r in results)  # attributions found

    return run


def time_stages(articles: Sequence[Article], model: str, batch_size: int,
                attribution_model: str | None = None) -> dict[str, Any]:
    """CPU seconds spent in each pipeline stage and in each spaCy component, on one core.

    CPU time of this process (``time.process_time``), not wall-clock time, so that the shares
    hold on a busy machine where the process waits for a core.

    The stage times come from the extractor as it runs (``Extractor.extract_many(timings=…)``):
    cleaning and masking, ``nlp.pipe`` in batches, each stage of the ``quotegraph`` component
    (attribution, speakers, time) and the boundary to plain results.

    Args:
        articles: the articles.
        model: the spaCy pipeline.
        batch_size: the ``nlp.pipe`` batch size.
        attribution_model: the attribution model (default: the shipped one).

    Returns:
        ``stages`` (seconds per stage), ``total``, ``share`` (percent per stage), and
        ``spacy_components`` (seconds per component, tokenizer included, one doc at a time).
    """
    from quotegraph import clean
    from quotegraph.pipeline import Extractor

    extractor = Extractor(model, attribution_model=attribution_model, batch_size=batch_size)
    nlp = extractor.nlp
    extractor.extract(articles[0])  # warm-up
    spent: dict[str, float] = {}
    for _ in extractor.extract_many(articles, timings=spent):
        pass
    # the extractor's own stage names, between cleaning + parsing and assembling the result
    names = ["clean", "spacy", *(stage for stage, _ in extractor.component.stages), "assemble"]
    spent = {s: spent.get(s, 0.0) for s in names}
    total = sum(spent.values())
    components: defaultdict[str, float] = defaultdict(float)
    for article in articles:
        text = clean.parse_text(article.text, clean.find_debris(article.text))
        t0 = time.process_time()
        doc = nlp.make_doc(text)
        components["tokenizer"] += time.process_time() - t0
        for name, proc in nlp.pipeline:
            t0 = time.process_time()
            doc = proc(doc)
            components[name] += time.process_time() - t0
    return {
        "stages": {s: round(spent[s], 3) for s in names},
        "total": round(total, 3),
        "share": {s: round(100 * spent[s] / total, 1) if total else None for s in names},
        "spacy_components": {k: round(v, 3) for k, v in components.items()},
    }


def _phase(conn: Any, mode: str, articles: list[Article], n_process: int, model: str,
           batch_size: int, stages: bool, attribution_model: str | None) -> None:  # fmt: skip
    """Body of one benchmark process: load, warm up, time, report through ``conn``."""
    try:
        t0 = time.perf_counter()
        if mode == "bare":
            run = _bare_run(model, batch_size)
        else:
            run = _pipeline_run(model, batch_size, attribution_model)
        load = time.perf_counter() - t0
        result = _timed(run, articles, n_process)
        result["load_seconds"] = round(load, 2)
        if stages:
            try:
                result["stages"] = time_stages(articles, model, batch_size, attribution_model)
            except Exception as exc:
                result["stages"] = {"error": f"{type(exc).__name__}: {exc}"}
        conn.send(("ok", result))
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _started_as_caller(start_method: str, target: Callable[..., None], conn: Any, *args: Any) -> None:
    """Run ``target`` with this process's default start method set to the caller's: a spawned
    process defaults to spawning its own children, so spaCy's ``n_process`` workers would each
    unpickle the whole pipeline instead of being forked as they are from a user's process."""
    mp.set_start_method(start_method, force=True)
    target(conn, *args)


def _in_fresh_process(*args: Any, target: Callable[..., None] = _phase) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_started_as_caller, args=(mp.get_start_method(), target, send, *args))
    proc.start()
    send.close()
    try:
        status, payload = receive.recv()
    except EOFError:
        status, payload = "error", "the benchmark process died (out of memory?)"
    proc.join()
    if status != "ok":
        what = f"{args[0]} run with {args[2]} process(es)" if target is _phase else f"{args[0]}× sweep run"
        raise BenchError(f"{what} failed: {payload}")
    return payload  # type: ignore[no-any-return]


#: How many input articles the length sweep joins, and into how long texts.
SWEEP_ARTICLES = 64
SWEEP_FACTORS = (1, 4, 16, 64)


def joined_articles(articles: Sequence[Article], factor: int, total: int = SWEEP_ARTICLES) -> list[Article]:
    """``total`` articles (the input's, in order, again from the first when it has fewer) joined
    ``factor`` at a time, with a blank line between, into ``total // factor`` longer articles."""
    if not articles:
        return []
    pool = [articles[i % len(articles)] for i in range(max(total, factor))]
    return [
        Article(id=f"joined-{factor}x-{i // factor}", text="\n\n".join(a.text for a in pool[i : i + factor]),
                published=pool[i].published)  # fmt: skip
        for i in range(0, len(pool) - factor + 1, factor)
    ]


def _sweep_phase(conn: Any, factor: int, texts: list[Article], warm: list[Article], model: str,
                 batch_size: int, attribution_model: str | None) -> None:  # fmt: skip
    """Body of one sweep process: load, warm up on short articles, time the joined ones."""
    try:
        from quotegraph.pipeline import Extractor

        extractor = Extractor(model, attribution_model=attribution_model, batch_size=batch_size)
        for _ in extractor.extract_many(warm):
            pass
        rss_loaded = _rss_mb(resource.RUSAGE_SELF)
        cpu0, wall0 = _cpu_seconds(), time.perf_counter()
        found = sum(len(r.attributions) for r in extractor.extract_many(texts))
        conn.send(("ok", {
            "seconds": round(time.perf_counter() - wall0, 3),
            "cpu_seconds": round(_cpu_seconds() - cpu0, 3),
            "peak_rss_mb": _rss_mb(resource.RUSAGE_SELF),
            "loaded_rss_mb": rss_loaded,
            "attributions": found,
        }))
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_sweep(
    data: BenchInput,
    *,
    factors: Sequence[int] = SWEEP_FACTORS,
    articles: int = SWEEP_ARTICLES,
    model: str = DEFAULT_MODEL,
    batch_size: int = 16,
    attribution_model: str | None = None,
) -> dict[str, Any]:
    """Time the pipeline on the same words in longer and longer articles, one core.

    For each factor k, ``articles`` input articles are joined k at a time
    (:func:`joined_articles`) and extracted in a fresh process (model loaded and warmed up on two
    short articles first), so that its peak memory is that run's.

    Args:
        data: the input articles.
        factors: the lengths, in articles per text.
        articles: input articles per run (the largest factor by default).
        model: the spaCy pipeline.
        batch_size: the extractor's batch size.
        attribution_model: the attribution model (default: the shipped one).

    Returns:
        ``articles``, ``fast_path`` and ``runs``: per factor ``texts``, ``words``, ``chars``,
        ``seconds``, ``cpu_seconds``, ``words_per_s``, ``words_per_cpu_s``, ``peak_rss_mb``
        (the whole process, model included), ``loaded_rss_mb`` (after loading and warming up),
        ``attributions``, and ``relative`` (words/s ÷ the first factor's); a failed run has
        ``error`` instead.
    """
    from quotegraph.nlp.pipeline import fast_path_default

    source = list(data.articles)
    total = max(articles, *factors)
    runs: list[dict[str, Any]] = []
    for factor in factors:
        texts = joined_articles(source, factor, total)
        words = sum(count_words(a.text) for a in texts)
        row: dict[str, Any] = {"factor": factor, "texts": len(texts), "words": words,
                               "chars": sum(len(a.text) for a in texts)}  # fmt: skip
        try:
            raw = _in_fresh_process(factor, texts, source[:2], model, batch_size, attribution_model,
                                    target=_sweep_phase)  # fmt: skip
        except BenchError as exc:
            runs.append({**row, "error": str(exc)})
            continue
        row.update(raw)
        row["words_per_s"] = _r(words / raw["seconds"] if raw["seconds"] else None, 0)
        row["words_per_cpu_s"] = _r(words / raw["cpu_seconds"] if raw["cpu_seconds"] else None, 0)
        runs.append(row)
    base = next((r for r in runs if "error" not in r), None)
    for r in runs:
        ok = base is not None and "error" not in r and base["words_per_s"]
        r["relative"] = _r(r["words_per_s"] / base["words_per_s"], 2) if ok else None  # type: ignore[index]
        ok_cpu = base is not None and "error" not in r and base["words_per_cpu_s"]
        r["relative_cpu"] = _r(r["words_per_cpu_s"] / base["words_per_cpu_s"], 2) if ok_cpu else None  # type: ignore[index]
    return {"articles": total, "fast_path": fast_path_default(), "runs": runs}


def run_bench(
    data: BenchInput,
    *,
    workers: int | None = None,
    model: str = DEFAULT_MODEL,
    batch_size: int = 16,
    stages: bool = True,
    attribution_model: str | None = None,
) -> dict[str, Any]:
    """Benchmark bare spaCy and the whole pipeline on the same articles.

    Args:
        data: the articles (:func:`quotegraph.bench.inputs.load_bench_input`).
        workers: processes for the all-cores runs (default ``os.cpu_count()``; 1 skips them).
        model: the spaCy pipeline.
        batch_size: articles per ``nlp.pipe`` batch (the extractor's default is 16).
        stages: also time each stage after the one-core pipeline run.
        attribution_model: the attribution model of the pipeline runs (default: the shipped
            one), handed to each benchmark process.

    Returns:
        A JSON-ready dict: ``input``, ``machine``, ``runs`` (one per mode and process count,
        with ``articles_per_s``, ``words_per_s``, per-core figures, CPU seconds, peak RSS),
        ``ratio`` (pipeline wall time ÷ bare wall time per process count), ``ratio_cpu`` (the
        same in CPU seconds, workers included), ``stages``, and ``errors``
        (a failed run keeps only ``mode``, ``processes`` and ``error``; the others still run).
    """
    from quotegraph.nlp.pipeline import fast_path_default

    workers = max(1, workers or os.cpu_count() or 1)
    articles = list(data.articles)
    words = sum(count_words(a.text) for a in articles)
    counts = sorted({1, workers})
    runs: list[dict[str, Any]] = []
    stage_times = None
    for n_process in counts:
        for mode in ("bare", "pipeline"):
            want_stages = stages and mode == "pipeline" and n_process == 1
            try:
                result = _in_fresh_process(mode, articles, n_process, model, batch_size,
                                           want_stages, attribution_model)  # fmt: skip
            except BenchError as exc:
                # one failing run (a pipeline bug on some article) must not hide the others
                runs.append({"mode": mode, "processes": n_process, "error": str(exc)})
                continue
            stage_times = result.pop("stages", stage_times)
            runs.append(_derive(mode, n_process, result, len(articles), words))
    ratio: dict[str, float | None] = {}
    ratio_cpu: dict[str, float | None] = {}
    for n_process in counts:
        bare = next(r for r in runs if r["mode"] == "bare" and r["processes"] == n_process)
        pipe = next(r for r in runs if r["mode"] == "pipeline" and r["processes"] == n_process)
        ok = "error" not in bare and "error" not in pipe and bare["seconds"]
        ratio[str(n_process)] = round(pipe["seconds"] / bare["seconds"], 2) if ok else None
        ok_cpu = ok and bare["cpu_seconds"]
        ratio_cpu[str(n_process)] = (
            round(pipe["cpu_seconds"] / bare["cpu_seconds"], 2) if ok_cpu else None
        )
    errors = [r["error"] for r in runs if "error" in r]
    if stage_times and "error" in stage_times:
        errors.append(f"stage timing failed: {stage_times['error']}")
    return {
        "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "input": {"path": data.path, "kind": data.kind, "articles": len(articles), "words": words,
                  "chars": sum(len(a.text) for a in articles), "skipped": data.skipped,
                  "word_unit": "\\w+ runs"},  # fmt: skip
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                    "processor": platform.processor() or platform.machine(),
                    "python": platform.python_version(), "load_average": list(os.getloadavg()),
                    "model": model, "attribution_model": attribution_model,
                    "fast_path": fast_path_default()},  # fmt: skip
        "workers": workers,
        "batch_size": batch_size,
        "runs": runs,
        "ratio": ratio,
        "ratio_cpu": ratio_cpu,
        "stages": stage_times,
        "errors": errors,
    }


def _derive(
    mode: str, n_process: int, raw: dict[str, Any], articles: int, words: int
) -> dict[str, Any]:
    wall, cpu = raw["seconds"], raw["cpu_seconds"]
    per_s = articles / wall if wall else None
    out = {
        "mode": mode,
        "processes": n_process,
        "articles": articles,
        "words": words,
        "seconds": wall,
        "articles_per_s": _r(per_s),
        "words_per_s": _r(words / wall if wall else None, 0),
        "articles_per_s_per_core": _r(per_s / n_process if per_s else None),
        "words_per_s_per_core": _r(words / wall / n_process if wall else None, 0),
        "cpu_seconds": cpu,
        "articles_per_cpu_s": _r(articles / cpu if cpu else None),
        "load_seconds": raw["load_seconds"],
        "peak_rss_mb": raw["peak_rss_mb"],
        "worker_peak_rss_mb": raw["worker_peak_rss_mb"],
        "total_rss_upper_mb": _r(raw["peak_rss_mb"] + n_process * raw["worker_peak_rss_mb"], 1)
        if raw["worker_peak_rss_mb"] is not None else raw["peak_rss_mb"],  # fmt: skip
    }
    if mode == "pipeline":
        out["attributions"] = raw["produced"]
    return out


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)
