"""The spaCy pipeline claimtrace stands on: the tokenizer.

By default a blank English pipeline (nothing is downloaded) with news
abbreviations added to its tokenizer exceptions. A user may pass any spaCy
pipeline instead (one with a parser, say); its sentence boundaries are then
kept (``claimtrace.nlp.analysis``), and nothing else of it is required.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any, cast

import spacy
from spacy.attrs import IS_PUNCT, IS_SPACE, IS_TITLE, LOWER, NORM, ORTH, PREFIX, SHAPE, SUFFIX
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry
from spacy.vocab import Vocab

from claimtrace.errors import ModelError

# The longest text analysed as one article (characters). spaCy's own cap
# (1,000,000) guards parsers' memory; the blank tokenizer needs no such cap.
MAX_CHARACTERS = 50_000_000


def _lexicon(name: str) -> list[str]:
    path = resources.files("claimtrace.nlp") / "data" / name
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@cache
def abbreviations() -> frozenset[str]:
    """Abbreviations that end in a period without ending a sentence."""
    return frozenset(_lexicon("abbreviations.txt"))


# spaCy splits affixes off a whitespace-free chunk one at a time, searching
# the rest of the chunk each time: quadratic in the chunk's length. Chunks
# longer than this are split by a plain linear pattern instead.
LONGEST_CHUNK = 1000
_LONG_CHUNK = re.compile(rf"\S{{{LONGEST_CHUNK + 1},}}")
_PIECES = re.compile(r"\w+|[^\w\s]")


class ChunkPrimer:
    """Puts each whitespace-free chunk of a text not met before into spaCy's
    tokenizer cache, by tokenizing it alone, before the text is tokenized.

    spaCy's tokenizer remembers what each chunk gave, but within a text it
    stops remembering once a special case ("U.S.", "don't": an exception)
    has been used (spaCy's ``has_special`` flag, see its issue #1250), and a
    news text meets one early: most chunks were split afresh at every
    occurrence, 250,000 affix searches over the 840 train articles for
    56,000 distinct chunks. A chunk tokenized alone is remembered unless it
    is special itself; what is remembered is what the text would have given
    (``tests/nlp/test_pipeline.py`` checks the tokens against spaCy's own).
    spaCy remembers at most ``max_cache_size`` chunks (10,000 by default):
    that is raised to ``LIMIT``, and the cache emptied when it is full.
    """

    LIMIT = 300_000

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        tokenizer.max_cache_size = max(tokenizer.max_cache_size, self.LIMIT)
        self._seen: set[str] = set()

    def __call__(self, text: str) -> None:
        new = set(text.split())
        new -= self._seen
        if len(self._seen) + len(new) > self.LIMIT:
            self.tokenizer._flush_cache()  # spaCy's own, run when its patterns change
            self._seen.clear()
        tokenize = self.tokenizer
        for chunk in new:
            if len(chunk) <= LONGEST_CHUNK:
                tokenize(chunk)
        self._seen |= new


class GuardedTokenizer:
    """A spaCy tokenizer that stays linear on any input (see ``LONGEST_CHUNK``),
    and remembers what it made of each chunk of text (see ``ChunkPrimer``)."""

    def __init__(self, tokenizer: Callable[[str], Doc], vocab: Vocab) -> None:
        self.tokenizer = tokenizer
        self.vocab = vocab
        self.primer = ChunkPrimer(tokenizer) if isinstance(tokenizer, Tokenizer) else None

    def __call__(self, text: str) -> Doc:
        if self.primer is not None:
            self.primer(text)
        if _LONG_CHUNK.search(text) is None:
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for match in _LONG_CHUNK.finditer(text):
            self._add(self.tokenizer(text[position : match.start()]), words, spaces)
            pieces = _PIECES.findall(match.group())
            words.extend(pieces)
            spaces.extend([False] * len(pieces))
            position = match.end()
        self._add(self.tokenizer(text[position:]), words, spaces)
        return self._repair(Doc(self.vocab, words=words, spaces=spaces), text)

    @staticmethod
    def _add(doc: Doc, words: list[str], spaces: list[bool]) -> None:
        words.extend(t.text for t in doc)
        spaces.extend(bool(t.whitespace_) for t in doc)

    @staticmethod
    def _repair(doc: Doc, text: str) -> Doc:
        if doc.text != text:  # never expected; fail loudly rather than shift offsets
            raise ValueError("guarded tokenization changed the text")
        return doc


# The widest suffix of spaCy's English list but one, in characters ("km/h",
# "US$"); the exception, ``\.\.+``, is a run of periods of any length.
# ``tests/nlp/test_pipeline.py`` checks this against spaCy's list.
WIDEST_SUFFIX = 5


_UNSEEN: Any = object()


class TailSearch:
    """spaCy's suffix search, looking only where a suffix can start, and remembered.

    The suffix pattern is an alternation anchored at the end ("…$"); searched
    from the chunk's first character, it is tried at every position, and
    spaCy searches each chunk once per affix it splits off: a quarter of the
    tokenizer's time went there. Every suffix but a run of periods spans at
    most ``WIDEST_SUFFIX`` characters, so the search starts that far from
    the end, or at the start of a trailing run of periods if that is
    earlier. Lookbehinds still see the characters before the start, so the
    match is the one the full search finds.

    spaCy caches each chunk it tokenizes, but not the searches on what
    remains of a chunk as its affixes come off ("Trump," and "Trump's" both
    leave "Trump"): seven searches in ten repeat one already made, so what
    each string gave is remembered (bounded, like ``NameReadings``).
    """

    LIMIT = 200_000

    def __init__(self, search: Callable[..., re.Match[str] | None]) -> None:
        self.search = search
        self._found: dict[str, re.Match[str] | None] = {}

    def __call__(self, chunk: str) -> re.Match[str] | None:
        found = self._found
        match = found.get(chunk, _UNSEEN)  # one lookup: safe should threads share it
        if match is not _UNSEEN:
            return cast("re.Match[str] | None", match)
        if len(found) >= self.LIMIT:
            found.clear()
        fresh = found[chunk] = self.find(chunk)
        return fresh

    def find(self, chunk: str) -> re.Match[str] | None:
        """The search from the tail, not remembered."""
        start = len(chunk) - WIDEST_SUFFIX
        if start <= 0 or "\n" in chunk:  # "$" also matches before a final newline
            return self.search(chunk)
        while start > 0 and chunk[start - 1] == ".":
            start -= 1
        return self.search(chunk, start)


_NEWS_TOKENIZER = "claimtrace.news_tokenizer.v1"

# Dashes between words, and a quote mark right after one: 'wrote—"we lost"'.
_QUOTE = r"[\"“”‘’«»„']"
_INFIXES = (r"[—–]", rf"(?<=[—–]){_QUOTE}", rf"{_QUOTE}(?=[—–])")


def news_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer for the language, with news abbreviations as exceptions,
    ``_INFIXES`` added and the suffix search of ``TailSearch``.

    Registered for spaCy's config, and built in one go: a tokenizer revises
    all its exceptions each time one of its patterns is replaced afterwards
    (a tenth of a second each).
    """

    def build(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        rules = {**(defaults.tokenizer_exceptions or {})}
        rules.update((word, [{ORTH: word}]) for word in sorted(abbreviations()))
        return Tokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(defaults.prefixes or ()).search,
            suffix_search=TailSearch(compile_suffix_regex(defaults.suffixes or ()).search),
            infix_finditer=compile_infix_regex([*(defaults.infixes or ()), *_INFIXES]).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return build


registry.tokenizers.register(_NEWS_TOKENIZER, func=news_tokenizer)


# The lexical attributes claimtrace reads (``nlp.tagger.token_columns``,
# ``nlp.analysis``, training's ``is_punct``), and NORM, which spaCy's own
# attributes fall back on. A new word's lexeme computes only these.
LEXICAL = frozenset({LOWER, NORM, PREFIX, SUFFIX, SHAPE, IS_TITLE, IS_SPACE, IS_PUNCT})


def make_nlp() -> Language:
    """A blank English pipeline with the news tokenizer (``news_tokenizer``).

    Its lexemes carry the attributes of ``LEXICAL`` only: ``like_num``,
    ``is_stop`` and the other fifteen of spaCy's English lexical attributes
    are left unset (False) on words it has not met before; computing them
    for each new word took a tenth of the tokenizer's time. A user's own
    spaCy pipeline (``load_nlp(name)``) keeps all of its own.
    """
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": _NEWS_TOKENIZER}}})
    vocab: Any = nlp.vocab  # lex_attr_getters: documented, not in spaCy's stubs
    vocab.lex_attr_getters = {k: f for k, f in vocab.lex_attr_getters.items() if k in LEXICAL}
    guard(nlp)
    return nlp


def guard(nlp: Language) -> Language:
    """Make ``nlp``'s tokenizer linear on pathological input, and lift the length cap."""
    if not isinstance(nlp.tokenizer, GuardedTokenizer):
        nlp.tokenizer = GuardedTokenizer(nlp.tokenizer, nlp.vocab)
    nlp.max_length = MAX_CHARACTERS
    return nlp


def load_nlp(name_or_path: str | None = None) -> Language:
    """Our default pipeline, or a user's spaCy pipeline (installed name or path)."""
    if name_or_path is None:
        return make_nlp()
    try:
        return guard(spacy.load(name_or_path))
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {name_or_path!r}: {exc}. "
            "Pass the name of an installed pipeline or the path of a saved one."
        ) from exc
