"""The exceptions claimtrace raises, one tree.

    ClaimtraceError                 anything claimtrace raises on purpose
    ├── InputError                  an input that cannot be read or decoded
    ├── ModelError                  a shipped or user-supplied model that cannot be used
    ├── EvaluationError             an evaluation directory or baseline that is not usable
    └── StoreError                  a corpus database that cannot be opened or written

Every message says what was wrong and what to do about it.
"""

from __future__ import annotations


class ClaimtraceError(Exception):
    """Base class of every error claimtrace raises on purpose."""


class InputError(ClaimtraceError):
    """An input (file, stream, text) cannot be read or decoded."""


class ModelError(ClaimtraceError):
    """A model (shipped weights or a user's spaCy pipeline) cannot be used."""


class EvaluationError(ClaimtraceError, ValueError):
    """An evaluation directory, annotation file or baseline is not usable."""


class StoreError(ClaimtraceError):
    """A corpus database cannot be opened, migrated or written."""
