"""Train the part-of-speech tagger on PolNeAR's silver CoreNLP tags."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from spacy.tokens import Doc

from claimtrace.learn.corenlp import char_labels, read_silver
from claimtrace.learn.linear import train_softmax
from claimtrace.nlp import tagger as tagger_module
from claimtrace.nlp.features import U64
from claimtrace.nlp.tagger import BITS, TAGS, TAGSET, Tagger, features, token_columns


@dataclass(frozen=True)
class TaggedSet:
    docs: list[Doc]
    labels: npt.NDArray[np.intp]  # one tag id per token of all docs, in order


def silver_tags(doc: Doc, labels: list[str | None]) -> list[str]:
    """A tag per spaCy token from the tag of the CoreNLP token under it."""
    out = []
    for token in doc:
        if token.is_space:
            out.append("_SP")
            continue
        tag = labels[token.idx] if token.idx < len(labels) else None
        if token.is_punct and len(token.text) == 1 and tag not in (",", ".", ":", "``", "''"):
            tag = "HYPH" if token.text in "-–—/" else tag
        out.append(TAGSET.get(tag or "", "X"))
    return out


def load_tagged(polnear: Path, split: str, nlp: Language) -> TaggedSet:
    """spaCy docs of a split with their silver tags."""
    texts = polnear / split / "text"
    docs: list[Doc] = []
    labels: list[int] = []
    index = {t: k for k, t in enumerate(TAGS)}
    for article_id, tokens in read_silver(polnear / "corenlp" / f"{split}.corenlp.jsonl.gz"):
        path = texts / f"{article_id}.txt"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        doc = nlp.make_doc(text)
        docs.append(doc)
        labels.extend(index[t] for t in silver_tags(doc, char_labels(len(text), tokens, "pos")))
    return TaggedSet(docs, np.asarray(labels, dtype=np.intp))


def fixed_words(
    lower: U64, labels: npt.NDArray[np.intp], *, count: int = 20, share: float = 0.995
) -> tuple[U64, npt.NDArray[np.intp]]:
    """Words seen at least ``count`` times with one tag ``share`` of the time, and that tag."""
    pairs = np.stack([lower, labels.astype(np.uint64)], axis=1)
    unique, counts = np.unique(pairs, axis=0, return_counts=True)
    words, first = np.unique(unique[:, 0], return_index=True)
    totals = np.add.reduceat(counts, first)
    best = np.maximum.reduceat(counts, first)
    tag_of_best = np.array(
        [unique[first[k] + int(np.argmax(counts[first[k] : first[k] + n]))][1]
         for k, n in enumerate(np.diff(np.append(first, len(unique))))],
        dtype=np.intp,
    )  # fmt: skip
    keep = (totals >= count) & (best >= share * totals)
    return words[keep], tag_of_best[keep]


def train_tagger(train: TaggedSet, *, seed: int = 0) -> Tagger:
    """A tagger fitted to a tagged set."""
    columns = token_columns(train.docs)
    rows = tagger_module.features(columns)
    weights = train_softmax(
        rows, train.labels, n_buckets=1 << BITS, n_classes=len(TAGS), epochs=4, seed=seed
    )
    words, tags = fixed_words(columns["lower"], train.labels)
    return Tagger(weights, words, tags)


def accuracy(model: Tagger, data: TaggedSet) -> float:
    """Share of non-space tokens tagged as the silver data says."""
    predicted = model.predict(features(token_columns(data.docs)))
    keep = data.labels != TAGS.index("_SP")
    return float((predicted[keep] == data.labels[keep]).mean())


def tag_sequences(docs: Iterable[Doc], model: Tagger) -> list[list[str]]:
    return model.tag_many(list(docs))
