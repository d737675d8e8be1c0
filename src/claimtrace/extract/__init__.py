"""Extractors: from an analysed text to frames (cue, source, content, addressee).

``find_frames`` runs the rule extractors in order: cues, their roles, the
links of chains, quotations that run on. Each step is a plain function over
the ``Analysis``; a candidate that fails is dropped without stopping others.
"""

from __future__ import annotations

from claimtrace.extract.chains import link_citations
from claimtrace.extract.cues import Cue, find_cues
from claimtrace.extract.lexicons import Lexicon
from claimtrace.extract.quotes import continue_quotes
from claimtrace.extract.roles import Frame, frames
from claimtrace.nlp.analysis import Analysis

__all__ = ["Cue", "Frame", "find_frames"]


def find_frames(a: Analysis, lexicon: Lexicon, usable: list[bool]) -> list[Frame]:
    """The rules' frames for one analysed text, in text order of their cues."""
    found = link_citations(a, frames(a, find_cues(a, lexicon, usable), usable))
    continue_quotes(a, found)
    return found
