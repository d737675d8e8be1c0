"""The spaCy pipeline claimtrace stands on: the tokenizer.

By default a blank English pipeline (nothing is downloaded) with news
abbreviations added to its tokenizer exceptions. A user may pass any spaCy
pipeline instead (one with a parser, say); its sentence boundaries are then
kept (``claimtrace.nlp.analysis``), and nothing else of it is required.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import spacy
from spacy.attrs import ORTH
from spacy.language import Language

from claimtrace.errors import ModelError


def _lexicon(name: str) -> list[str]:
    path = resources.files("claimtrace.nlp") / "data" / name
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@cache
def abbreviations() -> frozenset[str]:
    """Abbreviations that end in a period without ending a sentence."""
    return frozenset(_lexicon("abbreviations.txt"))


def make_nlp() -> Language:
    """A blank English pipeline with news abbreviations in its tokenizer."""
    nlp = spacy.blank("en")
    for abbreviation in sorted(abbreviations()):
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    return nlp


def load_nlp(name_or_path: str | None = None) -> Language:
    """Our default pipeline, or a user's spaCy pipeline (installed name or path)."""
    if name_or_path is None:
        return make_nlp()
    try:
        return spacy.load(name_or_path)
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {name_or_path!r}: {exc}. "
            "Pass the name of an installed pipeline or the path of a saved one."
        ) from exc
