"""The PolNeAR brat reader on a hand-written fixture folder (invented text, not corpus text)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from quotegraph.corpora.polnear import GoldArticle, GoldAttribution, parse_ann, read_polnear
from quotegraph.errors import EvaluationError
from quotegraph.evaluate.polnear import evaluate_agreement, evaluate_polnear

FIXTURE = Path(__file__).parent / "fixtures" / "evaluate" / "polnear"


def spans_text(article: GoldArticle, spans: list[tuple[int, int]]) -> list[str]:
    return [article.text[s:e] for s, e in spans]


@pytest.fixture(scope="module")
def split():
    return read_polnear(FIXTURE, "dev")


def test_evaluate_polnear_reads_annotated_articles_with_dates(split) -> None:
    assert [a.id for a in split.articles] == [
        "alpha_2024-03-04_mayor-budget", "beta_2024-05-06_merger-bet"]  # fmt: skip
    alpha, beta = split.articles
    assert alpha.published == dt.date(2024, 3, 4) and beta.published == dt.date(2024, 5, 6)
    # the annotation file that sorts first is the gold, the other annotator's is ignored
    assert alpha.annotator == "aa11"
    assert len(alpha.attributions) == 3 and len(beta.attributions) == 2


def test_evaluate_polnear_discontinuous_content_and_roles(split) -> None:
    alpha = split.articles[0]
    quote = alpha.attributions[1]
    assert spans_text(alpha, quote.content) == [
        '"We will not raise taxes,"', '"and we will not cut libraries."']  # fmt: skip
    assert spans_text(alpha, quote.source) == ["Whitfield"]
    assert spans_text(alpha, quote.cue) == ["told"]


def test_evaluate_polnear_no_source_attribution(split) -> None:
    alpha = split.articles[0]
    belief = alpha.attributions[2]
    assert belief.source == []
    assert spans_text(alpha, belief.cue) == ["is expected"]
    assert spans_text(alpha, belief.content) == ["the council will vote next week"]


def test_evaluate_polnear_numbered_roles_merge(split) -> None:
    beta = split.articles[1]
    assert spans_text(beta, beta.attributions[1].content) == ["that shares", "could fall"]
    assert spans_text(beta, beta.attributions[0].content) == ['the merger was "a bold bet"']


def test_evaluate_polnear_skips_malformed_lines_with_counts(split) -> None:
    assert split.skipped == {
        "bad line": 1,  # a stray continuation line
        "bad span": 2,  # unparsable and out-of-range offsets
        "dangling event": 1,  # E4 points at a missing span
        "no content": 1,  # ... and so has no content left
        "no annotation": 1,  # the unannotated article
    }
    assert any("E4" in w for w in split.warnings)


def test_evaluate_polnear_limit(split) -> None:
    assert len(read_polnear(FIXTURE, "dev", limit=1).articles) == 1


@pytest.mark.parametrize(
    "ann",
    ["", "garbage\x00\n\tT1\n", "T1\tContent\t\nE1\tAttribution\n", "E1\tContent:\nT2 Cue 1 2\n",
     "T1\tContent 3 1\tbackwards\nE1\tContent:T1\n"],
)
def test_evaluate_polnear_parse_ann_never_crashes(ann: str) -> None:
    assert parse_ann(ann, 10) == []


@pytest.mark.parametrize(
    ("path", "split_name", "message"),
    [
        (FIXTURE / "missing", "dev", "PolNeAR folder not found"),
        (FIXTURE, "test", "no split 'test'"),
        (FIXTURE / "dev", "dev", "is this a PolNeAR data folder"),
    ],
)
def test_evaluate_polnear_missing_folder_or_split(
    path: Path, split_name: str, message: str
) -> None:
    with pytest.raises(EvaluationError, match=message):
        read_polnear(path, split_name)


class Oracle:
    """An extractor that returns the gold itself, so the whole scoring path is exercised."""

    model = "oracle"

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.gold = {a.id: a.attributions for a in read_polnear(FIXTURE).articles}

    def extract(self, article):
        from quotegraph.models import ExtractionResult

        if article.id == self.fail_on:
            raise RuntimeError("boom")
        return ExtractionResult(article, list(self.gold[article.id]))

    def extract_many(self, articles, n_process: int = 1):
        for article in articles:
            yield self.extract(article)


def test_evaluate_polnear_with_oracle_scores_100(tmp_path: Path) -> None:
    result = evaluate_polnear(FIXTURE, "dev", extractor=Oracle(), dump=tmp_path / "dump")
    assert result["content_exact"]["f1"] == 100.0 and result["end_to_end"]["f1"] == 100.0
    assert result["direct_quote_recall"] == {"value": 100.0, "right": 2, "total": 2}
    assert result["failed"] == {} and result["split"] == "dev"
    dumped = sorted(p.name for p in (tmp_path / "dump").iterdir())
    assert dumped == ["alpha_2024-03-04_mayor-budget.json", "beta_2024-05-06_merger-bet.json"]


def test_evaluate_polnear_failing_article_counts_as_missed() -> None:
    oracle = Oracle(fail_on="beta_2024-05-06_merger-bet")
    result = evaluate_polnear(FIXTURE, "dev", extractor=oracle)
    assert list(result["failed"]) == ["beta_2024-05-06_merger-bet"]
    assert result["content_partial"]["r"] == 60.0  # 3 of 5 gold found
    assert result["content_partial"]["p"] == 100.0


def test_evaluate_polnear_refuses_dump_inside_a_checkout(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    with pytest.raises(EvaluationError, match="outside the repository"):
        evaluate_polnear(FIXTURE, "dev", extractor=Oracle(), dump=tmp_path / "dump")


def test_evaluate_polnear_gold_attribution_defaults() -> None:
    assert GoldAttribution([(0, 1)]).source == [] and GoldAttribution([(0, 1)]).cue == []


def test_evaluate_polnear_agreement_scores_second_annotator_against_first() -> None:
    result = evaluate_agreement(FIXTURE, "dev")
    assert result["annotators"] == {"alpha_2024-03-04_mayor-budget": ["aa11", "zz99"]}
    assert (result["articles"], result["gold"], result["predicted"]) == (1, 3, 1)
    # zz99 marks only "the city budget" of the 8-token gold content: J = 3/8, lenient only
    assert (result["content_lenient"]["tp"], result["content_partial"]["tp"]) == (1, 0)
    assert result["end_to_end"]["f1"] == 0.0


def test_evaluate_polnear_agreement_needs_two_annotators(tmp_path: Path) -> None:
    copy = tmp_path / "polnear"
    shutil.copytree(FIXTURE, copy)
    (copy / "dev" / "attributions" / "alpha_2024-03-04_mayor-budget_zz99.ann").unlink()
    with pytest.raises(EvaluationError, match="two annotation files"):
        evaluate_agreement(copy, "dev")
