"""The syntactic scaffold's labels: silver relations read onto our tokens."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from claimtrace.learn.attribution import SYNTAX_MIN, syntax_ids, syntax_labels
from claimtrace.learn.corenlp import SilverToken, read_silver
from claimtrace.nlp.analysis import analyse
from claimtrace.nlp.pipeline import load_nlp
from claimtrace.nlp.tagger import default_tagger


def _token(start: int, end: int, deprel: str, head: int) -> SilverToken:
    return SilverToken(start, end, "", "", "", deprel, head)


# "Petrov said  it." : Petrov ← said (root) → it, and a double space.
TEXT = "Petrov said  it."
SILVER = [
    _token(0, 6, "nsubj", 7),
    _token(7, 11, "root", -1),
    _token(13, 15, "dobj", 7),
    _token(15, 16, "punct", 7),
]


def test_each_token_takes_the_relation_and_the_side_of_its_head() -> None:
    a = analyse(TEXT, load_nlp(), default_tagger())
    labels = ("other", "dobj<", "nsubj>", "root")
    ids = syntax_ids(a, SILVER, labels).tolist()
    named = [labels[i] if i >= 0 else None for i in ids]
    words = [w for w in a.words]
    assert list(zip(words, named, strict=True)) == [
        ("Petrov", "nsubj>"),
        ("said", "root"),
        (" ", None),  # a space token has no label
        ("it", "dobj<"),
        (".", "other"),  # "punct<" is not among the labels
    ]


def test_labels_are_the_frequent_relations_in_a_fixed_order() -> None:
    silver = {"a": [_token(0, 1, "nsubj", 5)] * SYNTAX_MIN + [_token(0, 1, "rare", 5)]}
    assert syntax_labels(silver) == ("other", "nsubj>")


def test_read_silver_gives_each_token_its_relation_and_head(tmp_path: Path) -> None:
    record = {
        "id": "x",
        "sentences": [
            [[0, 6, "Petrov", "Petrov", "NNP", "PERSON", 2, "nsubj"],
             [7, 11, "said", "say", "VBD", "O", 0, "ROOT"]],
        ],
        "coref": [],
    }  # fmt: skip
    path = tmp_path / "train.corenlp.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")
    [(article, tokens)] = list(read_silver(path))
    assert article == "x"
    assert [(t.start, t.deprel, t.head) for t in tokens] == [(0, "nsubj", 7), (7, "root", -1)]
