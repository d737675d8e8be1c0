"""What a source (or addressee) noun phrase is: its name, its description, its type.

``read_mention`` splits "military expert Alexander Petrov" into the name
"Alexander Petrov" and the description "military expert", drops honorifics,
moves titles and ranks to the description ("Colonel Oleg Ivanov"), and types
the mention (person, media, government, organization, document, anonymous)
from the lexicons. Resolution to entities is ``claimtrace.resolve``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from claimtrace.extract.lexicons import Lexicon
from claimtrace.model import SourceType
from claimtrace.nlp.analysis import Analysis
from claimtrace.nlp.chunks import GROUP_HEADS, PRONOUNS

TokenRange = tuple[int, int]

PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
_INDEFINITE = frozenset(
    {"a", "an", "some", "several", "many", "one", "two", "three", "four", "five", "few",
     "numerous", "various", "other", "another", "most", "no", "multiple", "dozens", "hundreds"}
)  # fmt: skip
_NAME_LINKS = frozenset({"of", "for", "de", "du", "da", "del", "la", "le", "von", "van", "der",
                         "al", "al-", "bin", "and", "&", "on", "the", "in"})  # fmt: skip
_LINKS_BEFORE_AND = frozenset({"of", "for"})  # "Department of Health and Human Services"
_TAILS = frozenset({"close", "familiar", "speaking", "knowledgeable", "briefed", "who"})
_EDGE = frozenset({",", ".", ";", ":", "(", ")", "—", "–", '"', "“", "”", "'", "’", "‘"})


@dataclass(frozen=True, slots=True)
class MentionInfo:
    """A read mention: which tokens name it, which describe it, and what it is."""

    tokens: TokenRange  # what the mention's spans cover
    descriptions: tuple[TokenRange, ...]
    type: SourceType
    form: str  # name | pronoun | nominal | anonymous
    key: str  # normalised name (names), head noun (nominals), the pronoun (pronouns)
    words: tuple[str, ...]  # the name's words, honorifics and titles removed
    gender: str | None = None
    outlet_kind: str | None = None
    plural: bool = False


def _capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def proper(a: Analysis, i: int) -> bool:
    """Whether token ``i`` is capitalised as part of a name (not just as a sentence opener)."""
    return a.proper[i]


def _name_run(a: Analysis, start: int, end: int) -> int:
    """The first token of the run of capitalised words ending the phrase (or ``end``)."""
    i = end - 1
    first = end
    while i >= start:
        word = a.words[i]
        if proper(a, i) or (first == i + 2 and a.words[i + 1] == "-" and _capitalised(word)):
            # (or a sentence's first word the hyphen branch below joined to the
            # name, which it does only without a space: "Nordbay-Civis Poll")
            first = i
        elif (
            word.lower() in _NAME_LINKS
            and first < end
            and i > start
            and _capitalised(a.words[i - 1])
        ):
            pass  # "Institute of Strategic Studies", "Ministry of Defence"
        elif word in ("-", "&", ".") and first < end and i > start and not a.spaced[i - 1]:
            pass
        elif word in ("'s", "’s") and first == i + 1 and i > start and proper(a, i - 1):
            pass  # "Ukraine's Defence Ministry"
        else:
            break
        i -= 1
    while first < end and a.lowers[first] in _NAME_LINKS and not _capitalised(a.words[first]):
        first += 1
    for k in range(end - 1, first - 1, -1):
        # "and" joins two names ("Anna Petrova and Oleg Ivanov") unless it is
        # inside one after "of" or "for".
        if a.words[k] == "and" and not any(
            w.lower() in _LINKS_BEFORE_AND for w in a.words[first:k]
        ):
            return k + 1
    return first


def outlet_at(words: list[str], lexicon: Lexicon) -> str | None:
    """The outlet a run of words names, if the lexicon knows it."""
    text = " ".join(words)
    for candidate in (text, text[4:] if text.startswith("The ") else None):
        if candidate and candidate in lexicon.outlets:
            return candidate
    return None


def name_type(words: list[str], lexicon: Lexicon, *, titled: bool) -> tuple[SourceType, str | None]:
    """The type of body a proper name denotes, and its outlet kind if it is an outlet."""
    outlet = outlet_at(words, lexicon)
    if outlet:
        return SourceType.MEDIA, lexicon.outlets[outlet].kind
    text = " ".join(words)
    if text in lexicon.acronyms:
        return lexicon.acronyms[text][0], None
    if text in lexicon.places:
        return SourceType.GOVERNMENT, None
    for word in reversed(words):
        kind = lexicon.institutions.get(word)
        if kind is not None:
            return kind, ("newspaper" if kind is SourceType.MEDIA else None)
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6:
        return SourceType.ORGANIZATION, None
    if titled or words[0] in lexicon.given_names or 2 <= len(words) <= 4:
        return SourceType.PERSON, None
    return SourceType.PERSON, None  # a lone capitalised word before a cue is mostly a surname


def _strip_titles(a: Analysis, start: int, end: int, lexicon: Lexicon) -> tuple[int, str | None]:
    """Skip titles and honorifics opening a name; return where the name starts and a gender."""
    gender = None
    last_title = None
    for i in range(start, end - 1):
        lower = a.lowers[i]
        if lower in lexicon.honorifics:
            gender = lexicon.honorifics[lower] if lexicon.honorifics[lower] in ("m", "f") else None
            last_title = i
        elif lower in lexicon.titles or lexicon.nouns.get(lower) is SourceType.PERSON:
            last_title = i
    if last_title is None:
        return start, gender
    first = last_title + 1
    if a.lowers[first] == "of" and first + 1 < end - 1:
        first += 2 if a.lowers[first + 1] != "the" else 3
    return (first, gender) if first < end else (start, gender)


def read_mention(
    a: Analysis, span: TokenRange, apposition: TokenRange | None, lexicon: Lexicon
) -> MentionInfo | None:
    """Read a source or addressee noun phrase."""
    start, end = span
    while start < end and (a.words[start] in _EDGE or a.words[start].isspace()):
        start += 1
    while end > start and (a.words[end - 1] in _EDGE or a.words[end - 1].isspace()):
        end -= 1
    if start >= end:
        return None
    extra = (apposition,) if apposition else ()
    first = a.lowers[start]
    if end - start == 1 and first in PRONOUNS:
        gender = PERSON_PRONOUNS.get(first)
        kind = SourceType.PERSON if gender else SourceType.UNKNOWN
        return MentionInfo((start, end), extra, kind, "pronoun", first, (), gender,
                           plural=first in ("they", "them"))  # fmt: skip
    if end - start == 1 and first in GROUP_HEADS:
        return MentionInfo(
            (start, end), extra, SourceType.ANONYMOUS, "anonymous", first, (), plural=True
        )

    if _coordinated(a, start, end):
        # "Petrov and Ivanov said": a group, not one entity.
        named = read_mention(a, (_name_run(a, start, end), end), None, lexicon)
        group_type = named.type if named else SourceType.UNKNOWN
        return MentionInfo((start, end), extra, group_type, "nominal", "group", (), plural=True)
    run = _name_run(a, start, end)
    if run == start + 1 and a.words[start] == "The" and outlet_at(a.words[start:end], lexicon):
        run = start  # "The New York Times said" at the start of a sentence
    modified = any(a.tags[i] in ("IN", "TO") or a.lowers[i] in _TAILS for i in range(start, run))
    if run < end and not modified:
        return _named(a, start, run, end, extra, lexicon)
    cut = next(
        (i for i in range(start + 1, end) if a.lowers[i] in ("of", "from", "at", "with")),
        None,
    )
    if cut is not None and _name_run(a, start, cut) < cut:
        # "Analyst Piotr Nowak of the consultancy Baltic Freight Research": the
        # name, then what it is a part of.
        named = _named(a, start, _name_run(a, start, cut), cut, (), lexicon)
        if named.type is SourceType.PERSON:
            return replace(named, descriptions=(*named.descriptions, (cut, end), *extra))
    if apposition and _name_run(a, *apposition) == apposition[0]:
        # "the auditor-general, Vera Lind,": the name is in the apposition.
        lead = start + 1 if a.lowers[start] in ("the", "a", "an") else start
        return _named(a, apposition[0], apposition[0], apposition[1], ((lead, end),), lexicon)
    return _nominal(a, start, end, extra, lexicon)


def _coordinated(a: Analysis, start: int, end: int) -> bool:
    """Whether a phrase joins two parts with "and" (outside a name like "… of X and Y")."""
    for k in range(start + 1, end - 1):
        if a.words[k] == "and" and not any(
            w.lower() in _LINKS_BEFORE_AND for w in a.words[start:k]
        ):
            return True
    return False


def _named(
    a: Analysis,
    start: int,
    run: int,
    end: int,
    extra: tuple[TokenRange, ...],
    lexicon: Lexicon,
) -> MentionInfo:
    outlet = outlet_at(a.words[run:end], lexicon)
    if outlet is None and run < end - 1 and a.words[run] in ("The", "A", "An"):
        run += 1  # a leading "The" that is not part of a known name goes
    kind, outlet_kind = name_type(a.words[run:end], lexicon, titled=False)
    name_start, gender = run, None
    if outlet is None:
        # "Russia's Sergei Lavrov", "Prosecutor Elena Marek", "Mr. Smith": a
        # person's name is what follows the possessor, titles and honorifics.
        person_start = run
        for i in range(end - 2, run - 1, -1):
            if a.words[i] in ("'s", "’s"):
                person_start = i + 1
                break
        person_start, gender = _strip_titles(a, person_start, end, lexicon)
        rest = a.words[person_start:end]
        person_kind, _ = name_type(rest, lexicon, titled=True)
        if kind is SourceType.PERSON or (
            person_start > run
            and person_kind is SourceType.PERSON
            and rest[0] in lexicon.given_names
        ):
            kind, outlet_kind, name_start = SourceType.PERSON, None, person_start
            gender = gender or lexicon.given_names.get(a.words[name_start])
    descriptions: list[TokenRange] = []
    lead = start
    while lead < name_start and a.lowers[lead] in ("the", "a", "an"):
        lead += 1
    if lead < name_start and any(not _honorific(a, i, lexicon) for i in range(lead, name_start)):
        descriptions.append((lead, name_start))
    descriptions.extend(extra)
    if kind is SourceType.PERSON and not (
        name_start > run or a.words[name_start] in lexicon.given_names
    ):
        # A name we cannot place ("Sierra Eléctrica"): what it is described as decides.
        kind = next((t for t in (_described_as(a, d, lexicon) for d in descriptions) if t), kind)
    names = a.words[name_start:end]
    key = " ".join(w for w in names if w != ".").lower()
    return MentionInfo(
        (name_start, end), tuple(descriptions), kind, "name", key, tuple(names), gender, outlet_kind
    )


def _described_as(a: Analysis, description: TokenRange, lexicon: Lexicon) -> SourceType | None:
    """The type a description's head noun implies ("the regional utility": organization)."""
    head = None
    for i in range(*description):
        if i > description[0] and (a.tags[i] in ("IN", "TO", "WP", "WDT", ",")):
            break
        if a.tags[i] in ("NN", "NNS"):
            head = a.lowers[i]
    kind = lexicon.nouns.get(head) if head else None
    return kind if kind not in (None, SourceType.ANONYMOUS) else None


def _honorific(a: Analysis, i: int, lexicon: Lexicon) -> bool:
    return a.lowers[i] in lexicon.honorifics


def _nominal(
    a: Analysis, start: int, end: int, extra: tuple[TokenRange, ...], lexicon: Lexicon
) -> MentionInfo:
    # The head is the last noun before any post-modifier: "two sources in
    # the government", "a source close to the ministry".
    head_index = end - 1
    for i in range(start, end):
        if i > start and (a.tags[i] in ("IN", "TO") or a.lowers[i] in _TAILS):
            break
        if a.tags[i] in ("NN", "NNS", "NNP"):
            head_index = i
    head = a.lowers[head_index]
    plural = a.tags[head_index] == "NNS" or (head.endswith("s") and head not in lexicon.nouns)
    kind = lexicon.nouns.get(head, SourceType.UNKNOWN)
    first = a.lowers[start]
    indefinite = (
        first in _INDEFINITE
        or a.tags[start] == "CD"
        or (plural and first not in ("the", "these", "those", "its", "their", "his", "her"))
    )
    if kind is SourceType.DOCUMENT:
        pass  # "a confidential government memo" is a document, named or not
    elif indefinite and kind in (SourceType.PERSON, SourceType.UNKNOWN, SourceType.ANONYMOUS):
        kind = SourceType.ANONYMOUS
    form = "anonymous" if kind is SourceType.ANONYMOUS else "nominal"
    return MentionInfo((start, end), extra, kind, form, head, (), plural=plural)
