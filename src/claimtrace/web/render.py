"""What the pages draw: highlighted article text, bar charts and the citation graph, as data.

Everything here returns plain values (segments, bars, positioned nodes); the
templates turn them into HTML and SVG, and Jinja's autoescaping escapes every
piece of text that came from an article.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from claimtrace.model import Article
from claimtrace.store.queries import Graph

ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class Segment:
    """A run of article text and the attribution roles that cover it."""

    text: str
    role: str | None  # the role shown: cue over source over content
    attributions: tuple[str, ...]  # local ids ("a1") of every attribution covering it


def segments(article: Article) -> list[Segment]:
    """The article's text cut where any span starts or ends, each piece with its roles."""
    marks: list[tuple[int, int, str, str]] = []  # start, end, role, attribution
    for a in article.attributions:
        parts = [("cue", a.cue.spans), ("content", a.content.spans)]
        if a.source is not None:
            parts.append(("source", a.source.spans))
        for role, spans in parts:
            marks.extend((start, end, role, a.id) for start, end in spans)
    cuts = sorted({0, len(article.text), *(m[0] for m in marks), *(m[1] for m in marks)})
    marks.sort()
    out: list[Segment] = []
    order = {"cue": 0, "source": 1, "content": 2}
    active: list[tuple[int, int, str, str]] = []
    following = 0
    # A sweep over the cuts: every span starts and ends on one, so the spans
    # open at a piece's start cover the whole piece.
    for start, end in itertools.pairwise(cuts):
        while following < len(marks) and marks[following][0] <= start:
            active.append(marks[following])
            following += 1
        active = [m for m in active if m[1] > start]
        if not active:
            out.append(Segment(article.text[start:end], None, ()))
            continue
        ranked = sorted(active, key=lambda m: order[m[2]])  # a click on a cue opens its own
        ids = tuple(dict.fromkeys(m[3] for m in ranked))
        out.append(Segment(article.text[start:end], ranked[0][2], ids))
    return out


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]
    x: float
    heights: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """Grouped bars over months, scaled to a ``width`` × ``height`` SVG."""

    bars: list[Bar]
    width: int
    height: int
    maximum: int
    step: float
    series: tuple[str, ...]


def chart(
    rows: Sequence[tuple[str, Sequence[int]]],
    series: tuple[str, ...],
    width: int = 720,
    height: int = 180,
) -> Chart:
    """A bar chart of ``rows`` (label, one value per series)."""
    maximum = max((v for _, values in rows for v in values), default=0) or 1
    step = width / max(len(rows), 1)
    bars = [
        Bar(
            label,
            tuple(values),
            i * step,
            tuple(round(v / maximum * (height - 20), 1) for v in values),
        )
        for i, (label, values) in enumerate(rows)
    ]
    return Chart(bars, width, height, maximum, step, series)


@dataclass
class Layout:
    """The citation graph placed on a plane, ready to draw."""

    nodes: list[dict[str, object]] = field(default_factory=list)
    edges: list[dict[str, object]] = field(default_factory=list)
    width: int = 960
    height: int = 640


def layout(graph: Graph, *, limit: int = 120, width: int = 960, height: int = 640) -> Layout:
    """Place the ``limit`` busiest nodes with a seeded spring layout (the same every time)."""
    import networkx as nx

    weight: dict[str, int] = {}
    for e in graph.edges:
        weight[e.source] = weight.get(e.source, 0) + e.count
        weight[e.target] = weight.get(e.target, 0) + e.count
    keep = set(sorted(weight, key=lambda n: (-weight[n], n))[:limit])
    g = nx.DiGraph()
    g.add_nodes_from(sorted(keep))
    for e in graph.edges:
        if e.source in keep and e.target in keep:
            g.add_edge(e.source, e.target, count=e.count)
    out = Layout(width=width, height=height)
    if not g:
        return out
    positions = nx.spring_layout(g, seed=7, iterations=80, k=2.5 / math.sqrt(len(g)))
    margin = 40
    for node in sorted(g.nodes):
        x, y = positions[node]
        info = graph.nodes.get(node, {})
        entity = info.get("entity")
        label = str(info.get("label", node))
        out.nodes.append(
            {
                "id": node,
                "label": label,
                "type": info.get("type", "unknown"),
                "href": f"/entities/{entity}"
                if entity is not None
                else "/articles?" + urlencode({"outlet": label}),
                "x": round(margin + (float(x) + 1) / 2 * (width - 2 * margin), 1),
                "y": round(margin + (float(y) + 1) / 2 * (height - 2 * margin), 1),
                "r": round(5 + 3 * math.log1p(weight.get(node, 0)), 1),
                "weight": weight.get(node, 0),
            }
        )
    where = {n["id"]: n for n in out.nodes}
    for source, target, data in g.edges(data=True):
        out.edges.append(
            {
                "source": source,
                "target": target,
                "count": data["count"],
                "x1": where[source]["x"],
                "y1": where[source]["y"],
                "x2": where[target]["x"],
                "y2": where[target]["y"],
                "width": round(1 + 1.5 * math.log1p(data["count"]), 1),
            }
        )
    return out
