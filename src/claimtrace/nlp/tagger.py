"""Our part-of-speech tagger: a linear model over hashed window features.

Trained by ``claimtrace train`` on the silver CoreNLP tags of the PolNeAR
train split (``claimtrace.learn.tagging``), shipped as ``models/tagger.npz``.
It tags each token independently from a window of five words, so a whole
batch of documents is tagged in one vectorised pass. Tags are Penn Treebank
tags, slightly reduced (``TAGSET``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt
from spacy.attrs import IS_PUNCT, IS_SPACE, IS_TITLE, LOWER, NAMES, ORTH, PREFIX, SHAPE, SUFFIX
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimtrace.errors import ModelError
from claimtrace.nlp.features import I64, U64, buckets, combine, constant, shift

F32 = npt.NDArray[np.float32]

# Penn Treebank tags as CoreNLP writes them, reduced where the distinction
# does not help attribution (comparatives, NNPS, the wh-words).
TAGSET: dict[str, str] = {
    "NN": "NN", "NNS": "NNS", "NNP": "NNP", "NNPS": "NNP",
    "VB": "VB", "VBD": "VBD", "VBG": "VBG", "VBN": "VBN", "VBP": "VBP", "VBZ": "VBZ",
    "MD": "MD", "JJ": "JJ", "JJR": "JJ", "JJS": "JJ", "RB": "RB", "RBR": "RB", "RBS": "RB",
    "PRP": "PRP", "PRP$": "PRP$", "DT": "DT", "PDT": "DT", "WDT": "WDT", "WP": "WP",
    "WP$": "WP", "WRB": "WRB", "IN": "IN", "TO": "TO", "CC": "CC", "CD": "CD", "POS": "POS",
    "RP": "RP", "EX": "EX", "UH": "X", "FW": "X", "SYM": "SYM", "LS": "X", "#": "SYM",
    "$": "SYM", "``": "Q", "''": "Q", ",": ",", ".": ".", ":": ":", "-LRB-": "BR",
    "-RRB-": "BR", "HYPH": ":", "_SP": "_SP",
}  # fmt: skip
TAGS: tuple[str, ...] = tuple(sorted(set(TAGSET.values())))

BITS = 18
FEATURE_VERSION = 1


# The token columns and the spaCy attributes they are read from.
COLUMNS = {"lower": LOWER, "shape": SHAPE, "prefix": PREFIX, "suffix": SUFFIX,
           "title": IS_TITLE, "space": IS_SPACE, "punct": IS_PUNCT, "orth": ORTH}  # fmt: skip
COLUMN_ATTRIBUTES = tuple(COLUMNS.values())
# The ``Lexeme`` property that gives each column: the attribute's name, lower-cased.
_LEXEME_ATTRIBUTES = tuple(NAMES[attribute].lower() for attribute in COLUMN_ATTRIBUTES)


def token_columns(docs: Sequence[Doc]) -> dict[str, U64]:
    """Per-token codes for a batch of documents, concatenated in order."""
    names = tuple(COLUMNS)
    arrays = [d.to_array(list(COLUMN_ATTRIBUTES)) for d in docs if len(d)]
    if not arrays:
        return {name: np.zeros(0, dtype=np.uint64) for name in names}
    table = np.concatenate(arrays).astype(np.uint64)
    return {name: table[:, k] for k, name in enumerate(names)}


class WordColumns:
    """``token_columns`` by way of each token's word: what a word's lexeme gives is
    read once, then looked up by its ``ORTH`` id.

    Reading eight lexeme attributes for every token (``Doc.to_array``) took
    five times as long as reading one; a batch of news holds about one
    distinct word in five tokens, and most recur from batch to batch. The
    words' texts, and their lower-case forms, are kept too: gathering them
    is ten times faster than slicing each token's text out of the article.
    One per vocabulary (an engine's); bounded, like ``NameReadings``.
    """

    LIMIT = 500_000

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._rows: dict[int, int] = {}
        self._table = np.zeros((1024, len(COLUMNS)), dtype=np.uint64)
        self._texts = np.empty(1024, dtype=object)
        self._lowers = np.empty(1024, dtype=object)

    def rows(self, orth: U64) -> I64:
        """Each token's row (``ORTH`` ids ``orth``), its word read first if it is new.

        The rows are valid until the next call (which may empty the table).
        """
        words, inverse = np.unique(orth, return_inverse=True)
        found = self._rows
        keys: list[int] = words.tolist()
        if len(found) + len(keys) > self.LIMIT:
            found.clear()
        rows = np.fromiter((found.get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
        for i in np.flatnonzero(rows < 0).tolist():
            rows[i] = self._add(keys[i])
        out: I64 = rows[inverse.reshape(-1)]
        return out

    def columns(self, rows: I64) -> dict[str, U64]:
        """The columns of tokens at ``rows``: those of ``token_columns``."""
        table = self._table[rows]
        return {name: table[:, k] for k, name in enumerate(COLUMNS)}

    def texts(self, rows: I64) -> list[str]:
        """The texts of tokens at ``rows``."""
        out: list[str] = self._texts[rows].tolist()
        return out

    def lowers(self, rows: I64) -> list[str]:
        """The texts of tokens at ``rows``, lower-cased (``str.lower``)."""
        out: list[str] = self._lowers[rows].tolist()
        return out

    def _add(self, orth: int) -> int:
        row = len(self._rows)
        if row == len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
            self._texts = np.concatenate([self._texts, np.empty_like(self._texts)])
            self._lowers = np.concatenate([self._lowers, np.empty_like(self._lowers)])
        lex = self.vocab[orth]
        self._table[row] = [getattr(lex, name) for name in _LEXEME_ATTRIBUTES]
        self._texts[row] = lex.orth_
        self._lowers[row] = lex.orth_.lower()
        self._rows[orth] = row
        return row


def features(columns: dict[str, U64]) -> I64:
    """The tagger's feature buckets, one row per token."""
    lower, shape, suffix = columns["lower"], columns["shape"], columns["suffix"]
    n = len(lower)
    prev, nxt = shift(lower, -1), shift(lower, 1)
    return buckets(
        [
            combine(0, constant(n, 1)),
            combine(1, lower),
            combine(2, prev),
            combine(3, nxt),
            combine(4, shift(lower, -2)),
            combine(5, shift(lower, 2)),
            combine(6, suffix),
            combine(7, columns["prefix"]),
            combine(8, shape),
            combine(9, shift(shape, -1), shape),
            combine(10, shape, shift(shape, 1)),
            combine(11, prev, lower),
            combine(12, lower, nxt),
            combine(13, shift(suffix, -1)),
            combine(14, shift(suffix, 1)),
            combine(15, prev, suffix),
        ],
        BITS,
    )


class Tagger:
    """Tags tokens with ``TAGS`` from a weight table of shape (2**BITS, len(TAGS)).

    Words that always carry one tag in the training data ("the", ",", "said"
    is not one of them) are looked up in ``fixed`` instead: nearly half of
    all tokens, for free.

    The weights are stored in half precision and widened once, at load time
    (a tenth of a second): summing rows read in half precision made tagging
    the train split take 0.9 s instead of 0.5 s.
    """

    def __init__(
        self,
        weights: F32,
        fixed_words: U64 | None = None,
        fixed_tags: npt.NDArray[np.intp] | None = None,
    ) -> None:
        if weights.shape != (1 << BITS, len(TAGS)):
            raise ModelError(
                f"tagger weights have shape {weights.shape}, expected {(1 << BITS, len(TAGS))}: "
                "they were trained with another feature set; run `claimtrace train` again."
            )
        self.weights = weights
        order = np.argsort(fixed_words) if fixed_words is not None else np.zeros(0, dtype=np.intp)
        self.fixed_words = fixed_words[order] if fixed_words is not None else np.zeros(0, np.uint64)
        self.fixed_tags = fixed_tags[order] if fixed_tags is not None else np.zeros(0, np.intp)

    @classmethod
    def load(cls, path: Path) -> Tagger:
        """Load weights saved by ``save``."""
        try:
            with np.load(path) as data:
                if int(data["version"]) != FEATURE_VERSION:
                    raise ModelError(
                        f"{path} was trained with tagger features v{int(data['version'])}, "
                        f"this claimtrace uses v{FEATURE_VERSION}: run `claimtrace train` again."
                    )
                return cls(
                    data["weights"].astype(np.float32),
                    data["fixed_words"].astype(np.uint64),
                    data["fixed_tags"].astype(np.intp),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(
                f"cannot read the tagger model {path}: {exc}. Reinstall claimtrace "
                "or rebuild the models with `claimtrace train`."
            ) from exc

    def save(self, path: Path) -> None:
        # Uncompressed: half-precision weights hardly compress (17 MB to 15),
        # and inflating them took a quarter of the engine's loading time.
        np.savez(
            path,
            weights=self.weights.astype(np.float16),
            fixed_words=self.fixed_words,
            fixed_tags=self.fixed_tags.astype(np.int16),
            version=np.int64(FEATURE_VERSION),
        )

    def predict(self, rows: I64) -> npt.NDArray[np.intp]:
        """Tag ids for feature rows."""
        if len(rows) == 0:
            return np.zeros(0, dtype=np.intp)
        scores = self.weights[rows[:, 0]].copy()
        for k in range(1, rows.shape[1]):
            scores += self.weights[rows[:, k]]
        return np.asarray(scores.argmax(axis=1))

    def tag_ids(self, columns: dict[str, U64]) -> npt.NDArray[np.intp]:
        """Tag ids (into ``TAGS``) for a batch's token columns (see ``token_columns``)."""
        lower = columns["lower"]
        ids = np.full(len(lower), -1, dtype=np.intp)
        if len(self.fixed_words):
            at = np.searchsorted(self.fixed_words, lower).clip(0, len(self.fixed_words) - 1)
            known = self.fixed_words[at] == lower
            ids[known] = self.fixed_tags[at[known]]
        ids[columns["space"] == 1] = TAGS.index("_SP")
        open_ = np.flatnonzero(ids < 0)
        if len(open_):
            ids[open_] = self.predict(features(columns)[open_])
        return ids

    def tag_many(self, docs: Sequence[Doc]) -> list[list[str]]:
        """Tags for each document of a batch."""
        ids = self.tag_ids(token_columns(docs))
        out: list[list[str]] = []
        offset = 0
        for doc in docs:
            out.append([TAGS[i] for i in ids[offset : offset + len(doc)]])
            offset += len(doc)
        return out


@cache
def default_tagger() -> Tagger:
    """The tagger shipped with claimtrace."""
    path = Path(str(resources.files("claimtrace") / "models" / "tagger.npz"))
    if not path.exists():
        raise ModelError(
            f"the tagger model {path} is missing: reinstall claimtrace, or build it with "
            "`claimtrace train --data ../shared/polnear`."
        )
    return Tagger.load(path)
