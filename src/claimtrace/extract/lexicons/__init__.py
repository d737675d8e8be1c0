"""The word lists the extractors apply, loaded from the data files beside this module.

Each file says in its header what it holds and where it came from. The
loaded ``Lexicon`` is immutable and cached: extractors receive it as an
argument and never change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from claimtrace.model import SourceType


@dataclass(frozen=True, slots=True)
class CueVerb:
    lemma: str
    cls: str  # speech | writing | thought | report
    frames: frozenset[str]


@dataclass(frozen=True, slots=True)
class CuePhrase:
    words: tuple[str, ...]
    cls: str
    role: str  # according | citing | verb | view


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    kind: str  # agency | newspaper | magazine | broadcaster | website


@dataclass(frozen=True)
class Lexicon:
    """Every word list the rules use."""

    verbs: dict[str, CueVerb]  # inflected form (lower case) -> verb
    phrases: dict[str, list[CuePhrase]]  # first word -> phrases starting with it
    nouns: dict[str, SourceType]  # source head noun -> type
    outlets: dict[str, Outlet]  # name or alias as written -> outlet
    titles: frozenset[str]
    honorifics: dict[str, str]  # honorific (lower case) -> gender
    given_names: dict[str, str]  # given name -> gender ("m" | "f")
    places: frozenset[str]  # countries and capitals: governments when they speak
    institutions: dict[str, SourceType]  # word inside a name -> type of body
    acronyms: dict[str, tuple[SourceType, str]]  # acronym -> (type, expansion or "")
    cue_starters: frozenset[str] = (
        frozenset()
    )  # words a cue may start with: verb forms, phrases' first words
    headline_labels: frozenset[str] = frozenset()  # "Update:", "The Latest:": not speakers

    def __post_init__(self) -> None:
        if not self.cue_starters:
            object.__setattr__(
                self, "cue_starters", frozenset(self.verbs) | frozenset(self.phrases)
            )


def _rows(name: str) -> list[list[str]]:
    path = resources.files("claimtrace.extract.lexicons") / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def inflections(lemma: str) -> list[str]:
    """The regular -s, -ed and -ing forms of an English verb."""
    if lemma.endswith("e"):
        return [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "o", "u"):
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    past = lemma[:-1] + "ied" if third.endswith("ies") else lemma + "ed"
    return [lemma, third, past, lemma + "ing"]


@cache
def load() -> Lexicon:
    """The lexicon shipped with claimtrace."""
    verbs: dict[str, CueVerb] = {}
    for row in _rows("cue_verbs.tsv"):
        lemma, cls, frames = row[0], row[1], frozenset(row[2].split(","))
        forms = row[3].split(",") if len(row) > 3 and row[3] else inflections(lemma)
        verb = CueVerb(lemma, cls, frames)
        for form in {lemma, *forms}:
            verbs[form] = verb

    phrases: dict[str, list[CuePhrase]] = {}
    for words, cls, role in _rows("cue_phrases.tsv"):
        phrase = CuePhrase(tuple(words.split()), cls, role)
        phrases.setdefault(phrase.words[0], []).append(phrase)
    for candidates in phrases.values():
        candidates.sort(key=lambda p: -len(p.words))  # longest first

    outlets: dict[str, Outlet] = {}
    for row in _rows("media.tsv"):
        outlet = Outlet(row[0], row[1])
        for name in [row[0], *(row[2].split("|") if len(row) > 2 and row[2] else [])]:
            outlets[name] = outlet

    return Lexicon(
        verbs=verbs,
        phrases=phrases,
        nouns={noun: SourceType(kind) for noun, kind in _rows("source_nouns.tsv")},
        outlets=outlets,
        titles=frozenset(row[0] for row in _rows("titles.txt")),
        honorifics={row[0]: row[1] for row in _rows("honorifics.txt")},
        given_names={row[0]: row[1] for row in _rows("given_names.tsv")},
        places=frozenset(row[0] for row in _rows("places.txt")),
        institutions={row[0]: SourceType(row[1]) for row in _rows("institutions.tsv")},
        acronyms={
            row[0]: (SourceType(row[1]), row[2] if len(row) > 2 else "")
            for row in _rows("acronyms.tsv")
        },
        headline_labels=frozenset(row[0] for row in _rows("headline_labels.txt")),
    )
