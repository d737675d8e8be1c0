"""Opening stores: migrations, URLs that are not stores, paths that cannot be written."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from claimtrace.errors import StoreError
from claimtrace.store.db import head_revision, normalise_url, open_store
from claimtrace.store.queries import stats

TABLES = {
    "alembic_version",
    "articles",
    "article_entities",
    "attributions",
    "descriptions",
    "entities",
    "entity_aliases",
    "errors",
}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///corpus.db", "sqlite:///corpus.db"),
        ("corpus.db", "sqlite:///corpus.db"),
        ("/data/corpus.db", "sqlite:////data/corpus.db"),
    ],
)
def test_normalise_url(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


def test_opening_for_writing_creates_the_schema(db_url: str) -> None:
    with open_store(db_url, write=True) as store:
        tables = set(inspect(store.engine).get_table_names())
        assert tables >= TABLES
        with store.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                head_revision()
            )
        if store.dialect == "sqlite":
            assert "attribution_search" in tables  # the FTS5 table
        else:
            columns = {c["name"] for c in inspect(store.engine).get_columns("attributions")}
            assert "search" in columns  # the tsvector
    # Now it opens for reading, empty.
    with open_store(db_url) as store:
        assert stats(store).to_dict() == {
            "articles": 0,
            "attributions": 0,
            "entities": 0,
            "errors": 0,
        }


def test_opening_again_for_writing_keeps_the_schema_and_data(db_url: str) -> None:
    with open_store(db_url, write=True) as store, store.engine.begin() as c:
        c.execute(
            text("INSERT INTO errors (path, reason, at) VALUES ('x.txt', 'why', :at)"),
            {"at": "2024-01-01 00:00:00+00:00"},
        )
    for _ in range(2):
        with open_store(db_url, write=True) as store:
            assert stats(store).errors == 1


def test_reading_an_empty_database_is_a_store_error(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        path = db_url.removeprefix("sqlite:///")
        sqlite3.connect(path).close()  # an empty SQLite file
        assert Path(path).exists()
    with pytest.raises(StoreError) as caught:
        open_store(db_url)
    message = str(caught.value)
    assert "\n" not in message
    assert "schema revision none" in message
    assert "claimtrace ingest" in message  # says what to do


def test_reading_a_database_of_something_else_is_a_store_error(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as c:
            c.execute("CREATE TABLE recipes (name TEXT)")
    else:
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as c:
            c.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StoreError, match="point --db at a claimtrace database"):
        open_store(db_url)


def test_reading_a_missing_sqlite_file_says_how_to_make_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nothing.db'}"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert f"claimtrace ingest PATH --db {url}" in str(caught.value)
    assert not (tmp_path / "nothing.db").exists()  # reading never creates a store


def _not_a_store(tmp_path: Path) -> str:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    return f"sqlite:///{path}"


BAD_URLS = [
    pytest.param(lambda _: "postgresql://postgres@127.0.0.1:1/x", "connection", id="no-server"),
    pytest.param(lambda _: "http://example.com/corpus", "SQLite or PostgreSQL", id="http"),
    pytest.param(lambda _: "mysql://user@localhost/corpus", "SQLite or PostgreSQL", id="mysql"),
    pytest.param(lambda _: "sqlite:///not-here/deeper/corpus.db", "does not exist", id="no-folder"),
    pytest.param(_not_a_store, "not a database", id="text-file"),
]


@pytest.mark.parametrize("write", [True, False], ids=["write", "read"])
@pytest.mark.parametrize(("make", "says"), BAD_URLS)
def test_urls_that_are_not_stores(tmp_path: Path, make, says: str, write: bool) -> None:  # type: ignore[no-untyped-def]
    url = make(tmp_path)
    if "not-here" in url and not write:
        says = "no claimtrace database"
    with pytest.raises(StoreError) as caught:
        open_store(url, write=write)
    message = str(caught.value)
    assert "\n" not in message, message
    assert says in message
    shown = url.removeprefix("sqlite:///") if url.startswith("sqlite") else url
    assert shown in message, f"the message does not name {shown}: {message}"


def test_a_password_is_not_shown() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://postgres:hunter2@127.0.0.1:1/x")
    assert "hunter2" not in str(caught.value)
    assert "127.0.0.1:1/x" in str(caught.value)


def test_a_read_only_place_is_a_store_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root writes through chmod: use a place nobody can create files in.
        url = "sqlite:////proc/claimtrace-corpus.db"
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        url = f"sqlite:///{folder / 'corpus.db'}"
    try:
        with pytest.raises(StoreError) as caught:
            open_store(url, write=True)
    finally:
        if os.geteuid() != 0:
            (tmp_path / "locked").chmod(0o700)
    message = str(caught.value)
    assert "\n" not in message
    assert url.removeprefix("sqlite:///") in message


def test_a_migration_that_fails_leaves_no_half_schema(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration is one transaction, on SQLite too: killed or failing, it leaves nothing."""
    from alembic import op

    def failing(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the power went out")

    monkeypatch.setattr(op, "execute", failing)  # the search index, made last
    with pytest.raises(RuntimeError, match="power"):
        open_store(db_url, write=True)
    monkeypatch.undo()
    with pytest.raises(StoreError, match="schema revision none"):
        open_store(db_url)
    # Nothing half-made is in the way: the next run migrates from scratch.
    with open_store(db_url, write=True) as store:
        assert set(inspect(store.engine).get_table_names()) >= TABLES
        assert stats(store).articles == 0


def test_opening_a_new_store_from_several_threads_at_once(db_url: str) -> None:
    """Two first ingests at once: one makes the schema, the others find it made."""
    outcomes: list[object] = []
    start = threading.Barrier(4)

    def go() -> None:
        start.wait()
        try:
            open_store(db_url, write=True).close()
            outcomes.append("ok")
        except BaseException as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["ok"] * 4
    with open_store(db_url) as store:
        assert stats(store).articles == 0
