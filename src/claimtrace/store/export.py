"""Exports of a store: JSON Lines, CSV, GraphML, brat.

All stream from the database, one article at a time (the graph excepted,
which is aggregated by the database first).

- ``jsonl``: one article per line exactly as ``claimtrace analyze`` writes it;
- ``csv``: one row per attribution, with the corpus ids of entities and chains;
- ``graphml``: the citation graph (outlets and sources, edges weighted by
  count), which Gephi and yEd open;
- ``brat``: ``text/<id>.txt`` and ``attributions/<id>_ctrc.ann`` per article
  (PolNeAR's layout), to be corrected in brat and ingested back as gold.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx
from sqlalchemy import select

from claimtrace.model import Article
from claimtrace.store.db import Store
from claimtrace.store.queries import citation_graph
from claimtrace.store.schema import article_entities, articles, attributions

FORMATS = ("jsonl", "csv", "graphml", "brat")
ANNOTATOR = "ctrc"  # the "annotator" suffix of exported .ann files
METADATA = "metadata.jsonl"  # beside text/ and attributions/: what brat has no place for


def stored_articles(store: Store) -> Iterator[tuple[int, Article]]:
    """Every stored article (store id, article), in store order, streamed."""
    with store.engine.connect() as c:
        rows = c.execution_options(stream_results=True, yield_per=100).execute(
            select(articles.c.id, articles.c.document).order_by(articles.c.id)
        )
        for row in rows:
            yield row.id, Article.from_dict(row.document)


def export_jsonl(store: Store, out: IO[str]) -> int:
    """Write every article as a JSON line; returns how many."""
    count = 0
    for _, article in stored_articles(store):
        out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


CSV_COLUMNS = [
    "attribution_id", "article_id", "article", "outlet", "date", "title", "local_id", "kind",
    "source", "source_type", "source_entity", "source_name", "source_description", "cue",
    "content", "addressee", "addressee_entity", "via_attribution_id", "confidence", "method",
]  # fmt: skip


def export_csv(store: Store, out: IO[str]) -> int:
    """Write one row per attribution; returns how many."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    with store.engine.connect() as c:
        for article_id, article in stored_articles(store):
            corpus = {
                r.local_id: r.entity_id
                for r in c.execute(
                    select(article_entities.c.local_id, article_entities.c.entity_id).where(
                        article_entities.c.article_id == article_id
                    )
                )
            }
            stored = {
                r.local_id: (r.id, r.via_id)
                for r in c.execute(
                    select(attributions.c.local_id, attributions.c.id, attributions.c.via_id).where(
                        attributions.c.article_id == article_id
                    )
                )
            }
            names = {e.id: e.name for e in article.entities}
            for a in article.attributions:
                source, addressee = a.source, a.addressee
                ident, via = stored.get(a.id, (None, None))
                writer.writerow(
                    [
                        ident, article_id, article.id, article.outlet, article.date, article.title,
                        a.id, a.kind.value,
                        source.text if source else "", source.type.value if source else "",
                        corpus.get(source.entity) if source and source.entity else "",
                        names.get(source.entity, "") if source and source.entity else "",
                        source.description.text if source and source.description else "",
                        a.cue.text, a.content.text, addressee.text if addressee else "",
                        corpus.get(addressee.entity) if addressee and addressee.entity else "",
                        via or "", a.confidence, a.method,
                    ]
                )  # fmt: skip
                count += 1
    return count


def export_graphml(store: Store, path: Path) -> int:
    """Write the citation graph as GraphML; returns the number of edges."""
    graph = citation_graph(store)
    g: nx.DiGraph[str] = nx.DiGraph()
    for node, data in graph.nodes.items():
        g.add_node(node, label=data["label"], type=data["type"])
    for edge in graph.edges:
        attributes: dict[str, Any] = {"weight": edge.count}
        if edge.first:
            attributes["first"] = edge.first
        if edge.last:
            attributes["last"] = edge.last
        g.add_edge(edge.source, edge.target, **attributes)
    nx.write_graphml(g, str(path))
    return len(graph.edges)


def _ann(article: Article) -> str:
    """The article's attributions as brat standoff lines (PolNeAR's scheme)."""
    lines: list[str] = []
    t = 0
    e = 0

    def span(label: str, spans: tuple[tuple[int, int], ...]) -> str:
        nonlocal t
        t += 1
        offsets = ";".join(f"{s} {x}" for s, x in spans)
        shown = " ".join(article.text[s:x] for s, x in spans).replace("\n", " ")
        lines.append(f"T{t}\t{label} {offsets}\t{shown}")
        return f"T{t}"

    for a in article.attributions:
        if a.method == "conduit":
            continue  # derived from an addressee, not in the text's own attributions
        cue = span("Cue", (a.cue_phrase or a.cue).spans)
        content = span("Content", a.content.spans)
        source = span("Source", (a.source.phrase or a.source).spans) if a.source else None
        anchor = span("Attribution" if source else "Attribution-no-source", a.cue.spans)
        e += 1
        roles = f"Attribution:{anchor} Cue:{cue} Content:{content}"
        if source:
            roles = f"Attribution:{anchor} Source:{source} Cue:{cue} Content:{content}"
        lines.append(f"E{e}\t{roles}")
    return "\n".join(lines) + ("\n" if lines else "")


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in name)[:120] or "article"


def export_brat(store: Store, folder: Path) -> int:
    """Write text/ and attributions/ for brat; returns the number of articles.

    What brat has no place for (each article's id, title, outlet, date, URL)
    goes to ``metadata.jsonl`` beside them, so that ingesting the folder
    again, into any store, gives back whole articles.
    """
    (folder / "text").mkdir(parents=True, exist_ok=True)
    (folder / "attributions").mkdir(parents=True, exist_ok=True)
    count = 0
    used: set[str] = set()
    with open(folder / METADATA, "w", encoding="utf-8") as meta:
        for article_id, article in stored_articles(store):
            name = _brat_files(folder, article_id, article, used)
            record = {
                "file": name,
                "id": article.id,
                "title": article.title,
                "outlet": article.outlet,
                "date": article.date,
                "url": article.url,
            }
            meta.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def _brat_files(folder: Path, article_id: int, article: Article, used: set[str]) -> str:
    """Write one article's text and .ann; returns its file name (without suffix)."""
    name = _safe(article.id)
    if name in used:
        name = f"{name}-{article_id}"
    used.add(name)
    # newline="" keeps the text's own line endings, so offsets stay right.
    with open(folder / "text" / f"{name}.txt", "w", encoding="utf-8", newline="") as out:
        out.write(article.text)
    with open(folder / "attributions" / f"{name}_{ANNOTATOR}.ann", "w", encoding="utf-8") as out:
        out.write(_ann(article))
    return name
