"""``claimtrace train``: rebuild every shipped model from PolNeAR's train split.

In order, because each stage reads the one before: the part-of-speech
tagger (silver CoreNLP tags), the word-cluster table (spacy-lookups-data),
then the span tagger (a BiLSTM-CRF trained with PyTorch on two CPU threads,
from the gold attributions, with the rules and the new part-of-speech tagger
providing inputs). Everything is seeded; the same data gives the same
weights, byte for byte.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from claimtrace.engine import Engine
from claimtrace.errors import EvaluationError
from claimtrace.extract.learned import Models
from claimtrace.learn.attribution import train_spans
from claimtrace.learn.data import gold_documents
from claimtrace.learn.neural import Schedule
from claimtrace.learn.tagging import accuracy, load_tagged, train_tagger
from claimtrace.nlp.clusters import Clusters
from claimtrace.nlp.pipeline import make_nlp
from claimtrace.nlp.tagger import Tagger

FILES = ("tagger.npz", "clusters.npz", "spans.npz")


@dataclass(frozen=True)
class TrainOptions:
    """What ``claimtrace train`` needs: the PolNeAR folder and where to write."""

    data: Path  # holds train/ (text/, attributions/) and corenlp/
    out: Path
    epochs: int = Schedule().epochs


def _check_data(data: Path) -> None:
    needed = [data / "train" / "text", data / "train" / "attributions", data / "corenlp"]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        raise EvaluationError(
            f"{data} is not a PolNeAR folder: missing {', '.join(missing)}. "
            "Pass the folder that holds train/ and corenlp/, e.g. ../shared/polnear."
        )


def train_all(options: TrainOptions, say: Callable[[str], None] = print) -> dict[str, str]:
    """Train and save every model; returns each file's SHA-256."""
    _check_data(options.data)
    options.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    nlp = make_nlp()
    train = load_tagged(options.data, "train", nlp)
    tagger = train_tagger(train)
    tagger.save(options.out / "tagger.npz")
    dev_path = options.data / "corenlp" / "dev.corenlp.jsonl.gz"
    if dev_path.exists() and (options.data / "dev" / "text").exists():
        agreement = accuracy(tagger, load_tagged(options.data, "dev", nlp))
        say(f"tagger: {agreement:.2%} of dev tokens agree with CoreNLP")
    say(f"tagger trained ({time.perf_counter() - started:.0f}s)")

    Clusters.from_spacy_lookups().save(options.out / "clusters.npz")
    say("word clusters copied")

    engine = Engine(
        tagger=Tagger.load(options.out / "tagger.npz"),
        clusters=Clusters.load(options.out / "clusters.npz"),
        use_models=False,
    )
    documents = list(gold_documents(options.data / "train", every_annotator=True))
    schedule = replace(Schedule(), epochs=options.epochs)
    Models(train_spans(engine, documents, schedule=schedule)).save(options.out)
    elapsed = time.perf_counter() - started
    say(f"span tagger trained on {len(documents)} annotations ({elapsed:.0f}s)")
    return {name: sha256_file(options.out / name) for name in FILES}


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a saved model's arrays (not of the zip, which records a time)."""
    digest = hashlib.sha256()
    with np.load(path) as data:
        for name in sorted(data.files):
            array = np.ascontiguousarray(data[name])
            digest.update(f"{name}:{array.dtype.str}:{array.shape}:".encode())
            digest.update(array.tobytes())
    return digest.hexdigest()
