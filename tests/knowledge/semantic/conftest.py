"""Fixtures of the semantic tests; the modules that need the ``semantic`` extra skip without it."""

from __future__ import annotations

import pytest

from knowledge.semantic import Encoder

NEEDS_EXTRA = "the semantic extra is not installed (`make test-semantic` builds .venv-semantic with it)"


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """One loaded model for the whole session (loading takes seconds)."""
    return Encoder()
