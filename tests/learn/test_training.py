"""Training is deterministic, and what it trains loads and runs.

On a small slice of PolNeAR's train split and few iterations, so it takes
seconds; ``claimtrace train --check`` does the same on all of it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimtrace.engine import Engine, rule_pass
from claimtrace.extract.learned import SPANS, Models
from claimtrace.extract.spans import pieces
from claimtrace.learn.attribution import train_spans
from claimtrace.learn.data import gold_documents
from claimtrace.learn.linear import train_softmax
from claimtrace.learn.neural import Schedule
from claimtrace.learn.train import sha256_file
from claimtrace.model import Document
from claimtrace.nlp.analysis import analyse_batch
from tests.conftest import POLNEAR
from tests.helpers import assert_offsets_valid

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
        tagger = train_spans(engine, documents, schedule=Schedule(epochs=1))
        folder = tmp_path / run
        folder.mkdir()
        Models(tagger).save(folder)
        digests.append(sha256_file(folder / SPANS))
    assert digests[0] == digests[1]

    # What was saved loads, and labels as the model it was saved from does.
    loaded = Models.load(tmp_path / "one")
    analysed = analyse_batch([d.text for d in documents[:2]], engine.nlp, engine.tagger)
    passes = [rule_pass(a, engine.lexicon) for a in analysed.analyses]
    inputs = engine.inputs(analysed, passes)
    lengths = [e - s for a in analysed.analyses for s, e in pieces(a)]
    labels = loaded.spans.predict(inputs, lengths)
    assert len(labels) == len(inputs)
    assert (labels == tagger.predict(inputs, lengths)).mean() > 0.99
    article = Engine(models=loaded).analyze(Document(documents[0].text))
    assert_offsets_valid(article)
