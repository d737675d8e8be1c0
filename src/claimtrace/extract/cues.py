"""Find cues: the reporting verbs and phrases that signal an attribution.

``find_cues`` has no side effects: it returns ``Cue`` records (token ranges
with what the lexicon knows of them) for the role finders to annotate.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimtrace.extract.lexicons import Lexicon
from claimtrace.nlp.analysis import Analysis
from claimtrace.nlp.chunks import GROUP_HEADS, PRONOUNS

# Words that may stand inside a verb group before its head: "has also said",
# "did not deny", "would later write".
_AUXILIARIES = frozenset(
    {"has", "have", "had", "having", "will", "would", "could", "can", "may", "might",
     "should", "must", "shall", "did", "does", "do", "is", "was", "were", "are", "am", "be",
     "been", "being", "'s", "’s", "'d", "’d", "'ll", "’ll", "'ve", "’ve", "not", "n't", "n’t",
     "never", "also", "later", "previously", "earlier", "repeatedly", "reportedly",
     "publicly", "privately", "once", "then", "again", "further", "recently", "just",
     "already", "still", "often", "even", "apparently", "allegedly", "openly", "flatly",
     "firmly", "bluntly", "simply", "only", "first", "last", "subsequently", "separately",
     "additionally", "quickly", "immediately", "initially", "originally", "explicitly",
     "clearly", "strongly", "loudly", "angrily", "calmly", "quietly", "frankly", "candidly",
     "emphatically", "categorically", "herself", "himself", "themselves"}
)  # fmt: skip
_NOT_A_CUE_BEFORE = frozenset({"the", "a", "an", "this", "that", "all"})
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue: tokens [start, end), its head word, and how it frames an attribution."""

    start: int
    end: int
    head: int
    lemma: str
    cls: str  # speech | writing | thought | report
    role: str  # verb | according | citing | view
    frames: frozenset[str] = frozenset()


def _phrase_at(a: Analysis, i: int, lexicon: Lexicon) -> Cue | None:
    candidates = lexicon.phrases.get(a.lowers[i])
    if not candidates:
        return None
    for phrase in candidates:
        n = len(phrase.words)
        if i + n > len(a) or any(a.lowers[i + k] != w for k, w in enumerate(phrase.words)):
            continue
        frames = frozenset({"clause", "inv"}) if phrase.role == "verb" else frozenset()
        return Cue(i, i + n, i, " ".join(phrase.words), phrase.cls, phrase.role, frames)
    return None


def _verb_group_start(a: Analysis, head: int, floor: int) -> int:
    start = head
    while start - 1 >= floor and a.lowers[start - 1] in _AUXILIARIES:
        start -= 1
    return start


def _verb_by_context(a: Analysis, i: int) -> bool:
    """A reporting verb the tagger took for a noun: "Some estimate that …"."""
    if i == 0 or i + 1 >= len(a) or a.lowers[i + 1] != "that":
        return False
    before = a.lowers[i - 1]
    return before in GROUP_HEADS or before in PRONOUNS or a.tags[i - 1] in ("NNS", "NNP")


def find_cues(a: Analysis, lexicon: Lexicon, usable: list[bool]) -> list[Cue]:
    """Every cue outside quotations, in text order (``usable`` masks headers)."""
    cues: list[Cue] = []
    n = len(a)
    starters = lexicon.cue_starters
    after = 0
    for i in [i for i, w in enumerate(a.lowers) if w in starters]:
        if i < after or not usable[i] or a.in_quote(i):
            continue
        phrase = _phrase_at(a, i, lexicon)
        if phrase is not None:
            if phrase.role == "verb":
                start = _verb_group_start(a, i, a.sentence(i)[0])
                phrase = Cue(start, phrase.end, i, phrase.lemma, phrase.cls, "verb", phrase.frames)
            cues.append(phrase)
            after = phrase.end
            continue
        lower = a.lowers[i]
        verb = lexicon.verbs.get(lower)
        if verb is not None and (a.tags[i] in _VERB_TAGS or _verb_by_context(a, i)):
            previous = a.lowers[i - 1] if i else ""
            attributive = (
                a.tags[i] in ("VBN", "VBD")
                and i + 1 < n
                and a.tags[i + 1] in ("NN", "NNS")
                and i > 0
                and a.tags[i - 1] in ("CD", "DT", "JJ", "PRP$")
            )  # "212 confirmed cases", "the reported deaths"
            if (
                previous not in _NOT_A_CUE_BEFORE
                and not attributive
                and not (lower == "told" and previous == "all")
            ):
                start = _verb_group_start(a, i, a.sentence(i)[0])
                cues.append(Cue(start, i + 1, i, verb.lemma, verb.cls, "verb", verb.frames))
    return cues
