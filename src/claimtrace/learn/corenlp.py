"""Read the silver CoreNLP annotations that come with PolNeAR.

``{"id", "sentences": [[token, ...], ...], "coref": ...}`` per line, a token
being ``[start, end, word, lemma, POS, NER, head, deprel]`` with character
offsets into the article's .txt.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimtrace.errors import EvaluationError


@dataclass(frozen=True, slots=True)
class SilverToken:
    start: int
    end: int
    lemma: str
    pos: str
    ner: str
    deprel: str = ""  # its basic dependency relation to its head ("root" for the root)
    head: int = -1  # the character offset where its head starts; -1 for the root


def read_silver(path: Path) -> Iterator[tuple[str, list[SilverToken]]]:
    """(article id, tokens in text order) for each article of a CoreNLP file."""
    if not path.exists():
        raise EvaluationError(
            f"{path} does not exist: pass the PolNeAR directory that holds corenlp/."
        )
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            tokens = [_token(t, sentence) for sentence in record["sentences"] for t in sentence]
            yield record["id"], tokens


def _token(t: list[Any], sentence: list[list[Any]]) -> SilverToken:
    """A token ``[start, end, word, lemma, POS, NER, head, deprel]`` of its sentence."""
    head = sentence[t[6] - 1][0] if t[6] else -1  # the head is 1-based; 0 is the root
    return SilverToken(t[0], t[1], t[3], t[4], t[5], t[7].lower(), head)


def char_labels(length: int, tokens: list[SilverToken], attribute: str) -> list[str | None]:
    """For each character of a text, the attribute of the silver token covering it."""
    labels: list[str | None] = [None] * length
    for token in tokens:
        value = getattr(token, attribute)
        for k in range(token.start, min(token.end, length)):
            labels[k] = value
    return labels
