"""Cross-validation on PolNeAR's train split: ``python -m claimtrace.learn.cv``.

The train split's articles are cut into K folds; for each, the span tagger
is trained on the other folds and the whole engine is run on the held-out
one. The held-out predictions score each setting we tune (the tagger's
size, its training, how rules and tagger combine), without ever touching
dev.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimtrace.engine import Engine
from claimtrace.evaluate.polnear import GoldDocument
from claimtrace.evaluate.run import to_triples
from claimtrace.evaluate.scoring import score
from claimtrace.extract.learned import Models
from claimtrace.extract.spans import BILOU, LABELS
from claimtrace.learn.attribution import SHAPE, train_spans
from claimtrace.learn.corenlp import read_silver
from claimtrace.learn.data import gold_documents
from claimtrace.learn.neural import Schedule
from claimtrace.model import Document


def folds(documents: Sequence[GoldDocument], k: int) -> list[list[GoldDocument]]:
    """K folds of whole articles (every annotation of an article in the same fold)."""
    ids = sorted({d.id for d in documents})
    fold_of = {article: n % k for n, article in enumerate(ids)}
    out: list[list[GoldDocument]] = [[] for _ in range(k)]
    for document in documents:
        out[fold_of[document.id]].append(document)
    return out


def train_folds(
    data: Path,
    out: Path,
    k: int,
    only: Sequence[int],
    shape: Any,
    schedule: Schedule,
    every_annotator: bool = True,
    syntax: bool = False,
) -> None:
    """Train and save the span tagger of each fold (``only``: some folds), with the
    syntactic scaffold when ``syntax`` is true."""
    documents = list(gold_documents(data / "train", every_annotator=every_annotator))
    silver = dict(read_silver(data / "corenlp" / "train.corenlp.jsonl.gz")) if syntax else None
    parts = folds(documents, k)
    engine = Engine(use_models=False)
    for n in range(k):
        if only and n not in only:
            continue
        training = [d for m, part in enumerate(parts) if m != n for d in part]
        tagger = train_spans(engine, training, silver=silver, shape=shape, schedule=schedule)
        folder = out / f"fold{n}"
        folder.mkdir(parents=True, exist_ok=True)
        Models(tagger).save(folder)


def score_folds(data: Path, models: Path, k: int, only: Sequence[int]) -> dict[str, float]:
    """Held-out F1 figures over the folds that have models (``only``: some folds)."""
    documents = list(gold_documents(data / "train"))  # one annotation per article to score
    parts = folds(documents, k)
    items: list[Any] = []
    for n in range(k):
        if (only and n not in only) or not (models / f"fold{n}").exists():
            continue
        engine = Engine(models=Models.load(models / f"fold{n}"))
        held = parts[n]
        articles = engine.analyze_many(Document(text=g.text, id=g.id) for g in held)
        items.extend(
            (g.text, g.attributions, to_triples(a)) for g, a in zip(held, articles, strict=True)
        )
    return score(items).f1_figures()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.learn.cv", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the PolNeAR folder")
    parser.add_argument("--models", type=Path, required=True, help="where fold models go")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--train", action="store_true", help="train the fold models first")
    parser.add_argument("--only", type=int, nargs="*", default=[], help="only these folds")
    parser.add_argument("--epochs", type=int, default=Schedule().epochs)
    parser.add_argument("--hidden", type=int, default=SHAPE.hidden)
    parser.add_argument("--layers", type=int, default=SHAPE.layers)
    parser.add_argument("--projection", type=int, default=SHAPE.projection)
    parser.add_argument("--dropout", type=float, default=SHAPE.dropout)
    parser.add_argument("--word-dropout", type=float, default=SHAPE.word_dropout)
    parser.add_argument("--context", type=int, default=SHAPE.context)
    parser.add_argument(
        "--scheme", choices=("bio", "bilou"), default="bilou" if SHAPE.labels == BILOU else "bio"
    )
    parser.add_argument("--seed", type=int, default=Schedule().seed)
    parser.add_argument("--decay", type=float, default=Schedule().decay)
    parser.add_argument("--average", type=int, default=Schedule().average)
    parser.add_argument("--threads", type=int, default=Schedule().threads)
    parser.add_argument(
        "--one-annotator", action="store_true", help="train on one annotation per article"
    )
    parser.add_argument(
        "--syntax", action="store_true", help="with the syntactic scaffold (silver parses)"
    )
    args = parser.parse_args(argv)
    if args.train:
        shape = dataclasses.replace(
            SHAPE,
            hidden=args.hidden,
            layers=args.layers,
            projection=args.projection,
            dropout=args.dropout,
            word_dropout=args.word_dropout,
            context=args.context,
            labels=BILOU if args.scheme == "bilou" else LABELS,
        )
        schedule = dataclasses.replace(
            Schedule(),
            epochs=args.epochs,
            seed=args.seed,
            decay=args.decay,
            average=args.average,
            threads=args.threads,
        )
        train_folds(
            args.data,
            args.models,
            args.folds,
            args.only,
            shape,
            schedule,
            every_annotator=not args.one_annotator,
            syntax=args.syntax,
        )
    print(json.dumps(score_folds(args.data, args.models, args.folds, args.only), indent=2))


if __name__ == "__main__":
    main()
