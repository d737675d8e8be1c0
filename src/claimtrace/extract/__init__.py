"""Extractors: from an analysed text to frames (cue, source, content, addressee).

``find_frames`` runs the rule extractors in order: cues, their roles, the
links of chains. Each step is a plain function over
the ``Analysis``; a candidate that fails is dropped without stopping others.
"""

from __future__ import annotations

from claimtrace.extract.chains import link_citations
from claimtrace.extract.cues import Cue, find_cues
from claimtrace.extract.roles import Frame, frames
from claimtrace.nlp.analysis import Analysis

__all__ = ["Cue", "Frame", "find_cues", "find_frames"]


def find_frames(a: Analysis, cues: list[Cue], usable: list[bool]) -> list[Frame]:
    """The rules' frames for one analysed text's cues (``find_cues``), in text order.

    Run-on quotations are attached later (``quotes.continue_quotes``), once
    the learned taggers' frames have joined these.
    """
    return link_citations(a, frames(a, cues, usable))
