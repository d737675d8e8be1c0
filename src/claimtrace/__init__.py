"""claimtrace: who claims what, on whose authority, through which chain of sources.

>>> import claimtrace
>>> article = claimtrace.analyze('"We are ready," Petrov said.')
>>> [(a.source.text, a.cue.text) for a in article.attributions]
[('Petrov', 'said')]
"""

from __future__ import annotations

from functools import cache as _cache

# First: spaCy imported without PyTorch (see the module).
from claimtrace import _spacy  # noqa: F401
from claimtrace.engine import Engine
from claimtrace.errors import ClaimtraceError, EvaluationError, InputError, ModelError
from claimtrace.model import (
    SCHEMA_VERSION,
    Article,
    Attribution,
    Document,
    Entity,
    Kind,
    Mention,
    SourceType,
    TextSpan,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Attribution",
    "ClaimtraceError",
    "Document",
    "Engine",
    "Entity",
    "EvaluationError",
    "InputError",
    "Kind",
    "Mention",
    "ModelError",
    "SourceType",
    "TextSpan",
    "__version__",
    "analyze",
]


@_cache
def _engine() -> Engine:
    return Engine()


def analyze(
    text: str,
    *,
    id: str | None = None,
    outlet: str | None = None,
    date: str | None = None,
    title: str | None = None,
) -> Article:
    """Analyse one article's text with the default engine."""
    return _engine().analyze(Document(text, id=id, outlet=outlet, date=date, title=title))
