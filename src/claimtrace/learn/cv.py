"""Cross-validation on PolNeAR's train split: ``python -m claimtrace.learn.cv``.

The train split's articles are cut into K folds; for each, the cue and role
taggers are trained on the other folds and the whole engine is run on the
held-out one. The held-out predictions score each setting we tune (the cue
tagger's bias towards cues), without ever touching dev.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimtrace.engine import Engine
from claimtrace.evaluate.polnear import GoldDocument
from claimtrace.evaluate.run import to_triples
from claimtrace.evaluate.scoring import score
from claimtrace.extract.learned import CueModel, Models, RoleModel
from claimtrace.learn.attribution import train_models
from claimtrace.learn.data import gold_documents
from claimtrace.model import Document


def folds(documents: Sequence[GoldDocument], k: int) -> list[list[GoldDocument]]:
    """K folds of whole articles (every annotation of an article in the same fold)."""
    ids = sorted({d.id for d in documents})
    fold_of = {article: n % k for n, article in enumerate(ids)}
    out: list[list[GoldDocument]] = [[] for _ in range(k)]
    for document in documents:
        out[fold_of[document.id]].append(document)
    return out


def train_folds(data: Path, out: Path, k: int, iterations: int, only: Sequence[int] = ()) -> None:
    """Train and save the taggers of each fold (``only``: some folds)."""
    documents = list(gold_documents(data / "train", every_annotator=True))
    parts = folds(documents, k)
    engine = Engine(use_models=False)
    for n in range(k):
        if only and n not in only:
            continue
        training = [d for m, part in enumerate(parts) if m != n for d in part]
        cue, role, lstm = train_models(engine, training, iterations=iterations)
        folder = out / f"fold{n}"
        folder.mkdir(parents=True, exist_ok=True)
        Models(CueModel(cue, lstm=lstm), RoleModel(role)).save(folder)


def score_folds(
    data: Path,
    models: Path,
    k: int,
    biases: Sequence[float],
) -> dict[str, dict[str, float]]:
    """Held-out F1 figures for each cue bias, over all folds."""
    documents = list(gold_documents(data / "train"))  # one annotation per article to score
    parts = folds(documents, k)
    results: dict[str, dict[str, float]] = {}
    for bias in biases:
        items: list[Any] = []
        for n in range(k):
            loaded = Models.load(models / f"fold{n}")
            cue = CueModel(loaded.cue.crf, bias=bias, lstm=loaded.cue.lstm)
            engine = Engine(models=Models(cue, loaded.role))
            held = parts[n]
            articles = engine.analyze_many(Document(text=g.text, id=g.id) for g in held)
            items.extend(
                (g.text, g.attributions, to_triples(a)) for g, a in zip(held, articles, strict=True)
            )
        results[f"bias {bias:+.2f}"] = score(items).f1_figures()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.learn.cv", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the PolNeAR folder")
    parser.add_argument("--models", type=Path, required=True, help="where fold models go")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--train", action="store_true", help="train the fold models first")
    parser.add_argument("--only", type=int, nargs="*", default=[], help="train only these folds")
    parser.add_argument("--bias", type=float, nargs="*", default=[0.0])
    args = parser.parse_args(argv)
    if args.train:
        train_folds(args.data, args.models, args.folds, args.iterations, args.only)
    if args.bias:
        print(json.dumps(score_folds(args.data, args.models, args.folds, args.bias), indent=2))


if __name__ == "__main__":
    main()
