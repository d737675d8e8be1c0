"""Training is deterministic, and what it trains loads and runs.

On a small slice of PolNeAR's train split and few iterations, so it takes
seconds; ``claimtrace train --check`` does the same on all of it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimtrace.engine import Engine
from claimtrace.extract.learned import CueModel, Models, RoleModel
from claimtrace.learn.attribution import train_models
from claimtrace.learn.data import gold_documents
from claimtrace.learn.linear import train_softmax
from claimtrace.learn.train import sha256_file
from claimtrace.model import Document
from tests.conftest import POLNEAR

TRAIN = POLNEAR / "train"
needs_polnear = pytest.mark.skipif(
    not TRAIN.exists(), reason=f"PolNeAR train split not found at {TRAIN}"
)


def test_softmax_training_is_seeded() -> None:
    rng = np.random.default_rng(3)
    rows = rng.integers(0, 1 << 10, size=(500, 6))
    labels = rng.integers(0, 4, size=500)
    first = train_softmax(rows, labels, n_buckets=1 << 10, n_classes=4, epochs=2, seed=7)
    again = train_softmax(rows, labels, n_buckets=1 << 10, n_classes=4, epochs=2, seed=7)
    assert np.array_equal(first, again)
    assert first.any()


@pytest.mark.polnear
@needs_polnear
def test_attribution_training_is_deterministic(tmp_path: Path) -> None:
    documents = list(gold_documents(TRAIN))[:12]
    engine = Engine(use_models=False)
    digests = []
    for run in ("one", "two"):
        cue, role, lstm = train_models(engine, documents, iterations=5, lstm_epochs=1)
        folder = tmp_path / run
        folder.mkdir()
        Models(CueModel(cue, lstm=lstm), RoleModel(role)).save(folder)
        names = ("cue.npz", "role.npz", "lstm.npz")
        digests.append([sha256_file(folder / name) for name in names])
    assert digests[0] == digests[1]

    trained = Engine(models=Models.load(tmp_path / "one"))
    article = trained.analyze(Document('"The bridge is closed," the mayor said on Monday.'))
    assert [a.cue.text for a in article.attributions] == ["said"]
