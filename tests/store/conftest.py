"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL tests use a fresh database per test on the server at
``CLAIMTRACE_TEST_POSTGRES`` (default postgresql://postgres@127.0.0.1:5432/test,
which creates and drops the others). Where no server answers they are
skipped with the reason, unless ``CLAIMTRACE_REQUIRE_POSTGRES=1`` (set by
.ci/run), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from claimtrace.model import Article
from tests.store.checks import store_articles

ADMIN_URL = os.environ.get("CLAIMTRACE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def _admin():  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)


def postgres_available() -> str | None:
    """None when the server answers, else why not."""
    try:
        with _admin():
            return None
    except Exception as exc:
        return f"PostgreSQL not reachable at {ADMIN_URL} ({str(exc).strip().splitlines()[0]})"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CLAIMTRACE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{reason}; CLAIMTRACE_REQUIRE_POSTGRES=1 asks for these tests to run")
    pytest.skip(reason)


@contextmanager
def fresh_store_url(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty store on ``backend`` (a PostgreSQL database is dropped after)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'corpus.db'}"
        return
    problem = postgres_available()
    if problem:
        _skip_or_fail(problem)
    name = f"claimtrace_test_{uuid.uuid4().hex[:12]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database (dropped afterwards)."""
    with fresh_store_url("postgresql", tmp_path) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'corpus.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="module", params=BACKENDS)
def stored(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    articles: dict[str, Article],
) -> Iterator[str]:
    """A store on each backend holding the module's ``articles`` (read only by its tests)."""
    with fresh_store_url(request.param, tmp_path_factory.mktemp(request.param)) as url:
        store_articles(url, articles.values())
        yield url
