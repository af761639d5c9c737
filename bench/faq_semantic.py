"""The ``.[semantic]`` figures of bench/faq_accuracy.py: the same protocol with the sentence-embedding stage.

faq_accuracy.py runs this when the ``semantic`` extra is installed (and
``--semantic off`` is not given)::

    make test-semantic                                        # builds .venv-semantic once
    .venv-semantic/bin/python bench/faq_accuracy.py                 # both columns
    .venv-semantic/bin/python bench/faq_accuracy.py --write-readme  # ... recorded in bench/README.md

The knowledge base, validation and test files are the ones the lexical run
uses; tuning is on validation only, through ``evaluate_files`` (``kb eval``).
Latency includes encoding the question (one torch thread, so the CPU time
of the matching thread is the whole cost; wall time also counts waiting for a
core on a shared machine, hence the load average beside it). Index build includes
embedding every phrasing, which the bot does once per wording (the vectors
are cached) but which dominates a cold start.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.evaluate import Metrics, evaluate_files
from knowledge.matcher import IndexedEntry, Matcher
from knowledge.semantic import Encoder, SemanticScorer, available
from knowledge.tuning import Tuning

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
MAX_SIZE = 10_000  # the latency target for this stage is at 10k phrasings
COLUMN = "dealerbot with `.[semantic]`"

__all__ = ["COLUMN", "SemanticRun", "available", "protocol", "scale", "scale_worker", "write_readme"]


@dataclass(frozen=True, slots=True)
class SemanticRun:
    metrics: Metrics
    whole: Metrics
    tuning: Tuning
    seconds: float


def protocol(phrasings: Path, validation: Path, test: Path, whole: Path, whole_test: Path) -> SemanticRun:
    """Tune on validation, report on test; then the whole training set as the base, with that tuning."""
    started = time.perf_counter()
    encoder = Encoder()
    figures, _, tuning = evaluate_files(phrasings, test, tune_on=validation, second=SemanticScorer(encoder))
    assert tuning is not None
    whole_figures, _, _ = evaluate_files(
        whole, whole_test, calibration=tuning.calibration, thresholds=tuning.thresholds, second=SemanticScorer(encoder)
    )
    return SemanticRun(figures, whole_figures, tuning, time.perf_counter() - started)


def scale_worker(entries: list[IndexedEntry], questions: list[str]) -> dict[str, float]:
    """Build (embedding included) and match latency of one base, in this process."""
    encoder = Encoder()
    encoder.encode(["warm up the model"])
    Matcher((), None).match("warm up the tokenizers", "en")
    gc.collect()
    started = time.perf_counter()
    scorer = SemanticScorer(encoder)
    matcher = Matcher(entries, second=scorer)
    scorer.similarity(questions[0], "en", [])
    build = time.perf_counter() - started
    wall, busy = [], []
    for question in questions:
        started, cpu = time.perf_counter(), time.thread_time()
        matcher.match(question, "en")
        wall.append(time.perf_counter() - started)
        busy.append(time.thread_time() - cpu)
    wall_ms, cpu_ms = np.array(wall) * 1000, np.array(busy) * 1000
    return {
        "phrasings": sum(len(e.texts) for e in entries),
        "entries": len(entries),
        "build_s": build,
        "p50_ms": float(np.percentile(wall_ms, 50)),
        "p99_ms": float(np.percentile(wall_ms, 99)),
        "cpu_p50_ms": float(np.percentile(cpu_ms, 50)),
        "cpu_p99_ms": float(np.percentile(cpu_ms, 99)),
        "load": os.getloadavg()[0],
    }


def scale(script: Path, data: Path, sizes: list[int]) -> list[dict[str, float]]:
    """``scale_worker`` at each size up to 10k, each in a fresh process (``script --semantic-scale-worker N``)."""
    out = []
    for size in (s for s in sizes if s <= MAX_SIZE):
        done = subprocess.run(
            [sys.executable, str(script), "--data", str(data), "--semantic-scale-worker", str(size)],
            check=True,
            capture_output=True,
            text=True,
        )
        out.append(json.loads(done.stdout))
        print(f"semantic scale {size}: {out[-1]}", flush=True)
    return out


def test_questions(data: Path) -> list[str]:
    with (data / "test.csv").open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def section(run: SemanticRun, lexical: Metrics, rows: list[dict[str, float]]) -> str:
    """The README block: lexical and semantic side by side on the protocol, then latency at scale."""
    names = [name for name, _ in lexical.rows()]
    table = [
        f"| figure | dealerbot (lexical) | {COLUMN} | {COLUMN}, whole training set as KB |",
        "|---|---|---|---|",
    ]
    for number, name in enumerate(names):
        values = (lexical.rows()[number][1], run.metrics.rows()[number][1], run.whole.rows()[number][1])
        table.append(f"| {name} | " + " | ".join(values) + " |")
    lines = [
        *table,
        "",
        "| phrasings | entries | index build (with embedding) | match p50 / p99 wall | match p50 / p99 CPU | load |",
        "|---" * 6 + "|",
    ]
    lines += [
        f"| {r['phrasings']:,} | {r['entries']:,} | {r['build_s']:.1f} s | {r['p50_ms']:.2f} / {r['p99_ms']:.2f} ms "
        f"| {r['cpu_p50_ms']:.2f} / {r['cpu_p99_ms']:.2f} ms | {r['load']:.1f} |"
        for r in rows
    ]
    return "\n".join(lines)


def write_readme(body: str) -> None:
    """Replace the figures between this stage's markers in bench/README.md (the lexical block is left alone)."""
    start, end = "<!-- faq_semantic:start -->", "<!-- faq_semantic:end -->"
    text = README.read_text(encoding="utf-8")
    machine = f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}"
    block = f"{start}\nMeasured {time.strftime('%Y-%m-%d')} on {machine}.\n\n{body}\n{end}"
    if start not in text:
        raise SystemExit(f"bench/README.md has no {start} marker: add one where the semantic figures belong")
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    README.write_text(before + block + after, encoding="utf-8")
