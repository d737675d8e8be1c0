"""Source noun phrases: found by ``nlp.chunks``, read by ``extract.sources.read_mention``.

Each row puts a phrase before "said" and says what the mention must be: its name
(or whole phrase), descriptions, type, form and gender. The noun phrase is found as
the extractors find it: ``np_left`` before "said", or, when the phrase holds a
comma, ``np_left`` before the comma and ``apposition`` after it. A row with a
``bug`` is a known defect and runs as a strict xfail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from claimtrace.engine import Engine
from claimtrace.extract.sources import MentionInfo, read_mention
from claimtrace.model import SourceType
from claimtrace.nlp.analysis import Analysis, analyse
from claimtrace.nlp.chunks import apposition, np_left, np_right

PERSON, ORG, MEDIA = SourceType.PERSON, SourceType.ORGANIZATION, SourceType.MEDIA
GOV, ANON, DOC, UNKNOWN = (
    SourceType.GOVERNMENT,
    SourceType.ANONYMOUS,
    SourceType.DOCUMENT,
    SourceType.UNKNOWN,
)
TAIL = " said the bridge was closed."


@pytest.fixture(scope="module")
def e() -> Engine:
    return Engine()


@dataclass(frozen=True)
class Read:
    """What ``read_mention`` must make of a phrase."""

    text: str  # the mention's tokens, as written
    type: SourceType
    form: str  # name | pronoun | nominal | anonymous
    gender: str | None = None
    descriptions: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Row:
    name: str
    text: str  # ROWS: the source phrase, read in before + text + TAIL; else the sentence
    expected: Any
    before: str = ""
    bug: str | None = None  # a known defect: the row is a strict xfail


def params(rows: list[Row]) -> list[Any]:
    return [
        pytest.param(row, marks=pytest.mark.xfail(reason=row.bug, strict=True)) if row.bug else row
        for row in rows
    ]


def spelled(a: Analysis, tokens: tuple[int, int]) -> str:
    start, end = tokens
    return a.text[a.starts[start] : a.ends[end - 1]]


ROWS = [
    # --- people ---
    Row(
        "title-before-name",
        "military expert Alexander Petrov",
        Read("Alexander Petrov", PERSON, "name", "m", ("military expert",)),
    ),
    Row(
        "rank-before-name",
        "Colonel Oleg Ivanov",
        Read("Oleg Ivanov", PERSON, "name", "m", ("Colonel",)),
    ),
    Row("honorific-dropped", "Mr. John Smith", Read("John Smith", PERSON, "name", "m")),
    Row("honorific-gives-gender", "Mrs. Anna Berg", Read("Anna Berg", PERSON, "name", "f")),
    Row(
        "abbreviated-ranks",
        "Lt. Col. Dan Hale",
        Read("Dan Hale", PERSON, "name", "m", ("Lt. Col.",)),
    ),
    Row(
        "country-possessive-person",
        "Russia's Sergei Lavrov",
        Read("Sergei Lavrov", PERSON, "name", "m", ("Russia's",)),
    ),
    Row(
        "name-of-organisation",
        "Analyst Piotr Nowak of the consultancy Baltic Freight Research",
        Read(
            "Piotr Nowak",
            PERSON,
            "name",
            "m",
            ("Analyst", "of the consultancy Baltic Freight Research"),
        ),
    ),
    Row(
        "apposition-after-name",
        "Alexander Petrov, a military expert at the Institute of Strategic Studies,",
        Read(
            "Alexander Petrov",
            PERSON,
            "name",
            "m",
            ("a military expert at the Institute of Strategic Studies",),
        ),
    ),
    Row(
        "apposition-with-who",
        "Maria Lopez, who heads the Center for Urban Resilience,",
        Read("Maria Lopez", PERSON, "name", "f", ("who heads the Center for Urban Resilience",)),
    ),
    # --- governments, organisations, media ---
    Row(
        "ministry-with-the",
        "the Russian Defense Ministry",
        Read("Russian Defense Ministry", GOV, "name"),
    ),
    Row(
        "ministry-with-possessive",
        "Russia's Defense Ministry",
        Read("Russia's Defense Ministry", GOV, "name"),
    ),
    Row("capital-for-government", "Kyiv", Read("Kyiv", GOV, "name")),
    Row(
        "magazine-described",
        "the German magazine Der Spiegel",
        Read("Der Spiegel", MEDIA, "name", None, ("German magazine",)),
    ),
    Row(
        "newspaper-with-the-in-its-name",
        "The New York Times",
        Read("The New York Times", MEDIA, "name"),
    ),
    Row(
        "newspaper-with-the-mid-sentence",
        "The New York Times",
        Read("The New York Times", MEDIA, "name"),
        before="On Monday, ",
    ),
    Row(
        "organisation-spelled-out",
        "the World Health Organization",
        Read("World Health Organization", ORG, "name"),
    ),
    Row(
        "acronym",
        "WHO",
        Read("WHO", ORG, "name"),
    ),
    Row("acronym-mid-sentence", "WHO", Read("WHO", ORG, "name"), before="On Monday, "),
    Row("company", "Nordvik Energy", Read("Nordvik Energy", ORG, "name")),
    Row(
        "name-typed-by-its-description",
        "The regional utility, Sierra Eléctrica,",
        Read("Sierra Eléctrica", ORG, "name", None, ("regional utility",)),
    ),
    # --- anonymous ---
    Row(
        "source-close-to",
        "a source close to the ministry",
        Read("a source close to the ministry", ANON, "anonymous"),
    ),
    Row(
        "speaking-on-condition-of-anonymity",
        "officials speaking on condition of anonymity",
        Read("officials speaking on condition of anonymity", ANON, "anonymous"),
    ),
    Row(
        "number-of-sources-in",
        "two sources in the government",
        Read("two sources in the government", ANON, "anonymous"),
    ),
    Row(
        "people-familiar-with",
        "people familiar with the matter",
        Read("people familiar with the matter", ANON, "anonymous"),
    ),
    Row("data", "intelligence data", Read("intelligence data", ANON, "anonymous")),
    Row("group-head", "Some", Read("Some", ANON, "anonymous")),
    # --- nominals, documents, pronouns ---
    Row("nominal-person", "the expert", Read("the expert", PERSON, "nominal")),
    Row("nominal-media", "the magazine", Read("the magazine", MEDIA, "nominal")),
    Row("nominal-government", "the ministry", Read("the ministry", GOV, "nominal")),
    Row("document", "a 2024 UN report", Read("a 2024 UN report", DOC, "nominal")),
    Row(
        "document-unnamed",
        "a confidential government memo",
        Read("a confidential government memo", DOC, "nominal"),
    ),
    Row("pronoun-he", "he", Read("he", PERSON, "pronoun", "m"), before="On Monday, "),
    Row("pronoun-she", "she", Read("she", PERSON, "pronoun", "f"), before="On Monday, "),
    Row("pronoun-they", "they", Read("they", UNKNOWN, "pronoun"), before="On Monday, "),
    Row("pronoun-it", "it", Read("it", UNKNOWN, "pronoun"), before="On Monday, "),
    Row("pronoun-sentence-initial", "He", Read("He", PERSON, "pronoun", "m")),
]


def read_row(e: Engine, row: Row) -> tuple[Analysis, tuple[int, int], MentionInfo | None]:
    """The analysis of the row's sentence, the noun phrase found, and the mention read."""
    a = analyse(row.before + row.text + TAIL, e.nlp, e.tagger)
    cue = a.words.index("said")
    first = a.token_at(len(row.before))
    commas = [i for i in range(first, cue) if a.words[i] == ","]
    end = commas[0] if commas else cue
    start = np_left(a, end, first)
    assert start is not None, f"np_left finds no noun phrase before token {end}"
    described = apposition(a, end, cue) if commas else None
    if commas:
        assert described is not None, "apposition finds nothing after the comma"
    return a, (start, end), read_mention(a, (start, end), described, e.lexicon)


@pytest.mark.parametrize("row", params(ROWS), ids=lambda row: row.name)
def test_mention(e: Engine, row: Row) -> None:
    """The noun phrase is the phrase itself, and reads as the row expects."""
    a, (start, end), mention = read_row(e, row)
    assert spelled(a, (start, end)) == row.text.split(",")[0]
    assert mention is not None
    found = Read(
        text=spelled(a, mention.tokens),
        type=mention.type,
        form=mention.form,
        gender=mention.gender,
        descriptions=tuple(spelled(a, d) for d in mention.descriptions),
    )
    assert found == row.expected


# --- np_right and apposition on their own --------------------------------------------

NP_RIGHT = [
    # (sentence, the word the phrase starts at) -> the phrase
    Row(
        "according-to-outlet",
        "According to the German magazine Der Spiegel, the port closed.",
        "the German magazine Der Spiegel",
    ),
    Row(
        "according-to-anonymous",
        "According to a source close to the ministry, the port closed.",
        "a source close to the ministry",
    ),
    Row(
        "according-to-people-familiar",
        "According to people familiar with the matter, the port closed.",
        "people familiar with the matter",
    ),
    Row(
        "vague-head-with-place",
        "According to officials in the ministry, the port closed.",
        "officials in the ministry",
    ),
    Row(
        "name-with-of",
        "According to the Institute of Strategic Studies, the port closed.",
        "the Institute of Strategic Studies",
    ),
    Row("inverted-subject", '"The port is closed," said the harbour master.', "the harbour master"),
    Row("object-stops-at-next-phrase", "He told Reuters the port was closed.", "Reuters"),
    Row("pronoun", '"The port is closed," said he.', "he"),
]


@pytest.mark.parametrize("row", params(NP_RIGHT), ids=lambda row: row.name)
def test_np_right(e: Engine, row: Row) -> None:
    a = analyse(row.text, e.nlp, e.tagger)
    at = re.search(rf"\b{re.escape(row.expected)}\b", row.text)
    assert at is not None
    start = a.token_at(at.start())
    end = np_right(a, start, a.sentence(start)[1])
    assert end is not None
    assert spelled(a, (start, end)) == row.expected


APPOSITIONS = [
    # (sentence, the name it follows) -> the apposition, or None
    Row("description", "Vera Lind, the city auditor, said the port closed.", "the city auditor"),
    Row(
        "who-clause", "Vera Lind, who audits the city, said the port closed.", "who audits the city"
    ),
    Row(
        "anonymity",
        "An official, speaking on condition of anonymity, said so.",
        "speaking on condition of anonymity",
    ),
    Row("no-comma", "Vera Lind said the port closed.", None),
    Row("clause-not-description", "Vera Lind, the mayor said, was away.", None),
    Row("starts-like-a-verb", "Vera Lind, said the mayor, was away.", None),
]


@pytest.mark.parametrize("row", params(APPOSITIONS), ids=lambda row: row.name)
def test_apposition(e: Engine, row: Row) -> None:
    a = analyse(row.text, e.nlp, e.tagger)
    name_end = a.words.index(",") if "," in a.words else a.words.index("said")
    found = apposition(a, name_end, a.sentence(name_end)[1])
    assert (spelled(a, found) if found else None) == row.expected
