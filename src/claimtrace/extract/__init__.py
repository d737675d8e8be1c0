"""Extractors: from an analysed text to frames (cue, source, content, addressee).

``find_frames`` runs the rule extractors in order: cues, their roles, the
links of chains. Each step is a plain function over
the ``Analysis``; a candidate that fails is dropped without stopping others.
"""

from __future__ import annotations

from claimtrace.extract.chains import link_citations
from claimtrace.extract.cues import Cue, find_cues
from claimtrace.extract.lexicons import Lexicon
from claimtrace.extract.roles import Frame, frames
from claimtrace.nlp.analysis import Analysis

__all__ = ["Cue", "Frame", "find_frames"]


def find_frames(a: Analysis, lexicon: Lexicon, usable: list[bool]) -> list[Frame]:
    """The rules' frames for one analysed text, in text order of their cues.

    Run-on quotations are attached later (``quotes.continue_quotes``), once
    the learned taggers' frames have joined these.
    """
    return link_citations(a, frames(a, find_cues(a, lexicon, usable), usable))
