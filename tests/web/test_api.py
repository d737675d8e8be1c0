"""The REST API under /api/v1, against a live server: shapes, paging, filters, errors, posting.

Reads go to the session's ``live`` server. Posting writes, so it goes to a
server of its own over a copy of the store (the browser tests share ``live``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.web.conftest import HOSTILE_TEXT, HOSTILE_TITLE, Live
from tests.web.servers import copy_store, serve

API = "/api/v1"
ARTICLE_ITEM = {"id", "key", "title", "outlet", "date", "path"}
ENTITY_ITEM = {"id", "name", "type", "aliases", "descriptions", "articles", "attributions",
               "outlets", "first_seen", "last_seen"}  # fmt: skip
CLAIM = {"id", "article_id", "article_key", "title", "outlet", "date", "local_id", "kind",
         "source", "source_type", "source_entity", "source_name", "cue", "content",
         "addressee", "via_id", "confidence", "method", "rank"}  # fmt: skip


@pytest.fixture(scope="module")
def client(live: Live) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as c:
        yield c


def get_json(client: httpx.Client, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, (path, params, response.text)
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def everything(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a list endpoint, in one page."""
    page = get_json(client, path, limit=200, **params)
    assert page["next"] is None, "the test corpus is expected to fit in one page"
    return list(page["items"])


def is_day(value: str | None) -> bool:
    try:
        dt.date.fromisoformat(value or "")
    except ValueError:
        return False
    return True


# --- lists: shape and paging -------------------------------------------------------------

LISTS = [
    # path, params, what the items hold, the paging parameter
    (f"{API}/articles", {}, ARTICLE_ITEM, "after"),
    (f"{API}/entities", {}, ENTITY_ITEM, "offset"),
    (f"{API}/search", {"q": "the"}, CLAIM, "offset"),
]


@pytest.mark.parametrize(("path", "params", "keys", "cursor"), LISTS)
def test_list_shape(
    client: httpx.Client, path: str, params: dict[str, str], keys: set[str], cursor: str
) -> None:
    page = get_json(client, path, **params)
    assert set(page) == {"items", "next"}
    assert page["items"], "the test corpus has items for every list"
    for item in page["items"]:
        assert set(item) == keys
        assert isinstance(item["id"], int)


@pytest.mark.parametrize(("path", "params", "keys", "cursor"), LISTS)
def test_paging_walks_every_item_once(
    client: httpx.Client, path: str, params: dict[str, str], keys: set[str], cursor: str
) -> None:
    whole = [item["id"] for item in everything(client, path, **params)]
    assert len(whole) > 3
    first = get_json(client, path, limit=1, **params)
    assert len(first["items"]) == 1 and first["next"] is not None
    second = get_json(client, path, limit=1, **params, **{cursor: first["next"]})
    assert len(second["items"]) == 1
    assert second["items"][0]["id"] != first["items"][0]["id"]

    seen: list[int] = []
    following: Any = None
    for _ in range(len(whole) + 1):
        extra = {cursor: following} if following is not None else {}
        page = get_json(client, path, limit=3, **params, **extra)
        seen += [item["id"] for item in page["items"]]
        following = page["next"]
        if following is None:
            break
    assert following is None, "paging never ended"
    assert seen == whole  # same order, nothing twice, nothing missed


@pytest.mark.parametrize(("path", "params", "keys", "cursor"), LISTS)
def test_the_last_page_has_no_next(
    client: httpx.Client, path: str, params: dict[str, str], keys: set[str], cursor: str
) -> None:
    whole = everything(client, path, **params)
    if cursor == "after":
        last = get_json(client, path, limit=1, after=whole[-2]["id"], **params)
    else:
        last = get_json(client, path, limit=1, offset=len(whole) - 1, **params)
    assert [i["id"] for i in last["items"]] == [whole[-1]["id"]]
    assert last["next"] is None
    exact = get_json(client, path, limit=len(whole), **params)
    assert len(exact["items"]) == len(whole) and exact["next"] is None


# --- filters -----------------------------------------------------------------------------


def test_articles_filter_by_outlet(client: httpx.Client) -> None:
    whole = everything(client, f"{API}/articles")
    for outlet in ("TASS", "<em>NTB</em>"):
        items = everything(client, f"{API}/articles", outlet=outlet)
        assert items and all(i["outlet"] == outlet for i in items)
        assert len(items) == sum(1 for i in whole if i["outlet"] == outlet) < len(whole)
    assert everything(client, f"{API}/articles", outlet="No Such Outlet") == []


@pytest.mark.parametrize(
    ("since", "until"),
    [("2025-05-01", None), (None, "2025-04-20"), ("2025-04-11", "2025-05-03")],
)
def test_articles_filter_by_day(client: httpx.Client, since: str | None, until: str | None) -> None:
    whole = everything(client, f"{API}/articles")
    params = {k: v for k, v in {"since": since, "until": until}.items() if v}
    items = everything(client, f"{API}/articles", **params)

    def inside(day: str | None) -> bool:
        return is_day(day) and (since or "") <= str(day) <= (until or "9999")

    assert items
    assert all(inside(i["date"]) for i in items)
    assert [i["id"] for i in items] == [i["id"] for i in whole if inside(i["date"])]
    assert len(items) < len(whole)


def test_empty_days_are_no_filter(client: httpx.Client) -> None:
    """Forms send every field: ``since=&until=`` means no bounds, as leaving them out does."""
    whole = everything(client, f"{API}/articles")
    assert everything(client, f"{API}/articles", since="", until="") == whole
    hits = everything(client, f"{API}/search", q="the")
    assert everything(client, f"{API}/search", q="the", since="", until="") == hits


def test_articles_filter_by_words(client: httpx.Client) -> None:
    whole = everything(client, f"{API}/articles")
    items = everything(client, f"{API}/articles", q="Drone")
    assert items and len(items) < len(whole)
    for item in items:
        article = get_json(client, f"{API}/articles/{item['id']}")
        assert "drone" in (article["title"] or "").lower() + article["text"].lower()
    hostile = everything(client, f"{API}/articles", q="<b>bold</b>")  # literal, not markup
    assert [i["key"] for i in hostile] == ["hostile"]


def test_entities_filter_by_type_and_name(client: httpx.Client) -> None:
    whole = everything(client, f"{API}/entities")
    people = everything(client, f"{API}/entities", type="person")
    assert people and len(people) < len(whole)
    assert all(e["type"] == "person" for e in people)
    assert len(people) == sum(1 for e in whole if e["type"] == "person")
    named = everything(client, f"{API}/entities", q="petrov")
    assert named and len(named) < len(whole)
    for e in named:
        assert any("petrov" in n.lower() for n in [e["name"], *e["aliases"]])
    assert everything(client, f"{API}/entities", type="no-such-type") == []


SEARCH_FILTERS = [
    ({"outlet": "Reuters"}, lambda c: c["outlet"] == "Reuters"),
    ({"source_type": "government"}, lambda c: c["source_type"] == "government"),
    ({"since": "2025-05-01"}, lambda c: is_day(c["date"]) and c["date"] >= "2025-05-01"),
    ({"until": "2025-04-20"}, lambda c: is_day(c["date"]) and c["date"] <= "2025-04-20"),
]


@pytest.mark.parametrize(("params", "holds"), SEARCH_FILTERS)
def test_search_filters(client: httpx.Client, params: dict[str, str], holds: Any) -> None:
    whole = everything(client, f"{API}/search", q="the")
    items = everything(client, f"{API}/search", q="the", **params)
    assert items and len(items) < len(whole)
    assert all(holds(c) for c in items)
    assert {c["id"] for c in items} == {c["id"] for c in whole if holds(c)}


def test_search_finds_words_in_content_speaker_and_title(client: httpx.Client) -> None:
    hostile = get_json(client, f"{API}/articles/hostile")
    ids = set(hostile["store"]["attributions"].values())
    for words in ("only a test", "Nordmann", "bold"):  # content, speaker, title
        found = {c["id"] for c in everything(client, f"{API}/search", q=words)}
        assert found & ids, words
    assert everything(client, f"{API}/search", q="zzyzx-not-a-word") == []


# --- single items -----------------------------------------------------------------------


def test_article_by_store_id_and_by_key(client: httpx.Client) -> None:
    by_key = get_json(client, f"{API}/articles/hostile")
    by_id = get_json(client, f"{API}/articles/{by_key['store']['id']}")
    assert by_key == by_id
    assert by_key["id"] == "hostile"
    assert by_key["title"] == HOSTILE_TITLE and by_key["text"] == HOSTILE_TEXT
    assert by_key["outlet"] == "<em>NTB</em>" and by_key["date"] == "2025-05-05"
    assert set(by_key["store"]) == {"id", "attributions", "entities"}
    local = {a["id"] for a in by_key["attributions"]}
    assert local and set(by_key["store"]["attributions"]) == local


def test_every_listed_article_opens(client: httpx.Client) -> None:
    for item in everything(client, f"{API}/articles"):
        article = get_json(client, f"{API}/articles/{item['id']}")
        assert article["store"]["id"] == item["id"]
        assert article["id"] == item["key"] and article["title"] == item["title"]


def test_attribution_with_its_chain(client: httpx.Client) -> None:
    chained = []
    for item in everything(client, f"{API}/articles"):
        article = get_json(client, f"{API}/articles/{item['id']}")
        store = article["store"]["attributions"]
        chained += [store[a["id"]] for a in article["attributions"] if a["via"]]
    assert chained, "the examples have attributions reported through others"
    for attribution_id in chained:
        claim = get_json(client, f"{API}/attributions/{attribution_id}")
        assert set(claim) == CLAIM | {"chain"}
        assert claim["id"] == attribution_id and claim["via_id"] is not None
        assert claim["chain"] and claim["chain"][0]["id"] == claim["via_id"]
        for nearer, further in zip(claim["chain"], claim["chain"][1:], strict=False):
            assert nearer["via_id"] == further["id"]
        assert claim["chain"][-1]["via_id"] is None
    plain = get_json(client, f"{API}/articles/hostile")["store"]["attributions"]["a2"]
    assert get_json(client, f"{API}/attributions/{plain}")["chain"] == []


def test_entity_claims_page(client: httpx.Client) -> None:
    top = get_json(client, f"{API}/entities", limit=1)["items"][0]
    assert top["attributions"] >= 2
    seen: list[int] = []
    offset: int | None = 0
    while offset is not None:
        page = get_json(client, f"{API}/entities/{top['id']}", limit=1, offset=offset)
        assert len(page["claims"]) == 1
        seen.append(page["claims"][0]["id"])
        offset = page["claims_next"]
    assert len(seen) == len(set(seen)) == top["attributions"]


def test_entity_with_claims_and_descriptions(client: httpx.Client) -> None:
    top = get_json(client, f"{API}/entities", limit=1)["items"][0]
    entity = get_json(client, f"{API}/entities/{top['id']}")
    assert set(entity) == ENTITY_ITEM | {"descriptions_seen", "claims", "claims_next"}
    assert {k: entity[k] for k in ENTITY_ITEM} == top
    assert len(entity["claims"]) == entity["attributions"] > 0  # fewer than a page
    assert entity["claims_next"] is None
    assert all(c["source_entity"] == top["id"] for c in entity["claims"])
    for d in entity["descriptions_seen"]:
        assert set(d) == {"text", "article", "article_key", "outlet", "date"}
        assert d["text"] in entity["descriptions"]


def test_graph(client: httpx.Client) -> None:
    graph = get_json(client, f"{API}/graph")
    assert set(graph) == {"nodes", "edges"}
    assert graph["nodes"] and graph["edges"]
    nodes = {n["id"]: n for n in graph["nodes"]}
    for n in graph["nodes"]:
        assert {"id", "label", "type", "entity"} <= set(n)
    for e in graph["edges"]:
        assert set(e) == {"source", "target", "count", "first", "last"}
        assert e["source"] in nodes and e["target"] in nodes and e["source"] != e["target"]
        assert e["count"] >= 1
    busiest = max(e["count"] for e in graph["edges"])
    assert busiest > 1
    strong = get_json(client, f"{API}/graph", min_count=2)["edges"]
    assert strong and len(strong) < len(graph["edges"])
    assert all(e["count"] >= 2 for e in strong)
    assert get_json(client, f"{API}/graph", min_count=busiest + 1)["edges"] == []


# --- errors -----------------------------------------------------------------------------

HUGE = "9" * 30  # more than a 64-bit integer: no store can even look it up

NOT_FOUND = [
    f"{API}/articles/999999",
    f"{API}/articles/no-such-article",
    f"{API}/articles/{HUGE}",
    f"{API}/articles/%C2%B2",  # "²": a digit to str.isdigit, not to int()
    f"{API}/attributions/999999",
    f"{API}/attributions/-1",
    f"{API}/attributions/{HUGE}",
    f"{API}/entities/999999",
    f"{API}/entities/{HUGE}",
    f"{API}/no-such-route",
]


@pytest.mark.parametrize("path", NOT_FOUND)
def test_unknown_ids_are_404_json(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"detail"} and isinstance(response.json()["detail"], str)


INVALID = [
    (f"{API}/articles", {"limit": "0"}, "limit"),
    (f"{API}/articles", {"limit": "201"}, "limit"),
    (f"{API}/articles", {"limit": "ten"}, "limit"),
    (f"{API}/articles", {"since": "notadate"}, "since"),
    (f"{API}/articles", {"until": "2025-13-01"}, "until"),
    (f"{API}/articles", {"after": "abc"}, "after"),
    (f"{API}/articles", {"after": HUGE}, "after"),
    (f"{API}/entities", {"limit": "0"}, "limit"),
    (f"{API}/entities", {"offset": "-1"}, "offset"),
    (f"{API}/entities", {"offset": HUGE}, "offset"),
    (f"{API}/search", {}, "q"),
    (f"{API}/search", {"q": ""}, "q"),
    (f"{API}/search", {"q": "x", "since": "yesterday"}, "since"),
    (f"{API}/search", {"q": "x", "offset": HUGE}, "offset"),
    (f"{API}/search", {"q": "x", "limit": "0"}, "limit"),
    (f"{API}/graph", {"min_count": "0"}, "min_count"),
    (f"{API}/attributions/abc", {}, "attribution_id"),
    (f"{API}/entities/1.5", {}, "entity_id"),
]


@pytest.mark.parametrize(("path", "params", "field"), INVALID)
def test_bad_parameters_are_422_json(
    client: httpx.Client, path: str, params: dict[str, str], field: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/json"
    details = response.json()["detail"]
    assert isinstance(details, list) and details
    assert all(set(d) == {"loc", "msg"} for d in details)
    assert any(d["loc"][-1] == field for d in details), details
    assert "pydantic" not in response.text  # no links to the validator's docs


def test_openapi_lists_every_route(client: httpx.Client) -> None:
    spec = get_json(client, "/openapi.json")
    routes = {(path, method) for path, methods in spec["paths"].items() for method in methods}
    assert routes == {
        (f"{API}/articles", "get"),
        (f"{API}/articles", "post"),  # the live server has a token
        (f"{API}/articles/{{article_id}}", "get"),
        (f"{API}/attributions/{{attribution_id}}", "get"),
        (f"{API}/entities", "get"),
        (f"{API}/entities/{{entity_id}}", "get"),
        (f"{API}/search", "get"),
        (f"{API}/graph", "get"),
    }
    schemes = spec["components"]["securitySchemes"]
    assert [s["scheme"].lower() for s in schemes.values()] == ["bearer"]
    assert spec["paths"][f"{API}/articles"]["post"]["security"]


# --- posting ----------------------------------------------------------------------------

POSTED = (
    "BERLIN, June 3 (Reuters) - The city will close two bridges for repairs next month, "
    'the transport senator said on Tuesday. "We have no choice," she told reporters.'
)


@pytest.fixture(scope="module")
def writable(live: Live, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A server with a token over a copy of the store (with a 4 kB body limit)."""
    from claimtrace.web.app import create_app

    url = copy_store(live.db, tmp_path_factory.mktemp("writable"), "writable")
    with (
        serve(create_app(url, token=live.token, max_body=4096)) as base,
        httpx.Client(base_url=base, timeout=60) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def read_only(live: Live) -> Iterator[httpx.Client]:
    """A server started without a token, over the same store as ``live``."""
    from claimtrace.web.app import create_app

    with serve(create_app(live.db)) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


UNAUTHORISED: list[dict[str, Any]] = [
    {},
    bearer("wrong-token"),
    {"Authorization": "Bearer"},
    {"Authorization": "Basic dGVzdC10b2tlbi0xMjM="},
    {"Authorization": "test-token-123"},  # the token without its scheme
    {"Authorization": "Bearer test-token-1234"},
    {"Authorization": "Bearer test-token-12"},
    {"Authorization": "Bearer t\xe9st-token-123".encode("latin-1")},  # not ASCII
]


@pytest.mark.parametrize("headers", UNAUTHORISED)
@pytest.mark.parametrize("body", [{"text": POSTED}, {}])  # checked before the body
def test_post_needs_the_token(
    writable: httpx.Client, headers: dict[str, Any], body: dict[str, str]
) -> None:
    before = everything(writable, f"{API}/articles")
    response = writable.post(f"{API}/articles", json=body, headers=headers)
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert "token" in response.json()["detail"]
    assert everything(writable, f"{API}/articles") == before


def test_post_stores_an_article_once(writable: httpx.Client, live: Live) -> None:
    before = everything(writable, f"{API}/articles")
    body = {
        "text": POSTED,
        "id": "posted-bridges",
        "title": "Bridges <i>close</i>",
        "outlet": "Reuters",
        "date": "2025-06-03",
        "url": "https://example.org/bridges",
    }
    response = writable.post(f"{API}/articles", json=body, headers=bearer(live.token))
    assert response.status_code == 201, response.text
    made = response.json()
    assert set(made) == {"id", "key", "stored", "attributions"}
    assert made["stored"] is True and made["key"] == "posted-bridges"
    assert isinstance(made["id"], int) and made["id"] not in {a["id"] for a in before}
    assert made["attributions"] >= 1

    article = get_json(writable, f"{API}/articles/{made['id']}")
    assert article["text"] == POSTED and article["title"] == body["title"]
    assert (article["outlet"], article["date"], article["url"]) == (
        "Reuters", "2025-06-03", "https://example.org/bridges"
    )  # fmt: skip
    assert len(article["attributions"]) == made["attributions"]
    assert set(article["store"]["attributions"]) == {a["id"] for a in article["attributions"]}
    assert get_json(writable, f"{API}/articles/posted-bridges") == article
    for attribution_id in article["store"]["attributions"].values():
        assert (
            get_json(writable, f"{API}/attributions/{attribution_id}")["article_id"] == made["id"]
        )
    listed = everything(writable, f"{API}/articles")
    assert listed[0]["id"] == made["id"] and len(listed) == len(before) + 1
    assert writable.get("/articles/posted-bridges").status_code == 200

    again = writable.post(f"{API}/articles", json=body, headers=bearer(live.token))
    assert again.status_code == 201, again.text
    assert again.json() == {**made, "stored": False}
    assert len(everything(writable, f"{API}/articles")) == len(before) + 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": None}, "text"),
        ({"title": "no text"}, "text"),
        ({"text": "x", "date": "June"}, "date"),
        ({"text": "x", "url": "javascript:alert(1)"}, "url"),
        ({"text": "x", "url": "data:text/html,<script>alert(1)</script>"}, "url"),
        ({"text": "x", "id": "x" * 201}, "id"),
        ([], "body"),
    ],
)
def test_post_rejects_bad_bodies(writable: httpx.Client, live: Live, body: Any, field: str) -> None:
    response = writable.post(f"{API}/articles", json=body, headers=bearer(live.token))
    assert response.status_code == 422, response.text
    assert any(d["loc"][-1] == field for d in response.json()["detail"]), response.json()


def test_post_rejects_malformed_json(writable: httpx.Client, live: Live) -> None:
    response = writable.post(
        f"{API}/articles",
        content=b'{"text": "unfinished',
        headers={**bearer(live.token), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"


def chunks(size: int, piece: int = 16 * 1024) -> Iterator[bytes]:
    """``size`` bytes of a JSON body, sent without a Content-Length (chunked)."""
    body = b'{"text": "' + b"x" * max(size - 12, 0) + b'"}'
    for start in range(0, len(body), piece):
        yield body[start : start + piece]


def test_chunks_is_sized() -> None:
    assert sum(len(c) for c in chunks(5000)) == 5000


def test_too_large_bodies_are_413(live: Live, client: httpx.Client) -> None:
    from claimtrace.web.app import MAX_BODY

    headers = {**bearer(live.token), "Content-Type": "application/json"}
    declared = client.post(f"{API}/articles", json={"text": "x" * MAX_BODY}, headers=headers)
    assert declared.status_code == 413, declared.text
    assert "too large" in declared.json()["detail"]
    streamed = client.post(f"{API}/articles", content=chunks(MAX_BODY + 1), headers=headers)
    assert streamed.status_code == 413, streamed.text
    assert "too large" in streamed.json()["detail"]
    assert client.get(f"{API}/articles/hostile").status_code == 200  # still serving


@pytest.mark.parametrize("streamed", [False, True], ids=["content-length", "chunked"])
def test_the_body_limit_is_exact(writable: httpx.Client, live: Live, streamed: bool) -> None:
    headers = {**bearer(live.token), "Content-Type": "application/json"}

    def post(size: int) -> httpx.Response:
        content: Any = chunks(size) if streamed else b"".join(chunks(size))
        return writable.post(f"{API}/articles", content=content, headers=headers)

    # At the limit the body is read and parsed: a 4 kB text of "x" is no news
    # article, but analysing it is not refused for its size.
    assert post(4096).status_code == 201
    over = post(4097)
    assert over.status_code == 413, over.text
    assert over.headers["content-security-policy"]  # the 413 carries the headers too


def test_without_a_token_there_is_no_post(read_only: httpx.Client) -> None:
    for headers in ({}, bearer("test-token-123")):
        response = read_only.post(f"{API}/articles", json={"text": POSTED}, headers=headers)
        assert response.status_code in (404, 405), response.text
    assert get_json(read_only, f"{API}/articles/hostile")["title"] == HOSTILE_TITLE
    spec = get_json(read_only, "/openapi.json")
    assert set(spec["paths"][f"{API}/articles"]) == {"get"}
    assert all("post" not in methods for methods in spec["paths"].values())


def test_read_only_and_live_serve_the_same(read_only: httpx.Client, client: httpx.Client) -> None:
    for path in (f"{API}/articles", f"{API}/entities", f"{API}/graph"):
        assert get_json(read_only, path) == get_json(client, path)


def test_cached_views_follow_new_articles(writable: httpx.Client, live: Live) -> None:
    """Lists, search and graph are cached per store state: a new article shows at once."""
    name = "Kasimir Wendeborn"
    text = (
        f"BERLIN, June 9 (dpa) - {name}, a hydrologist at the Elbe Institute, told dpa that "
        "the quinoxaline levels in the river had doubled."
    )
    before = writable.get(f"{API}/entities", params={"q": "Wendeborn"}).json()["items"]
    found = writable.get(f"{API}/search", params={"q": "quinoxaline"}).json()["items"]
    graph = writable.get(f"{API}/graph").json()
    assert before == [] and found == []
    response = writable.post(
        f"{API}/articles",
        json={"text": text, "id": "wendeborn", "outlet": "dpa", "date": "2025-06-09"},
        headers=bearer(live.token),
    )
    assert response.status_code == 201, response.text
    after = writable.get(f"{API}/entities", params={"q": "Wendeborn"}).json()["items"]
    assert [e["name"] for e in after] == [name]
    hits = writable.get(f"{API}/search", params={"q": "quinoxaline"}).json()["items"]
    assert hits and all(h["article_key"] == "wendeborn" for h in hits)
    labels = {n["label"] for n in writable.get(f"{API}/graph").json()["nodes"]}
    assert name in labels and name not in {n["label"] for n in graph["nodes"]}
    page = writable.get("/entities", params={"q": "Wendeborn"}).text
    assert name in page
