"""The span tagger's inputs, for a whole batch at once.

Each token gets a few codes (its word, tag, cluster, quotation state,
lexicon class, what the rules made of it); ``tagger_inputs`` turns them into
ids of the tagger's embedding tables. Everything is numpy over the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimtrace.extract.lexicons import Lexicon
from claimtrace.extract.roles import Frame
from claimtrace.nlp.analysis import Batch
from claimtrace.nlp.clusters import Clusters, prefix
from claimtrace.nlp.features import I64, U64, string_codes

# Codes of what the rules made of a token: part of a cue (RULE_*), or of a
# frame's source, content, description or addressee (ROLE_*).
RULE_NONE, RULE_CUE_B, RULE_CUE_I = 0, 1, 2
ROLE_NONE, ROLE_SOURCE, ROLE_CONTENT, ROLE_DESCRIPTION, ROLE_ADDRESSEE = 0, 1, 2, 3, 4


def _u64(values: npt.ArrayLike) -> U64:
    return np.asarray(values).astype(np.uint64)


@dataclass(frozen=True, eq=False)
class LexiconTable:
    """Sorted hash codes of lexicon words and the class code of each."""

    keys: U64
    values: U64

    def codes(self, lower: U64) -> U64:
        """The lexicon class code of each token (0 when it is in no list)."""
        index = np.searchsorted(self.keys, lower).clip(0, len(self.keys) - 1)
        return np.where(self.keys[index] == lower, self.values[index], np.uint64(0))


def lexicon_table(lexicon: Lexicon) -> LexiconTable:
    """The lookup table of a lexicon's word classes."""
    classes: dict[str, str] = {}
    for noun, kind in lexicon.nouns.items():
        classes[noun] = f"noun:{kind.value}"
    for word in lexicon.titles:
        classes[word] = "title"
    for word in lexicon.honorifics:
        classes[word] = "honorific"
    for name in lexicon.given_names:
        classes[name.lower()] = "given"
    for name in lexicon.outlets:
        classes.setdefault(name.split()[0].lower(), "outlet")
    for word in lexicon.places:
        classes.setdefault(word.lower(), "place")
    for first, phrases in lexicon.phrases.items():
        classes[first] = f"phrase:{phrases[0].role}"
    for form, verb in lexicon.verbs.items():
        classes[form] = f"verb:{verb.cls}"
    words = sorted(classes)
    keys = string_codes(words)
    values = string_codes([classes[w] for w in words])
    order = np.argsort(keys)
    return LexiconTable(keys[order], values[order])


@dataclass(eq=False)
class TokenCodes:
    """Per-token codes of a batch, concatenated (see ``token_codes``)."""

    lower: U64
    shape: U64
    suffix: U64
    pos: U64
    lex: U64
    quote: U64  # 0 outside quotations, 1 inside, 2 an opening mark, 3 a closing one
    first: U64  # 1 on a sentence's first word
    rule: U64  # part of a rule's cue: RULE_*
    role: U64  # part of a rule frame's source, content, …: ROLE_*
    cluster: U64  # Brown cluster path (0 when the word has none)

    def __len__(self) -> int:
        return len(self.lower)


def token_codes(
    batch: Batch,
    table: LexiconTable,
    clusters: Clusters,
    frames: Sequence[Sequence[Frame]],
) -> TokenCodes:
    """Codes for every token of a batch; ``frames[k]`` are the rules' frames of text k."""
    n = int(batch.offsets[-1])
    quote = np.zeros(n, dtype=np.uint64)
    first = np.zeros(n, dtype=np.uint64)
    rule = np.zeros(n, dtype=np.uint64)
    role = np.zeros(n, dtype=np.uint64)
    for k, a in enumerate(batch.analyses):
        base = int(batch.offsets[k])
        quote[base : base + len(a)] = (a.quote_of >= 0).astype(np.uint64)
        for region in a.quotes:
            if region.depth == 0:
                quote[base + region.open] = 2
                quote[base + region.close] = 3 if region.closed else quote[base + region.close]
        first[[base + s for s, _ in a.sentences]] = 1
        for frame in frames[k]:
            rule[base + frame.cue.start] = RULE_CUE_B
            rule[base + frame.cue.start + 1 : base + frame.cue.end] = RULE_CUE_I
        role[base : base + len(a)] = _rule_roles(frames[k], len(a))
    lower = batch.columns["lower"]
    return TokenCodes(
        lower=lower,
        shape=batch.columns["shape"],
        suffix=batch.columns["suffix"],
        pos=_u64(batch.tag_ids) + np.uint64(7919),
        lex=table.codes(lower),
        quote=quote,
        first=first,
        rule=rule,
        role=role,
        cluster=clusters.of(batch.columns["orth"], lower),
    )


def _rule_roles(frames: Sequence[Frame], size: int) -> U64:
    """What the rules' frames say of each of a text's ``size`` tokens (ROLE_* codes)."""
    out = np.zeros(size, dtype=np.uint64)
    for frame in frames:
        for s, e in frame.content:
            out[s:e] = ROLE_CONTENT
    for frame in frames:
        for code, span in (
            (ROLE_SOURCE, frame.source),
            (ROLE_DESCRIPTION, frame.description),
            (ROLE_ADDRESSEE, frame.addressee),
        ):
            if span is not None:
                out[span[0] : span[1]] = code
    return out


# The span tagger reads, per token, ids into these embedding tables (name,
# rows, width): the word (lower case, hashed), its tag, its cluster path (its
# first 8 steps, and all of it, hashed), what the rules made of it (cue;
# source, content, description or addressee of a rule's frame), quotation
# state, lexicon class, shape and suffix (hashed), and whether it opens a
# sentence.
TAGGER_VERSION = 1
TAGGER_COLUMNS = (
    ("word", 1 << 17, 64),
    ("tag", 64, 16),
    ("cluster8", 1 << 12, 16),
    ("cluster", 1 << 14, 16),
    ("rule cue", 4, 4),
    ("rule role", 5, 8),
    ("quote", 4, 4),
    ("lexicon", 1 << 10, 8),
    ("shape", 1 << 10, 8),
    ("suffix", 1 << 14, 16),
    ("first", 2, 2),
)


def tagger_inputs(t: TokenCodes) -> I64:
    """The span tagger's id columns for every token (n_tokens × len(TAGGER_COLUMNS))."""
    columns = (
        t.lower,
        t.pos,
        prefix(t.cluster, 8),
        t.cluster,
        t.rule,
        t.role,
        t.quote,
        t.lex,
        t.shape,
        t.suffix,
        t.first,
    )
    return np.stack(
        [
            (c % np.uint64(size)).astype(np.int64)
            for c, (_, size, _) in zip(columns, TAGGER_COLUMNS, strict=True)
        ],
        axis=1,
    )
