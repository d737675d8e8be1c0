"""The learned models claimtrace ships, loaded once from ``claimtrace/models/``.

One for now: the span tagger (``extract.spans``), trained by ``claimtrace
train`` (``learn.train``). The part-of-speech tagger and the word clusters
the linguistic layer reads are loaded by ``nlp``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from claimtrace.extract.spans import SpanTagger

SPANS = "spans.npz"


@dataclass(frozen=True)
class Models:
    """The learned taggers of the extraction stage."""

    spans: SpanTagger

    @classmethod
    def load(cls, directory: Path) -> Models:
        """Load the models saved in ``directory`` (as ``save`` wrote them)."""
        return cls(SpanTagger.load(directory / SPANS))

    def save(self, directory: Path) -> None:
        self.spans.save(directory / SPANS)


def models_directory() -> Path:
    """Where the shipped models live."""
    return Path(str(resources.files("claimtrace") / "models"))


@cache
def default_models() -> Models:
    """The learned taggers shipped with claimtrace."""
    return Models.load(models_directory())
