"""Fixtures shared across the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
POLNEAR = ROOT.parent / "shared" / "polnear"


@pytest.fixture(scope="session")
def engine():  # type: ignore[no-untyped-def]
    """One engine for the whole session: building it loads the models."""
    from claimtrace.engine import Engine

    return Engine()


@pytest.fixture(scope="session")
def example_articles(engine):  # type: ignore[no-untyped-def]
    """The bundled sample corpus, analysed."""
    from claimtrace.ingest.files import read_paths

    return [engine.analyze(doc) for doc in read_paths([str(EXAMPLES)])]
