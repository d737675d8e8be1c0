"""The cue tagger overrules a rule's verb cue only when it marked nothing there and
its BiLSTM doubts every word of it; chain links survive the renumbering."""

from __future__ import annotations

import numpy as np

from claimtrace.extract.combine import confirmed
from claimtrace.extract.cues import Cue
from claimtrace.extract.learned import CueFindings
from claimtrace.extract.roles import Frame


def _frame(start: int, role: str = "verb", parent: int | None = None) -> Frame:
    cue = Cue(start, start + 1, start, "say", "speech", role)
    content = [(start + 2, start + 5)]
    return Frame(cue=cue, content=content, source=(start - 1, start), parent=parent)


def _cues(frames: list[Frame]) -> list[int]:
    return [f.cue.start for f in frames]


def test_without_a_bilstm_every_rule_frame_stays() -> None:
    frames = [_frame(1), _frame(10)]
    assert _cues(confirmed(frames, CueFindings([[]]), 0, 0, 20, 0.5)) == [1, 10]


def test_an_untagged_doubted_verb_cue_goes_and_links_are_renumbered() -> None:
    # Text of 30 tokens, second in its batch (its tokens start at 100).
    probability = np.zeros(130)
    probability[100 + 20] = 0.7  # the BiLSTM believes in the cues at 20 and 25
    probability[100 + 25] = 0.9
    frames = [
        _frame(1),  # tagged: stays
        _frame(5),  # untagged, doubted: goes
        _frame(12, role="according"),  # not a verb cue: the rules' call
        _frame(20, parent=0),  # untagged, but the BiLSTM is sure enough: stays
        _frame(25, parent=1),  # stays, but its parent goes: so does the link
    ]
    found = CueFindings([[], [(1, 2)]], probability)
    kept = confirmed(frames, found, 1, 100, 30, 0.5)
    assert _cues(kept) == [1, 12, 20, 25]
    assert [f.parent for f in kept] == [None, None, 0, None]
