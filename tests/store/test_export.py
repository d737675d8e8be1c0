"""Exports of a store: JSON Lines, CSV, GraphML, brat; and brat back in as gold."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from sqlalchemy import select

from claimtrace.corpus import ingest
from claimtrace.engine import Engine
from claimtrace.evaluate.polnear import read_ann
from claimtrace.model import Article
from claimtrace.store.db import open_store
from claimtrace.store.export import (
    ANNOTATOR,
    CSV_COLUMNS,
    export_brat,
    export_csv,
    export_graphml,
    export_jsonl,
)
from claimtrace.store.queries import (
    article_id_for,
    citation_graph,
    claim,
    claims_of_article,
    stats,
    stored_article,
)
from claimtrace.store.schema import articles as articles_table
from claimtrace.store.schema import attributions
from tests.store.checks import corpus_entity, orphans, store_articles
from tests.store.conftest import fresh_store_url
from tests.store.texts import CHAINS, SEARCH, Text, analysed, generated

EXTRA: dict[str, Text] = {
    # Windows line endings and characters beyond ASCII: offsets count characters.
    "zurich": Text(
        "Zürich water report\r\n\r\nThe city’s engineer, Corinne Mäder, said “the lake "
        "is cleaner than in 1990”.\r\nShe added that swimming, boating and fishing were safe.",
        "Tages-Blatt",
        "2024-05-01",
    ),
    # An addressee that is a medium: a "conduit" attribution the .ann does not hold.
    "conduit": Text(
        'Alexander Petrov, a military expert, said the army was short of shells. "The '
        'reserves are gone," Petrov told the Financial Times.',
        "Baltic Wire",
        "2024-05-02",
    ),
    **{key: Text(text, "Wire Service", "2024-05-03") for key, text in generated(2).items()},
}


@pytest.fixture(scope="module")
def articles(engine: Engine) -> dict[str, Article]:
    return {**analysed(engine, CHAINS), **analysed(engine, SEARCH), **analysed(engine, EXTRA)}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(
        (resources.files("claimtrace") / "schema" / "article.schema.json").read_text("utf-8")
    )
    return jsonschema.Draft202012Validator(schema)


def test_the_export_corpus_has_what_the_tests_need(articles: dict[str, Article]) -> None:
    methods = [a.method for article in articles.values() for a in article.attributions]
    assert "conduit" in methods
    assert any(a.via for a in articles["izv-1"].attributions)
    assert any('"' in a.content.text for a in articles["gen000"].attributions)


def test_jsonl_gives_back_the_articles_as_analysed(
    stored: str, articles: dict[str, Article], validator: jsonschema.Draft202012Validator
) -> None:
    out = io.StringIO()
    with open_store(stored) as store:
        assert export_jsonl(store, out) == len(articles)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(articles)
    seen = {}
    for line in lines:
        data = json.loads(line)
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, f"{data.get('id')}: {errors[0].message} at {list(errors[0].path)}"
        seen[data["id"]] = data
    assert seen == {key: json.loads(json.dumps(a.to_dict())) for key, a in articles.items()}
    assert Article.from_dict(seen["zurich"]).text == EXTRA["zurich"].text  # \r\n kept


def test_csv_has_one_row_per_attribution(stored: str, articles: dict[str, Article]) -> None:
    out = io.StringIO(newline="")
    with open_store(stored) as store:
        count = export_csv(store, out)
        total = stats(store).attributions
        assert count == total == sum(len(a.attributions) for a in articles.values())
        rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
        assert list(rows[0]) == CSV_COLUMNS
        assert len(rows) == total
        assert len({r["attribution_id"] for r in rows}) == total
        by_local = {(r["article"], r["local_id"]): r for r in rows}
        for key, article in articles.items():
            for a in article.attributions:
                row = by_local[(key, a.id)]
                stored_claim = claim(store, int(row["attribution_id"]))
                assert stored_claim is not None
                assert (stored_claim.article_key, stored_claim.local_id) == (key, a.id)
                assert row["content"] == a.content.text  # quotes and commas survive
                assert row["cue"] == a.cue.text
                assert row["outlet"] == (article.outlet or "")
                assert row["kind"] == a.kind.value
                if a.via:
                    assert row["via_attribution_id"] == by_local[(key, a.via)]["attribution_id"]
                else:
                    assert row["via_attribution_id"] == ""
        # Named sources carry their corpus entity, the same across articles.
        durand = {by_local[(key, "a2")]["source_entity"] for key in ("izv-1", "izv-2")}
        assert durand == {str(corpus_entity(store, "izv-1", "Pierre Durand", articles["izv-1"]))}


def test_graphml_is_the_citation_graph(stored: str, tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    with open_store(stored) as store:
        graph = citation_graph(store)
        assert export_graphml(store, path) == len(graph.edges) > 0
    g = nx.read_graphml(path)
    assert g.is_directed()
    assert set(g.nodes) == set(graph.nodes)
    assert {(a, b): d["weight"] for a, b, d in g.edges(data=True)} == {
        (e.source, e.target): e.count for e in graph.edges
    }
    for node, data in graph.nodes.items():
        assert g.nodes[node]["label"] == data["label"]
        assert g.nodes[node]["type"] == data["type"]
    for e in graph.edges:
        assert g.edges[e.source, e.target]["first"] == e.first
        assert g.edges[e.source, e.target]["last"] == e.last


def _non_conduit(article: Article) -> int:
    return sum(1 for a in article.attributions if a.method != "conduit")


def test_brat_writes_texts_and_annotations(
    stored: str, articles: dict[str, Article], tmp_path: Path
) -> None:
    folder = tmp_path / "brat"
    with open_store(stored) as store:
        assert export_brat(store, folder) == len(articles)
    texts = sorted(p.stem for p in (folder / "text").glob("*.txt"))
    assert texts == sorted(articles)
    anns = sorted((folder / "attributions").glob("*.ann"))
    assert [p.name for p in anns] == [f"{key}_{ANNOTATOR}.ann" for key in texts]
    for key, article in articles.items():
        assert (folder / "text" / f"{key}.txt").read_bytes() == article.text.encode("utf-8")
        ann = folder / "attributions" / f"{key}_{ANNOTATOR}.ann"
        triples = read_ann(ann)
        assert len(triples) == _non_conduit(article)
        expected = [a for a in article.attributions if a.method != "conduit"]
        for triple, a in zip(triples, expected, strict=True):
            assert triple.cue == a.cue.spans
            assert triple.content == a.content.spans
            assert (triple.source is None) == (a.source is None)
        # Each span's text column is the text at its offsets.
        for line in ann.read_text("utf-8").splitlines():
            if line.startswith("T"):
                _, label_offsets, shown = line.split("\t")
                pieces = [p.split() for p in label_offsets.split(" ", 1)[1].split(";")]
                assert shown == " ".join(article.text[int(s) : int(e)] for s, e in pieces).replace(
                    "\n", " "
                )


def test_brat_round_trip_reads_gold(
    stored: str, articles: dict[str, Article], tmp_path: Path, engine: Engine
) -> None:
    folder = tmp_path / "brat"
    with open_store(stored) as store:
        export_brat(store, folder)
        exported = {key: _non_conduit(a) for key, a in articles.items()}
    backend = "sqlite" if stored.startswith("sqlite") else "postgresql"
    with fresh_store_url(backend, tmp_path) as url:
        report = ingest([str(folder)], url, factory=lambda: engine)
        assert report.failed == 0, report.failures
        assert report.stored == len(articles)
        with open_store(url) as store:
            assert stats(store).articles == len(articles)
            assert stats(store).attributions == sum(exported.values())
            assert orphans(store) == {}
            with store.engine.connect() as c:
                assert set(c.execute(select(articles_table.c.gold)).scalars()) == {True}
                assert set(c.execute(select(attributions.c.method)).scalars()) == {"gold"}
            for key, count in exported.items():
                article_id = article_id_for(store, key)
                assert article_id is not None
                claims = claims_of_article(store, article_id)
                assert len(claims) == count
                originals = [a for a in articles[key].attributions if a.method != "conduit"]
                assert sorted(c.content for c in claims) == sorted(
                    a.content.text for a in originals
                )
                # metadata.jsonl brings back what brat has no place for.
                back = stored_article(store, article_id)
                assert back is not None
                original = articles[key]
                assert (back.id, back.title, back.outlet, back.date, back.url) == (
                    original.id, original.title, original.outlet, original.date, original.url
                )  # fmt: skip


def test_brat_back_into_the_same_store_replaces_with_gold(
    db_url: str, articles: dict[str, Article], tmp_path: Path, engine: Engine
) -> None:
    keys = ["izv-1", "brandt", "conduit"]
    store_articles(db_url, [articles[k] for k in keys])
    folder = tmp_path / "brat"
    with open_store(db_url) as store:
        export_brat(store, folder)
    report = ingest([str(folder)], db_url, factory=lambda: engine)
    assert (report.replaced, report.stored, report.failed) == (3, 0, 0)
    with open_store(db_url) as store:
        assert stats(store).articles == 3
        assert stats(store).attributions == sum(_non_conduit(articles[k]) for k in keys)
        assert orphans(store) == {}
        with store.engine.connect() as c:
            rows = c.execute(
                select(
                    articles_table.c.key,
                    articles_table.c.gold,
                    articles_table.c.outlet,
                    articles_table.c.date,
                )
            ).all()
        # What the .ann files cannot hold (outlet, date) is kept from the article replaced.
        assert {(r.key, r.gold, r.outlet, r.date) for r in rows} == {
            (k, True, articles[k].outlet, articles[k].date) for k in keys
        }
        for k in keys:
            back = stored_article(store, article_id_for(store, k) or 0)
            assert back is not None
            assert (back.outlet, back.date) == (articles[k].outlet, articles[k].date)
            assert {a.method for a in back.attributions} == {"gold"}
    # Gold stays: the same texts analysed again are skipped, not stored over it.
    again = ingest([str(folder / "text")], db_url, factory=lambda: engine)
    assert (again.stored, again.skipped) == (0, 3)
