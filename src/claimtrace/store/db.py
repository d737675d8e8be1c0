"""Opening a corpus store: URLs, connections, migrations.

``sqlite:///corpus.db`` (the default, ``./claimtrace.db``) or
``postgresql://user@host/db``. SQLite runs in WAL mode, so readers (the web
server) never block the one writer (an ingest). The schema is brought to
the newest migration when a store is opened for writing; a store opened for
reading must already be there.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from claimtrace.errors import StoreError

DEFAULT_URL = "sqlite:///claimtrace.db"


def normalise_url(url: str) -> str:
    """A store URL with the driver we install (psycopg 3 for PostgreSQL)."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:  # a bare path
        return f"sqlite:///{url}"
    return url


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # The driver's own transactions leave DDL out (a migration killed half-way
    # would leave half a schema): claimtrace says BEGIN itself (``_sqlite_begin``).
    connection.isolation_level = None
    cursor = connection.cursor()
    _wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


BUSY_MS = 30_000  # how long a connection waits for another's lock


def _wal(cursor: Any) -> None:
    """Put the file in WAL mode (it stays so), waiting while another connection holds it.

    Switching needs the file to itself, and SQLite answers "database is
    locked" at once instead of waiting its busy timeout: several first
    openings of a new store at the same moment would fail but one.
    """
    deadline = time.monotonic() + BUSY_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


WRITING = {"claimtrace_begin": "BEGIN IMMEDIATE"}  # execution options of a writing connection


def _sqlite_begin(connection: Connection) -> None:
    # A writer takes the write lock at BEGIN (waiting busy_timeout for another
    # writer): a deferred transaction that read first cannot wait for it later.
    connection.exec_driver_sql(connection.get_execution_options().get("claimtrace_begin", "BEGIN"))


def _alembic(connection: Connection) -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("claimtrace.store") / "migrations")
    )
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration this claimtrace knows."""
    script = ScriptDirectory.from_config(_alembic_config_only())
    head = script.get_current_head()
    assert head is not None
    return head


def _alembic_config_only() -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("claimtrace.store") / "migrations")
    )
    return config


@dataclass
class Store:
    """An open corpus store."""

    url: str
    engine: Engine
    shown: str = ""  # the URL as the user gave it, password hidden, for messages

    def __post_init__(self) -> None:
        if not self.shown:
            self.shown = _describe(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _describe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def open_store(url: str = DEFAULT_URL, *, write: bool = False) -> Store:
    """Open the store at ``url``; for writing, create it or bring its schema up to date."""
    shown = _describe(url)  # as the user gave it (password hidden)
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"{url!r} is not a database URL: use sqlite:///file.db or postgresql://user@host/db"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if not write and (not parsed.database or not path.exists()):
            raise StoreError(
                f"there is no claimtrace database at {path}: create one with "
                f"`claimtrace ingest PATH --db {url}`"
            )
        if write and parsed.database:
            folder = path.resolve().parent
            if not folder.exists():
                raise StoreError(f"cannot create {path}: the folder {folder} does not exist")
        # A web server reads on many threads at once: keep their connections
        # open (each new one costs its pragmas) instead of the default five.
        engine = create_engine(
            url, connect_args={"timeout": BUSY_MS / 1000}, pool_size=20, max_overflow=40
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif parsed.get_backend_name() == "postgresql":
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    else:
        raise StoreError(
            f"{shown}: claimtrace stores corpora in SQLite or PostgreSQL; "
            "use sqlite:///file.db or postgresql://user@host/db"
        )
    try:
        with engine.connect() as connection:
            if write:
                connection = connection.execution_options(**WRITING)
            connection.execute(text("SELECT 1"))
            if write:
                upgrade(connection)
            else:
                current = MigrationContext.configure(connection).get_current_revision()
                if current != head_revision():
                    raise StoreError(
                        f"the database at {shown} has schema revision {current or 'none'}, "
                        f"this claimtrace needs {head_revision()}: run `claimtrace ingest` "
                        "on it (which migrates it) or point --db at a claimtrace database"
                    )
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot use the database at {shown}: {one_line(exc)}") from exc
    except BaseException:
        engine.dispose()  # the pooled connection would be left open
        raise
    return Store(url, engine, shown)


def one_line(exc: BaseException) -> str:
    """A database error's first line, without SQLAlchemy's SQL and links."""
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


# Alembic runs migrations through module-level proxies (``alembic.context``,
# ``alembic.op``): one upgrade at a time in a process.
_UPGRADING = threading.Lock()
_LOCK_KEY = 0x636C6D74  # "clmt": PostgreSQL's advisory lock for migrations


def upgrade(connection: Connection) -> None:
    """Bring the schema to the newest migration (one transaction, committed here)."""
    if connection.dialect.name == "postgresql":
        # Two first ingests at once: the second waits, then finds the schema made.
        # (SQLite's writing connections hold the write lock from BEGIN IMMEDIATE.)
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    if MigrationContext.configure(connection).get_current_revision() == head_revision():
        connection.commit()
        return
    with _UPGRADING:
        command.upgrade(_alembic(connection), "head")
    connection.commit()
