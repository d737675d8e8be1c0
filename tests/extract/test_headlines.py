"""The rules' frames that join after the span tagger: the headline rule ("Graham: …",
``claimtrace.extract.headlines``) and subjects set off by commas
(``roles.interrupted_frames``).

What they find is in the table (``cases.py``, groups ``headline-`` and
``verb-subject-set-off-``); here: that the tagger never reads their frames (so
the shipped network stays as trained), and that on any headline the headline
frame's spans stay inside the headline.
"""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from claimtrace.engine import Engine, rule_pass
from claimtrace.extract.dateline import read_header
from claimtrace.extract.features import ROLE_NONE, RULE_NONE, TAGGER_COLUMNS
from claimtrace.extract.headlines import headline_frame
from claimtrace.nlp.analysis import analyse_batch

TEXT = "Graham: Trump’s rhetoric is destroying the party\n\nThe senator was in Ohio."
RULE_CUE = [name for name, _, _ in TAGGER_COLUMNS].index("rule cue")
RULE_ROLE = [name for name, _, _ in TAGGER_COLUMNS].index("rule role")


def test_the_headline_frame_is_not_among_the_tagger_inputs(engine: Engine) -> None:
    batch = analyse_batch([TEXT], engine.nlp, engine.tagger, engine.word_columns)
    a = batch.analyses[0]
    rules = rule_pass(a, engine.lexicon)
    assert rules.headline is not None
    assert rules.headline not in rules.frames
    assert rules.all_frames()[-1] is rules.headline
    inputs = engine.inputs(batch, [rules])
    title = slice(0, rules.headline.content[0][1])
    assert (inputs[title, RULE_CUE] == RULE_NONE).all()
    assert (inputs[title, RULE_ROLE] == ROLE_NONE).all()


def test_late_frames_are_not_among_the_tagger_inputs(engine: Engine) -> None:
    text = "The ministry, in a statement on Monday, said 12 people were killed."
    batch = analyse_batch([text], engine.nlp, engine.tagger, engine.word_columns)
    rules = rule_pass(batch.analyses[0], engine.lexicon)
    assert [f.method for f in rules.late] == ["rule:interrupted"]
    assert rules.frames == []
    assert rules.all_frames() == rules.late
    inputs = engine.inputs(batch, [rules])
    assert (inputs[:, RULE_CUE] == RULE_NONE).all()
    assert (inputs[:, RULE_ROLE] == ROLE_NONE).all()


_WORD = st.text(alphabet=st.sampled_from("abcdeXYZ-.:’'\" "), min_size=1, max_size=12).filter(
    lambda w: w.strip()
)


# Words of speakers and of labels, so that many examples make a frame.
_NAMES = ("Varnholt", "Harbour", "Gazette", "Poll", "Dr.", "NY", "Nordbay-Civis", "UNICEF",
          "The", "Latest", "EXCLUSIVE", "is")  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    speaker=st.lists(st.one_of(st.sampled_from(_NAMES), _WORD), min_size=0, max_size=6).map(
        " ".join
    ),
    claim=st.lists(_WORD, min_size=0, max_size=8).map(" ".join),
)
def test_a_headline_frame_lies_inside_the_headline(
    engine: Engine, speaker: str, claim: str
) -> None:
    text = f"{speaker}: {claim}\n\nThe body of the article."
    a = analyse_batch([text], engine.nlp, engine.tagger).analyses[0]
    header = read_header(text)
    frame = headline_frame(a, header, engine.lexicon)
    event("a frame" if frame is not None else "no frame")
    if frame is None:
        return
    assert header.title_span is not None
    first, last = header.title_span
    spans = [frame.source, (frame.cue.start, frame.cue.end), *frame.content]
    for start, end in (s for s in spans if s is not None):
        assert 0 <= start < end <= len(a)
        assert first <= int(a.starts[start]) and int(a.ends[end - 1]) <= last
    assert a.words[frame.cue.start] == ":"
