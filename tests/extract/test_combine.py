"""How the span tagger's attributions and the rules' frames combine.

Each row gives a text with the tagger's spans marked (``[S …]``, ``[Q …]``,
``[C …]``, as ``tests.helpers.marked_labels`` reads them); the rules run on
the plain text; the rows check the frames that come out, in the text's
words: (cue, source, description, content pieces, addressee, the cue of the
frame it hangs on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from claimtrace.engine import rule_pass
from claimtrace.extract.combine import combine
from claimtrace.extract.lexicons import load
from claimtrace.extract.linking import link
from claimtrace.extract.roles import (
    Frame,
    cut_run_on_sentences,
    interrupted_subjects,
    passive_agents,
    passive_subjects,
    raise_subjects,
    share_participle_sources,
    speaker_subjects,
    split_relative_sources,
    subject_pronoun_addressees,
)
from claimtrace.nlp.analysis import Analysis
from tests.helpers import marked_labels, token_text

Row = tuple[str, str | None, str | None, list[str], str | None, str | None]
# The words of the cues the tagger learnt from (a few of PolNeAR's).
CUE_WORDS = frozenset({"said", "told", "reported", "backs", "reserved", "passion", "for", "shows"})

# "Le Monde reported, citing a Ukrainian officer, that the brigade had withdrawn."
REPORTED_CITING = [
    ("reported", "Le Monde", None, ["that the brigade had withdrawn"], None, None),
    ("citing", "a Ukrainian officer", None, ["that the brigade had withdrawn"], None, "reported"),
]

CASES = [
    (
        "tagged-cue-stops-at-the-rules-addressee",
        "[S Sergei Volkov] [Q told Izvestia]: [C «The bill will pass.»]",
        [("told", "Sergei Volkov", None, ["«The bill will pass.»"], "Izvestia", None)],
    ),
    (
        "content-leaves-out-the-addressee",
        "[S Dmitry Kolesnikov] [Q explained] [C to Izvestia that the drones fly low].",
        [
            (
                "explained",
                "Dmitry Kolesnikov",
                None,
                ["that the drones fly low"],
                "Izvestia",
                None,
            )
        ],
    ),
    (
        "a-directive-keeps-its-object-in-the-content",
        "[S The senator] [Q asked] [C Republican leaders to disavow the advert].",
        [
            (
                "asked",
                "The senator",
                None,
                ["Republican leaders to disavow the advert"],
                "Republican leaders",
                None,
            )
        ],
    ),
    (
        "chain-link-kept-with-its-reports-content",
        "[S Le Monde] [Q reported], citing a Ukrainian officer, [C that the brigade had "
        "withdrawn].",
        REPORTED_CITING,
    ),
    (
        "content-leaves-out-a-chain-links-source",
        "[S Le Monde] [Q reported], citing [C a Ukrainian officer, that the brigade had "
        "withdrawn].",
        REPORTED_CITING,
    ),
    (
        "rules-cue-and-tagged-cue-together",
        "[S Petrov]’s [Q view is] [C that the offensive has stalled].",
        [("’s view is", "Petrov", None, ["that the offensive has stalled"], None, None)],
    ),
    (
        "tagged-source-phrase-keeps-the-rules-name-and-description",
        "[S Alexander Petrov, a military expert,] [Q said] [C the reserves are gone].",
        [
            (
                "said",
                "Alexander Petrov",
                "a military expert",
                ["the reserves are gone"],
                None,
                None,
            )
        ],
    ),
    (
        "a-cue-only-the-tagger-found",
        "[S Clinton] [Q reserved her most eloquent passion for] [C the cause of reform].",
        [
            (
                "reserved her most eloquent passion for",
                "Clinton",
                None,
                ["the cause of reform"],
                None,
                None,
            )
        ],
    ),
    (
        "a-new-source-split-into-name-and-apposition",
        "[S Dan Gerstein, director of Gotham Ghostwriters,] [Q backs] [C the plan].",
        [("backs", "Dan Gerstein", "director of Gotham Ghostwriters", ["the plan"], None, None)],
    ),
    (
        "a-rules-verb-cue-the-tagger-left-out-goes",
        "The minister said the plan would work.",
        [],
    ),
    (
        "a-rules-fixed-phrase-stays",
        "In the words of Laura Chen, the economy is running on borrowed time.",
        [
            (
                "In the words of",
                "Laura Chen",
                None,
                ["the economy is running on borrowed time"],
                None,
                None,
            )
        ],
    ),
    (
        "a-tagged-cue-inside-a-kept-frames-content-goes",
        "In the words of Vera Lind, the case [Q shows] [C “how easily a tender is written”].",
        [
            (
                "In the words of",
                "Vera Lind",
                None,
                ["the case shows “how easily a tender is written”"],
                None,
                None,
            )
        ],
    ),
    (
        "reported-speech-inside-reported-speech-stays",
        "[S Izvestia] [Q reported] [C that Colonel Pierre Durand had said the brigades were "
        "exhausted].",
        [
            (
                "reported",
                "Izvestia",
                None,
                ["that Colonel Pierre Durand had said the brigades were exhausted"],
                None,
                None,
            ),
            (
                "had said",
                "Colonel Pierre Durand",
                None,
                ["the brigades were exhausted"],
                None,
                None,
            ),
        ],
    ),
    (
        "a-cue-no-annotator-ever-marked-goes",
        "[S Maria Lopez] [Q inspected] [C the levee on Tuesday].",
        [],
    ),
    (
        "a-tagged-colon-after-its-speaker-stands",
        "The panel went on.\n\n[S Lopez][Q :] [C Well, the tax is bad for small savers.]",
        [(":", "Lopez", None, ["Well, the tax is bad for small savers"], None, None)],
    ),
    (
        "the-q-of-an-interview-transcript-is-no-speaker",
        "Here is the transcript.\n\n[S Q][Q :] [C The tax is bad for small savers.]",
        [],
    ),
    (
        "a-tagged-colon-without-a-speaker-goes",
        "The panel went on.\n\nThe point[Q :] [C the tax is bad for small savers.]",
        [],
    ),
    (
        "a-headline-stays-though-the-tagger-marks-nothing",
        "Graham: Trump’s rhetoric is destroying the party\n\nThe senator was in Ohio.",
        [(":", "Graham", None, ["Trump’s rhetoric is destroying the party"], None, None)],
    ),
    (
        "a-headline-comes-after-the-rules-frames-so-chain-links-hold",
        "Harbour Gazette: Ferry operator misled regulators\n\n[S The Nordbay Herald] "
        "[Q reported], citing a port official, [C that the operator hid two safety reports].",
        [
            (":", "Harbour Gazette", None, ["Ferry operator misled regulators"], None, None),
            (
                "reported",
                "The Nordbay Herald",
                None,
                ["that the operator hid two safety reports"],
                None,
                None,
            ),
            (
                "citing",
                "a port official",
                None,
                ["that the operator hid two safety reports"],
                None,
                "reported",
            ),
        ],
    ),
    (
        "a-tagged-cue-without-content-makes-no-frame",
        "[S Petrov] [Q declined to comment].",
        [],
    ),
]


@pytest.mark.parametrize(("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in CASES])
def test_combine(marked: str, expected: list[Row]) -> None:
    a, labels = marked_labels(marked)
    rules = rule_pass(a, load()).all_frames()
    frames = combine(a, link(a, labels), rules, CUE_WORDS)
    found = [
        (
            token_text(a, (f.cue.start, f.cue.end)),
            token_text(a, f.source),
            token_text(a, f.description),
            [token_text(a, p) for p in f.content],
            token_text(a, f.addressee),
            token_text(a, (frames[f.parent].cue.start, frames[f.parent].cue.end))
            if f.parent is not None
            else None,
        )
        for f in frames
    ]
    assert found == expected


# Raised subjects (``roles.raise_subjects``): (cue, source, content pieces) after it.
RAISED = [
    (
        "passive-expected-subject-joins-the-content",
        "[S Governor Lena Marsh] [Q is expected] [C to sign the water bill] on Friday.",
        [("is expected", None, ["Governor Lena Marsh", "to sign the water bill"])],
    ),
    (
        "raising-verb-with-negation-between",
        "[S Mayor Ana Varga] [Q does not seem] [C to believe the reservoir figures].",
        [("does not seem", None, ["Mayor Ana Varga", "to believe the reservoir figures"])],
    ),
    (
        "active-expected-keeps-its-source",
        "[S Oleg Ivanov] [Q expected] [C to sign the bill].",
        [("expected", "Oleg Ivanov", ["to sign the bill"])],
    ),
    (
        "passive-asked-is-not-raising",
        "[S Oleg Ivanov] [Q was asked] [C to sign the bill].",
        [("was asked", "Oleg Ivanov", ["to sign the bill"])],
    ),
    (
        "content-not-an-infinitive-keeps-the-source",
        "[S Petrov] [Q is said] [C the bridge will hold].",
        [("is said", "Petrov", ["the bridge will hold"])],
    ),
    (
        "source-not-next-to-the-cue-stays",
        "[S Petrov], [C in Kyiv], [Q is said] [C to have left].",
        [("is said", "Petrov", ["in Kyiv", "to have left"])],
    ),
]


@pytest.mark.parametrize(("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in RAISED])
def test_raised_subjects(marked: str, expected: list[tuple[str, str | None, list[str]]]) -> None:
    assert _contents_after(marked, raise_subjects) == expected


Pass = Callable[[Analysis, list[Frame]], None]


def _frames_after(marked: str, passes: tuple[Pass, ...]) -> tuple[Analysis, list[Frame]]:
    """The combined frames of a marked text once ``passes`` have run over them."""
    a, labels = marked_labels(marked)
    frames = combine(a, link(a, labels), rule_pass(a, load()).all_frames(), frozenset())
    for run in passes:
        run(a, frames)
    return a, frames


def _described(a: Analysis, frames: list[Frame], *fields: str) -> list[tuple[Any, ...]]:
    """Each frame as (cue, then the named ``fields``) in the text's words: a token
    range as its text, the content as the text of each piece."""

    def shown(value: Any) -> Any:
        return (
            [token_text(a, p) for p in value] if isinstance(value, list) else token_text(a, value)
        )

    return [
        (token_text(a, (f.cue.start, f.cue.end)), *(shown(getattr(f, name)) for name in fields))
        for f in frames
    ]


def _contents_after(marked: str, *passes: Pass) -> list[Any]:
    """(cue, source, content pieces) of each frame once ``passes`` have run."""
    return _described(*_frames_after(marked, passes), "source", "content")


# Relative clauses that are attributions (``roles.split_relative_sources``):
# (cue, source, description, phrase) after it.
RELATIVE = [
    (
        "who-takes-the-relative-cue-the-name-the-main-cue",
        "[S Donald Trump, who] [Q has praised] [C the treaty], [Q defended] [C the deal] on "
        "Monday.",
        [
            ("has praised", "Donald Trump", None, "who"),
            ("defended", "Donald Trump", None, "Donald Trump"),
        ],
    ),
    (
        "apposition-before-who-stays-the-description",
        "[S Karl Varnholt, a harbour engineer, who] [Q has argued] [C the bridge is safe], "
        "[Q conceded] [C that it would close].",
        [
            ("has argued", "Karl Varnholt", "a harbour engineer", "who"),
            (
                "conceded",
                "Karl Varnholt",
                "a harbour engineer",
                "Karl Varnholt, a harbour engineer",
            ),
        ],
    ),
    (
        "adverb-between-who-and-the-cue",
        "[S The harbour board, which] recently [Q warned] [C that the bridge is unsafe].",
        [("warned", "The harbour board", None, "which")],
    ),
    (
        "a-passive-after-which-keeps-no-source",
        "The harbour board, which [Q is seen] [C as cautious], closed the bridge.",
        [("is seen", None, None, None)],
    ),
    (
        "clause-going-on-without-a-comma-keeps-its-source",
        "[S Voters, who] [Q are drawn] [C to his message] and [Q feel] [C that the laws hurt "
        "them].",
        [("are drawn", "Voters", None, "who"), ("feel", "Voters", "who", "Voters, who")],
    ),
    (
        "who-after-a-verb-stands-for-no-noun-phrase",
        "She asked [S who] [Q said] [C it was safe].",
        [("said", "who", None, "who")],
    ),
]


def _sources_after(marked: str, *passes: Pass) -> list[Any]:
    """(cue, source, description, phrase) of each frame once ``passes`` have run."""
    return _described(*_frames_after(marked, passes), "source", "description", "phrase")


@pytest.mark.parametrize(("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in RELATIVE])
def test_relative_sources(marked: str, expected: list[tuple[str, ...]]) -> None:
    assert _sources_after(marked, split_relative_sources) == expected


# Subjects set off from their cue (``roles.interrupted_subjects``) and participles
# after "but" (``roles.share_participle_sources``): (cue, source, description,
# phrase) after them.
INTERRUPTED = [
    (
        "prepositional-phrase-between-subject-and-cue",
        "Mayor Ilse Brandt, after the storm damaged the piers, [Q initially said] [C that "
        "the bridge would stay open].",
        [("initially said", "Mayor Ilse Brandt", None, None)],
    ),
    (
        "adverb-between-subject-and-cue",
        "The council, meanwhile, [Q insists] [C that the toll will stay].",
        [("insists", "The council", None, None)],
    ),
    (
        "participle-phrase-describes-the-subject",
        "The harbour bill, introduced by Karl Varnholt in 2019, [Q backs] [C a new toll].",
        [
            (
                "backs",
                "The harbour bill",
                "introduced by Karl Varnholt in 2019",
                "The harbour bill, introduced by Karl Varnholt in 2019",
            )
        ],
    ),
    (
        "apposition-opened-by-an-adverb-is-left-alone",
        "The harbour board, long a critic of the toll, [Q argued] [C that it was unfair].",
        [("argued", None, None, None)],
    ),
    (
        "subject-not-opening-the-sentence-is-left-alone",
        "On Monday the harbour board, after a long meeting, [Q argued] [C that it was unfair].",
        [("argued", None, None, None)],
    ),
    (
        "a-frame-with-a-source-keeps-it",
        "Mayor Ilse Brandt, after the storm, [S she] [Q said] [C the bridge would close].",
        [("said", "she", None, "she")],
    ),
    (
        "participle-after-but-shares-the-source",
        "Karl Varnholt [Q acknowledged] [C that the piers were weak], but [Q backing] [C a "
        "closure of the bridge].",
        [
            ("acknowledged", "Karl Varnholt", None, None),
            ("backing", "Karl Varnholt", None, None),
        ],
    ),
]


@pytest.mark.parametrize(
    ("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in INTERRUPTED]
)
def test_interrupted_subjects(marked: str, expected: list[tuple[str, ...]]) -> None:
    assert _sources_after(marked, interrupted_subjects, share_participle_sources) == expected


# Passive cues (``roles.passive_subjects``): (cue, source, content pieces) after it.
PASSIVE = [
    (
        "passive-subject-joins-the-content",
        "[S Karl Varnholt] [Q was charged with] [C fraud] on Monday.",
        [("was charged with", None, ["Karl Varnholt", "fraud"])],
    ),
    (
        "untagged-subject-of-a-passive-joins-the-content",
        "The harbour bridge [Q is widely seen as] [C a danger to shipping].",
        [("is widely seen as", None, ["The harbour bridge", "a danger to shipping"])],
    ),
    (
        "a-participle-of-feeling-keeps-its-source",
        "[S Most voters] [Q are worried about] [C the toll].",
        [("are worried about", "Most voters", ["the toll"])],
    ),
    (
        "an-agent-after-the-cue-stays-the-source",
        "The toll [Q was criticised by] [S the mayor] [C as too costly].",
        [("was criticised by", "the mayor", ["as too costly"])],
    ),
    (
        "quoted-as-saying-keeps-its-speaker",
        "[S Colonel Ivan Petrov] [Q was quoted as saying] [C that the brigade had withdrawn].",
        [("was quoted as saying", "Colonel Ivan Petrov", ["that the brigade had withdrawn"])],
    ),
    (
        "a-verb-after-the-participle-keeps-the-speaker",
        "[S The minister] [Q was described as saying] [C that the talks had failed].",
        [("was described as saying", "The minister", ["that the talks had failed"])],
    ),
    (
        "apostrophe-s-before-a-participle-is-has",
        "[S He][Q ’s predicted] [C big wins in the races ahead].",
        [("’s predicted", "He", ["big wins in the races ahead"])],
    ),
]


@pytest.mark.parametrize(("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in PASSIVE])
def test_passive_subjects(marked: str, expected: list[tuple[str, str | None, list[str]]]) -> None:
    assert _contents_after(marked, passive_subjects) == expected


# The agent of a passive cue (``roles.passive_agents``, after ``passive_subjects``):
# (cue, source, content pieces).
AGENTS = [
    (
        "agent-tagged-as-content-is-the-source",
        "The name [Q is tweeted by] [C several people who heard it].",
        [("is tweeted", "several people who heard it", ["The name"])],
    ),
    (
        "agent-before-a-comma-is-the-source",
        "[S Both attacks] [Q were claimed by] [C the Northern Front], the ministry said.",
        [("were claimed", "the Northern Front", ["Both attacks"])],
    ),
    (
        "agent-after-the-cue-by-is-the-source",
        "[S He] [Q was backed] by [C most of the liberal voters].",
        [("was backed", "most of the liberal voters", ["He"])],
    ),
    (
        "agent-running-on-into-what-was-said-stays-content",
        "The toll [Q was criticised by] [C the mayor as too costly].",
        [("was criticised by", None, ["The toll", "the mayor as too costly"])],
    ),
    (
        "agent-not-ending-the-clause-stays-content",
        "The toll [Q was criticised by] [C the mayor] and the council.",
        [("was criticised by", None, ["The toll", "the mayor"])],
    ),
    (
        "an-active-cue-has-no-agent",
        "[S The mayor] [Q stood by] [C the plan].",
        [("stood by", "The mayor", ["the plan"])],
    ),
]


@pytest.mark.parametrize(("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in AGENTS])
def test_passive_agents(marked: str, expected: list[tuple[str, str | None, list[str]]]) -> None:
    assert _contents_after(marked, passive_subjects, passive_agents) == expected


# A subject pronoun the rules read as an addressee (``roles.subject_pronoun_addressees``):
# (cue, source, content pieces, addressee).
PRONOUN_ADDRESSEES = [
    (
        "a-subject-pronoun-opens-the-content",
        "[S The Saudis] [Q have warned] [C they could sell off U.S. assets].",
        [("have warned", "The Saudis", ["they could sell off U.S. assets"], None)],
    ),
    (
        "an-object-pronoun-stays-the-addressee",
        "[S The Saudis] [Q have warned] them [C that they could sell off U.S. assets].",
        [("have warned", "The Saudis", ["that they could sell off U.S. assets"], "them")],
    ),
]


@pytest.mark.parametrize(
    ("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in PRONOUN_ADDRESSEES]
)
def test_subject_pronoun_addressees(marked: str, expected: list[tuple[str, ...]]) -> None:
    a, frames = _frames_after(marked, (subject_pronoun_addressees,))
    assert _described(a, frames, "source", "content", "addressee") == expected


# Content pieces kept to one sentence unless quoted (``roles.cut_run_on_sentences``):
# (cue, source, content pieces).
RUN_ON = [
    (
        "a-content-ends-with-its-sentence",
        "[S Officials] [Q said] [C the wait was too long. About 270 people have been "
        "resettled since].",
        [("said", "Officials", ["the wait was too long"])],
    ),
    (
        "a-quotation-runs-on-over-sentences",
        "[S Marek] [Q said]: [C “The pumps failed. We are asking for help.”]",
        [("said", "Marek", ["“The pumps failed. We are asking for help.”"])],
    ),
    (
        "a-content-before-the-cue-starts-with-its-sentence",
        "[C The bridge fell. The ferry is late], [S officials] [Q said].",
        [("said", "officials", ["The ferry is late"])],
    ),
    (
        "a-quotation-before-the-cue-keeps-its-sentences",
        "[C “The bridge fell. The ferry is late,”] [S officials] [Q said].",
        [("said", "officials", ["“The bridge fell. The ferry is late,”"])],
    ),
]


@pytest.mark.parametrize(("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in RUN_ON])
def test_cut_run_on_sentences(
    marked: str, expected: list[tuple[str, str | None, list[str]]]
) -> None:
    assert _contents_after(marked, cut_run_on_sentences) == expected


# The cue as the tagger extends the rule's (``Frame.cue_phrase``): (cue, cue phrase)
# of each frame; the content leaves the phrase out.
CUE_PHRASES = [
    (
        "the-tagger-extends-the-rules-cue",
        "[S The ministry] [Q said in a statement] [C the bridge was closed].",
        [("said", "said in a statement", ["the bridge was closed"])],
    ),
    (
        "no-phrase-when-the-tagger-adds-nothing",
        "[S Petrov] [Q said] [C the shells were late].",
        [("said", None, ["the shells were late"])],
    ),
    (
        "not-past-the-addressee",
        "[S Sergei Volkov] [Q told Izvestia on Monday] [C the bill will pass].",
        [("told", None, ["the bill will pass"])],
    ),
    (
        "not-past-a-chain-links-cue",
        "[S The magazine] [Q wrote with] reference to the deputy commander [C that the "
        "battalion had lost contact].",
        [
            ("wrote", None, ["that the battalion had lost contact"]),
            ("with reference to", None, ["that the battalion had lost contact"]),
        ],
    ),
]


@pytest.mark.parametrize(
    ("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in CUE_PHRASES]
)
def test_cue_phrases(marked: str, expected: list[tuple[str, str | None, list[str]]]) -> None:
    a, labels = marked_labels(marked)
    frames = combine(a, link(a, labels), rule_pass(a, load()).all_frames(), CUE_WORDS)
    assert _described(a, frames, "cue_phrase", "content") == expected


# The subject of being quoted or told (``roles.speaker_subjects``, after
# ``passive_subjects``): the tagger put it in the content; (cue, source, content
# pieces) after both.
SPEAKERS = [
    (
        "quoted-subject-tagged-as-content-is-the-source",
        "[C Colonel Ivan Petrov] [Q was quoted as saying] [C that the brigade had withdrawn].",
        [("was quoted as saying", "Colonel Ivan Petrov", ["that the brigade had withdrawn"])],
    ),
    (
        "with-an-adverb-between",
        "[C The voters] [Q are deeply worried] [C that the plant will close].",
        [("are deeply worried", "The voters", ["that the plant will close"])],
    ),
    (
        "a-charged-subject-stays-in-the-content",
        "[C Karl Varnholt] [Q was charged with] [C fraud] on Monday.",
        [("was charged with", None, ["Karl Varnholt", "fraud"])],
    ),
    (
        "a-piece-that-is-not-the-subject-stays",
        "[C Colonel Ivan Petrov and the brigade] [Q were quoted as saying] [C they left].",
        [("were quoted as saying", None, ["Colonel Ivan Petrov and the brigade", "they left"])],
    ),
]


@pytest.mark.parametrize(("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in SPEAKERS])
def test_speaker_subjects(marked: str, expected: list[tuple[str, str | None, list[str]]]) -> None:
    assert _contents_after(marked, passive_subjects, speaker_subjects) == expected


# A relative clause inside a tagged source phrase (``combine``, the rules' "who"
# subject, ``roles.split_relative_sources``): (cue, source, content pieces).
WHO = [
    (
        "a-claim-in-the-speakers-description-stays",
        "[S Mayor Ilse Brandt, who previously argued that the bridge was safe,] [Q conceded] "
        "[C that it would close].",
        [
            ("previously argued", "Mayor Ilse Brandt", ["that the bridge was safe"]),
            ("conceded", "Mayor Ilse Brandt", ["that it would close"]),
        ],
    ),
    (
        "a-description-with-no-claim-adds-nothing",
        "[S Mayor Ilse Brandt, who previously ran the port,] [Q conceded] [C that it would close].",
        [("conceded", "Mayor Ilse Brandt", ["that it would close"])],
    ),
]


@pytest.mark.parametrize(("marked", "expected"), [pytest.param(m, e, id=n) for n, m, e in WHO])
def test_claims_inside_a_source_phrase(
    marked: str, expected: list[tuple[str, str | None, list[str]]]
) -> None:
    assert _contents_after(marked, split_relative_sources) == expected
