"""Headline attributions: "Graham: Trump's rhetoric destroying GOP's chances".

A headline that opens with a name and a colon gives the rest of the line to
that name, the colon standing for "says": a convention of news headlines
that has no verb for the cue rules to find. The name must be a short run of
nouns (tagged so: "Dr. Ben Carson", "Clinton camp", "NY Daily News", "Poll"),
not a label of the page ("The Latest:", "Breaking:", "EXCLUSIVE:"; the
lexicon's ``headline_labels.txt``) nor a phrase with a verb ("Bill is back:").
"""

from __future__ import annotations

from claimtrace.extract.cues import Cue
from claimtrace.extract.dateline import Header
from claimtrace.extract.lexicons import Lexicon
from claimtrace.extract.roles import Frame, trim
from claimtrace.nlp.analysis import Analysis

_NOUNS = frozenset({"NNP", "NN", "NNS"})
_MOST_WORDS = 4


def _speaker(a: Analysis, start: int, colon: int, lexicon: Lexicon) -> bool:
    """Whether tokens [start, colon) are a short run of nouns that can be a speaker:
    none of them a headline label, nor a long word in capitals that is no known
    acronym ("HUFFPOLLSTER", not "UNICEF")."""
    words = 0
    for i in range(start, colon):
        word = a.words[i]
        if word == "-" and i > start and not a.spaced[i - 1] and not a.spaced[i]:
            continue  # "AP-GfK Poll", "Fact-Check"
        if a.tags[i] not in _NOUNS:
            return False
        lower = a.lowers[i]
        if lower in lexicon.headline_labels or (
            word.isupper() and len(word) > 4 and word not in lexicon.acronyms
        ):
            return False
        words += 1
    return 0 < words <= _MOST_WORDS and a.words[start][:1].isupper()


def headline_frame(a: Analysis, header: Header, lexicon: Lexicon) -> Frame | None:
    """The attribution of a headline "Name: claim", if the text's headline is one
    (the lexicon's ``headline_labels`` are not names)."""
    if header.title_span is None:
        return None
    start = a.token_at(header.title_span[0])
    end = a.token_at(header.title_span[1])
    colon = next((i for i in range(start, end) if a.words[i] == ":"), None)
    if colon is None or colon == start or not _speaker(a, start, colon, lexicon):
        return None
    content = trim(a, colon + 1, end)
    if content is None or a.wordlike[content[0] : content[1]].sum() < 2:
        return None
    cue = Cue(colon, colon + 1, colon, ":", "speech", "headline")
    name = (start, colon)
    return Frame(cue=cue, content=[content], source=name, phrase=name, method="rule:headline")
