"""Linear models over hashed features, trained with numpy alone.

``train_softmax`` fits a multinomial logistic regression by mini-batch
AdaGrad with sparse row updates: only the weight rows of the features seen
in a batch are touched, so an epoch over a million tokens takes seconds.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix

from claimtrace.nlp.features import I64

F32 = npt.NDArray[np.float32]


def softmax_scores(weights: F32, rows: I64) -> F32:
    """Summed weight rows: the (n, classes) logits of feature rows."""
    scores = weights[rows[:, 0]].copy()
    for k in range(1, rows.shape[1]):
        scores += weights[rows[:, k]]
    return scores


def train_softmax(
    rows: I64,
    labels: npt.NDArray[np.intp],
    *,
    n_buckets: int,
    n_classes: int,
    epochs: int = 4,
    learning_rate: float = 0.2,
    batch_size: int = 1024,
    seed: int = 0,
) -> F32:
    """Weights (n_buckets, n_classes) of a softmax classifier fitted to ``rows``."""
    rng = np.random.default_rng(seed)
    weights = np.zeros((n_buckets, n_classes), dtype=np.float32)
    squares = np.full((n_buckets, n_classes), 1e-6, dtype=np.float32)
    n, k = rows.shape
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            feats = rows[batch]
            logits = softmax_scores(weights, feats)
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
            probs[np.arange(len(batch)), labels[batch]] -= 1.0
            touched, inverse = np.unique(feats.ravel(), return_inverse=True)
            members = csr_matrix(
                (
                    np.ones(inverse.size, dtype=np.float32),
                    (inverse, np.repeat(np.arange(len(batch)), k)),
                ),
                shape=(len(touched), len(batch)),
            )
            grad = np.asarray(members @ probs, dtype=np.float32)
            squares[touched] += grad * grad
            weights[touched] -= learning_rate * grad / np.sqrt(squares[touched])
    return weights
