"""``claimtrace train``: rebuild every shipped model from PolNeAR's train split.

In order, because each stage reads the one before: the part-of-speech
tagger (silver CoreNLP tags), the word-cluster table (spacy-lookups-data),
then the cue and role taggers (gold attributions, with the rules and the new
tagger providing features) and the cue tagger's BiLSTM (PyTorch, one CPU
thread). Everything is seeded; the same data gives the same weights, byte
for byte.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimtrace.engine import Engine
from claimtrace.errors import EvaluationError
from claimtrace.extract.learned import CueModel, Models, RoleModel
from claimtrace.learn.attribution import train_models
from claimtrace.learn.data import gold_documents
from claimtrace.learn.tagging import accuracy, load_tagged, train_tagger
from claimtrace.nlp.clusters import Clusters
from claimtrace.nlp.pipeline import make_nlp
from claimtrace.nlp.tagger import Tagger

FILES = ("tagger.npz", "clusters.npz", "cue.npz", "role.npz", "lstm.npz")


@dataclass(frozen=True)
class TrainOptions:
    """What ``claimtrace train`` needs: the PolNeAR folder and where to write."""

    data: Path  # holds train/ (text/, attributions/) and corenlp/
    out: Path
    iterations: int = 150


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
    cue, role, lstm = train_models(engine, documents, iterations=options.iterations)
    Models(CueModel(cue, lstm=lstm), RoleModel(role)).save(options.out)
    elapsed = time.perf_counter() - started
    say(f"cue, role and BiLSTM taggers trained on {len(documents)} annotations ({elapsed:.0f}s)")
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
