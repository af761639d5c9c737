"""Which entry a sentence vector belongs to, learned from the knowledge base's own phrasings.

Nearest phrasings judge a question by closeness alone; a classifier trained
on the phrasings (each labelled with its entry) also learns which directions
tell two close entries apart ("card not arrived" vs "card delivery estimate").
Added to the nearest-phrasing similarity it lifts BANKING77 validation top-1
from 85.0% to 86.5%. The model is a multinomial logistic regression on the
unit vectors, fitted by full-batch gradient descent with Nesterov momentum:
plain numpy, no solver dependency, the same result for the same phrasings.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

SCALE = 10.0  # unit vectors give logits in [-1, 1]: scaled so the softmax can be sure
L2 = 0.01
STEPS = 100
RATE = 0.5
MOMENTUM = 0.9


def _softmax(logits: Vectors) -> Vectors:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=-1, keepdims=True), dtype=np.float32)


class EntryClassifier:
    """A softmax over entries; ``fit`` on labelled phrasing vectors, then ``probabilities`` of a question."""

    def __init__(self, steps: int = STEPS) -> None:
        self.steps = steps
        self._weights = np.zeros((0, 0), dtype=np.float32)
        self._bias = np.zeros(0, dtype=np.float32)

    @property
    def classes(self) -> int:
        return len(self._bias)

    def fit(self, vectors: Vectors, labels: npt.NDArray[np.int64], classes: int) -> None:
        """Fit on ``vectors`` whose entries are ``labels`` (0 … ``classes`` - 1)."""
        count, dimension = vectors.shape
        weights = np.zeros((dimension, classes), dtype=np.float32)
        bias = np.zeros(classes, dtype=np.float32)
        if classes < 2:
            self._weights, self._bias = weights, bias
            return
        velocity_w, velocity_b = np.zeros_like(weights), np.zeros_like(bias)
        rows = np.arange(count)
        for _ in range(self.steps):
            ahead_w = weights + MOMENTUM * velocity_w
            ahead_b = bias + MOMENTUM * velocity_b
            error = _softmax(SCALE * (vectors @ ahead_w) + ahead_b)
            error[rows, labels] -= 1.0
            error /= count
            velocity_w *= MOMENTUM
            velocity_w -= RATE * (SCALE * (vectors.T @ error) + L2 * ahead_w)
            velocity_b *= MOMENTUM
            velocity_b -= RATE * error.sum(axis=0)
            weights += velocity_w
            bias += velocity_b
        self._weights, self._bias = weights, bias

    def probabilities(self, vector: Vectors) -> Vectors:
        """P(entry | question vector) for every class, in label order."""
        if self.classes < 2:
            return np.ones(self.classes, dtype=np.float32)
        return _softmax(SCALE * (vector @ self._weights) + self._bias)
