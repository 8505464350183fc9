"""Speaker, time and addressee figures on a speaker gold file (``EVALUATION.md``, "Speakers and times").

The gold is PolNeAR dev's speaker gold or the project's train gold (offsets, with addressees).

Entry points:

- :func:`score_speakers` scores any predictions (the whole extractor's, or gold-span ones) against
  the gold lines: gold attributions are matched to predicted ones by content partial match
  (Jaccard ≥ 0.5 over ``\\w+`` tokens, greedy from the highest overlap), then the predicted
  ``speaker.name`` is judged against the gold ``speaker``; the result breaks accuracy down by the
  kind of the gold source mention (pronoun, description, name, organisation, anonymous).
- :func:`evaluate_speakers_gold_spans` is the development loop of the speaker stage alone: it
  builds attributions from the gold content/source/cue spans, parses each text with
  :func:`quotegraph.nlp.load_pipeline`, runs :func:`quotegraph.speakers.resolve_speakers` and
  scores the result, so that speaker errors are not mixed up with attribution-detection errors.
- :func:`cross_validate` scores over K article folds (:func:`article_folds`): a trainer gets the
  training folds' article ids and returns the predictor scored on the held fold.

The corpus is read from the paths given; nothing of it is stored in the package.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
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
_KIND_ALIASES = {"organization": "organisation"}  # EVALUATION.md: one kind, two spellings


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


def _surname(name: str) -> str:
    """The last word of a person's name, without suffixes such as Jr. or III."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    while len(words) > 1 and words[-1].strip(".,").lower() in GENERATIONAL_SUFFIXES:
        words.pop()
    return words[-1].strip(",").lower() if words else ""


# words the rule ignores (EVALUATION.md): articles/conjunctions and company suffixes
_IGNORED_NAME_WORDS = frozenset({"the", "and", "of", "for", "co", "inc", "corp", "ltd", "llc"})


def name_words(name: str) -> list[str]:
    """The words of a name as ``EVALUATION.md``'s speaker rule compares them.

    Lower-cased, split on white space, outer punctuation stripped ("Inc." → "inc", "Lee," → "lee";
    inner hyphens and apostrophes are kept), and the ignored words ("the", "and", "of", "for",
    Co, Inc, Corp, Ltd, LLC) left out.

    Args:
        name: a speaker name.

    Returns:
        The name's words in order.
    """
    words = (w.strip(".,;:!?\"'“”‘’()[]").lower() for w in name.split())
    return [w for w in words if w and w not in _IGNORED_NAME_WORDS]


def _acronym_of(short: list[str], long: list[str]) -> bool:
    """Whether ``short`` is one word that spells the initials of ``long`` (CBP / Customs and
    Border Protection; dots already stripped at the ends, inner ones ignored: "u.s")."""
    if len(short) != 1 or len(long) < 2:
        return False
    return short[0].replace(".", "") == "".join(w[0] for w in long)


def speaker_is_right(gold: str | None, gold_kind: str, predicted: str | None) -> bool:
    """Judge one predicted speaker name against the gold one, by ``EVALUATION.md``'s rule.

    The prediction names the same referent, case-insensitive, when the last word of the gold name
    appears among the predicted name's words, or the predicted name's words are all in the gold
    name, or one name is the other's acronym. The words "the", "and", "of", "for" and company
    suffixes (Co, Inc, Corp, Ltd, LLC) are ignored (:func:`name_words`). A ``None`` gold is right
    only with a ``None`` prediction. The rule is the same for every kind of speaker.

    Args:
        gold: the gold speaker name, or ``None`` for an anonymous or generic source.
        gold_kind: the gold ``speaker_kind``; the rule does not depend on it (kept so that
            callers can pass what they have).
        predicted: the predicted ``speaker.name``, or ``None``.

    Returns:
        Whether the prediction names the gold referent.
    """
    del gold_kind  # the metric's rule is kind-independent
    if gold is None or predicted is None:
        return gold is None and predicted is None
    gold_words, pred_words = name_words(gold), name_words(predicted)
    if not gold_words or not pred_words:
        # a name made only of ignored words ("The Co.") can only be compared whole
        return gold.strip().lower() == predicted.strip().lower()
    if gold_words[-1] in pred_words:
        return True
    if set(pred_words) <= set(gold_words):
        return True
    return _acronym_of(gold_words, pred_words) or _acronym_of(pred_words, gold_words)


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
                ``source_text`` or ``source_start``/``source_end``, ``speaker``, ``speaker_kind``;
            optionally ``said_on``, ``addressee`` and ``content_spans`` as a list of
            ``[start, end]`` for discontinuous content).
        predictions_by_article: predicted attributions per article id.
        texts: article texts by id, to tokenise contents; without them the gold and predicted
            spans are compared by character offsets instead of tokens (pass them when you can).

    Returns:
        A dict with ``total`` (gold lines), ``matched`` (partial matches), ``correct``,
        ``accuracy`` (correct / matched), ``by_kind`` (the same per source kind), ``confusion``
        (per kind: counts of ``right``, ``wrong_name``, ``missed`` (null predicted for a named
        gold), ``false_name`` (a name predicted for an anonymous gold)), ``errors`` (one
        record per wrong line) and ``time`` (``said_on`` accuracy over matched dated lines, the
        false-time rate over matched undated ones, and their ``errors``), ``by_speaker_kind``
        (accuracy per gold ``speaker_kind``, organization spelt organisation) and ``addressee``
        (found / falsely given over matched lines; ``None`` when the gold has no ``addressee``
        key).
    """
    by_article: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for line in gold_lines:
        by_article[line["article"]].append(line)
    kinds: dict[str, Counter[str]] = {k: Counter() for k in _SOURCE_KINDS}
    errors: list[dict[str, Any]] = []
    time_errors: list[dict[str, Any]] = []
    total = matched = correct = 0
    timed: Counter[str] = Counter()  # said_on over matched lines: dated/right, undated/false
    speaker_kinds: dict[str, Counter[str]] = defaultdict(Counter)
    addressed: Counter[str] = Counter()
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
            source_text = _source_text(line, text)
            kind = classify_source(source_text, line["speaker"], line["speaker_kind"])
            speaker_kind = _KIND_ALIASES.get(line["speaker_kind"], line["speaker_kind"])
            kinds[kind]["total"] += 1
            speaker_kinds[speaker_kind]["total"] += 1
            if gi not in pairs:
                kinds[kind]["unmatched"] += 1
                continue
            matched += 1
            kinds[kind]["matched"] += 1
            speaker_kinds[speaker_kind]["matched"] += 1
            pred = preds[pairs[gi]]
            if "addressee" in line:  # only the gold files that annotate addressees carry the key
                if line["addressee"]:
                    addressed["addressed"] += 1
                    addressed["found"] += addressee_is_right(line["addressee"], pred)
                else:
                    addressed["unaddressed"] += 1
                    addressed["falsely_given"] += pred.addressee is not None
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
                speaker_kinds[speaker_kind]["right"] += 1
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
                    "source_text": source_text,
                    "gold": line["speaker"],
                    "predicted": name,
                    "predicted_source": pred.source.text if pred.source else None,
                }
            )
    by_kind = {k: _kind_figures(c) for k, c in kinds.items()}
    by_speaker_kind = {k: _kind_figures(c) for k, c in sorted(speaker_kinds.items())}
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
        "by_speaker_kind": by_speaker_kind,
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
        "addressee": None if not (addressed["addressed"] or addressed["unaddressed"]) else {
            "addressed": addressed["addressed"],
            "found": addressed["found"],
            "found_rate": addressed["found"] / addressed["addressed"] if addressed["addressed"] else None,
            "unaddressed": addressed["unaddressed"],
            "falsely_given": addressed["falsely_given"],
            "falsely_given_rate": (addressed["falsely_given"] / addressed["unaddressed"]
                                   if addressed["unaddressed"] else None),
        },
    }


def _kind_figures(c: Counter[str]) -> dict[str, Any]:
    return {"total": c["total"], "matched": c["matched"], "right": c["right"],
            "accuracy": c["right"] / c["matched"] if c["matched"] else None}  # fmt: skip


def _source_text(line: Mapping[str, Any], text: str | None) -> str:
    """The gold source mention: the dev gold stores it, the train gold only its offsets."""
    if line.get("source_text") is not None:
        return str(line["source_text"])
    if text is not None and line.get("source_start") is not None:
        return text[line["source_start"]:line["source_end"]]
    return ""


def addressee_is_right(gold: str, att: Attribution) -> bool:
    """Whether a prediction's addressee names the gold one (the speaker rule on its mention or
    its entity's name).

    Args:
        gold: the gold addressee name.
        att: the predicted attribution.

    Returns:
        Whether the predicted addressee names the gold referent.
    """
    found = att.addressee
    if found is None:
        return False
    names = [found.span.text] + ([found.entity.name] if found.entity is not None else [])
    return any(speaker_is_right(gold, "other", name) for name in names)


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
    from quotegraph.nlp import load_pipeline, parse_texts
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
        doc, _ = next(parse_texts(nlp, [(text, None)]))  # as the extractor parses
        resolve_speakers(doc, attributions)
        texts[article] = text
        predictions[article] = attributions
    result = score_speakers(gold, predictions, texts)
    result["articles"] = len(by_article)
    result["time"] = None  # filled by the time stage (assign_said_on) when it is evaluated too
    return result


#: A predictor: article ids → predicted attributions per article id.
Predictor = Callable[[Sequence[str]], Mapping[str, Sequence[Attribution]]]
#: A trainer: the training folds' article ids → the predictor to score on the held fold.
Trainer = Callable[[Sequence[str]], Predictor]


def article_folds(articles: Iterable[str], k: int) -> list[list[str]]:
    """Split article ids into ``k`` folds, deterministically by name.

    The names are sorted and dealt round-robin (fold ``i`` holds ``names[i::k]``): the same names
    always give the same folds, and since names start with the publisher, each fold gets a share
    of every publisher.

    Args:
        articles: the article ids (duplicates count once).
        k: the number of folds, at least 2 and at most the number of articles.

    Returns:
        ``k`` lists of article ids.

    Raises:
        EvaluationError: when ``k`` is out of range.
    """
    names = sorted(set(articles))
    if not 2 <= k <= len(names):
        raise EvaluationError(f"--folds must be between 2 and the number of articles ({len(names)}), got {k}")
    return [names[i::k] for i in range(k)]


def fold_figures(result: Mapping[str, Any]) -> dict[str, float | None]:
    """The headline figures of one :func:`score_speakers` result, in percent."""

    def pct(x: float | None) -> float | None:
        return None if x is None else round(100 * x, 2)

    time = result.get("time") or {}
    addressee = result.get("addressee") or {}
    out = {
        "speaker_accuracy": pct(result.get("accuracy")),
        "said_on_accuracy": pct(time.get("accuracy")),
        "false_time_rate": pct(time.get("false_time_rate")),
        "addressee_found": pct(addressee.get("found_rate")),
        "addressee_falsely_given": pct(addressee.get("falsely_given_rate")),
    }
    for kind, fig in (result.get("by_speaker_kind") or {}).items():
        out[f"speaker_accuracy:{kind}"] = pct(fig.get("accuracy"))
    return out


def _mean_sd(values: Sequence[float | None]) -> dict[str, float | None]:
    present = [v for v in values if v is not None]
    if not present:
        return {"mean": None, "sd": None, "folds": 0}
    mean = sum(present) / len(present)
    # sample standard deviation: the folds are a sample of possible splits
    sd = math.sqrt(sum((v - mean) ** 2 for v in present) / (len(present) - 1)) if len(present) > 1 else 0.0
    return {"mean": round(mean, 2), "sd": round(sd, 2), "folds": len(present)}


def cross_validate(
    gold_lines: Sequence[Mapping[str, Any]],
    k: int,
    trainer: Trainer,
    texts: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """K-fold cross-validation over the gold's articles: train on K-1 folds, score the held one.

    For each fold, ``trainer`` gets the other folds' article ids and returns a predictor, which is
    asked only for the held fold's articles; its predictions are scored with
    :func:`score_speakers` against the held fold's gold lines. A rule-based system that learns
    nothing passes a trainer that ignores its argument: the figures are then the spread over folds.

    Args:
        gold_lines: the gold JSON lines.
        k: the number of folds (:func:`article_folds`).
        trainer: train-article ids → predictor.
        texts: article texts by id (see :func:`score_speakers`).

    Returns:
        ``k``, ``folds`` (per fold: ``articles``, ``lines``, ``matched`` and :func:`fold_figures`)
        and ``summary`` (per figure: mean, sample sd and the number of folds that had it).
    """
    by_article: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for line in gold_lines:
        by_article[line["article"]].append(line)
    folds = article_folds(by_article, k)
    per_fold = []
    for i, held in enumerate(folds):
        train_ids = [a for j, fold in enumerate(folds) if j != i for a in fold]
        predictions = trainer(train_ids)(held)
        result = score_speakers([ln for a in held for ln in by_article[a]], predictions, texts)
        per_fold.append({"fold": i, "articles": len(held), "lines": result["total"],
                         "matched": result["matched"], **fold_figures(result)})  # fmt: skip
    keys = [key for key in per_fold[0] if key not in {"fold", "articles", "lines", "matched"}]
    keys += sorted({key for f in per_fold for key in f} - set(keys) - {"fold", "articles", "lines", "matched"})
    return {
        "k": k,
        "folds": per_fold,
        "summary": {key: _mean_sd([f.get(key) for f in per_fold]) for key in keys},
    }


def polnear_matches(
    lines: Sequence[Mapping[str, Any]], text: str, preds: Sequence[Attribution]
) -> list[tuple[Mapping[str, Any], Attribution]]:
    """The (gold line, prediction) pairs of one article that :func:`score_speakers` scores."""
    gold_sets = [_token_set(text, [tuple(s) for s in (line.get("content_spans")
                                                       or [[line["content_start"], line["content_end"]]])])
                 for line in lines]
    pred_sets = [_token_set(text, [(s.start, s.end) for s in p.content]) for p in preds]
    return [(lines[gi], preds[pi]) for gi, pi in _match_pairs(gold_sets, pred_sets).items()]


def ranker_examples(
    docs: Mapping[str, Any], gold: Mapping[str, Sequence[tuple[Attribution | None, str | None, str]]]
) -> dict[str, list[Any]]:
    """The referent ranker's training examples, per article.

    Args:
        docs: the articles' Docs after the attribution stage (``doc._.qg_attributions`` set,
            :func:`quotegraph.training.speaker_docs.docs_before_speakers`).
        gold: per article, (predicted attribution matched to a gold statement, gold speaker,
            gold speaker kind) triples.

    Returns:
        Per article, one :class:`quotegraph.training.speakers.RankExample` per matched
        statement with a source.
    """
    from quotegraph.nlp.doc import ATTRIBUTIONS
    from quotegraph.speakers.resolve import referent_candidates
    from quotegraph.training.speakers import rank_example

    out: dict[str, list[Any]] = {}
    for article, pairs in gold.items():
        doc = docs[article]
        candidates = referent_candidates(doc, doc._.get(ATTRIBUTIONS))
        out[article] = [rank_example(candidates[p.id], speaker, kind, speaker_is_right)
                        for p, speaker, kind in pairs if p is not None and p.id in candidates]
    return out


def ranker_trainer(
    docs: Mapping[str, Any],
    examples: Mapping[str, Sequence[Any]],
    predictions: Mapping[str, Sequence[Attribution]],
    extra: Sequence[Any] = (),
) -> Trainer:
    """A :data:`Trainer` that fits the referent ranker on the training folds' examples (plus
    ``extra`` ones from other corpora) and predicts the held fold's speakers with it.

    The held articles keep everything the whole extractor predicted (contents, said_on,
    addressees); only each statement's speaker is the fold's ranker's choice.

    Args:
        docs: the Docs after the attribution stage, by article.
        examples: :func:`ranker_examples`' examples, by article.
        predictions: the whole extractor's attributions, by article (same ids as the Docs').
        extra: examples always trained on (another corpus; never a held article's).
    """
    import dataclasses

    from quotegraph.nlp.doc import ATTRIBUTIONS
    from quotegraph.speakers.resolve import find_speakers
    from quotegraph.training.speakers import fit_ranker

    def trainer(train_ids: Sequence[str]) -> Predictor:
        model = fit_ranker([e for a in train_ids for e in examples.get(a, [])] + list(extra))

        def predict(held: Sequence[str]) -> dict[str, list[Attribution]]:
            out: dict[str, list[Attribution]] = {}
            for article in held:
                doc = docs[article]
                resolved, _ = find_speakers(doc, doc._.get(ATTRIBUTIONS), ranker=model)
                speaker = {a.id: a.speaker for a in resolved}
                out[article] = [dataclasses.replace(p, speaker=speaker.get(p.id, p.speaker))
                                for p in predictions.get(article, [])]
            return out

        return predict

    return trainer


def referent_training_sets(
    polnear_dir: str | Path,
    gold_path: str | Path,
    statement_golds: Sequence[str | Path] = (),
    *,
    split: str = "train",
    cache_dir: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """The corpora the referent ranker learns from, parsed up to the speaker stage.

    Args:
        polnear_dir: the PolNeAR data folder.
        gold_path: a PolNeAR speaker gold (the project's train gold).
        statement_golds: gold files in the ``meantime_attr`` format (``news2019_attr``).
        split: the PolNeAR split of the speaker gold.
        cache_dir: where parsed Docs are kept between runs (``None``: nowhere).
        progress: called with a line now and then.

    Returns:
        Per corpus name (``polnear`` and each gold file's stem): ``docs`` and ``pairs`` (per
        article: (matched prediction, gold speaker, gold kind)).
    """
    from quotegraph.corpora.polnear import read_polnear
    from quotegraph.evaluate.gold import match_document, read_gold
    from quotegraph.nlp.doc import ATTRIBUTIONS
    from quotegraph.training.speaker_docs import ArticleText, docs_before_speakers

    sets: dict[str, dict[str, Any]] = {}
    gold = load_gold(gold_path)
    by_article: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for line in gold:
        by_article[line["article"]].append(line)
    data = read_polnear(polnear_dir, split)
    articles = [ArticleText(a.id, a.text, a.published) for a in data.articles if a.id in by_article]
    docs = docs_before_speakers(articles, cache_dir=cache_dir, progress=progress)
    pairs = {}
    for a in articles:
        matched = polnear_matches(by_article[a.id], a.text, docs[a.id]._.get(ATTRIBUTIONS))
        pairs[a.id] = [(p, line["speaker"], line["speaker_kind"]) for line, p in matched]
    sets["polnear"] = {"docs": docs, "pairs": pairs}
    for path in statement_golds:
        gdocs = read_gold(path)
        arts = [ArticleText(d.id, d.text, d.published) for d in gdocs]
        docs = docs_before_speakers(arts, cache_dir=cache_dir, progress=progress)
        pairs = {}
        for d in gdocs:
            preds = docs[d.id]._.get(ATTRIBUTIONS)
            pairs[d.id] = [(preds[pi], d.statements[gi].speaker, d.statements[gi].speaker_kind)
                           for gi, pi in match_document(d, preds).items()]
        sets[Path(path).stem] = {"docs": docs, "pairs": pairs}
    return sets


def ranker_cross_validation(sets: Mapping[str, Mapping[str, Any]], k: int = 5, **fit: Any) -> dict[str, Any]:
    """K-fold article cross-validation of the referent ranker over several corpora at once.

    Each corpus' articles are dealt into ``k`` folds (:func:`article_folds`); fold ``i`` of the
    ranker trains on every corpus' other folds and is scored on every corpus' fold ``i``, so no
    scored article is ever trained on. The rules' own choice is scored beside it.

    Args:
        sets: :func:`referent_training_sets`' result.
        k: the number of folds.
        fit: keyword arguments of :func:`quotegraph.training.speakers.fit_ranker`.

    Returns:
        Per corpus: ``statements`` (matched, with a source or not), ``ranker`` and ``rules``
        (accuracy in percent, overall and ``by_kind``).
    """
    from quotegraph.training.speakers import fit_ranker

    examples = {name: ranker_examples(s["docs"], s["pairs"]) for name, s in sets.items()}
    folds = {name: article_folds(s["pairs"], k) for name, s in sets.items()}
    tallies: dict[str, dict[str, Counter[str]]] = {
        name: {"ranker": Counter(), "rules": Counter(), "total": Counter()} for name in sets}
    for i in range(k):
        train = [e for name in sets for j, fold in enumerate(folds[name]) if j != i
                 for a in fold for e in examples[name][a]]
        model = fit_ranker(train, **fit)
        for name, s in sets.items():
            for article in folds[name][i]:
                _tally_ranker(s["docs"][article], s["pairs"][article], model, tallies[name])
    out: dict[str, Any] = {}
    for name, t in tallies.items():
        total = t["total"]
        out[name] = {"statements": total["all"]}
        for system in ("ranker", "rules"):
            right = t[system]
            out[name][system] = {
                "accuracy": round(100 * right["all"] / total["all"], 2) if total["all"] else None,
                "by_kind": {kind: round(100 * right[kind] / n, 2) for kind, n in sorted(total.items())
                            if kind != "all"},
            }
    return out


def _tally_ranker(doc: Any, pairs: Sequence[tuple[Attribution, str | None, str]], model: Any,
                  tally: dict[str, Counter[str]]) -> None:
    from quotegraph.nlp.doc import ATTRIBUTIONS
    from quotegraph.speakers.resolve import find_speakers

    attributions = doc._.get(ATTRIBUTIONS)
    by_ranker = {a.id: a.speaker for a in find_speakers(doc, attributions, ranker=model)[0]}
    by_rules = {a.id: a.speaker for a in find_speakers(doc, attributions, ranker=None)[0]}
    for pred, speaker, kind in pairs:
        kind = _KIND_ALIASES.get(kind, kind)
        tally["total"]["all"] += 1
        tally["total"][kind] += 1
        for system, chosen in (("ranker", by_ranker), ("rules", by_rules)):
            ref = chosen.get(pred.id)
            if speaker_is_right(speaker, kind, ref.name if ref is not None else None):
                tally[system]["all"] += 1
                tally[system][kind] += 1
