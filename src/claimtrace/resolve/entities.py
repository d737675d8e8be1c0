"""Across articles: which article entities are the same real source.

Each article's entities (``Article.entities``, already resolved within the
article) are matched to corpus entities through normalised *aliases*:

- ``name:``    the whole name, normalised ("russian defense ministry" for
               "the Russian Defence Ministry" and "Russia's Defense Ministry");
- ``outlet:``  an outlet's canonical name from the lexicon ("FT" → Financial Times);
- ``acronym:`` an all-capitals form the article uses for it ("WHO");
- ``initial:`` a person's first initial and surname ("a petrov");
- ``surname:`` a person's surname alone.

Matching is conservative. An outlet, an acronym or a person's full name
("Alexander Petrov") merges on its own. A person named by a surname alone
("Petrov") or an initial ("A. Petrov") merges only with the one person of
that surname whose name fits (Alexander for "A.", anyone for a lone surname)
and who shares a description word or an outlet with it; so does a full name
with a person met before only as "Petrov" or "A. Petrov". Two full names of
one surname (Ivan and Alexander Petrov) never merge. Otherwise a new corpus
entity is made: two Petrovs in unrelated articles stay two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from claimtrace.extract.lexicons import Lexicon
from claimtrace.model import Entity, SourceType

_SPELLING = {
    "defence": "defense",
    "organisation": "organization",
    "centre": "center",
    "programme": "program",
    "labour": "labor",
}
_DEMONYMS = {
    "russia": "russian",
    "ukraine": "ukrainian",
    "america": "american",
    "us": "american",
    "u.s.": "american",
    "britain": "british",
    "uk": "british",
    "u.k.": "british",
    "france": "french",
    "germany": "german",
    "china": "chinese",
    "israel": "israeli",
    "iran": "iranian",
    "turkey": "turkish",
    "poland": "polish",
}
_STOP = frozenset(
    {"a", "an", "the", "of", "at", "in", "for", "and", "on", "to", "with", "who", "is", "was",
     "has", "his", "her", "its", "their", "former", "new", "said"}
)  # fmt: skip
_WORD = re.compile(r"[\w.'’-]+")


def normalise(name: str) -> str:
    """A name as a matching key: lower case, no "the", no possessive, one spelling."""
    words = [
        w.strip(".'’").lower() if not w.endswith(".") or len(w) > 4 else w.lower()
        for w in _WORD.findall(name)
    ]
    out: list[str] = []
    for k, word in enumerate(words):
        if k == 0 and word == "the":
            continue
        if word.endswith(("'s", "’s")):
            word = word[:-2]
            word = _DEMONYMS.get(word, word)
        word = _SPELLING.get(word, word)
        if word:
            out.append(word)
    return " ".join(out)


def _is_person(kind: str) -> bool:
    return kind == SourceType.PERSON.value


@dataclass(frozen=True)
class Known:
    """What the store knows of a corpus entity, to decide a merge."""

    id: int
    name: str
    type: str
    words: frozenset[str] = frozenset()  # words of its descriptions
    outlets: frozenset[str] = frozenset()  # outlets that quoted it


class Catalogue(Protocol):
    """The corpus entities, looked up by alias (the store implements this)."""

    def by_alias(self, alias: str) -> list[Known]:
        """The entities known by ``alias`` (their ``words`` and ``outlets`` may be left empty)."""
        ...

    def context(self, known: Known) -> Known:
        """``known`` with its description words and outlets filled in."""
        ...


@dataclass(frozen=True)
class Identity:
    """An article entity's aliases and what else it brings to a merge decision."""

    name: str
    type: str
    aliases: dict[str, str] = field(default_factory=dict)  # alias key -> as written
    words: frozenset[str] = frozenset()
    outlet: str | None = None


def identity(entity: Entity, text: str, lexicon: Lexicon, outlet: str | None) -> Identity:
    """The aliases an article entity can be found by."""
    aliases: dict[str, str] = {}
    key = normalise(entity.name)
    words = key.split()
    kind = entity.type.value
    if key:
        aliases[f"name:{kind if not _is_person(kind) else 'person'}:{key}"] = entity.name
    forms = {entity.name, *(m.text for m in entity.mentions)}
    for form in forms:
        bare = form.removeprefix("the ").removeprefix("The ")
        canonical = lexicon.outlets.get(bare) or lexicon.outlets.get(form)
        if canonical is not None:
            aliases[f"outlet:{normalise(canonical.name)}"] = form
        if form.isupper() and 2 <= len(form) <= 8 and form.isalpha():
            aliases[f"acronym:{form.lower()}"] = form
    if _is_person(kind) and words:
        names = _person_words(entity.name)
        if len(names) >= 2:
            aliases[f"initial:{names[0][0]} {names[-1]}"] = entity.name
        if names:
            aliases[f"surname:{names[-1]}"] = entity.name
    described = frozenset(
        w for d in entity.descriptions for w in normalise(d.text).split() if w not in _STOP
    )
    return Identity(entity.name, kind, aliases, described, outlet)


def _person_words(name: str) -> list[str]:
    """A person's name as words, initials without their dot ("A. Petrov" -> a, petrov)."""
    return [w.rstrip(".") for w in normalise(name).split() if w.rstrip(".")]


def _full_name(words: Sequence[str]) -> bool:
    """A first name (not an initial) and a surname: enough to merge on the name alone."""
    return len(words) >= 2 and len(words[0]) > 1


def _same_person_name(mine: Sequence[str], theirs: Sequence[str]) -> bool:
    """Whether two names of one surname may be one person's (a lone surname may be anyone's)."""
    if len(mine) < 2 or len(theirs) < 2:
        return True
    a, b = mine[0], theirs[0]
    if a == b:
        return True
    # "A. Petrov" may be Alexander Petrov; Ivan Petrov may not.
    return a[0] == b[0] and (len(a) == 1 or len(b) == 1)


def _shares_context(item: Identity, known: Known) -> bool:
    return bool(item.words & known.words) or (
        item.outlet is not None and item.outlet in known.outlets
    )


def match(item: Identity, catalogue: Catalogue) -> Known | None:
    """The corpus entity an article entity is, or None for a new one."""
    person = _is_person(item.type)
    words = _person_words(item.name) if person else []
    for prefix in ("outlet:", "acronym:", "name:"):
        for alias in item.aliases:
            if not alias.startswith(prefix):
                continue
            # A person's name merges alone only when it is a full name: two
            # "Petrov"s or two "A. Petrov"s may be two people.
            if prefix == "name:" and person and not _full_name(words):
                continue
            found = [k for k in catalogue.by_alias(alias) if _compatible(k.type, item.type)]
            if found:
                return found[0]
    if not person or not words:
        return None
    # A surname, an initial, or a full name met before only as a surname or
    # an initial: the one person of that surname whose name fits and who
    # shares a description word or an outlet with this one.
    candidates = [
        k
        for k in catalogue.by_alias(f"surname:{words[-1]}")
        if _is_person(k.type) and _same_person_name(words, _person_words(k.name))
    ]
    if _full_name(words):
        # Another full name (Ivan vs Alexander) is another person.
        candidates = [k for k in candidates if not _full_name(_person_words(k.name))]
    shared = [k for k in candidates if _shares_context(item, catalogue.context(k))]
    return shared[0] if len(shared) == 1 else None


def _compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    people = {SourceType.PERSON.value}
    return (a in people) == (b in people) and SourceType.UNKNOWN.value in (a, b)


def aliases_to_add(item: Identity, known: Known | None) -> Iterable[tuple[str, str]]:
    """The aliases to record for an article entity (all of them; duplicates are harmless)."""
    return item.aliases.items()


def fuller(names: Sequence[str]) -> str:
    """The fullest of several names: most words, then longest."""
    return max(names, key=lambda n: (len(n.split()), len(n)))
