"""Features that place a candidate among its cue's other readings and the cues it holds."""

from quotegraph.attribution.candidates import Candidate
from quotegraph.attribution.features import reading_features


def _cand(cue: tuple[int, int], content: list[tuple[int, int]], rule: str = "ccomp") -> Candidate:
    return Candidate(cue=cue, source=None, content=content, rule=rule, confidence=0.5)


def test_readings_of_one_cue_are_placed_by_length() -> None:
    # invented layout: a cue at 10..14 with three readings, another cue at 40..45 inside the longest
    cands = [
        _cand((10, 14), [(15, 70)]),
        _cand((10, 14), [(15, 38)], rule="broad-ccomp-trim"),
        _cand((10, 14), [(15, 50)], rule="broad-ccomp"),
        _cand((40, 45), [(46, 70)]),
    ]
    feats = [["cueprob=8"], ["cueprob=8"], ["cueprob=8"], ["cueprob=6"]]
    out = reading_features(cands, feats)
    assert "reading=longest" in out[0] and "reading-share=4" in out[0]
    assert "reading=shortest" in out[1] and "reading=shortest|rule=broad" in out[1]
    assert "reading=middle" in out[2] and "readings=3" in out[2]
    assert "reading=only" in out[3] and not any(f.startswith("reading-share") for f in out[3])
    # the longest reading runs over the second cue (its likeliest bin is 6); the shortest stops before it
    assert "holds-cue=6" in out[0] and "holds-cue=6|rule=ccomp" in out[0]
    assert "holds-cue=6" in out[2]
    assert "holds-cue=none" in out[1]
    # a reading never holds its own cue, even when its content spans it
    assert "holds-cue=none" in out[3]


def test_a_held_cue_takes_its_likeliest_bin_and_pieces_count() -> None:
    cands = [
        _cand((0, 4), [(5, 12), (30, 60)]),  # two pieces: the second holds the other cue
        _cand((40, 44), [(45, 60)], rule="object"),
        _cand((40, 44), [(20, 39)], rule="broad-dobj"),
    ]
    feats = [["cueprob=7", "cueprob=7|rule=ccomp"], ["cueprob=2"], ["cueprob=3"]]
    out = reading_features(cands, feats)
    assert "holds-cue=3" in out[0]  # the cue's bins differ by reading: the highest counts
    assert "readings=2" in out[1] and "reading=longest" in out[2]


def test_train_polnear_fits_with_the_documented_strength() -> None:
    import inspect

    from quotegraph.cli.train import train_polnear as command
    from quotegraph.training.attribution import ATTRIBUTION_C
    from quotegraph.training.polnear import train_polnear

    assert inspect.signature(train_polnear).parameters["c"].default == ATTRIBUTION_C
    assert inspect.signature(command).parameters["c"].default == ATTRIBUTION_C
