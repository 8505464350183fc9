"""Score ``said_on`` with gold attribution spans (PolNeAR dev speaker/time gold).

The statements are the gold ones, so the figures measure the time stage alone: for each article of
the gold file, every attribution of its first-sorting brat file becomes an :class:`Attribution`
(content, cue and source spans; ``E`` lines in file order give the ``index`` the gold uses), the
text is parsed, ``find_time_expressions`` and ``assign_said_on`` run with the publication date of
``metadata.tsv``, and each gold line is compared with its attribution's ``said_on``.

Figures (``EVALUATION.md``):
- time accuracy: over gold lines with a ``said_on``, the predicted interval equals the gold one at
  the gold granularity, or is finer and inside it;
- false-time rate: over gold lines without a ``said_on``, the share that got one (also given as a
  share of all predictions that carry a time);
- coverage: the share of gold-dated lines that got any time.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from quotegraph.errors import EvaluationError
from quotegraph.models import Attribution, EntityKind, EntityRef, SaidOn, Span
from quotegraph.timing.normalise import said_on_covers


def read_brat_attributions(ann_path: str | Path, text: str) -> list[Attribution]:
    """The attributions of one brat file, in the order of its ``E`` lines.

    Args:
        ann_path: a PolNeAR ``.ann`` file.
        text: the article text its offsets index.

    Returns:
        One :class:`Attribution` per ``E`` line; ``id`` is its index as a string.
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, list[str]]] = []
    for line in Path(ann_path).read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            offsets = parts[1].split(" ", 1)[1] if " " in parts[1] else ""
            ranges = []
            for piece in offsets.split(";"):
                m = re.fullmatch(r"\s*(\d+)\s+(\d+)\s*", piece)
                if m and int(m[1]) < int(m[2]) <= len(text):
                    ranges.append((int(m[1]), int(m[2])))
            spans[parts[0]] = ranges
        elif line.startswith("E"):
            roles: dict[str, list[str]] = defaultdict(list)
            for arg in line.split("\t")[1].split():
                role, _, ref = arg.partition(":")
                roles[re.sub(r"\d+$", "", role)].append(ref)
            events.append(roles)
    out = []
    for index, roles in enumerate(events):

        def pieces(role: str, roles: dict[str, list[str]] = roles) -> list[tuple[int, int]]:
            return sorted(p for ref in roles.get(role, []) for p in spans.get(ref, []))

        content = pieces("Content")
        if not content:
            content = [(0, 0)]
        cue, source = pieces("Cue"), pieces("Source")
        out.append(
            Attribution(
                id=str(index),
                kind="indirect",
                content=[Span.of(text, s, e) for s, e in content],
                cue=Span.of(text, cue[0][0], cue[-1][1]) if cue else None,
                source=Span.of(text, source[0][0], source[-1][1]) if source else None,
            )
        )
    return out


def _publication_dates(polnear_dir: Path) -> dict[str, dt.date]:
    path = polnear_dir / "metadata.tsv"
    if not path.is_file():
        raise EvaluationError(f"{path}: missing; give the PolNeAR data folder (with metadata.tsv)")
    dates = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            try:
                dates[row["filename"]] = dt.date.fromisoformat(row["publication_date"])
            except (KeyError, ValueError):
                continue
    return dates


def said_on_is_right(gold: str, predicted: SaidOn | None) -> bool:
    """Whether a prediction names the gold interval, at the gold granularity or finer inside it
    (:func:`quotegraph.timing.normalise.said_on_covers`)."""
    return said_on_covers(gold, predicted)


def evaluate_said_on_gold_spans(
    polnear_dir: str | Path,
    gold_path: str | Path,
    model: str | None = None,
    gold_speakers: bool = False,
    said_on_model: str | None = "rules",
    split: str = "dev",
) -> dict[str, Any]:
    """Run the time stage on gold attribution spans and score ``said_on``.

    Args:
        polnear_dir: the PolNeAR data folder (``{split}/text``, ``{split}/attributions``,
            ``metadata.tsv``).
        gold_path: ``polnear_dev_speakers.jsonl``, or the project's train gold with ``split="train"``.
        model: spaCy pipeline name; the quotegraph default when ``None``.
        gold_speakers: give each attribution its gold ``speaker`` (as the speakers stage would),
            to measure the time rules apart from speaker resolution; by default the time stage
            tells speakers apart by their source mentions alone.
        said_on_model: the ``said_on`` model (``"rules"``: the hand rules alone, the extractor's
            default; ``None`` or ``"shipped"``: the shipped one; or a model file); ``by_rule``
            still tells which rule dated each line.
        split: the PolNeAR split the gold's articles are in.

    Returns:
        Counts and figures (percentages); ``by_rule``: for each rule of ``assign_said_on`` that
        decided a line (``own``, ``speaker``, ``event``, ``lead``, ``item``, ``vague``,
        ``habitual``, ``none``), how often it was right, wrong, a false time, a miss or a correct null;
        ``errors``: one entry per wrong, missed or false line; ``lines_detail``: every line.
    """
    from quotegraph.nlp import load_pipeline, parse_texts
    from quotegraph.timing import find_time_expressions
    from quotegraph.timing.said_on_model import load_said_on_model, said_on_in_place

    polnear_dir, gold_path = Path(polnear_dir), Path(gold_path)
    if not gold_path.is_file():
        raise EvaluationError(f"{gold_path}: no such file; give the speaker/time gold JSONL")
    gold_lines: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with gold_path.open(encoding="utf-8") as handle:
        for raw in handle:
            if raw.strip():
                record = json.loads(raw)
                gold_lines[record["article"]].append(record)
    dates = _publication_dates(polnear_dir)
    said_on = load_said_on_model(said_on_model)
    nlp = load_pipeline(model) if model else load_pipeline()
    dated = right = undated = false_time = predicted = covered = 0
    errors: list[dict[str, Any]] = []
    by_rule: dict[str, dict[str, int]] = {}
    details: list[dict[str, Any]] = []
    for article, lines in sorted(gold_lines.items()):
        text_path = polnear_dir / split / "text" / f"{article}.txt"
        anns = sorted((polnear_dir / split / "attributions").glob(f"{article}_*.ann"))
        if not text_path.is_file() or not anns:
            raise EvaluationError(f"{article}: text or annotation missing under {polnear_dir}/{split}")
        text = text_path.read_text(encoding="utf-8")
        attributions = read_brat_attributions(anns[0], text)
        if gold_speakers:
            for line in lines:
                if line.get("speaker") and line["index"] < len(attributions):
                    name = line["speaker"]
                    kind: EntityKind = (line["speaker_kind"] if line.get("speaker_kind") in ("person", "organization", "group")
                                        else "other")
                    attributions[line["index"]].speaker = EntityRef(name.lower(), name, kind)
        doc, _ = next(parse_texts(nlp, [(text, None)]))  # as the extractor parses
        published = dates.get(article)
        times = find_time_expressions(doc, published)
        reasons = said_on_in_place(doc, attributions, times, published, said_on)
        for line in lines:
            index = line["index"]
            if index >= len(attributions):
                continue
            said = attributions[index].said_on
            predicted += said is not None
            gold = line.get("said_on")
            entry = {"article": article, "index": index, "gold": gold,
                     "evidence": line.get("time_evidence"),
                     "pred": said.value if said else None,
                     "pred_evidence": said.evidence.text if said and said.evidence else None,
                     "rule": reasons.get(str(index))}
            rule = reasons.get(str(index), "none")
            by_rule.setdefault(rule, {"right": 0, "wrong": 0, "false_time": 0, "missed": 0, "null_ok": 0})
            details.append({**entry, "pred_start": said.evidence.start if said and said.evidence else None,
                            "content_start": attributions[index].start})
            if gold is None:
                undated += 1
                if said is not None:
                    false_time += 1
                    errors.append({**entry, "kind": "false_time"})
                    by_rule[rule]["false_time"] += 1
                else:
                    by_rule[rule]["null_ok"] += 1
                continue
            dated += 1
            covered += said is not None
            if said_on_is_right(gold, said):
                right += 1
                by_rule[rule]["right"] += 1
            else:
                errors.append({**entry, "kind": "wrong" if said else "missed"})
                by_rule[rule]["wrong" if said else "missed"] += 1
    return {
        "gold_speakers": gold_speakers,
        "articles": len(gold_lines),
        "lines": dated + undated,
        "dated": dated,
        "undated": undated,
        "time_accuracy": round(100 * right / dated, 2) if dated else 0.0,
        "coverage": round(100 * covered / dated, 2) if dated else 0.0,
        "false_time_rate": round(100 * false_time / undated, 2) if undated else 0.0,
        "false_time_share_of_predictions": round(100 * false_time / predicted, 2) if predicted else 0.0,
        "by_rule": by_rule,
        "errors": errors,
        "lines_detail": details,
    }
