"""Attribution scores as the PolNeAR README defines them.

A span is compared as the set of its character positions that are neither
whitespace nor punctuation (Unicode category ``P*``), so ``“Hello,”`` and
``Hello`` are the same span. A span whose set is empty (a cue that is only
``:``) is dropped, from gold and predicted alike; offsets outside the text
count as no position.

Per role (source, cue, content), spans are deduplicated per article:

- **exact**: a predicted span counts when a gold span of that role in the
  same article has the same set, and a gold span when a predicted one has;
- **overlap**: one-to-one greedy matching; predicted spans in order of first
  position each take the unmatched gold span sharing most positions with
  them (ties: the earliest gold span).

**Linked**: a predicted attribution matches a gold one when their cues
overlap, their contents overlap (or both are absent) and their sources
overlap (or both are absent); one-to-one greedy, predicted in order of cue
start taking the first unmatched gold one (in the same order) that matches.
An attribution whose cue has no position is dropped, and one identical (same
position sets) to an earlier one in the same article is ignored, on both
sides, so gold scored against itself is always 100.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from claimtrace.model import Offsets

ROLES = ("source", "cue", "content")

Positions = frozenset[int]


@dataclass(frozen=True, slots=True)
class SpanTriple:
    """One attribution as character offsets: who (``source``), how (``cue``), what."""

    source: Offsets | None
    cue: Offsets
    content: Offsets | None


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 in percent, with the counts behind them.

    ``tp_pred`` counts predicted items that matched, ``tp_gold`` gold items
    that did; they differ only for exact matching of duplicates.
    """

    precision: float
    recall: float
    f1: float
    tp_pred: int
    tp_gold: int
    n_pred: int
    n_gold: int

    @classmethod
    def from_counts(cls, tp_pred: int, tp_gold: int, n_pred: int, n_gold: int) -> PRF:
        """The figures for these counts (0 where a denominator is 0)."""
        precision = 100.0 * tp_pred / n_pred if n_pred else 0.0
        recall = 100.0 * tp_gold / n_gold if n_gold else 0.0
        total = precision + recall
        f1 = 2 * precision * recall / total if total else 0.0
        return cls(precision, recall, f1, tp_pred, tp_gold, n_pred, n_gold)

    def to_dict(self) -> dict[str, Any]:
        """Percentages rounded to 2 decimals, and the counts."""
        return {
            "precision": round(self.precision, 2),
            "recall": round(self.recall, 2),
            "f1": round(self.f1, 2),
            "tp_pred": self.tp_pred,
            "tp_gold": self.tp_gold,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


@dataclass(frozen=True, slots=True)
class RoleScores:
    """Exact and overlap scores of one role."""

    exact: PRF
    overlap: PRF


@dataclass(frozen=True, slots=True)
class Scores:
    """All the figures of one evaluation run."""

    source: RoleScores
    cue: RoleScores
    content: RoleScores
    linked: PRF
    documents: int

    def role(self, name: str) -> RoleScores:
        """The scores of role ``name`` (one of ``ROLES``)."""
        if name not in ROLES:
            raise KeyError(name)
        result: RoleScores = getattr(self, name)
        return result

    def f1_figures(self) -> dict[str, float]:
        """Every F1 by name ("source exact", ..., "linked"), rounded to 2 decimals."""
        figures = {}
        for name in ROLES:
            role = self.role(name)
            figures[f"{name} exact"] = round(role.exact.f1, 2)
            figures[f"{name} overlap"] = round(role.overlap.f1, 2)
        figures["linked"] = round(self.linked.f1, 2)
        return figures

    def to_dict(self) -> dict[str, Any]:
        """A nested plain dict: percentages rounded to 2 decimals, and counts."""
        result: dict[str, Any] = {
            name: {
                "exact": self.role(name).exact.to_dict(),
                "overlap": self.role(name).overlap.to_dict(),
            }
            for name in ROLES
        }
        result["linked"] = self.linked.to_dict()
        result["documents"] = self.documents
        return result

    def format_table(self) -> str:
        """A fixed-width table: one row per role and linked, exact and overlap P R F1."""
        header = f"{'':<8} {'exact':^20}   {'overlap':^20}"
        columns = f"{'':<8} {'P':>6} {'R':>6} {'F1':>6}   {'P':>6} {'R':>6} {'F1':>6}"
        lines = [header, columns]
        for name in ROLES:
            role = self.role(name)
            lines.append(f"{name:<8} {_cells(role.exact)}   {_cells(role.overlap)}")
        dash = f"{'-':>6}"
        lines.append(f"{'linked':<8} {dash} {dash} {dash}   {_cells(self.linked)}")
        lines.append(f"{self.documents} documents; linked attributions match by overlap")
        return "\n".join(lines)


def _cells(prf: PRF) -> str:
    return f"{prf.precision:6.2f} {prf.recall:6.2f} {prf.f1:6.2f}"


def content_mask(text: str) -> bytes:
    """One byte per character of ``text``: 1 where it counts (not space, not punctuation)."""
    return bytes(
        0 if ch.isspace() or unicodedata.category(ch).startswith("P") else 1 for ch in text
    )


def positions(mask: bytes, offsets: Offsets | None) -> Positions:
    """The counted character positions of ``offsets`` (empty for None)."""
    if not offsets:
        return frozenset()
    size = len(mask)
    return frozenset(
        i for start, end in offsets for i in range(max(start, 0), min(end, size)) if mask[i]
    )


def _order(span: Positions) -> tuple[int, tuple[int, ...]]:
    return (min(span), tuple(sorted(span)))


def _unique_spans(spans: Iterable[Positions]) -> list[Positions]:
    """Non-empty, deduplicated, in order of first position."""
    return sorted({span for span in spans if span}, key=_order)


@dataclass(slots=True)
class _Tally:
    """Counts summed over documents (local to one ``score`` call)."""

    tp_pred: int = 0
    tp_gold: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, tp_pred: int, tp_gold: int, n_pred: int, n_gold: int) -> None:
        self.tp_pred += tp_pred
        self.tp_gold += tp_gold
        self.n_pred += n_pred
        self.n_gold += n_gold

    def prf(self) -> PRF:
        return PRF.from_counts(self.tp_pred, self.tp_gold, self.n_pred, self.n_gold)


def _exact(gold: list[Positions], predicted: list[Positions]) -> tuple[int, int]:
    gold_set, predicted_set = set(gold), set(predicted)
    return (
        sum(1 for span in predicted if span in gold_set),
        sum(1 for span in gold if span in predicted_set),
    )


def _overlap(gold: list[Positions], predicted: list[Positions]) -> int:
    """Matches of one-to-one greedy overlap matching (both lists in span order)."""
    at: dict[int, list[int]] = {}
    for index, span in enumerate(gold):
        for position in span:
            at.setdefault(position, []).append(index)
    matched: set[int] = set()
    for span in predicted:
        shared = Counter(
            index for position in span for index in at.get(position, ()) if index not in matched
        )
        if shared:
            best = min(shared, key=lambda index: (-shared[index], index))
            matched.add(best)
    return len(matched)


_Linked = tuple[Positions, Positions, Positions]  # cue, content, source


def _linked_items(mask: bytes, triples: Sequence[SpanTriple]) -> list[_Linked]:
    items: list[_Linked] = []
    seen: set[_Linked] = set()
    for triple in triples:
        item = (
            positions(mask, triple.cue),
            positions(mask, triple.content),
            positions(mask, triple.source),
        )
        if item[0] and item not in seen:
            seen.add(item)
            items.append(item)
    items.sort(key=lambda item: min(item[0]))  # stable: ties keep input order
    return items


def _agree(a: Positions, b: Positions) -> bool:
    """Both absent, or sharing a position."""
    return (not a and not b) or not a.isdisjoint(b)


def _linked(gold: list[_Linked], predicted: list[_Linked]) -> int:
    matched = [False] * len(gold)
    count = 0
    for cue, content, source in predicted:
        for index, (g_cue, g_content, g_source) in enumerate(gold):
            if (
                not matched[index]
                and not cue.isdisjoint(g_cue)
                and _agree(content, g_content)
                and _agree(source, g_source)
            ):
                matched[index] = True
                count += 1
                break
    return count


def _role_offsets(triple: SpanTriple, role: str) -> Offsets | None:
    result: Offsets | None = getattr(triple, role)
    return result


def score(
    documents: Iterable[tuple[str, Sequence[SpanTriple], Sequence[SpanTriple]]],
) -> Scores:
    """Score predicted against gold attributions over ``(text, gold, predicted)`` items."""
    exact = {role: _Tally() for role in ROLES}
    overlap = {role: _Tally() for role in ROLES}
    linked = _Tally()
    count = 0
    for text, gold, predicted in documents:
        count += 1
        mask = content_mask(text)
        for role in ROLES:
            gold_spans = _unique_spans(positions(mask, _role_offsets(t, role)) for t in gold)
            predicted_spans = _unique_spans(
                positions(mask, _role_offsets(t, role)) for t in predicted
            )
            n_pred, n_gold = len(predicted_spans), len(gold_spans)
            exact[role].add(*_exact(gold_spans, predicted_spans), n_pred, n_gold)
            matches = _overlap(gold_spans, predicted_spans)
            overlap[role].add(matches, matches, n_pred, n_gold)
        gold_items = _linked_items(mask, gold)
        predicted_items = _linked_items(mask, predicted)
        matches = _linked(gold_items, predicted_items)
        linked.add(matches, matches, len(predicted_items), len(gold_items))
    roles = {role: RoleScores(exact[role].prf(), overlap[role].prf()) for role in ROLES}
    return Scores(
        source=roles["source"],
        cue=roles["cue"],
        content=roles["content"],
        linked=linked.prf(),
        documents=count,
    )
