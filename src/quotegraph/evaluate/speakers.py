"""Speaker accuracy on the speaker gold of PolNeAR dev (``EVALUATION.md``, "Speakers and times").

Two entry points:

- :func:`score_speakers` scores any predictions (the whole extractor's, or gold-span ones) against
  the gold lines: gold attributions are matched to predicted ones by content partial match
  (Jaccard ≥ 0.5 over ``\\w+`` tokens, greedy from the highest overlap), then the predicted
  ``speaker.name`` is judged against the gold ``speaker``; the result breaks accuracy down by the
  kind of the gold source mention (pronoun, description, name, organisation, anonymous).
- :func:`evaluate_speakers_gold_spans` is the development loop of the speaker stage alone: it
  builds attributions from the gold content/source/cue spans, parses each text with
  :func:`quotegraph.nlp.load_pipeline`, runs :func:`quotegraph.speakers.resolve_speakers` and
  scores the result, so that speaker errors are not mixed up with attribution-detection errors.

The corpus is read from the paths given; nothing of it is stored in the package.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from quotegraph.corpora.jsonl import read_json_lines
from quotegraph.errors import EvaluationError
from quotegraph.evaluate.said_on import said_on_is_right
from quotegraph.models import Attribution, Span
from quotegraph.name_words import GENERATIONAL_SUFFIXES
from quotegraph.scoring.spans import match_sets

_WORD = re.compile(r"\w+")
_PRONOUNS = {
    "he", "she", "it", "they", "him", "her", "his", "hers", "its", "their", "them", "who",
    "whom", "whose", "which", "that", "i", "we", "me", "us", "my", "our", "you", "one",
}  # fmt: skip
_SOURCE_KINDS = ("pronoun", "description", "name", "organisation", "anonymous")


def _tokens(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    """Start offsets of the ``\\w+`` tokens of ``text`` that share a character with any span."""
    out: set[int] = set()
    for start, end in spans:
        # widen to the enclosing word boundaries so that a span cutting a word still covers it
        lo = start
        while lo > 0 and (text[lo - 1].isalnum() or text[lo - 1] == "_"):
            lo -= 1
        for m in _WORD.finditer(text, lo, max(end, lo)):
            if m.start() < end and m.end() > start:
                out.add(m.start())
    return out


def _match_pairs(
    gold: Sequence[set[int]], pred: Sequence[set[int]], threshold: float = 0.5
) -> dict[int, int]:
    """The metric's greedy one-to-one matching (``metrics.match_sets``), kept at J ≥ threshold;
    returns gold → prediction."""
    return {gi: pi for gi, pi, jac in match_sets(gold, pred) if jac >= threshold}


def _strip_the(name: str) -> str:
    name = name.strip().lower()
    return name[4:] if name.startswith("the ") else name


def _surname(name: str) -> str:
    """The last word of a person's name, without suffixes such as Jr. or III."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    while len(words) > 1 and words[-1].strip(".,").lower() in GENERATIONAL_SUFFIXES:
        words.pop()
    return words[-1].strip(",").lower() if words else ""


def speaker_is_right(gold: str | None, gold_kind: str, predicted: str | None) -> bool:
    """Judge one predicted speaker name against the gold one (``EVALUATION.md``).

    A ``None`` gold is right only with a ``None`` prediction. A person is right when the gold
    surname appears in the prediction (case-insensitive) — for a gold naming several people, each
    surname must appear; anything else is right when its full name appears (a leading "the" is
    ignored on both sides). When both names carry a different given name before the same surname
    ("Bill Clinton" for "Hillary Clinton") the prediction names another referent and is wrong.

    Args:
        gold: the gold speaker name, or ``None`` for an anonymous or generic source.
        gold_kind: the gold ``speaker_kind`` (person, organization, group, document, other).
        predicted: the predicted ``speaker.name``, or ``None``.

    Returns:
        Whether the prediction names the gold referent.
    """
    if gold is None or predicted is None:
        return gold is None and predicted is None
    pred = predicted.lower()
    if gold_kind != "person":
        return _strip_the(gold) in _strip_the(predicted)
    people = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", gold) if p.strip()]
    for person in people:
        surname = _surname(person)
        if not re.search(r"(?<!\w)" + re.escape(surname) + r"(?!\w)", pred):
            return False
        given = person.split()[0].lower() if len(person.split()) > 1 else None
        pred_words = pred.split()
        if given and len(pred_words) > 1 and surname in pred_words:
            at = pred_words.index(surname)
            if at > 0 and len(people) == 1:
                first = pred_words[0].strip(".")
                if first[:1] != given[:1] and len(first) > 1 and first.isalpha():
                    return False
    return True


def classify_source(source_text: str, gold: str | None, gold_kind: str) -> str:
    """Classify a gold source mention: pronoun, description, name, organisation or anonymous.

    Args:
        source_text: the gold source mention as the text gives it.
        gold: the gold speaker name (``None``: anonymous or generic).
        gold_kind: the gold ``speaker_kind``.

    Returns:
        One of ``pronoun``, ``description``, ``name``, ``organisation``, ``anonymous``.
    """
    if gold is None:
        return "anonymous"
    words = _WORD.findall(source_text.lower())
    if len(words) == 1 and words[0] in _PRONOUNS or (len(words) == 2 and words[1] == "s"
                                                      and words[0] in _PRONOUNS):
        return "pronoun"
    if gold_kind not in {"person", "group"}:
        return "organisation"
    surnames = {_surname(p) for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", gold) if p.strip()}
    if any(s in words for s in surnames):
        return "name"
    return "description"


def score_speakers(
    gold_lines: Sequence[Mapping[str, Any]],
    predictions_by_article: Mapping[str, Sequence[Attribution]],
    texts: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Speaker accuracy of predictions against the speaker gold, with a breakdown by source kind.

    Args:
        gold_lines: the gold JSON lines (``article``, ``content_start``/``content_end``,
            ``source_text``, ``speaker``, ``speaker_kind``; optionally ``content_spans`` as a
            list of ``[start, end]`` for discontinuous content).
        predictions_by_article: predicted attributions per article id.
        texts: article texts by id, to tokenise contents; without them the gold and predicted
            spans are compared by character offsets instead of tokens (pass them when you can).

    Returns:
        A dict with ``total`` (gold lines), ``matched`` (partial matches), ``correct``,
        ``accuracy`` (correct / matched), ``by_kind`` (the same per source kind), ``confusion``
        (per kind: counts of ``right``, ``wrong_name``, ``missed`` (null predicted for a named
        gold), ``false_name`` (a name predicted for an anonymous gold)), ``errors`` (one
        record per wrong line) and ``time`` (``said_on`` accuracy over matched dated lines, the
        false-time rate over matched undated ones, and their ``errors``).
    """
    by_article: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for line in gold_lines:
        by_article[line["article"]].append(line)
    kinds: dict[str, Counter[str]] = {k: Counter() for k in _SOURCE_KINDS}
    errors: list[dict[str, Any]] = []
    time_errors: list[dict[str, Any]] = []
    total = matched = correct = 0
    timed: Counter[str] = Counter()  # said_on over matched lines: dated/right, undated/false
    for article, lines in by_article.items():
        preds = list(predictions_by_article.get(article, []))
        text = (texts or {}).get(article)
        gold_sets = []
        for line in lines:
            spans = line.get("content_spans") or [[line["content_start"], line["content_end"]]]
            gold_sets.append(_token_set(text, [tuple(s) for s in spans]))
        pred_sets = [_token_set(text, [(s.start, s.end) for s in p.content]) for p in preds]
        pairs = _match_pairs(gold_sets, pred_sets)
        for gi, line in enumerate(lines):
            total += 1
            kind = classify_source(line["source_text"], line["speaker"], line["speaker_kind"])
            kinds[kind]["total"] += 1
            if gi not in pairs:
                kinds[kind]["unmatched"] += 1
                continue
            matched += 1
            kinds[kind]["matched"] += 1
            pred = preds[pairs[gi]]
            predicted_on = pred.said_on.value if pred.said_on is not None else None
            if line.get("said_on"):
                timed["dated"] += 1
                if said_on_is_right(line["said_on"], pred.said_on):
                    timed["right"] += 1
                else:
                    time_errors.append({"article": article, "index": line.get("index"),
                                        "gold": line["said_on"], "predicted": predicted_on})
            else:
                timed["undated"] += 1
                if pred.said_on is not None:
                    timed["false"] += 1
                    time_errors.append({"article": article, "index": line.get("index"), "gold": None,
                                        "predicted": predicted_on})
            name = pred.speaker.name if pred.speaker else None
            if speaker_is_right(line["speaker"], line["speaker_kind"], name):
                correct += 1
                kinds[kind]["right"] += 1
                continue
            if line["speaker"] is None:
                kinds[kind]["false_name"] += 1
            elif name is None:
                kinds[kind]["missed"] += 1
            else:
                kinds[kind]["wrong_name"] += 1
            errors.append(
                {
                    "article": article,
                    "index": line.get("index"),
                    "kind": kind,
                    "source_text": line["source_text"],
                    "gold": line["speaker"],
                    "predicted": name,
                    "predicted_source": pred.source.text if pred.source else None,
                }
            )
    by_kind = {
        k: {
            "total": c["total"],
            "matched": c["matched"],
            "right": c["right"],
            "accuracy": c["right"] / c["matched"] if c["matched"] else None,
        }
        for k, c in kinds.items()
    }
    confusion = {
        k: {key: c[key] for key in ("right", "wrong_name", "missed", "false_name", "unmatched")}
        for k, c in kinds.items()
    }
    return {
        "total": total,
        "matched": matched,
        "correct": correct,
        "accuracy": correct / matched if matched else None,
        "by_kind": by_kind,
        "confusion": confusion,
        "errors": errors,
        "time": {
            "dated": timed["dated"],
            "right": timed["right"],
            "accuracy": timed["right"] / timed["dated"] if timed["dated"] else None,
            "undated": timed["undated"],
            "false_times": timed["false"],
            "false_time_rate": timed["false"] / timed["undated"] if timed["undated"] else None,
            "errors": time_errors,
        },
    }


def _token_set(text: str | None, spans: Sequence[tuple[int, int]]) -> set[int]:
    if text is not None:
        return _tokens(text, spans)
    # without the text, character positions stand in for tokens (same ranking of overlaps)
    return {i for s, e in spans for i in range(s, e)}


def load_gold(gold_path: str | Path) -> list[dict[str, Any]]:
    """Read the speaker gold JSON lines.

    Raises:
        EvaluationError: when the file is missing or a line is not JSON.
    """
    path = Path(gold_path)
    return read_json_lines(
        path,
        missing=f"speaker gold file not found: {path} (give --gold the .jsonl path)",
        bad_line=lambda n, exc: f"{path}:{n}: not a JSON line ({getattr(exc, 'msg', exc)})",
    )


def _parse_ann(ann_path: Path) -> list[dict[str, list[tuple[int, int]]]]:
    """The attributions (``E`` lines, in file order) of one brat file, as span lists per role."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for raw in ann_path.read_text(encoding="utf-8").splitlines():
        parts = raw.split("\t")
        if raw.startswith("T") and len(parts) >= 2:
            label_offsets = parts[1].split(" ", 1)
            if len(label_offsets) < 2:
                continue
            pieces = []
            for piece in label_offsets[1].split(";"):
                start, end = piece.split()
                pieces.append((int(start), int(end)))
            spans[parts[0]] = pieces
        elif raw.startswith("E") and len(parts) >= 2:
            roles: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for arg in parts[1].split()[1:]:
                role, _, tid = arg.partition(":")
                role = role.rstrip("0123456789")
                roles[role].extend(spans.get(tid, []))
            events.append(dict(roles))
    return events


def _event_for(
    events: Sequence[dict[str, list[tuple[int, int]]]], idx: int, line: Mapping[str, Any]
) -> dict[str, list[tuple[int, int]]]:
    """The brat event of a gold line: the one at its index when its content agrees, else the
    one whose content has the line's bounds (a brat file may hold events the gold skips)."""

    def agrees(event: dict[str, list[tuple[int, int]]]) -> bool:
        content = event.get("Content") or []
        return bool(content) and min(s for s, _ in content) == line["content_start"] and max(
            e for _, e in content
        ) == line["content_end"]

    if idx < len(events) and agrees(events[idx]):
        return events[idx]
    return next((e for e in events if agrees(e)), {})


def gold_span_attributions(
    text: str, gold_lines: Sequence[Mapping[str, Any]], ann_path: Path | None
) -> list[Attribution]:
    """Attributions built from gold spans: content and source from the gold lines, cue from brat.

    Args:
        text: the article text.
        gold_lines: this article's gold lines.
        ann_path: the article's first brat file (cues and discontinuous contents), if any.

    Returns:
        One attribution per gold line, ids ``g<index>``, without speakers.
    """
    events = _parse_ann(ann_path) if ann_path else []
    out = []
    for line in gold_lines:
        idx = int(line["index"])
        event = _event_for(events, idx, line)
        content_spans = event.get("Content") or [(line["content_start"], line["content_end"])]
        cue_spans = event.get("Cue") or []
        content = [Span.of(text, s, e) for s, e in sorted(content_spans)]
        cue = Span.of(text, *cue_spans[0]) if cue_spans else None
        kind = "direct" if any(ch in text[line["content_start"]:line["content_end"]]
                               for ch in "\"“”") else "indirect"
        out.append(
            Attribution(
                id=f"g{idx}",
                kind=kind,  # type: ignore[arg-type]
                content=content,
                cue=cue,
                source=Span.of(text, line["source_start"], line["source_end"]),
            )
        )
    return out


def evaluate_speakers_gold_spans(
    polnear_dir: str | Path, gold_path: str | Path, *, split: str = "dev"
) -> dict[str, Any]:
    """Speaker accuracy of the speaker stage alone, on gold attribution spans.

    Args:
        polnear_dir: the PolNeAR data folder (holding ``<split>/text`` and
            ``<split>/attributions``).
        gold_path: the speaker gold JSON lines.
        split: the PolNeAR split the gold articles belong to.

    Returns:
        :func:`score_speakers`'s dict, plus ``articles`` (how many were scored) and ``time``
        (``None``: the time stage's ``assign_said_on`` reports its own accuracy there when run).

    Raises:
        EvaluationError: when the corpus folder or an article text is missing.
    """
    from quotegraph.nlp import load_pipeline
    from quotegraph.speakers import resolve_speakers

    base = Path(polnear_dir) / split
    if not (base / "text").is_dir():
        raise EvaluationError(
            f"no {split}/text folder under {polnear_dir}: give the PolNeAR data folder"
        )
    gold = load_gold(gold_path)
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in gold:
        by_article[line["article"]].append(line)
    nlp = load_pipeline()
    texts: dict[str, str] = {}
    predictions: dict[str, list[Attribution]] = {}
    for article, lines in sorted(by_article.items()):
        text_path = base / "text" / f"{article}.txt"
        if not text_path.is_file():
            raise EvaluationError(f"article text missing: {text_path}")
        text = text_path.read_text(encoding="utf-8")
        anns = sorted((base / "attributions").glob(f"{article}_*.ann"))
        attributions = gold_span_attributions(text, lines, anns[0] if anns else None)
        doc = nlp(text)
        resolve_speakers(doc, attributions)
        texts[article] = text
        predictions[article] = attributions
    result = score_speakers(gold, predictions, texts)
    result["articles"] = len(by_article)
    result["time"] = None  # filled by the time stage (assign_said_on) when it is evaluated too
    return result
