"""Train a linear-chain CRF on hashed features with python-crfsuite.

crfsuite fits the model (L-BFGS with L1 and L2 penalties, deterministic);
its weights are then copied into a ``LinearCRF`` table indexed by feature
bucket, which is what claimtrace ships and runs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimtrace.errors import ModelError
from claimtrace.nlp.crf import LinearCRF
from claimtrace.nlp.features import I64


def _crfsuite() -> Any:
    try:
        import pycrfsuite
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError("training needs python-crfsuite: pip install 'claimtrace[train]'") from exc
    return pycrfsuite


def train_crf(
    sequences: Iterable[tuple[I64, Sequence[str]]],
    labels: Sequence[str],
    *,
    bits: int,
    version: int,
    c1: float = 0.05,
    c2: float = 0.01,
    iterations: int = 200,
) -> LinearCRF:
    """Fit a CRF to (feature rows, labels) sequences; every label must be in ``labels``."""
    crfsuite = _crfsuite()
    trainer = crfsuite.Trainer(verbose=False)
    for rows, tags in sequences:
        trainer.append([[str(b) for b in row] for row in rows.tolist()], list(tags))
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "model.crfsuite")
        trainer.train(path)
        tagger = crfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        index = {label: k for k, label in enumerate(labels)}
        weights = np.zeros((1 << bits, len(labels)), dtype=np.float32)
        for (attribute, label), weight in info.state_features.items():
            weights[int(attribute), index[label]] += weight
        transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for (came, to), weight in info.transitions.items():
            transitions[index[came], index[to]] = weight
        tagger.close()
    return LinearCRF(weights, transitions, labels, bits, version)
