"""Hashed token features, computed for a whole document at once with numpy.

A feature is a template id combined with one or more per-token values (hash
codes of strings); it is hashed into one of ``2**bits`` buckets. Models keep
a weight row per bucket, so scoring a document is one gather and one sum:
no per-token Python in the hot path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0x165667B19E3779F9)
_S1 = np.uint64(31)
_S2 = np.uint64(29)

# Stand-ins for "no token here" before the start and after the end.
PAD_LEFT = np.uint64(0x5A5A5A5A5A5A5A5A)
PAD_RIGHT = np.uint64(0xA5A5A5A5A5A5A5A5)


def string_codes(values: Sequence[str]) -> U64:
    """Stable 64-bit codes for strings (independent of PYTHONHASHSEED)."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]  # not in its stubs

    return np.fromiter((hash_string(v) for v in values), dtype=np.uint64, count=len(values))


def _avalanche(h: U64) -> U64:
    h = h ^ (h >> _S1)
    h = h * _M3
    return h ^ (h >> _S2)


def combine(template: int, *columns: U64) -> U64:
    """Hash a template id with one or more columns of per-token codes."""
    seed = np.uint64(((template + 1) * int(_M2)) & 0xFFFFFFFFFFFFFFFF)
    h = np.full(len(columns[0]), seed, dtype=np.uint64)
    for column in columns:
        h = _avalanche((h ^ column) * _M1)
    return h


def shift(column: U64, offset: int) -> U64:
    """``column`` moved by ``offset`` (value of token i + offset), padded at the ends."""
    if offset == 0:
        return column
    out = np.empty_like(column)
    n = len(column)
    if offset > 0:
        k = min(offset, n)
        out[: n - k] = column[k:]
        out[n - k :] = PAD_RIGHT
    else:
        k = min(-offset, n)
        out[k:] = column[: n - k]
        out[:k] = PAD_LEFT
    return out


def constant(n: int, value: int) -> U64:
    """A column of one code (for bias features and flags)."""
    return np.full(n, np.uint64(value), dtype=np.uint64)


def buckets(hashes: Sequence[U64], bits: int) -> I64:
    """Stack feature hashes into an (n_tokens, n_features) array of bucket ids."""
    mask = np.uint64((1 << bits) - 1)
    return (np.stack(hashes, axis=1) & mask).astype(np.int64)


def distinct_rows(ids: I64) -> tuple[I64, I64]:
    """The distinct rows of ``ids`` and, for each row, the index of its distinct row.

    Rows are told apart by a hash of their values, then checked: should two
    different rows ever share a hash, numpy's exact (slower) row sort
    decides instead, so the answer is always exact.
    """
    if len(ids) == 0:
        return ids, np.zeros(0, dtype=np.int64)
    keys = combine(0, *(ids[:, k].astype(np.uint64) for k in range(ids.shape[1])))
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    rows = ids[first]
    if not np.array_equal(rows[inverse], ids):
        rows, inverse = np.unique(ids, axis=0, return_inverse=True)
    return rows, inverse.reshape(-1).astype(np.int64)


_FIBONACCI = np.uint64(0x9E3779B97F4A7C15)


class CodeTable:
    """Values of 64-bit codes (word hashes), looked up for many codes at once.

    An open-addressing hash table in numpy arrays, at most a quarter full: most
    codes are found at their first slot, so a lookup costs a few gathers,
    where a binary search over 190,000 sorted codes jumps about memory
    eighteen times per code. Keys must be distinct; a code not in the table
    gets ``missing``.
    """

    def __init__(self, keys: U64, values: npt.NDArray[Any], missing: int = 0) -> None:
        bits = max(4, int(4 * max(len(keys), 1) - 1).bit_length())
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self.keys = np.zeros(1 << bits, dtype=np.uint64)
        self.values = np.full(1 << bits, missing, dtype=values.dtype)
        self.used = np.zeros(1 << bits, dtype=bool)
        self.missing = missing
        self.longest = 0  # the longest run of slots probed for a key
        waiting = np.arange(len(keys))
        slots = self._slot(keys)
        while len(waiting):
            self.longest += 1
            at = slots[waiting]
            free = ~self.used[at]
            # Of the keys waiting for a free slot, the first takes it; the
            # others (and those whose slot was taken) try the next slot.
            taken, first = np.unique(at[free], return_index=True)
            winners = waiting[free][first]
            self.used[taken] = True
            self.keys[taken] = keys[winners]
            self.values[taken] = values[winners]
            placed = np.zeros(len(keys), dtype=bool)
            placed[winners] = True
            waiting = waiting[~placed[waiting]]
            slots[waiting] = (slots[waiting] + 1) & self._mask

    def _slot(self, codes: U64) -> npt.NDArray[np.intp]:
        return ((codes * _FIBONACCI) >> self._shift).astype(np.intp)

    def get(self, codes: U64) -> npt.NDArray[Any]:
        """The value of each code (``missing`` for codes not in the table)."""
        out = np.full(len(codes), self.missing, dtype=self.values.dtype)
        slots = self._slot(codes)
        todo = np.arange(len(codes))
        for _ in range(self.longest):
            at = slots[todo]
            used = self.used[at]
            hit = used & (self.keys[at] == codes[todo])
            out[todo[hit]] = self.values[at[hit]]
            further = used & ~hit  # a key found its slot taken and went on
            todo = todo[further]
            if not len(todo):
                break
            slots[todo] = (at[further] + 1) & self._mask
        return out
