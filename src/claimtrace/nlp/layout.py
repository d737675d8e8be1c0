"""Paragraphs and quotation marks: the layout the extractors read quotes from.

Works on token texts only, in one left-to-right pass, so it is linear in the
length of the text whatever its quote marks look like: unbalanced, nested,
straight or curly, continued across paragraphs.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# Quote families: each mark is (family, role) with role "open", "close" or
# "either" (straight marks, and ’ which is mostly an apostrophe).
DOUBLE, SINGLE = "double", "single"
_MARKS: dict[str, tuple[str, str]] = {
    "“": (DOUBLE, "open"),
    "”": (DOUBLE, "close"),
    "„": (DOUBLE, "open"),
    "«": (DOUBLE, "open"),
    "»": (DOUBLE, "close"),
    '"': (DOUBLE, "either"),
    "''": (DOUBLE, "either"),
    "``": (DOUBLE, "open"),
    "‘": (SINGLE, "open"),
    "‚": (SINGLE, "open"),
    "‹": (SINGLE, "open"),
    "›": (SINGLE, "close"),
    "’": (SINGLE, "either"),
    "'": (SINGLE, "either"),
}
_OPENING_CONTEXT = frozenset("([{—–-:")

# Characters that end a sentence, and those that may follow them inside it.
_TERMINALS = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’»)]›")
_OPENERS = frozenset("\"'“‘«„‚([‹")
_STRAIGHT = frozenset("\"'")


def is_quote_mark(word: str) -> bool:
    """Whether a token is a quotation mark (of any style)."""
    return word in _MARKS


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """Tokens ``open``..``close`` (inclusive) are a quotation, marks included.

    ``closed`` is False when the text never closes it: it then ends at the
    end of its paragraph. ``depth`` is 0 for outer quotations.
    """

    open: int
    close: int
    closed: bool
    depth: int
    family: str


def hard_wrapped(text: str) -> bool:
    """Whether the text's lines look wrapped at a fixed width (e-mail style)."""
    lengths = [len(line) for line in text.splitlines() if line.strip()]
    if len(lengths) < 5:
        return False
    median = statistics.median(lengths)
    if not 50 <= median <= 100:
        return False
    near = sum(1 for n in lengths if median - 25 <= n <= median + 5)
    return near >= 0.8 * len(lengths)


def paragraph_starts(words: Sequence[str], *, wrapped: bool) -> list[int]:
    """Token indices that open a paragraph (the first token always does).

    A line break opens a paragraph, except a single one in hard-wrapped text.
    """
    starts: list[int] = []
    n = len(words)
    first = next((i for i, w in enumerate(words) if not w.isspace()), None)
    if first is not None:
        starts.append(first)
    for i, word in enumerate(words):
        if "\n" not in word or not word.isspace():
            continue
        breaks = word.count("\n")
        if breaks >= 2 or not wrapped:
            j = i + 1
            while j < n and words[j].isspace():
                j += 1
            if j < n and (not starts or j > starts[-1]):
                starts.append(j)
    return starts or ([0] if words else [])


def _is_terminal(word: str, abbreviations: frozenset[str]) -> bool:
    if word == "No.":
        return True  # "said: "No." The …"; "No. 10" is excepted by the caller
    if word in abbreviations:
        return False
    if all(ch in _TERMINALS for ch in word):
        return True
    # spaCy keeps some odd tokens whole ("/TASS/."): a period after a
    # non-letter ends the sentence; "U.S." and single initials do not.
    return len(word) > 1 and word[-1] == "." and not word[-2].isalpha()


def sentence_starts(
    words: Sequence[str],
    spaced: Sequence[bool],
    paragraphs: Sequence[int],
    abbreviations: frozenset[str],
) -> list[int]:
    """Token indices that open a sentence: every paragraph, and after terminal punctuation.

    After ``.``, ``!``, ``?`` (and the closing quotes or brackets that follow
    them) a sentence starts at the next word if it opens like one: a capital,
    a digit, an opening quote or bracket. A closing mark stays with the
    sentence it closes; '. "Next' opens a new one with its quote.
    """
    n = len(words)
    if n == 0:
        return []
    starts = set(paragraphs)
    if paragraphs:
        starts.discard(paragraphs[0])  # leading space belongs to the first sentence
    starts.add(0)
    # Only tokens ending in terminal punctuation can end a sentence: find
    # them first, in one pass, then look around each.
    candidates = [i for i, w in enumerate(words) if w[-1:] in _TERMINALS]
    after = -1
    for i in candidates:
        if i < after or not _is_terminal(words[i], abbreviations):
            continue
        if words[i] == "No." and i + 1 < n and words[i + 1][:1].isdigit():
            continue  # "No. 10": the number sign, not "No."
        j = i + 1
        while j < n and (
            words[j] in _CLOSERS or _is_terminal(words[j], abbreviations) or (
                is_quote_mark(words[j]) and not spaced[j - 1]  # '.“' closes („…“)
            )
        ):  # fmt: skip
            if words[j] in _STRAIGHT and spaced[j - 1]:
                break
            j += 1
        k = j
        while k < n and words[k].isspace():
            k += 1
        if k < n:
            first = words[k][0]
            if first.isupper() or first.isdigit() or first in _OPENERS:
                starts.add(k)
        after = j
    return sorted(starts)


_LOOKAHEAD = 60  # tokens searched for the mark that would close a single quote


def _glued_before(words: Sequence[str], spaced: Sequence[bool], i: int) -> bool:
    return not (
        i == 0 or spaced[i - 1] or words[i - 1].isspace() or words[i - 1] in _OPENING_CONTEXT
    )


def _glued_after(words: Sequence[str], spaced: Sequence[bool], i: int) -> bool:
    if i + 1 >= len(words) or spaced[i] or words[i + 1].isspace():
        return False
    return words[i + 1][0].isalnum()  # '"hello",': a comma after still ends it


def _closer_ahead(words: Sequence[str], spaced: Sequence[bool], i: int, mark: str) -> bool:
    """Whether a ``mark`` that could close a quote follows within a few tokens."""
    for j in range(i + 1, min(len(words), i + _LOOKAHEAD)):
        if "\n" in words[j]:
            return False
        if (
            words[j] == mark
            and _glued_before(words, spaced, j)
            and not _glued_after(words, spaced, j)
        ):
            return j > i + 2 or len(words[i + 1]) > 1  # not rock 'n' roll
    return False


def _role(words: Sequence[str], spaced: Sequence[bool], i: int, role: str) -> str:
    """What a mark does here: "open", "close", "either" (the open quotes decide),
    "close-if-open" (an apostrophe unless a single quote is open) or "none"."""
    if role != "either":
        return role
    word = words[i]
    before, after = _glued_before(words, spaced, i), _glued_after(words, spaced, i)
    if word in ("’", "'"):
        if before and not after:
            nxt = next((w for w in words[i + 1 : i + 3] if not w.isspace()), "")
            if (
                words[i - 1][-1:] in "sS"
                and nxt[:1].islower()
                and _closer_ahead(words, spaced, i, word)
            ):
                return "none"  # "the voters’ views": a plural possessive
            return "close-if-open"
        if before and after:
            return "close-if-open" if not words[i + 1][0].isalnum() else "none"
        if not before and after:
            if word == "'" and _closer_ahead(words, spaced, i, word):
                return "open"  # 'the ferry runs'
            return "none"  # ’90s, 'em
        return "either" if word == "'" else "close-if-open"
    if not before and after:
        return "open"
    if before and not after:
        return "close"
    return "either"


def find_quotes(
    words: Sequence[str], spaced: Sequence[bool], paragraphs: Sequence[int]
) -> list[QuoteRegion]:
    """Pair quotation marks into regions, outer and nested, in text order.

    A quote left open at the end of a paragraph continues when the next
    paragraph opens with a mark of the same family (the news convention);
    otherwise it ends with its paragraph.
    """
    n = len(words)
    starts = set(paragraphs[1:])
    regions: list[QuoteRegion] = []
    stack: list[tuple[str, int, str]] = []  # (family, open token, open mark)

    def close_all(end: int) -> None:
        while stack:
            family, start, _ = stack.pop()
            regions.append(QuoteRegion(start, end, False, len(stack), family))

    # Only quotation marks and paragraph starts matter: visit just those.
    events = sorted(starts.union(i for i, w in enumerate(words) if w in _MARKS))
    for i in events:
        word = words[i]
        mark = _MARKS.get(word)
        if i in starts and stack:
            continues = (
                mark is not None
                and mark[0] == stack[0][0]
                and _role(words, spaced, i, mark[1]) in ("open", "either", "close-if-open")
            )
            if continues:
                del stack[1:]  # only the outer quote runs on
                continue
            close_all(_last_word(words, i - 1))
        if mark is not None:
            _apply(stack, regions, mark[0], _role(words, spaced, i, mark[1]), i, word)
    close_all(_last_word(words, n - 1))
    regions.sort(key=lambda r: (r.open, -r.close))
    return regions


_MAX_DEPTH = 4  # real text nests quotes two or three deep; deeper marks are stray


def _apply(
    stack: list[tuple[str, int, str]],
    regions: list[QuoteRegion],
    family: str,
    role: str,
    i: int,
    word: str,
) -> None:
    """Push an opening mark or pop to the matching one for a closing mark."""
    open_families = {f for f, _, _ in stack}  # the stack is at most _MAX_DEPTH deep
    if role == "none":
        return
    if role == "either":
        role = "close" if family in open_families else "open"
    elif role == "close-if-open":
        role = "close"
    if (word, family) in (("“", DOUBLE), ("‘", SINGLE)) and any(
        w in ("„", "‚") and f == family for f, _, w in stack
    ):
        role = "close"  # German „…“ and ‚…‘
    if role == "close":
        if family not in open_families:
            return  # a stray closing mark, or an apostrophe
        while stack:
            f, start, _ = stack.pop()
            if f == family:
                regions.append(QuoteRegion(start, i, True, len(stack), family))
                return
    elif role == "open" and len(stack) < _MAX_DEPTH:
        stack.append((family, i, word))


def _last_word(words: Sequence[str], i: int) -> int:
    while i > 0 and words[i].isspace():
        i -= 1
    return max(i, 0)
