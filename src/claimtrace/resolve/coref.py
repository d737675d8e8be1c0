"""Within one article: which mentions are the same source.

Names are clustered first (``Petrov`` after ``Alexander Petrov``, ``A.
Petrov``, ``WHO`` after "the World Health Organization (WHO)", ``FT`` and
the Financial Times); then each pronoun and definite nominal that is a
source or an addressee goes to the most salient compatible cluster before
it: the one last named outside any reported content, within a few sentences.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from claimtrace.extract.lexicons import Lexicon
from claimtrace.extract.sources import MentionInfo, outlet_at, read_mention
from claimtrace.model import SourceType
from claimtrace.nlp.analysis import Analysis
from claimtrace.nlp.chunks import apposition, np_left

TokenRange = tuple[int, int]

_NOT_NAMES = frozenset(
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
     "Friday", "Saturday", "Sunday", "I", "The", "A", "An", "But", "And", "In", "On", "At"}
)  # fmt: skip
_BODIES = (SourceType.ORGANIZATION, SourceType.GOVERNMENT, SourceType.MEDIA)
_WINDOW = 6  # sentences a pronoun or nominal looks back
_PRONOUN_REACH = 3  # sentences whose names are read for a pronoun (most antecedents are this close)


@dataclass(eq=False)
class Cluster:
    """One entity being built: its names, mentions and descriptions."""

    type: SourceType
    names: list[MentionInfo] = field(default_factory=list)
    mentions: list[TokenRange] = field(default_factory=list)
    descriptions: list[TokenRange] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)  # lower-case keys this entity answers to
    gender: str | None = None
    outlet_kind: str | None = None
    last: int = -1  # last token mentioning it
    salient: int = -1  # last token mentioning it outside any reported content
    order: int = -1  # rank of creation
    plural: bool = False  # an unnamed group ("two field surgeons") that "they" may refer to
    words: set[str] = field(default_factory=set)  # lower-case words of its names and descriptions
    fullest: MentionInfo | None = None  # the name with the most words

    @property
    def surname(self) -> str | None:
        if self.type is not SourceType.PERSON or self.fullest is None:
            return None
        return self.fullest.words[-1]

    def add(self, a: Analysis, mention: MentionInfo, *, reported: bool = False) -> None:
        self.mentions.append(mention.tokens)
        self.descriptions.extend(mention.descriptions)
        for start, end in mention.descriptions:
            self.words.update(w.lower() for w in a.words[start:end])
        self.last = max(self.last, mention.tokens[1])
        if not reported:
            self.salient = max(self.salient, mention.tokens[1])
        if mention.form == "name":
            self.names.append(mention)
            self.words.update(mention.key.split())
            if self.fullest is None or len(mention.words) > len(self.fullest.words):
                self.fullest = mention
            self.aliases.add(mention.key)
            self.gender = self.gender or mention.gender
            self.outlet_kind = self.outlet_kind or mention.outlet_kind


def _initials(words: tuple[str, ...]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _matches(cluster: Cluster, m: MentionInfo, lexicon: Lexicon) -> bool:
    if m.key in cluster.aliases:
        return True
    if cluster.type is SourceType.PERSON and m.type is SourceType.PERSON and m.words:
        surname = cluster.surname
        if surname is None or m.words[-1] != surname:
            return False
        if len(m.words) == 1:
            return True
        fullest = cluster.fullest.words if cluster.fullest else ()
        if len(fullest) <= 1:
            return True
        given, theirs = m.words[0].rstrip("."), fullest[0]
        return theirs.startswith(given) if len(given) == 1 else given == theirs
    full = cluster.fullest
    if full is None:
        return False
    if m.type is SourceType.MEDIA and cluster.type is SourceType.MEDIA:
        my_outlet = outlet_at(list(m.words), lexicon)
        their_outlet = outlet_at(list(full.words), lexicon)
        return (
            my_outlet is not None
            and their_outlet is not None
            and (lexicon.outlets[my_outlet] == lexicon.outlets[their_outlet])
        )
    if cluster.type in _BODIES and m.words:
        if len(m.words) == 1 and m.words[0].isupper():
            expansion = lexicon.acronyms.get(m.words[0], (None, ""))[1].lower()
            return m.key == _initials(full.words).lower() or (
                bool(expansion) and full.key == expansion
            )
        return len(m.words) >= 2 and full.key.endswith(" " + m.key)
    return False


class _Index:
    """The clusters built so far, indexed so that matching a name costs little."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.clusters: list[Cluster] = []
        self.by_key: dict[str, list[Cluster]] = {}
        self.activity: OrderedDict[int, Cluster] = OrderedDict()  # last touched last

    def _keys(self, m: MentionInfo) -> list[str]:
        keys = [f"alias:{m.key}"]
        if m.words:
            keys.append(f"last:{m.words[-1].lower()}")
            if m.type is not SourceType.PERSON and len(m.words) > 1:
                keys.append(f"alias:{_initials(m.words).lower()}")
            outlet = outlet_at(list(m.words), self.lexicon)
            if outlet is not None:
                keys.append(f"outlet:{self.lexicon.outlets[outlet].name}")
        return keys

    def candidates(self, m: MentionInfo, keys: list[str] | None = None) -> list[Cluster]:
        """Clusters ``m`` might belong to, most recently created first (``keys``: its
        ``_keys``, when already known)."""
        keys = list(keys) if keys is not None else self._keys(m)
        if m.words and len(m.words) == 1 and m.words[0].isupper():
            expansion = self.lexicon.acronyms.get(m.words[0], (None, ""))[1].lower()
            if expansion:
                keys.append(f"alias:{expansion}")
        found: dict[int, Cluster] = {}
        for key in keys:
            for cluster in self.by_key.get(key, ())[-20:]:
                found[id(cluster)] = cluster
        return sorted(found.values(), key=lambda c: -c.order)

    def add(
        self,
        a: Analysis,
        cluster: Cluster,
        m: MentionInfo,
        *,
        reported: bool,
        keys: list[str] | None = None,
    ) -> None:
        if not cluster.mentions:
            cluster.order = len(self.clusters)
            self.clusters.append(cluster)
        cluster.add(a, m, reported=reported)
        if m.form == "name":
            for key in keys if keys is not None else self._keys(m):
                bucket = self.by_key.setdefault(key, [])
                if cluster not in bucket[-20:]:
                    bucket.append(cluster)
        self.activity[id(cluster)] = cluster
        self.activity.move_to_end(id(cluster))

    def recent(self, limit: int = 64) -> list[Cluster]:
        """The clusters most recently added to, newest first."""
        return list(islice(reversed(self.activity.values()), limit))


@dataclass
class Resolution:
    """Clusters, and the cluster of each mention that was resolved (by token range)."""

    clusters: list[Cluster]
    of: dict[TokenRange, Cluster]


_LINK_WORDS = frozenset({"of", "for", "de", "von", "van", "al", "&"})


def _name_runs(a: Analysis, usable: list[bool]) -> list[TokenRange]:
    """The runs of capitalised name words in the text ("Institute of Strategic Studies")."""
    runs = []
    n = len(a)
    i = 0
    proper_ = a.proper
    while i < n:
        if (
            not proper_[i]
            or not usable[i]
            or (a.words[i] in _NOT_NAMES and not (i + 1 < n and proper_[i + 1]))
        ):
            i += 1
            continue
        j = i + 1
        while j < n and (
            proper_[j] or (a.lowers[j] in _LINK_WORDS and j + 1 < n and proper_[j + 1])
        ):
            j += 1
        runs.append((i, j))
        i = j
    return runs


class NameReadings:
    """Names already read, by their words and tags: most recur from article to article.

    One per engine; bounded, so a long run over a corpus keeps it small.
    """

    LIMIT = 100_000

    def __init__(self) -> None:
        self._read: dict[tuple[str, ...], MentionInfo | None] = {}

    def read(self, a: Analysis, start: int, end: int, lexicon: Lexicon) -> MentionInfo | None:
        """``read_mention`` of the name run [start, end), without its context."""
        key = (*a.words[start:end], *a.tags[start:end])
        if key not in self._read:
            if len(self._read) >= self.LIMIT:
                self._read.clear()
            found = read_mention(a, (start, end), None, lexicon)
            self._read[key] = _moved(found, -start) if found is not None else None
        template = self._read[key]
        return _moved(template, start) if template is not None else None


def _text_names(
    a: Analysis,
    usable: list[bool],
    lexicon: Lexicon,
    mentions: list[MentionInfo],
    readings: NameReadings,
) -> list[MentionInfo]:
    """The proper names of the text that may matter to ``mentions``, read like sources.

    A name matters when it shares a word with a named source or addressee
    (a fuller form, an alias), or stands in the sentences just before a
    pronoun or a nominal that needs an antecedent. Others are not read.
    """
    words = {m.words[-1].lower() for m in mentions if m.words}
    words |= {
        lexicon.acronyms[w][1].split()[-1].lower()
        for m in mentions
        for w in m.words
        if w in lexicon.acronyms and lexicon.acronyms[w][1]
    }
    outlets = {
        lexicon.outlets[o].name for m in mentions if (o := outlet_at(list(m.words), lexicon))
    }
    near = np.zeros(len(a.sentences) + 1, dtype=bool)
    for m in mentions:
        if m.form in ("pronoun", "nominal"):
            s = int(a.sent_of[m.tokens[0]])
            reach = _WINDOW if m.form == "nominal" else _PRONOUN_REACH
            near[max(0, s - reach) : s + 1] = True
    out: list[MentionInfo] = []
    sentence_of = a.sent_of.tolist()
    for i, j in _name_runs(a, usable):
        alias = _parenthetical(a, j)
        relevant = (
            near[sentence_of[i]]
            or a.lowers[j - 1] in words
            or (alias is not None and a.words[alias[0]].lower() in words)
        )
        if not relevant and outlets:
            found = outlet_at(a.words[i:j], lexicon)
            relevant = found is not None and lexicon.outlets[found].name in outlets
        if not relevant:
            continue
        mention = readings.read(a, i, j, lexicon)  # descriptions: see ``describe``
        if (
            mention is not None
            and mention.form == "name"
            and " ".join(mention.words) not in lexicon.places
        ):
            out.append(mention)
            if alias:
                out.append(
                    MentionInfo(alias, (), mention.type, "name", a.words[alias[0]].lower(),
                                (a.words[alias[0]],), None, mention.outlet_kind)
                )  # fmt: skip
    return out


def _moved(m: MentionInfo, by: int) -> MentionInfo:
    if by == 0:
        return m
    # The constructor, not dataclasses.replace: this runs for most names of a corpus.
    return MentionInfo(
        (m.tokens[0] + by, m.tokens[1] + by),
        tuple((s + by, e + by) for s, e in m.descriptions),
        m.type,
        m.form,
        m.key,
        m.words,
        m.gender,
        m.outlet_kind,
        m.plural,
    )


def describe(a: Analysis, cluster: Cluster, lexicon: Lexicon) -> None:
    """Read the descriptions around a cluster's names ("military expert X", "X, a …,").

    Done only for clusters that become entities: reading every name of a
    text this way would cost more than the rest of coreference.
    """
    for index, name in enumerate(cluster.names):
        start, end = name.tokens
        if name.descriptions or any(start > s and end == e for s, e in cluster.descriptions):
            continue
        s0, s1 = a.sentence(start)
        left = (
            np_left(a, end, s0, coordinate=False)
            if a.tags[end - 1] in ("NNP", "NN", "NNS")
            else None
        )
        full = read_mention(
            a, (left if left is not None else start, end), apposition(a, end, s1), lexicon
        )
        if full is None or full.form != "name" or not full.descriptions:
            continue
        cluster.descriptions.extend(full.descriptions)
        cluster.names[index] = full
        if (
            cluster.type is SourceType.PERSON
            and full.type is not SourceType.PERSON
            and not name.gender
        ):
            cluster.type = full.type  # "Sierra Eléctrica, the regional utility"


def _parenthetical(a: Analysis, j: int) -> TokenRange | None:
    """The "(WHO)" after "the World Health Organization"."""
    k = j + (1 if j < len(a) and a.words[j] == " " else 0)
    if k + 2 < len(a) and a.words[k] == "(" and a.words[k + 2] == ")":
        word = a.words[k + 1]
        if word.isupper() and 2 <= len(word) <= 8:
            return k + 1, k + 2
    return None


def _compatible(cluster: Cluster, m: MentionInfo) -> bool:
    if m.form == "pronoun":
        if m.key in ("he", "him", "she", "her"):
            return cluster.type is SourceType.PERSON and cluster.gender in (None, m.gender)
        if m.key in ("it",):
            return cluster.type in (*_BODIES, SourceType.DOCUMENT)
        if m.key in ("they", "them"):
            return cluster.type in _BODIES or cluster.plural
        return False
    return False


def _nominal_fits(cluster: Cluster, m: MentionInfo) -> int:
    """How well a definite nominal fits a cluster: 2 described so, 1 same type, 0 not at all."""
    head = m.key
    if head in cluster.words:
        return 2
    if cluster.outlet_kind and head in (cluster.outlet_kind, "outlet", "publication", "media"):
        return 2
    if m.type is cluster.type and m.type is not SourceType.UNKNOWN:
        return 1
    return 0


def resolve(
    a: Analysis,
    speakers: list[MentionInfo],
    others: list[MentionInfo],
    usable: list[bool],
    reported: bytearray,
    lexicon: Lexicon,
    readings: NameReadings | None = None,
) -> Resolution:
    """Cluster the text's names with the sources (``speakers``) and addressees (``others``).

    ``reported`` marks tokens inside some attribution's content: a name there
    is less likely to be what a later "he" refers to.
    """
    index = _Index(lexicon)
    of: dict[TokenRange, Cluster] = {}
    found = _text_names(a, usable, lexicon, [*speakers, *others], readings or NameReadings())
    names = {m.tokens: m for m in found}
    for m in [*speakers, *others]:
        if m.form == "name":
            names[m.tokens] = m
    ordered = sorted(names.values(), key=lambda m: m.tokens)
    pending = sorted(
        [m for m in [*speakers, *others] if m.form in ("pronoun", "nominal")]
        + [m for m in speakers if m.form == "anonymous" and m.plural],
        key=lambda m: m.tokens,
    )
    k = 0
    for m in ordered:
        while k < len(pending) and pending[k].tokens[0] < m.tokens[0]:
            _attach(a, pending[k], index, of)
            k += 1
        keys = index._keys(m)
        cluster = next((c for c in index.candidates(m, keys) if _matches(c, m, lexicon)), None)
        if cluster is None:
            cluster = Cluster(m.type)
        elif (
            cluster.type is SourceType.PERSON
            and m.type is not SourceType.PERSON
            and len(m.words) > 1
        ):
            cluster.type = m.type
        index.add(a, cluster, m, reported=bool(reported[m.tokens[0]]), keys=keys)
        of[m.tokens] = cluster
    for m in pending[k:]:
        _attach(a, m, index, of)
    return Resolution(index.clusters, of)


def _attach(a: Analysis, m: MentionInfo, index: _Index, of: dict[TokenRange, Cluster]) -> None:
    """Resolve a pronoun or nominal to the most salient fitting cluster before it.

    An unnamed group that speaks ("two field surgeons said") becomes a
    cluster of its own, never an entity, so that a later "they" finds it.
    """
    if m.form == "anonymous":
        index.add(a, Cluster(m.type, plural=True), m, reported=False)
        return
    sentence = int(a.sent_of[m.tokens[0]])
    candidates = [c for c in index.recent() if 0 <= c.last <= m.tokens[0]]
    best: Cluster | None = None
    if m.form == "pronoun":
        fitting = [
            c for c in candidates
            if c.salient >= 0 and sentence - int(a.sent_of[c.salient - 1]) <= _WINDOW
            and _compatible(c, m)
        ]  # fmt: skip
        best = max(fitting, key=lambda c: c.salient, default=None)
    else:
        scored = [(_nominal_fits(c, m), c.last, c) for c in candidates]
        scored = [s for s in scored if s[0] > 0]
        if scored:
            best = max(scored, key=lambda s: (s[0], s[1]))[2]
    if best is None:
        return
    index.add(a, best, m, reported=False)
    of[m.tokens] = best
