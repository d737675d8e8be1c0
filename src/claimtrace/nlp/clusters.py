"""Word clusters: which words behave alike, learnt from a large corpus.

The Brown clusters of spaCy's ``spacy-lookups-data`` package (English
``lexeme_cluster``: 190,000 words, a path in a binary tree per word, stored
with the root at the lowest bit). ``claimtrace train`` copies them into a
compact table (``models/clusters.npz``: the words' spaCy hash codes, sorted,
and their paths), so analysis needs neither the package nor its 100 MB.
A cluster path's prefixes are features: ``argued`` and ``claimed`` share a
long one, ``believes`` and ``chronicles`` another.
"""

from __future__ import annotations

from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimtrace.errors import ModelError
from claimtrace.nlp.features import U64, CodeTable

U32 = npt.NDArray[np.uint32]


class Clusters:
    """Sorted word hash codes and each word's cluster path."""

    def __init__(self, keys: U64, paths: U32) -> None:
        order = np.argsort(keys)
        self.keys = keys[order]
        self.paths = paths[order]

    @cached_property
    def _table(self) -> CodeTable:
        return CodeTable(self.keys, self.paths.astype(np.uint64))

    def lookup(self, codes: U64) -> U64:
        """The cluster path of each code (0 for words without one)."""
        found: U64 = self._table.get(codes)
        return found

    def of(self, orth: U64, lower: U64) -> U64:
        """Paths of tokens by their exact form, else their lower-case form."""
        exact = self.lookup(orth)
        return np.where(exact != 0, exact, self.lookup(lower))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, keys=self.keys, paths=self.paths)

    @classmethod
    def load(cls, path: Path) -> Clusters:
        try:
            with np.load(path) as data:
                return cls(data["keys"].astype(np.uint64), data["paths"].astype(np.uint32))
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(
                f"cannot read the word clusters {path}: {exc}. Reinstall claimtrace or "
                "rebuild the models with `claimtrace train`."
            ) from exc

    @classmethod
    def from_spacy_lookups(cls) -> Clusters:
        """Build the table from spacy-lookups-data (needed only to train)."""
        try:
            from spacy.lookups import load_lookups

            table = load_lookups("en", ["lexeme_cluster"]).get_table("lexeme_cluster")
        except (ImportError, ValueError) as exc:
            raise ModelError(
                f"building the word clusters needs spacy-lookups-data ({exc}): "
                "pip install 'claimtrace[train]'"
            ) from exc
        items = [(int(k), int(v)) for k, v in table.items() if v]
        keys = np.array([k for k, _ in items], dtype=np.uint64)
        paths = np.array([v for _, v in items], dtype=np.uint32)
        return cls(keys, paths)


def prefix(paths: U64, bits: int) -> U64:
    """The first ``bits`` steps of cluster paths (root at the lowest bit), marked by length."""
    mask = np.uint64((1 << bits) - 1)
    return (paths & mask) | np.uint64(bits << 32)


@cache
def default_clusters() -> Clusters:
    """The table shipped with claimtrace."""
    path = Path(str(resources.files("claimtrace") / "models" / "clusters.npz"))
    if not path.exists():
        raise ModelError(
            f"the word clusters {path} are missing: reinstall claimtrace, or build them with "
            "`claimtrace train --data ../shared/polnear`."
        )
    return Clusters.load(path)
