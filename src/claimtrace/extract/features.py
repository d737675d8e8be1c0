"""Features of the learned cue and role models, for a whole batch at once.

Each token gets a few codes (its word, tag, quotation state, lexicon class,
what the rules made of it); a feature template hashes one or more codes,
possibly of neighbouring tokens, into a bucket. Role features are computed
for (cue, token) pairs: the token's codes joined with where it stands from
the cue (side, distance, commas, quotation marks and sentence breaks in
between). Everything is numpy over the batch; no per-token Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimtrace.extract.lexicons import Lexicon
from claimtrace.nlp.analysis import Batch
from claimtrace.nlp.clusters import Clusters, prefix
from claimtrace.nlp.features import I64, U64, buckets, combine, constant, shift, string_codes

FEATURE_VERSION = 1
BITS = 20
I32 = npt.NDArray[np.int32]

# Codes of what the rules made of a token (cue models) or of a token for
# one cue (role models).
RULE_NONE, RULE_CUE_B, RULE_CUE_I = 0, 1, 2
ROLE_NONE, ROLE_SOURCE, ROLE_CONTENT, ROLE_DESCRIPTION, ROLE_ADDRESSEE, ROLE_NP = 0, 1, 2, 3, 4, 5


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
    prefix: U64
    pos: U64
    lex: U64
    quote: U64
    first: U64  # 1 on a sentence's first word
    rule: U64  # what the rules made of it: RULE_*
    cluster: U64  # Brown cluster path (0 when the word has none)
    quote_id: I32  # global id of the outer quotation around it, -1 outside
    sentence: I32  # global sentence id
    commas: I32  # running count of commas and dashes (for "how many between")
    marks: I32  # running count of quotation marks

    def __len__(self) -> int:
        return len(self.lower)


def token_codes(
    batch: Batch,
    table: LexiconTable,
    clusters: Clusters,
    rule_cues: Sequence[Sequence[tuple[int, int]]],
) -> TokenCodes:
    """Codes for every token of a batch; ``rule_cues[k]`` are the rules' cue ranges in text k."""
    n = int(batch.offsets[-1])
    quote = np.zeros(n, dtype=np.uint64)
    first = np.zeros(n, dtype=np.uint64)
    rule = np.zeros(n, dtype=np.uint64)
    quote_id = np.full(n, -1, dtype=np.int32)
    sentence = np.zeros(n, dtype=np.int32)
    marks = np.zeros(n, dtype=np.int32)
    sentence_base = 0
    quote_base = 0
    for k, a in enumerate(batch.analyses):
        base = int(batch.offsets[k])
        end = base + len(a)
        inside = a.quote_of >= 0
        quote[base:end] = inside.astype(np.uint64)
        for region in a.quotes:
            marks[base + region.open] = 1
            if region.closed:
                marks[base + region.close] = 1
            if region.depth == 0:
                quote[base + region.open] = 2
                quote[base + region.close] = 3 if region.closed else quote[base + region.close]
        quote_id[base:end] = np.where(inside, a.quote_of + quote_base, -1)
        quote_base += len(a.quotes)
        sentence[base:end] = a.sent_of + sentence_base
        for s, _ in a.sentences:
            first[base + s] = 1
        sentence_base += len(a.sentences)
        for s, e in rule_cues[k]:
            rule[base + s] = RULE_CUE_B
            rule[base + s + 1 : base + e] = RULE_CUE_I
    lower = batch.columns["lower"]
    comma_codes = string_codes([",", "—", "–", ";", "(", ")"])
    commas = np.cumsum(np.isin(lower, comma_codes)).astype(np.int32)
    return TokenCodes(
        lower=lower,
        shape=batch.columns["shape"],
        suffix=batch.columns["suffix"],
        prefix=batch.columns["prefix"],
        pos=_u64(batch.tag_ids) + np.uint64(7919),
        lex=table.codes(lower),
        quote=quote,
        first=first,
        rule=rule,
        cluster=clusters.of(batch.columns["orth"], lower),
        quote_id=quote_id,
        sentence=sentence,
        commas=commas,
        marks=np.cumsum(marks).astype(np.int32),
    )


def cue_features(t: TokenCodes) -> I64:
    """The cue model's feature rows, one per token."""
    n = len(t)
    lower, pos, lex, rule, quote = t.lower, t.pos, t.lex, t.rule, t.quote
    lp, ln = shift(lower, -1), shift(lower, 1)
    pp, pn = shift(pos, -1), shift(pos, 1)
    return buckets(
        [
            combine(0, constant(n, 1)),
            combine(1, lower),
            combine(2, lp),
            combine(3, ln),
            combine(4, shift(lower, -2)),
            combine(5, shift(lower, 2)),
            combine(6, lp, lower),
            combine(7, lower, ln),
            combine(8, t.suffix),
            combine(9, t.shape),
            combine(10, pos),
            combine(11, pp),
            combine(12, pn),
            combine(13, shift(pos, -2)),
            combine(14, shift(pos, 2)),
            combine(15, pp, pos),
            combine(16, pos, pn),
            combine(17, pp, pos, pn),
            combine(18, lower, pos),
            combine(19, lex),
            combine(20, shift(lex, -1)),
            combine(21, shift(lex, 1)),
            combine(22, quote, pos),
            combine(23, shift(quote, -1), shift(quote, 1)),
            combine(24, t.first, pos),
            combine(25, rule),
            combine(26, rule, lower),
            combine(27, shift(rule, -1), rule),
            combine(28, rule, shift(rule, 1)),
            combine(29, quote, lower),
            combine(30, prefix(t.cluster, 4)),
            combine(31, prefix(t.cluster, 8)),
            combine(32, prefix(t.cluster, 12)),
            combine(33, t.cluster),
            combine(34, shift(prefix(t.cluster, 8), -1)),
            combine(35, shift(prefix(t.cluster, 8), 1)),
            combine(36, prefix(t.cluster, 8), pos),
            combine(37, shift(t.cluster, 1)),
        ],
        BITS,
    )


# The cue tagger's BiLSTM reads, per token, ids into these embedding tables:
# word (lower case, hashed), tag, cluster path prefix, what the rules made of
# it, quotation state, lexicon class (hashed).
LSTM_VERSION = 1
LSTM_VOCABULARY = (1 << 16, 64, 1 << 12, 4, 4, 1 << 10)


def lstm_inputs(t: TokenCodes) -> I64:
    """The BiLSTM's id columns for every token (n_tokens × len(LSTM_VOCABULARY))."""
    columns = (t.lower, t.pos, prefix(t.cluster, 8), t.rule, t.quote, t.lex)
    return np.stack(
        [
            (c % np.uint64(size)).astype(np.int64)
            for c, size in zip(columns, LSTM_VOCABULARY, strict=True)
        ],
        axis=1,
    )


@dataclass(eq=False)
class RoleInstances:
    """(cue, token) pairs of a batch: each cue's window of tokens, concatenated.

    ``token`` holds global token indices; ``cue_start``/``cue_end`` the
    global cue range of each pair's cue; ``rules`` what the rules said of the
    token for this cue (ROLE_*); ``lemma`` a code for the cue's words;
    ``lengths`` the window length of each cue, in order.
    """

    token: npt.NDArray[np.int64]
    cue_start: npt.NDArray[np.int64]
    cue_end: npt.NDArray[np.int64]
    rules: U64
    lemma: U64
    lengths: list[int]


def _bucket(values: npt.NDArray[np.int64], edges: Sequence[int]) -> U64:
    return _u64(np.searchsorted(np.asarray(edges), values, side="right"))


def role_features(t: TokenCodes, r: RoleInstances) -> I64:
    """The role model's feature rows, one per (cue, token) pair."""
    j = r.token
    n = len(j)
    before = j < r.cue_start
    after = j >= r.cue_end
    side = _u64(np.where(before, 0, np.where(after, 2, 1)))
    distance = np.where(before, r.cue_start - j, np.where(after, j - r.cue_end + 1, 0))
    dist = _bucket(distance, [1, 2, 3, 4, 6, 9, 14, 22, 35])
    coarse = _bucket(distance, [1, 4, 12])
    anchor = np.where(before, r.cue_start, np.where(after, r.cue_end - 1, j))
    commas = _bucket(np.abs(t.commas[j].astype(np.int64) - t.commas[anchor]), [1, 2, 3])
    marks = _bucket(np.abs(t.marks[j].astype(np.int64) - t.marks[anchor]), [1, 2, 3])
    sentences = _u64(np.clip(t.sentence[j].astype(np.int64) - t.sentence[anchor], -2, 2) + 2)
    cue_quote = t.quote_id[np.minimum(r.cue_start, len(t) - 1)]
    same_quote = _u64(
        (t.quote_id[j] >= 0) * 1 + ((t.quote_id[j] == cue_quote) & (cue_quote >= 0)) * 2
    )

    lower, pos = t.lower[j], t.pos[j]
    lp, ln = t.lower[np.maximum(j - 1, 0)], t.lower[np.minimum(j + 1, len(t) - 1)]
    pp, pn = t.pos[np.maximum(j - 1, 0)], t.pos[np.minimum(j + 1, len(t) - 1)]
    rules = r.rules
    rp = np.concatenate([[np.uint64(99)], rules[:-1]]) if n else rules
    rn = np.concatenate([rules[1:], [np.uint64(99)]]) if n else rules
    quote, lex, first = t.quote[j], t.lex[j], t.first[j]
    return buckets(
        [
            combine(0, side),
            combine(1, side, dist),
            combine(2, side, pos),
            combine(3, side, dist, pos),
            combine(4, side, lower),
            combine(5, side, coarse, lower),
            combine(6, side, pp, pos),
            combine(7, side, pos, pn),
            combine(8, side, lp),
            combine(9, side, ln),
            combine(10, side, t.shape[j]),
            combine(11, side, lex),
            combine(12, side, quote),
            combine(13, side, same_quote, quote),
            combine(14, side, commas),
            combine(15, side, sentences),
            combine(16, side, marks),
            combine(17, side, commas, pos),
            combine(18, rules),
            combine(19, rules, side),
            combine(20, rules, pos),
            combine(21, rp, rules),
            combine(22, rules, rn),
            combine(23, r.lemma, side),
            combine(24, r.lemma, side, pos),
            combine(25, side, first, pos),
            combine(26, side, sentences, quote),
            combine(27, side, coarse, commas, marks),
            combine(28, side, pp, pos, pn),
            combine(29, rules, side, dist),
            combine(30, side, prefix(t.cluster[j], 8)),
            combine(31, side, t.cluster[j]),
            combine(32, side, coarse, prefix(t.cluster[j], 6)),
        ],
        BITS,
    )
