"""Noun phrases from part-of-speech tags: the spans sources and addressees live in.

A small deterministic chunker: ``np_left`` finds the noun phrase that ends
just before a token (a subject before its verb), ``np_right`` the one that
starts at a token (an inverted subject, an object, the X of "according to
X"), ``apposition`` the ", a military expert at …," after a name. Each scans
a bounded number of tokens, so the whole pass stays linear.
"""

from __future__ import annotations

from claimtrace.nlp.analysis import Analysis

NOUNS = frozenset({"NN", "NNS", "NNP"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
GROUP_HEADS = frozenset({"some", "many", "others", "several", "most", "few", "both"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
DETERMINERS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "some", "several", "many", "one",
     "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "another",
     "other", "most", "few", "all", "both", "each", "every", "any", "no", "more", "its",
     "his", "her", "their", "our", "my", "your"}
)  # fmt: skip
# Words that may join two parts of a name or a noun phrase: "Center for
# Strategic Studies", "the head of the institute".
_NAME_LINKS = frozenset(
    {"of", "for", "on", "at", "de", "du", "la", "le", "von", "van", "der", "al", "bin", "&"}
)
_POST_PREPOSITIONS = frozenset(
    {"of", "at", "from", "in", "for", "with", "on", "to", "into", "about", "over", "against"}
)
_ANONYMOUS_TAILS = {
    "close": "to",
    "familiar": "with",
    "speaking": "on",
    "knowledgeable": "about",
    "briefed": "on",
}
_MAX = 24


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper() and word.isalpha()


def _np_internal(a: Analysis, i: int) -> bool:
    tag, word = a.tags[i], a.words[i]
    if tag in NOUNS or tag in ("JJ", "CD", "POS", "VBN", "PRP$") or _acronym(word):
        return True
    if tag == "VBG" and 0 < i < len(a) - 1:  # "two shipping executives", "the ruling party"
        return a.tags[i - 1] in ("CD", "JJ", "DT", "PRP$") and a.tags[i + 1] in NOUNS
    if word in ("-", "–", "&", "/") and 0 < i < len(a) - 1:
        return not a.spaced[i - 1] or word == "&"
    return word.lower() in DETERMINERS and tag in ("DT", "PRP$", "CD", "JJ")


def _is_head(a: Analysis, i: int) -> bool:
    word = a.words[i]
    return a.tags[i] in NOUNS or a.tags[i] == "CD" or word.lower() in PRONOUNS or _acronym(word)


def _joined(a: Analysis, i: int) -> bool:
    """Whether token ``i`` is a hyphen inside a word ("auditor-general")."""
    return (
        a.words[i] in ("-", "–") and 0 < i < len(a) - 1 and not a.spaced[i - 1] and not a.spaced[i]
    )


def _continues_left(a: Analysis, i: int, floor: int) -> bool:
    """Whether the phrase goes on left of a determiner at ``i``: "sources in the
    ministry", "a source close to the ministry", "the head of the institute"."""
    p = i - 1
    if p - 1 < floor:
        return False
    prep = a.lowers[p]
    before = a.lowers[p - 1]
    if _ANONYMOUS_TAILS.get(before) == prep:
        return True
    return prep in _POST_PREPOSITIONS and a.tags[p - 1] in NOUNS


def np_left(a: Analysis, end: int, floor: int, *, coordinate: bool = True) -> int | None:
    """Start of the noun phrase ending at token ``end - 1`` (not before ``floor``).

    With ``coordinate``, "Petrov and Ivanov" is one phrase.
    """
    j = end - 1
    if j < floor:
        return None
    if a.lowers[j] in GROUP_HEADS:
        return j  # "Some estimate that …"
    if not _is_head(a, j):
        return None
    if a.lowers[j] in PRONOUNS:
        return j
    start = j
    i = j - 1
    while i >= floor and end - i <= _MAX:
        lower = a.lowers[i]
        if _np_internal(a, i):
            start = i
            closes = lower in DETERMINERS and a.tags[i] != "POS"
            if closes and not _continues_left(a, i, floor):
                break
            i -= 1
            continue
        if lower in _NAME_LINKS or lower in _POST_PREPOSITIONS:
            if i - 1 >= floor and _ANONYMOUS_TAILS.get(a.lowers[i - 1]) == lower:
                start = i - 1  # "officials speaking on condition of anonymity"
                i -= 2
                continue
            if i - 1 >= floor and (a.tags[i - 1] in NOUNS or a.tags[i - 1] == "JJ"):
                start = i  # "the head of the institute"
                i -= 1
                continue
            break
        if (
            coordinate
            and lower == "and"
            and i - 1 >= floor
            and a.tags[i - 1] == a.tags[i + 1] == "NNP"
        ):
            start = i  # "Petrov and Ivanov said" (not "a photo and Clinton")
            i -= 1
            continue
        break
    return start


_PP_AFTER_SOURCES = frozenset({"in", "at", "from", "within", "inside", "with", "of", "for", "on"})
_VAGUE_HEADS = frozenset(
    {"source", "sources", "official", "officials", "person", "people", "insider", "insiders",
     "diplomat", "diplomats", "officer", "officers", "member", "members", "aide", "aides"}
)  # fmt: skip


def np_right(a: Analysis, start: int, ceiling: int, *, coordinate: bool = False) -> int | None:
    """End (exclusive) of the noun phrase starting at token ``start`` (not past ``ceiling``).

    With ``coordinate``, "Nielsen and the networks" is one phrase.
    """
    if start >= ceiling:
        return None
    if a.lowers[start] in PRONOUNS:
        return start + 1
    i = start
    last_head = None
    linked = False  # just after "of", "close to": a determiner may follow
    while i < ceiling and i - start < _MAX:
        word = a.words[i]
        lower = word.lower()
        if (
            last_head is not None
            and not linked
            and lower in DETERMINERS
            and a.tags[i] in ("DT", "PRP$")
            and not (word == "The" and i + 1 < ceiling and a.tags[i + 1] == "NNP")
        ):
            break  # "told Reuters the union would …": a new phrase starts (not "… The Times")
        linked = False
        if _joined(a, i) and last_head is not None:
            i += 2  # "auditor-general"
            last_head = i - 1
            continue
        tail = _ANONYMOUS_TAILS.get(lower)
        if last_head is not None and tail and i + 1 < ceiling and a.lowers[i + 1] == tail:
            i += 2  # "a publishing executive familiar with the talks"
            linked = True
            continue
        if last_head is not None and a.tags[i] == "VBN" and a.words[i + 1 : i + 2] == ["by"]:
            i += 2  # "data released by state gaming regulators"
            linked = True
            continue
        if _np_internal(a, i):
            if _is_head(a, i):
                last_head = i
            i += 1
            continue
        links = (
            _PP_AFTER_SOURCES
            if last_head is not None and a.lowers[last_head] in _VAGUE_HEADS
            else _NAME_LINKS
        )
        if last_head is not None and lower in links and i + 1 < ceiling:
            nxt = i + 1
            if a.lowers[nxt] in ("the", "a", "an") and nxt + 1 < ceiling:
                nxt += 1
            if a.tags[nxt] in NOUNS or a.tags[nxt] == "JJ" or _acronym(a.words[nxt]):
                i = nxt
                continue
        if (
            coordinate
            and last_head is not None
            and lower == "and"
            and i + 1 < ceiling
            and a.tags[last_head] == "NNP"
            and (a.tags[i + 1] == "NNP" or a.lowers[i + 1] in ("the", "other"))
        ):
            i += 1  # "according to Nielsen and television networks"
            linked = True
            continue
        break
    if last_head is None:
        return None
    return last_head + 1


def apposition(a: Analysis, name_end: int, ceiling: int) -> tuple[int, int] | None:
    """The ", a military expert at …," right after a name: its token range (commas excluded).

    Only when a comma follows the name and another comma (or ``ceiling``)
    closes a phrase that starts like a description (a determiner, an
    adjective, a noun, or "who").
    """
    if name_end >= ceiling or a.words[name_end] != ",":
        return None
    first = name_end + 1
    if first >= ceiling:
        return None
    lower = a.lowers[first]
    opens = (
        lower in ("a", "an", "the", "who", "whose", "one", "now", "then", "himself", "herself")
        or a.tags[first] in ("JJ", "NN", "NNS", "NNP", "PRP$", "CD")
        or lower in _ANONYMOUS_TAILS  # ", speaking on condition of anonymity,"
    )
    if not opens:
        return None
    i = first
    while i < ceiling and i - first < 40:
        word = a.words[i]
        if word == "," and _continues_description(a, i, ceiling):
            i += 1
            continue
        if word in (",", ";", "—", "–") or a.in_quote(i) != a.in_quote(first):
            break
        if word in (".", "!", "?", ":"):
            if all(not w.isalnum() for w in a.words[i:ceiling]):
                break  # '…," said Helen Marsh, a shopkeeper on Mill Street.'
            return None
        if a.tags[i] in ("VBD", "VBZ", "VBP") and lower not in ("who", "whose"):
            return None  # a clause, not a description
        i += 1
    if i == first or i - first >= 40:
        return None
    return first, i


def _continues_description(a: Analysis, comma: int, ceiling: int) -> bool:
    """Whether a comma inside a description does not end it: "in Allentown, Pa., …",
    "president of NDN, a policy and advocacy group"."""
    nxt = comma + 1
    while nxt < ceiling and a.words[nxt].isspace():
        nxt += 1
    if nxt >= ceiling:
        return False
    word = a.words[nxt]
    if word.endswith(".") and len(word) <= 6 and word[:1].isupper():  # "Pa.", "Fla.", "D.C."
        return True
    return word.lower() in ("a", "an") and a.tags[nxt] == "DT"
