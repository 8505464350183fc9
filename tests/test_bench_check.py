"""``quotegraph bench check``'s parts on invented statements: the check set (every kind, the
verdict each expects, deterministic, never-said claims unattested), the checker's verdicts on it
(words only), the paraphrase model's fit, the threshold choice and their cross-validation,
paraphrase keys resolved through a
store, the packaged paraphrases, and growing a large store of variants."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from pathlib import Path

import pytest

from conftest import make_result, person
from quotegraph.bench.check import (
    Outcome,
    choose_reworded,
    choose_threshold,
    cross_validate,
    fit_model,
    resolve_paraphrases,
    run_cases,
    score,
)
from quotegraph.bench.check_set import (
    ATTESTED_RUN,
    KINDS,
    Case,
    ParaphraseKey,
    Pool,
    generate,
    longest_shared_run,
    read_paraphrases,
)
from quotegraph.check import Checker, Statement
from quotegraph.check.normalise import normalise
from quotegraph.check.verdict import ParaphraseModel, same_speaker
from quotegraph.store import Store

_LEXICON = """harbour council ferry school valley hospital river budget tram bridge estuary winter storm
roof village library field flood water worker season tax minister voter auditor coast family
night bus repair plan spend wait promise afford find open close build mend paint carry count
north south east west market square station tunnel canal orchard meadow quarry mill bakery
garden clinic museum theatre stadium airport harbourmaster teacher nurse farmer fisher driver
pilot baker miller clerk mayor judge sheriff warden keeper ranger porter steward captain
quickly slowly early late never always often rarely gladly sadly surely hardly simply fairly
green silver narrow wide deep shallow bright quiet loud steady fragile ancient modern public
private local distant coastal rural urban proper second third fourth tenth hundred thousand""".split()
_PEOPLE = ["Ida Moss", "Tom Reyes", "Ann Lee", "Olu Bakare", "Greta Lind", "Sam Ortiz", "Mei Tan", "Rui Costa"]


def _statements(n: int = 120) -> list[Statement]:
    """Invented statements of 12-30 words (random words of a small lexicon) by eight people."""
    rng = random.Random(3)
    out = []
    for i in range(n):
        words = [rng.choice(_LEXICON) for _ in range(rng.randint(12, 30))]
        text = " ".join(words).capitalize() + "."
        out.append(Statement(f"q{i:03d}", text, _PEOPLE[i % len(_PEOPLE)], dt.date(2024, 1, 1 + i % 28)))
    return out


@pytest.fixture(scope="module")
def pool() -> Pool:
    found = _statements()
    return Pool(found, {st.id: ("train" if n % 2 else "dev") for n, st in enumerate(found)})


def test_check_set_has_every_kind_with_its_verdict_and_is_deterministic(pool: Pool) -> None:
    para = [(pool.statements[0], "The people at the port say they are short of money for fixing things.")]
    cases = generate(pool, per_kind=10, never_said=10, paraphrases=para, seed=4)
    assert cases == generate(pool, per_kind=10, never_said=10, paraphrases=para, seed=4)
    assert cases != generate(pool, per_kind=10, never_said=10, paraphrases=para, seed=5)
    kinds = {c.kind for c in cases}
    assert kinds == set(KINDS)
    assert all(c.expected == KINDS[c.kind] for c in cases)
    assert {c.split for c in cases} == {"train", "dev"}
    by_id = {st.id: st for st in pool.statements}
    for c in cases:
        if c.kind == "truncation":
            words, whole = len(normalise(c.claim).norms), len(pool.norms[c.sources[0]])
            assert 5 <= words <= 0.6 * whole
            assert " ".join(normalise(c.claim).norms) in " ".join(pool.norms[c.sources[0]])
        if c.kind == "speaker_swap":
            assert c.speaker and c.speaker != by_id[c.sources[0]].speaker
        if c.kind == "splice":
            assert len(c.sources) == 2 and c.sources[0] != c.sources[1]
        if c.kind == "never_said":
            assert not c.sources and not pool.attested_run(c.claim)
            assert c.detail in ("invented", "recombined", "misattributed")
            if c.detail == "misattributed":
                assert c.claim == para[0][1] and not same_speaker(c.speaker or "", para[0][0].speaker)
            if c.detail == "recombined":
                assert not pool.attested_run(c.claim, 3)


def test_checker_gets_the_word_level_kinds_right(pool: Pool) -> None:
    cases = [c for c in generate(pool, per_kind=15, never_said=15, seed=8) if c.kind != "paraphrase"]
    outcomes = run_cases(Checker(pool.statements), cases)
    figures = score(outcomes, ParaphraseModel.rule(0.7, 0.0), pool)
    for kind in ("verbatim", "substitution", "truncation", "splice", "speaker_swap", "never_said"):
        assert figures[kind]["accuracy"] >= 90.0, (kind, figures[kind])
    assert figures["verbatim"]["with_evidence"] >= 90.0
    assert figures["splice"]["with_evidence"] >= 80.0


def _outcome(kind: str, cosine: float, n: int, verdict: str = "paraphrase", mixed: float = 0.0,
             ratio: float = 0.0, kept: float = 1.0) -> Outcome:
    case = Case(kind, f"claim {kind} {n}", None, KINDS[kind], (f"q{n:03d}",) if kind == "paraphrase" else (),
                "train")
    similar = ((f"q{n:03d}", (cosine, mixed, ratio, kept, 0.0)),) if verdict == "paraphrase" else ()
    return Outcome(case, verdict, (f"q{n:03d}",), (f"q{n:03d}",), similar, 1.0)


def test_threshold_is_chosen_between_paraphrases_and_claims_never_said(pool: Pool) -> None:
    outcomes = [_outcome("paraphrase", 0.72 + 0.002 * n, n) for n in range(50)]
    outcomes += [_outcome("never_said", 0.30 + 0.005 * n, 100 + n) for n in range(50)]
    outcomes += [_outcome("never_said", 1.0, 200 + n, verdict="not_found") for n in range(5)]
    rule = choose_threshold(outcomes, pool)
    assert 0.55 <= -rule.bias <= 0.72 and rule.weights[1] == 0.0
    cv = cross_validate(outcomes, pool, choose=choose_threshold)
    assert cv["paraphrase"] == 100.0 and cv["never_said"] == 100.0 and len(cv["models"]) == 5
    # A never-said claim above the threshold reads as a paraphrase: it is counted wrong.
    strict = ParaphraseModel.rule(0.9, 0.0)
    assert outcomes[0].verdict_at(strict) == "not_found" and outcomes[-1].verdict_at(strict) == "not_found"
    assert _outcome("never_said", 0.95, 1).verdict_at(rule) == "paraphrase"


def test_a_scramble_penalty_is_chosen_when_similarity_alone_cannot_separate(pool: Pool) -> None:
    # Scrambled claims as similar as the paraphrases, but holding the statement's words in pieces.
    outcomes = [_outcome("paraphrase", 0.70 + 0.004 * n, n, mixed=0.1) for n in range(40)]
    outcomes += [_outcome("never_said", 0.70 + 0.004 * n, 100 + n, mixed=0.6) for n in range(40)]
    rule = choose_threshold(outcomes, pool)
    assert rule.weights[1] < 0
    assert all(o.verdict_at(rule) == o.case.expected for o in outcomes)
    assert outcomes[0].evidence_at(rule) == ("q000",) and outcomes[-1].evidence_at(rule) == ()


def test_the_model_learns_what_no_single_threshold_can(pool: Pool) -> None:
    # Never-said claims as similar as the paraphrases and never scrambled, but naming people the
    # statement does not name, or much longer than a statement of a word or two: only a
    # decision on several features separates them.
    rng = random.Random(5)
    outcomes = [_outcome("paraphrase", rng.uniform(0.55, 0.9), n, ratio=rng.uniform(-0.4, 0.4)) for n in range(60)]
    outcomes += [_outcome("never_said", rng.uniform(0.55, 0.9), 100 + n, kept=0.0, ratio=rng.uniform(-0.4, 0.4))
                 for n in range(30)]
    outcomes += [_outcome("never_said", rng.uniform(0.55, 0.9), 200 + n, ratio=rng.uniform(1.2, 2.0)) for n in range(30)]
    model = fit_model(outcomes, pool)
    assert model.weights[3] > 0 and model.weights[2] < 0
    cv = cross_validate(outcomes, pool)
    assert cv["paraphrase"] >= 95.0 and cv["never_said"] >= 95.0
    rule_cv = cross_validate(outcomes, pool, choose=choose_threshold)
    assert min(rule_cv["paraphrase"], rule_cv["never_said"]) < 80.0


def _altered(kind: str, share: float, n: int, cosine: float = 0.9) -> Outcome:
    """A claim the words call "altered" (one statement, ``share`` of its words changed), whose
    speaker's most similar statement is its own with ``cosine``."""
    sid = f"q{n:03d}"
    case = Case(kind, f"claim {kind} {n}", None, KINDS[kind], (sid,), "train")
    return Outcome(case, "altered", (sid,), (sid,), (), 1.0, (share, sid, (cosine, 0.0, 0.0, 1.0, cosine)))


def test_a_rewording_share_is_chosen_between_misquotes_and_close_paraphrases(pool: Pool) -> None:
    # Misquotes change one to three words (a small share); close paraphrases keep many of the
    # statement's words in order but change more of them.
    rng = random.Random(7)
    outcomes = [_altered("substitution", rng.uniform(0.05, 0.28), n) for n in range(60)]
    outcomes += [_altered("paraphrase", rng.uniform(0.36, 0.6), 100 + n) for n in range(20)]
    outcomes += [_outcome("paraphrase", 0.8, 200 + n) for n in range(20)]
    model = ParaphraseModel.rule(0.6, 0.0)
    share = choose_reworded(outcomes, pool, model)
    assert 0.28 <= share < 0.36
    assert all(o.verdict_at(model, share) == o.case.expected for o in outcomes)
    # A rewording reads as a paraphrase only when the paraphrase decision accepts its statement.
    close = outcomes[60]
    assert close.verdict_at(model, share) == "paraphrase" and close.evidence_at(model, share) == ("q100",)
    assert close.verdict_at(ParaphraseModel.rule(0.95, 0.0), share) == "altered"
    assert close.verdict_at(model, math.inf) == "altered" and close.evidence_at(model, math.inf) == ("q100",)
    cv = cross_validate(outcomes, pool, choose=lambda fit, _pool: model)
    assert cv["substitution"] == 100.0 and cv["paraphrase"] == 100.0 and len(cv["reworded"]) == 5
    # With no close paraphrase to gain, the largest share is kept: nothing is read as a rewording.
    assert choose_reworded(outcomes[:60], pool, model) == math.inf


def test_the_model_falls_back_to_the_rule_with_one_class(pool: Pool) -> None:
    assert fit_model([_outcome("paraphrase", 0.8, n) for n in range(5)], pool) == ParaphraseModel.rule()


def test_paraphrase_keys_are_resolved_by_article_and_offsets(tmp_path: Path) -> None:
    moss = person("e1", "Ida Moss", ["Moss"])
    quote = "The old pier will reopen in April, and the ferry will stop there every hour."
    text = f"Harbour news. \"{quote}\" Moss said. \"We are broke.\" Moss said."
    with Store.open(tmp_path / "s.sqlite") as st:
        st.add(make_result("pier-article", text, [(quote, moss), ("We are broke.", moss)], [moss]))
        found = [Statement(q.id, q.text, q.speaker_name) for q in st.quotations_for_check()]
        pool = Pool(found, {s.id: "dev" for s in found})
        start = text.index(quote)
        keys = [ParaphraseKey("pier-article", start + 2, start + len(quote) - 3, "Ferries will call hourly at the pier."),
                ParaphraseKey("pier-article", 0, 5, "Nothing was said here."),
                ParaphraseKey("no-such-article", 0, 10, "Nor here.")]
        pairs, missing = resolve_paraphrases(st, keys, pool)
    assert [(p[0].text, p[1]) for p in pairs] == [(quote, "Ferries will call hourly at the pier.")]
    assert [m.article for m in missing] == ["pier-article", "no-such-article"]


def test_packaged_paraphrases_are_enough_and_well_formed() -> None:
    keys = read_paraphrases()
    assert len(keys) >= 100
    assert all(k.end > k.start >= 0 and len(k.paraphrase.split()) >= 4 for k in keys)
    assert len({(k.article, k.start) for k in keys}) == len(keys)


CORPUS = Path("/work/shared/data/polnear")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the PolNeAR corpus is not on this machine")
def test_packaged_paraphrases_share_no_long_run_with_their_statement() -> None:
    for k in read_paraphrases():
        names = [p for split in ("train", "dev") for p in [CORPUS / split / "text" / f"{k.article}.txt"] if p.is_file()]
        assert names, k.article
        original = names[0].read_text(encoding="utf-8")[k.start:k.end]
        assert longest_shared_run(original, k.paraphrase) <= ATTESTED_RUN, k


def test_read_paraphrases_rejects_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"article": "a", "start": 1}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        read_paraphrases(path)


def test_grow_store_copies_articles_and_adds_variants(tmp_path: Path) -> None:
    from conftest import invented_corpus
    from quotegraph.bench.check_web import grow_store

    source, target = str(tmp_path / "src.sqlite"), str(tmp_path / "big.sqlite")
    with Store.open(source) as st:
        for r in invented_corpus(8):
            st.add(r)
        have = st.counts()["attributions"]
    figures = grow_store(source, target, have + 45)
    assert figures["statements"] >= have + 45 and figures["generated"] >= 45
    with Store.open(target) as st:
        assert st.counts()["attributions"] == figures["statements"]
    # Growing again to the same size adds nothing.
    assert grow_store(source, target, have + 45)["generated"] == 0


def test_check_latency_refuses_a_small_store_and_measures_a_server_it_starts(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from conftest import invented_corpus
    from quotegraph.cli import app

    db = str(tmp_path / "small.sqlite")
    with Store.open(db) as store:
        for res in invented_corpus(12):
            store.add(res)
    r = CliRunner().invoke(app, ["bench", "check-latency", "--db", db, "--no-embed"])
    assert r.exit_code == 1 and "fewer than 100000" in r.output
    r = CliRunner().invoke(app, ["bench", "check-latency", "--db", db, "--no-embed", "--min-statements", "0",
                                 "--clients", "2", "--requests", "30", "--workers", "1", "--json"],
                           env={"QUOTEGRAPH_CHECK_MEANING": "0"})
    assert r.exit_code == 0, r.output
    out = json.loads(r.output[r.output.index("{"):])
    assert out["requests"] == 30 and out["errors"] == 0 and out["statuses"] == {"200": 30}
    assert 0 < out["p50_ms"] <= out["p95_ms"] <= out["p99_ms"]
    assert out["statements"] == 24 and out["clients"] == 2
