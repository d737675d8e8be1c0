"""The web app over a PostgreSQL store: every page and API route answers, search finds.

The other web tests use SQLite; the queries differ by backend only in search
(FTS5 vs tsvector), but every route is walked here once on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from claimtrace.corpus import ingest
from tests.conftest import ROOT
from tests.store.conftest import postgres_url  # noqa: F401 - a fixture
from tests.web.servers import serve

API = "/api/v1"


@pytest.fixture
def pg_client(postgres_url: str) -> Iterator[httpx.Client]:  # noqa: F811
    from claimtrace.web.app import create_app

    report = ingest([str(ROOT / "examples" / "corpus")], postgres_url, workers=1)
    assert report.failed == 0 and report.stored > 0
    with serve(create_app(postgres_url)) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


def test_every_route_answers_on_postgresql(pg_client: httpx.Client) -> None:
    articles = pg_client.get(f"{API}/articles").json()["items"]
    entities = pg_client.get(f"{API}/entities").json()["items"]
    assert articles and entities
    article = pg_client.get(f"{API}/articles/{articles[0]['id']}").json()
    attribution_id = next(iter(article["store"]["attributions"].values()))
    paths = [
        "/", "/articles", f"/articles/{articles[0]['id']}", "/entities",
        f"/entities/{entities[0]['id']}", f"/attributions/{attribution_id}",
        "/search?q=shortage", "/graph", f"{API}/attributions/{attribution_id}",
        f"{API}/entities/{entities[0]['id']}", f"{API}/graph", "/docs", "/openapi.json",
    ]  # fmt: skip
    for path in paths:
        response = pg_client.get(path)
        assert response.status_code == 200, (path, response.text[:200])
    hits = pg_client.get(f"{API}/search", params={"q": "fuel shortage"}).json()["items"]
    assert hits
    for hit in hits:  # both words, in the content, the speaker or the title
        seen = " ".join(str(hit[k]) for k in ("content", "source", "source_name", "title")).lower()
        assert "fuel" in seen and "shortage" in seen, hit
    petrov = pg_client.get(f"{API}/entities", params={"q": "Petrov"}).json()["items"]
    assert {"Alexander Petrov", "Ivan Petrov"} <= {e["name"] for e in petrov}
