"""Reading a store: the citation graph, traces, search with filters, articles and outlets."""

from __future__ import annotations

from itertools import pairwise

import pytest

from claimtrace.engine import Engine
from claimtrace.model import Article
from claimtrace.store.db import open_store
from claimtrace.store.queries import (
    SearchFilters,
    article_id_for,
    citation_graph,
    claim,
    claims_of_article,
    list_articles,
    outlets_of,
    search,
    stats,
    stored_article,
    trace,
)
from tests.store.checks import corpus_entity, orphans
from tests.store.texts import CHAINS, SEARCH, analysed


@pytest.fixture(scope="module")
def articles(engine: Engine) -> dict[str, Article]:
    return {**analysed(engine, CHAINS), **analysed(engine, SEARCH)}


def _attribution(url: str, key: str, local_id: str) -> int:
    with open_store(url) as store:
        article_id = article_id_for(store, key)
        assert article_id is not None
        found = [c.id for c in claims_of_article(store, article_id) if c.local_id == local_id]
    assert found, f"{key} has no attribution {local_id}"
    return found[0]


def test_the_store_holds_every_article_whole(stored: str, articles: dict[str, Article]) -> None:
    with open_store(stored) as store:
        assert stats(store).articles == len(articles)
        assert stats(store).attributions == sum(len(a.attributions) for a in articles.values())
        assert orphans(store) == {}
        for key, article in articles.items():
            article_id = article_id_for(store, key)
            assert article_id is not None
            assert article_id_for(store, str(article_id)) == article_id  # by number too
            back = stored_article(store, article_id)
            assert back is not None
            assert back.to_dict() == article.to_dict()
            claims = claims_of_article(store, article_id)
            assert [c.local_id for c in claims] == [a.id for a in article.attributions]
            assert [c.content for c in claims] == [a.content.text for a in article.attributions]
        assert article_id_for(store, "no-such-article") is None
        assert stored_article(store, 10**6) is None
        assert claim(store, 10**6) is None


def test_citation_graph(stored: str, articles: dict[str, Article]) -> None:
    with open_store(stored) as store:
        node = {
            name: f"entity:{corpus_entity(store, key, name, articles[key])}"
            for key, name in [
                ("kom-1", "Izvestia"),
                ("izv-1", "Le Monde"),
                ("izv-1", "Pierre Durand"),
                ("brandt", "Ivo Brandt"),
                ("ferry", "Lena Vogt"),
            ]
        }
        graph = citation_graph(store)
        # The outlets that published articles are nodes too.
        labels = {data["label"]: n for n, data in graph.nodes.items()}
        assert labels["Izvestia"] == node["Izvestia"]  # outlet and quoted source: one node
        node["Kommersant"] = labels["Kommersant"]
        node["Harbour Times"] = labels["Harbour Times"]
        node["Valley Post"] = labels["Valley Post"]
        edges = {(e.source, e.target): (e.count, e.first, e.last) for e in graph.edges}
        assert len(edges) == len(graph.edges), "one edge per pair of nodes"
        expected = {
            # Izvestia's own articles quote Le Monde twice; Kommersant's cites
            # Izvestia citing Le Monde once.
            ("Izvestia", "Le Monde"): (3, "2024-04-02", "2024-04-07"),
            ("Le Monde", "Pierre Durand"): (2, "2024-04-02", "2024-04-05"),
            ("Kommersant", "Izvestia"): (1, "2024-04-07", "2024-04-07"),
            ("Kommersant", "Pierre Durand"): (1, "2024-04-07", "2024-04-07"),
            ("Harbour Times", "Ivo Brandt"): (1, "2024-01-10", "2024-01-10"),
            ("Valley Post", "Lena Vogt"): (1, "2024-03-22", "2024-03-22"),
        }
        assert edges == {(node[a], node[b]): value for (a, b), value in expected.items()}
        assert graph.nodes[node["Pierre Durand"]]["type"] == "person"
        assert graph.nodes[node["Le Monde"]]["type"] == "media"

        heavy = citation_graph(store, minimum=2)
        assert {(e.source, e.target) for e in heavy.edges} == {
            (node["Izvestia"], node["Le Monde"]),
            (node["Le Monde"], node["Pierre Durand"]),
        }
        assert set(heavy.nodes) == {node["Izvestia"], node["Le Monde"], node["Pierre Durand"]}


@pytest.mark.parametrize(
    ("key", "local_id", "chain"),
    [
        ("izv-1", "a2", [("Pierre Durand", "citing"), ("Le Monde", "reported")]),
        ("izv-2", "a2", [("Pierre Durand", "citing"), ("Le Monde", "reported")]),
        ("kom-1", "a2", [("Le Monde", "citing"), ("Izvestia", "reported")]),
        ("izv-1", "a1", [("Le Monde", "reported")]),
        ("brandt", "a1", [("Ivo Brandt", "said")]),
    ],
)
def test_trace_walks_from_the_first_source_to_the_article(
    stored: str, key: str, local_id: str, chain: list[tuple[str, str]]
) -> None:
    start = _attribution(stored, key, local_id)
    with open_store(stored) as store:
        links = trace(store, start)
        assert [(c.source_name, c.cue) for c in links] == chain
        assert links[0].id == start
        assert all(c.article_key == key for c in links)
        assert links[-1].via_id is None  # the outermost: the article's own
        for inner, outer in pairwise(links):
            assert inner.via_id == outer.id
        assert trace(store, 10**6) == []


TRAM = {"brandt", "ministry", "anonymous"}
SEARCHES = [
    pytest.param("tram", SearchFilters(), TRAM, id="all"),
    pytest.param(
        "Tram", SearchFilters(outlet="Harbour Times"), {"brandt", "anonymous"}, id="outlet"
    ),
    pytest.param("tram", SearchFilters(since="2024-02-01"), {"ministry", "anonymous"}, id="since"),
    pytest.param("tram", SearchFilters(until="2024-02-15"), {"brandt", "ministry"}, id="until"),
    pytest.param(
        "tram", SearchFilters(since="2024-02-01", until="2024-02-29"), {"ministry"}, id="range"
    ),
    pytest.param("tram", SearchFilters(source_type="anonymous"), {"anonymous"}, id="anonymous"),
    pytest.param("tram", SearchFilters(source_type="government"), {"ministry"}, id="government"),
    pytest.param(
        "tram",
        SearchFilters(outlet="Harbour Times", since="2024-02-01", source_type="anonymous"),
        {"anonymous"},
        id="all-filters",
    ),
    pytest.param("tram", SearchFilters(outlet="Valley Post", until="2024-01-31"), set(), id="none"),
    pytest.param("Brandt", SearchFilters(), {"brandt"}, id="speaker"),
    pytest.param("cuts", SearchFilters(), {"ferry"}, id="title"),
    pytest.param("ferries", SearchFilters(), {"ferry"}, id="stemmed"),
    pytest.param("tram budget", SearchFilters(), {"ministry"}, id="every-word"),
    pytest.param("brigades", SearchFilters(), {"izv-1", "kom-1"}, id="chains"),
    pytest.param("brigades", SearchFilters(outlet="Izvestia"), {"izv-1"}, id="chains-outlet"),
    pytest.param("xyzzy", SearchFilters(), set(), id="nothing"),
    # Web-search syntax means the same on both backends.
    pytest.param("tram or ferry", SearchFilters(), TRAM | {"ferry"}, id="or"),
    pytest.param("tram AND budget", SearchFilters(), {"ministry"}, id="and"),
    pytest.param('"tram line" -budget', SearchFilters(), {"brandt", "anonymous"}, id="not"),
    pytest.param('"line tram"', SearchFilters(), set(), id="phrase-order"),
]


@pytest.mark.parametrize(("query", "filters", "keys"), SEARCHES)
def test_search(stored: str, query: str, filters: SearchFilters, keys: set[str]) -> None:
    with open_store(stored) as store:
        hits = search(store, query, filters)
        assert {h.article_key for h in hits} == keys
        assert len({h.id for h in hits}) == len(hits)
        ranks = [h.rank for h in hits]
        assert ranks == sorted(ranks, reverse=True)  # best first


def test_search_pages(stored: str) -> None:
    with open_store(stored) as store:
        everything = search(store, "tram")
        assert len(everything) == 3
        pages = [search(store, "tram", limit=1, offset=k) for k in range(4)]
        assert [len(p) for p in pages] == [1, 1, 1, 0]
        assert [p[0].id for p in pages[:3]] == [h.id for h in everything]


def test_a_speakers_name_ranks_first(stored: str) -> None:
    with open_store(stored) as store:
        hits = search(store, "Brandt tram")
        assert hits and hits[0].article_key == "brandt"
        assert hits[0].source_name == "Ivo Brandt"


FTS_SYNTAX = [
    '"tram', 'tram"', '"tram line"', "tram*", "*", "tram AND", "AND", "OR", "NOT", "tram OR",
    "(tram", "tram)", "()", "NEAR(tram line)", "content:tram", "^tram", "tram's", "-tram",
    "tram -line", '"', "''", "tram && line || bus", "{tram}", "tram:", ":", "\\", "%", "_",
    "'; DROP TABLE attributions; --", "   ", "", "tram\x00line", "tram\x00", "😀 tram",
    "AND OR NOT NEAR", "tram + line", "tram <-> line", "!tram", "tram | line", "tram & line",
]  # fmt: skip
STILL_FINDS = [
    '"tram',
    'tram"',
    "tram*",
    "(tram",
    "tram)",
    "^tram",
    "{tram}",
    "tram AND",
    "😀 tram",
]


@pytest.mark.parametrize("query", FTS_SYNTAX)
def test_search_syntax_never_raises(stored: str, query: str) -> None:
    with open_store(stored) as store:
        before = stats(store)
        hits = search(store, query)
        assert isinstance(hits, list)
        if query in STILL_FINDS:
            assert {h.article_key for h in hits} == TRAM
        if not query.strip(" \"'*:()\\%_"):
            assert hits == []
        assert stats(store) == before


@pytest.mark.parametrize(
    ("options", "keys"),
    [
        ({}, set(CHAINS) | set(SEARCH)),
        ({"outlet": "Izvestia"}, {"izv-1", "izv-2"}),
        ({"since": "2024-04-01"}, set(CHAINS)),
        ({"until": "2024-01-31"}, {"brandt"}),
        ({"since": "2024-03-01", "until": "2024-03-31"}, {"anonymous", "ferry"}),
        ({"query": "climb"}, {"ministry"}),  # in the title
        ({"query": "Tram"}, TRAM),  # in the title or the text
        ({"query": "%"}, set()),  # LIKE's wildcards match themselves
        ({"query": "_"}, set()),
        ({"outlet": "Nobody"}, set()),
    ],
)
def test_list_articles(stored: str, options: dict[str, str], keys: set[str]) -> None:
    with open_store(stored) as store:
        listed = list_articles(store, **options)  # type: ignore[arg-type]
        assert {a["key"] for a in listed} == keys
        ids = [a["id"] for a in listed]
        assert ids == sorted(ids, reverse=True)  # newest first


def test_list_articles_pages_by_last_id(stored: str) -> None:
    with open_store(stored) as store:
        everything = [a["id"] for a in list_articles(store)]
        pages: list[int] = []
        after = None
        while page := list_articles(store, limit=2, after=after):
            assert len(page) <= 2
            pages.extend(a["id"] for a in page)
            after = page[-1]["id"]
        assert pages == everything


def test_outlets(stored: str, articles: dict[str, Article]) -> None:
    with open_store(stored) as store:
        assert sorted(outlets_of(store)) == sorted(
            {a.outlet for a in articles.values() if a.outlet}
        )
