"""Entities across articles: who is the same source, with their descriptions and counts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimtrace.engine import Engine
from claimtrace.model import Article
from claimtrace.resolve.entities import normalise
from claimtrace.store.db import open_store
from claimtrace.store.queries import (
    claims_of,
    entity,
    entity_descriptions,
    list_entities,
)
from claimtrace.store.writer import Writer
from tests.store.checks import corpus_entity, orphans
from tests.store.conftest import BACKENDS, fresh_store_url
from tests.store.texts import ENTITIES, analysed


@pytest.fixture(scope="module")
def articles(engine: Engine) -> dict[str, Article]:
    return analysed(engine, ENTITIES)


ORDERS = ["forward", "reverse"]  # the merges must not depend on which article came first


@pytest.fixture(
    scope="module",
    params=[(b, o) for b in BACKENDS for o in ORDERS],
    ids=lambda p: "-".join(p),
)
def stored(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    articles: dict[str, Article],
) -> Iterator[str]:
    """A store holding the ENTITIES articles, written one by one in either order."""
    backend, order = request.param
    batch = list(articles.values())
    if order == "reverse":
        batch.reverse()
    with fresh_store_url(backend, tmp_path_factory.mktemp(backend)) as url:
        with open_store(url, write=True) as store, Writer(store) as writer:
            for article in batch:  # one transaction each, as separate ingests would
                writer.write([(article, False)])
        yield url


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("the Russian Defence Ministry", "russian defense ministry"),
        ("Russia's Defense Ministry", "russian defense ministry"),
        ("Russia’s Defense Ministry", "russian defense ministry"),
        ("The Financial Times", "financial times"),
        ("World Health Organisation", "world health organization"),
        ("A. Petrov", "a. petrov"),
        ("Alexander Petrov", "alexander petrov"),
    ],
)
def test_names_normalise_to_one_key(name: str, key: str) -> None:
    assert normalise(name) == key


# (article, name as the article has it) pairs that are one source, or two.
SAME = [
    pytest.param(
        ("alexander", "Alexander Petrov"), ("surname", "Petrov"), id="surname-same-outlet"
    ),
    pytest.param(
        ("alexander", "Alexander Petrov"), ("initial", "A. Petrov"), id="initial-same-words"
    ),
    pytest.param(("ivan", "Ivan Petrov"), ("cardiologist", "Petrov"), id="surname-same-job"),
    pytest.param(("ft-long", "The Financial Times"), ("ft-short", "The FT"), id="ft"),
    pytest.param(
        ("ministry-adjective", "Russian Defense Ministry"),
        ("ministry-possessive", "Russia's Defense Ministry"),
        id="ministry",
    ),
]
DIFFERENT = [
    pytest.param(("alexander", "Alexander Petrov"), ("ivan", "Ivan Petrov"), id="two-full-names"),
    pytest.param(("alexander", "Alexander Petrov"), ("chess", "Petrov"), id="surname-unrelated"),
    pytest.param(("ivan", "Ivan Petrov"), ("chess", "Petrov"), id="surname-unrelated-2"),
    pytest.param(("ivan", "Ivan Petrov"), ("initial", "A. Petrov"), id="other-initial"),
    pytest.param(("surname", "Petrov"), ("cardiologist", "Petrov"), id="two-lone-surnames"),
    pytest.param(
        ("ft-long", "The Financial Times"),
        ("ministry-adjective", "Russian Defense Ministry"),
        id="outlet-vs-ministry",
    ),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_one_source_is_one_entity(
    stored: str, articles: dict[str, Article], one: tuple[str, str], other: tuple[str, str]
) -> None:
    with open_store(stored) as store:
        first = corpus_entity(store, one[0], one[1], articles[one[0]])
        second = corpus_entity(store, other[0], other[1], articles[other[0]])
        assert first == second, f"{one} and {other} should be one entity"


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_sources_stay_apart(
    stored: str, articles: dict[str, Article], one: tuple[str, str], other: tuple[str, str]
) -> None:
    with open_store(stored) as store:
        first = corpus_entity(store, one[0], one[1], articles[one[0]])
        second = corpus_entity(store, other[0], other[1], articles[other[0]])
        assert first != second, f"{one} and {other} should be two entities"


def test_the_petrovs(stored: str) -> None:
    """Three people called Petrov: the expert, the cardiologist and the chess coach."""
    with open_store(stored) as store:
        people = list_entities(store, type="person", query="petrov")
        assert sorted(p.name for p in people) == ["Alexander Petrov", "Ivan Petrov", "Petrov"]
        assert orphans(store) == {}


def _attributions_of(articles: dict[str, Article], pairs: list[tuple[str, str]]) -> int:
    """How many attributions the named article entities are the source of."""
    count = 0
    for key, name in pairs:
        article = articles[key]
        local = next(e.id for e in article.entities if e.name == name)
        count += sum(1 for a in article.attributions if a.source and a.source.entity == local)
    return count


def test_descriptions_stay_with_their_articles(stored: str, articles: dict[str, Article]) -> None:
    with open_store(stored) as store:
        expert = corpus_entity(store, "alexander", "Alexander Petrov", articles["alexander"])
        seen = [
            (d.text, d.article_key, d.outlet, d.date) for d in entity_descriptions(store, expert)
        ]
        assert seen == [  # by date
            ("a military expert", "alexander", "Baltic Wire", "2024-03-01"),
            ("a retired military analyst", "surname", "Baltic Wire", "2024-03-05"),
            ("a military expert at the Riga Institute", "initial", "Nordic Times", "2024-03-09"),
        ]
        doctor = corpus_entity(store, "ivan", "Ivan Petrov", articles["ivan"])
        assert [(d.text, d.article_key) for d in entity_descriptions(store, doctor)] == [
            ("a cardiologist in Omsk", "ivan"),
            ("a cardiologist", "cardiologist"),
        ]
        ft = corpus_entity(store, "ft-long", "The Financial Times", articles["ft-long"])
        assert entity_descriptions(store, ft) == []


@pytest.mark.parametrize(
    ("article", "name", "pairs", "outlets", "first", "last"),
    [
        (
            "alexander",
            "Alexander Petrov",
            [("alexander", "Alexander Petrov"), ("surname", "Petrov"), ("initial", "A. Petrov")],
            ["Baltic Wire", "Nordic Times"],  # most quoting first
            "2024-03-01",
            "2024-03-09",
        ),
        (
            "ivan",
            "Ivan Petrov",
            [("ivan", "Ivan Petrov"), ("cardiologist", "Petrov")],
            ["Omsk Courier"],
            "2024-03-02",
            "2024-03-04",
        ),
        (
            "chess",
            "Petrov",
            [("chess", "Petrov")],
            ["Lisbon Post"],
            "2024-03-03",
            "2024-03-03",
        ),
        (
            "ft-long",
            "The Financial Times",
            [("ft-long", "The Financial Times"), ("ft-short", "The FT")],
            ["Baltic Wire", "Nordic Times"],
            "2024-03-06",
            "2024-03-07",
        ),
    ],
)
def test_entity_counts(
    stored: str,
    articles: dict[str, Article],
    article: str,
    name: str,
    pairs: list[tuple[str, str]],
    outlets: list[str],
    first: str,
    last: str,
) -> None:
    expected = _attributions_of(articles, pairs)
    assert expected >= len(pairs)
    with open_store(stored) as store:
        found = entity(store, corpus_entity(store, article, name, articles[article]))
        assert found is not None
        assert found.articles == len(pairs)
        assert found.attributions == expected
        assert found.outlets == outlets
        assert (found.first_seen, found.last_seen) == (first, last)
        claims = claims_of(store, found.id)
        assert len(claims) == expected
        assert [c.date for c in claims] == sorted((c.date for c in claims), reverse=True)
        assert {c.article_key for c in claims} == {key for key, _ in pairs}
        listed = {e.id: e for e in list_entities(store)}
        assert listed[found.id] == found
        assert entity(store, 10**6) is None


def test_merged_names_and_aliases(stored: str, articles: dict[str, Article]) -> None:
    # In either order (reversed, the short forms come first) the fullest name wins.
    with open_store(stored) as store:
        expert = entity(store, corpus_entity(store, "surname", "Petrov", articles["surname"]))
        assert expert is not None
        assert expert.name == "Alexander Petrov"  # the fullest form seen wins
        assert {"A. Petrov", "Petrov"} <= set(expert.aliases)
        assert [e.id for e in list_entities(store, query="a. petrov")] == [expert.id]
        ft = [e for e in list_entities(store, query="FT") if e.type == "media"]
        assert len(ft) == 1
        assert "Financial Times" in ft[0].name
        assert list_entities(store, top=1)[0].id == expert.id  # the most quoted
