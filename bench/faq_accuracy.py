"""FAQ matcher accuracy, latency and index size on BANKING77 (Casanueva et al. 2020).

Usage (from the repository root, after ``make test`` built ``.venv``)::

    .venv/bin/python bench/faq_accuracy.py                 # print every figure
    .venv/bin/python bench/faq_accuracy.py --write-readme  # ... and record them in bench/README.md

Protocol (issue 3): the 77 intents sorted by name (Python's ``sorted``); every
4th (index 3, 7, 11, ...) is left out of the knowledge base; the knowledge base
is the first 10 training rows (file order) of every other intent; validation
is the remaining training rows (left-out intents expected empty); test is
``test.csv`` (left-out intents expected empty). Thresholds and the confidence
model are tuned on validation only, and the test figures come from the same
code as ``dealerbot kb eval --tune``. The data is read from
``../shared/bench-data/banking77`` beside the repository and never copied.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import faq_semantic  # noqa: E402  (bench/faq_semantic.py, beside this file)

from knowledge.evaluate import Metrics, Outcome, evaluate_files, metrics  # noqa: E402
from knowledge.matcher import Candidate, IndexedEntry, Matcher, MatchResult, Thresholds  # noqa: E402
from knowledge.questions import Question, read_phrasings, read_questions  # noqa: E402
from knowledge.tuning import Labelled, answer_threshold, suggest_threshold  # noqa: E402

DATA = ROOT.parent / "shared" / "bench-data" / "banking77"
README = ROOT / "bench" / "README.md"
SIZES = (1_000, 10_000, 100_000)
Rows = list[tuple[str, str]]


def load(data: Path) -> tuple[Rows, Rows, Rows, Rows, Rows]:
    """(kb, validation, test, whole-train kb, whole-train test) as (key or text, text or expected) pairs."""
    intents = sorted(json.loads((data / "categories.json").read_text(encoding="utf-8")))
    left_out = {intent for number, intent in enumerate(intents) if number % 4 == 3}
    with (data / "train.csv").open(encoding="utf-8", newline="") as handle:
        train = [(row["text"], row["category"]) for row in csv.DictReader(handle)]
    with (data / "test.csv").open(encoding="utf-8", newline="") as handle:
        test = [(row["text"], row["category"]) for row in csv.DictReader(handle)]
    kb: Rows = []
    validation: Rows = []
    taken: dict[str, int] = {}
    for text, intent in train:
        if intent not in left_out and taken.get(intent, 0) < 10:
            taken[intent] = taken.get(intent, 0) + 1
            kb.append((intent, text))
        else:
            validation.append((text, "" if intent in left_out else intent))
    protocol_test = [(text, "" if intent in left_out else intent) for text, intent in test]
    return kb, validation, protocol_test, [(intent, text) for text, intent in train], test


def write_csv(path: Path, header: tuple[str, str], rows: Rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


class FuzzyBaseline:
    """Every phrasing scored by one rapidfuzz scorer; an entry's score is its best phrasing's."""

    def __init__(self, entries: Sequence[IndexedEntry], scorer: object) -> None:
        self.scorer = scorer
        self.texts = [text for entry in entries for text in entry.texts]
        self.owner = np.array([n for n, entry in enumerate(entries) for _ in entry.texts])
        self.entries = list(entries)
        self.thresholds = Thresholds(1.01, 1.01)

    def ranked(self, question: str) -> tuple[Candidate, ...]:
        scores = process.cdist([question], self.texts, scorer=self.scorer, processor=utils.default_process)[0]
        best = np.full(len(self.entries), -1.0)
        np.maximum.at(best, self.owner, scores)
        # Stable: on a tie the first entry wins, as with extractOne.
        order = np.argsort(-best, kind="stable")[:5]
        return tuple(Candidate(self.entries[n].entry_id, self.entries[n].key, float(best[n]) / 100) for n in order)

    def tune(self, questions: Sequence[Question]) -> None:
        """Both thresholds on the raw top score, the same rules as the matcher's tuning."""
        ranked = [self.ranked(q.text) for q in questions]
        top = np.array([r[0].score for r in ranked])
        keys = [[c.key for c in r] for r in ranked]
        data = Labelled(
            top[:, None],
            np.array([bool(q.expected) and k[:1] == [q.expected] for q, k in zip(questions, keys, strict=True)]),
            np.array([bool(q.expected) and q.expected in k[:3] for q, k in zip(questions, keys, strict=True)]),
            np.array([bool(q.expected) for q in questions]),
        )
        answer = answer_threshold(top, data, 0.96, 0.02)
        self.thresholds = Thresholds(answer, suggest_threshold(top, top, data, answer))

    def run(self, questions: Sequence[Question]) -> Metrics:
        outcomes = []
        for question in questions:
            started = time.perf_counter()
            candidates = self.ranked(question.text)
            seconds = time.perf_counter() - started
            band = self.thresholds.band(candidates[0].score, candidates[0].score)
            outcomes.append(Outcome(question, MatchResult("", candidates, candidates[0].score, band), seconds))
        return metrics(outcomes)


def synthetic_entries(data: Path, size: int) -> list[IndexedEntry]:
    """``size`` phrasings in entries of ten: every BANKING77 text (train then test), then variants of them.

    Copy ``c`` > 0 of a text drops one word, swaps two neighbours and inserts a
    word drawn from the corpus vocabulary (seeded), so every phrasing is
    distinct while lengths and vocabulary stay those of real questions.
    """
    rng = np.random.default_rng(7)
    rows = []
    for name in ("train.csv", "test.csv"):
        with (data / name).open(encoding="utf-8", newline="") as handle:
            rows.extend((row["category"], row["text"]) for row in csv.DictReader(handle))
    vocabulary = sorted({word for _, text in rows for word in text.split()})
    groups: dict[str, list[str]] = {}
    made = copy = 0
    while made < size:
        for intent, text in rows[: size - made]:
            words = text.split()
            if copy:
                if len(words) > 3:
                    del words[int(rng.integers(len(words)))]
                    i = int(rng.integers(len(words) - 1))
                    words[i], words[i + 1] = words[i + 1], words[i]
                words.insert(int(rng.integers(len(words) + 1)), vocabulary[int(rng.integers(len(vocabulary)))])
            groups.setdefault(f"{intent}#{copy}", []).append(" ".join(words))
            made += 1
        copy += 1
    entries = []
    for key, texts in groups.items():
        for start in range(0, len(texts), 10):
            chunk = tuple(texts[start : start + 10])
            entries.append(IndexedEntry(len(entries) + 1, f"{key}/{start // 10}", "en", chunk))
    return entries


def scale_worker(data: Path, size: int) -> dict[str, float]:
    """Build time, memory and match latency at one size (run in a fresh process so memory is its own)."""
    entries = synthetic_entries(data, size)
    with (data / "test.csv").open(encoding="utf-8", newline="") as handle:
        questions = [row["text"] for row in csv.DictReader(handle)]
    Matcher((), None).match("warm up the tokenizers", "en")
    gc.collect()
    before = _resident_mb()
    started, cpu = time.perf_counter(), time.process_time()
    matcher = Matcher(entries)
    build, build_cpu = time.perf_counter() - started, time.process_time() - cpu
    gc.collect()
    memory = _resident_mb() - before
    wall, busy = [], []
    for question in questions:
        started, cpu = time.perf_counter(), time.thread_time()
        matcher.match(question, "en")
        wall.append(time.perf_counter() - started)
        busy.append(time.thread_time() - cpu)
    wall_ms, cpu_ms = np.array(wall) * 1000, np.array(busy) * 1000
    return {
        "phrasings": size,
        "entries": len(entries),
        "build_s": build,
        "build_cpu_s": build_cpu,
        "memory_mb": memory,
        "p50_ms": float(np.percentile(wall_ms, 50)),
        "p99_ms": float(np.percentile(wall_ms, 99)),
        "cpu_p50_ms": float(np.percentile(cpu_ms, 50)),
        "cpu_p99_ms": float(np.percentile(cpu_ms, 99)),
        "load": os.getloadavg()[0],
    }


def _resident_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def accuracy_table(rows: list[tuple[str, Metrics]]) -> list[str]:
    names = [name for name, _ in rows[0][1].rows()]
    lines = ["| figure | " + " | ".join(label for label, _ in rows) + " |", "|---" * (len(rows) + 1) + "|"]
    for number, name in enumerate(names):
        lines.append(f"| {name} | " + " | ".join(m.rows()[number][1] for _, m in rows) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="phrasing counts for the scale runs")
    parser.add_argument("--write-readme", action="store_true", help="record the figures in bench/README.md")
    parser.add_argument("--save-calibration", type=Path, help="also write the validation-tuned model here")
    parser.add_argument("--scale-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--semantic", choices=("auto", "off"), default="auto", help="the `.[semantic]` figures: auto = if installed"
    )
    parser.add_argument("--save-semantic-calibration", type=Path, help="write the semantic stage's tuned model here")
    parser.add_argument("--semantic-scale-worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_worker:
        print(json.dumps(scale_worker(args.data, args.scale_worker)))
        return
    if args.semantic_scale_worker:
        entries = synthetic_entries(args.data, args.semantic_scale_worker)
        print(json.dumps(faq_semantic.scale_worker(entries, faq_semantic.test_questions(args.data))))
        return
    semantic_run = None
    kb, validation, test, whole_kb, whole_test = load(args.data)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        phrasings = write_csv(work / "phrasings.csv", ("key", "text"), kb)
        val_csv = write_csv(work / "validation.csv", ("text", "expected"), validation)
        test_csv = write_csv(work / "test.csv", ("text", "expected"), test)
        started = time.perf_counter()
        main_metrics, _, tuning = evaluate_files(phrasings, test_csv, tune_on=val_csv)
        assert tuning is not None
        print(
            f"protocol run (tune on {len(validation)} validation questions, test on {len(test)}): "
            f"{time.perf_counter() - started:.0f} s; {tuning.report()}",
            flush=True,
        )
        print(main_metrics.report(), flush=True)
        if args.save_calibration:
            args.save_calibration.write_text(tuning.calibration.to_json(), encoding="utf-8")
        whole_metrics, _, _ = evaluate_files(
            write_csv(work / "whole.csv", ("key", "text"), whole_kb),
            write_csv(work / "whole_test.csv", ("text", "expected"), whole_test),
            calibration=tuning.calibration,
            thresholds=tuning.thresholds,
        )
        if args.semantic == "auto" and faq_semantic.available():
            whole_csv, whole_test_csv = work / "whole.csv", work / "whole_test.csv"
            semantic_run = faq_semantic.protocol(phrasings, val_csv, test_csv, whole_csv, whole_test_csv)
            print(f"with .[semantic]: {semantic_run.seconds:.0f} s; {semantic_run.tuning.report()}", flush=True)
            print(semantic_run.metrics.report(), flush=True)
            if args.save_semantic_calibration:
                args.save_semantic_calibration.write_text(semantic_run.tuning.calibration.to_json(), encoding="utf-8")
        entries = read_phrasings(phrasings)
        validation_questions, test_questions = read_questions(val_csv), read_questions(test_csv)
    baselines = []
    for label, scorer in (("extractOne(WRatio)", fuzz.WRatio), ("token_set_ratio", fuzz.token_set_ratio)):
        baseline = FuzzyBaseline(entries, scorer)
        baseline.tune(validation_questions)
        baselines.append((f"`{label}`", baseline.run(test_questions)))
        print(f"{label}: {baselines[-1][1].report()}", flush=True)
    scale = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        output = subprocess.run(
            [sys.executable, __file__, "--data", str(args.data), "--scale-worker", str(size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        scale.append(json.loads(output))
        print(f"scale {size}: {scale[-1]}", flush=True)
    table = accuracy_table(
        [("dealerbot (lexical)", main_metrics), *baselines, ("dealerbot, whole training set as KB", whole_metrics)]
    )
    scale_lines = [
        "| phrasings | entries | index build (CPU) | memory | match p50 / p99 wall | match p50 / p99 CPU | load |",
        "|---" * 7 + "|",
    ]
    scale_lines += [
        f"| {r['phrasings']:,} | {r['entries']:,} | {r['build_s']:.1f} s ({r['build_cpu_s']:.1f} s) "
        f"| {r['memory_mb']:.0f} MB | {r['p50_ms']:.2f} / {r['p99_ms']:.2f} ms "
        f"| {r['cpu_p50_ms']:.2f} / {r['cpu_p99_ms']:.2f} ms | {r['load']:.1f} |"
        for r in scale
    ]
    section = "\n".join([*table, "", *scale_lines])
    print(section)
    if semantic_run is not None:
        sizes = [int(s) for s in args.sizes.split(",") if s]
        rows = faq_semantic.scale(Path(__file__), args.data, sizes)
        semantic_section = faq_semantic.section(semantic_run, main_metrics, rows)
        print(semantic_section)
        if args.write_readme:
            faq_semantic.write_readme(semantic_section)
    if args.write_readme:
        write_readme(section, tuning.report())


def write_readme(section: str, tuning: str) -> None:
    """Replace the figures between this benchmark's markers in bench/README.md."""
    start, end = "<!-- faq_accuracy:start -->", "<!-- faq_accuracy:end -->"
    text = README.read_text(encoding="utf-8")
    machine = f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}"
    body = f"{start}\nMeasured {time.strftime('%Y-%m-%d')} on {machine}; {tuning}.\n\n{section}\n{end}"
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    README.write_text(before + body + after, encoding="utf-8")


if __name__ == "__main__":
    main()
