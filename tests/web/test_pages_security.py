"""The pages against untrusted text, odd input and failures, on a live server.

The test corpus holds a hostile article (title, outlet, text and speaker carry
markup and script). Every page that shows it must show it as text: escaped,
never as elements or attributes. Input reflected from the query string is
escaped too; odd input (SQL, LIKE and FTS syntax) is just words; errors show
a short page without internals; every response carries the security headers
and nothing is loaded from another host.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import httpx
import pytest
from markupsafe import escape

from tests.web.conftest import HOSTILE_TEXT, HOSTILE_TITLE, Live
from tests.web.servers import copy_store, serve, sqlite_path

API = "/api/v1"


@pytest.fixture(scope="module")
def client(live: Live) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as c:
        yield c


@dataclass(frozen=True)
class Hostile:
    """Where the hostile article is in the store."""

    id: int
    attributions: dict[str, int]  # local id -> store id
    entities: list[int]  # its outlet and every source the store resolved


@pytest.fixture(scope="module")
def hostile(client: httpx.Client) -> Hostile:
    article = client.get(f"{API}/articles/hostile").json()
    outlet = client.get(f"{API}/entities", params={"q": "<em>NTB</em>"}).json()["items"]
    assert [e["name"] for e in outlet] == ["<em>NTB</em>"]
    entities = sorted({outlet[0]["id"], *article["store"]["entities"].values()})
    return Hostile(article["store"]["id"], article["store"]["attributions"], entities)


# --- what a safe page looks like ---------------------------------------------------------

# Markup from the hostile article, as it would appear had it not been escaped.
RAW = [
    "<script>alert",
    "<img src=x",
    "<b>bold</b>",
    "<b>Statistics Norway</b>",
    "<em>NTB</em>",
    "<i>Nordmann</i>",
    "</mark><script>",
    "<script>alert(2)</script>",
]
TITLE = str(escape(HOSTILE_TITLE))  # &lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; …
OUTLET = "&lt;em&gt;NTB&lt;/em&gt;"
IMAGE = "&lt;img src=x onerror=alert(1)&gt;"
SPEAKER = "Ola &lt;i&gt;Nordmann&lt;/i&gt;"
INSTITUTE = "&lt;script&gt;alert(&#39;institute&#39;)&lt;/script&gt;"
CONTENT = "&#34;&lt;/mark&gt;&lt;script&gt;alert(2)&lt;/script&gt;&#34; was only a test"
MINISTRY = "&lt;b&gt;Statistics Norway&lt;/b&gt;"

ALLOWED_SCRIPTS = {"/static/app.js"}


class Elements(HTMLParser):
    """Every element and attribute of a page, and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def assert_no_markup_from_data(html: str, *extra_raw: str) -> None:
    """Fail if anything from the data became markup: elements, handlers, scripts, links."""
    for raw in [*RAW, *extra_raw]:
        assert raw not in html, f"{raw!r} appears unescaped"
    page = elements(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"img", "b", "i", "em", "iframe", "object", "embed", "svg:script"}, tags
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        if tag == "script":
            assert attrs.get("src") in ALLOWED_SCRIPTS, attrs
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            value = attrs.get(name, "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    assert page.script_text == [], "no page runs inline script"


def page(client: httpx.Client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


# --- the hostile article on every page ----------------------------------------------------

PAGES: list[tuple[str, Callable[[Hostile], list[str]], list[str]]] = [
    # name, the paths, what each must show (escaped)
    ("overview", lambda h: ["/"], [TITLE, OUTLET]),
    ("articles", lambda h: ["/articles"], [TITLE, OUTLET]),
    ("articles of the outlet", lambda h: ["/articles?outlet=%3Cem%3ENTB%3C%2Fem%3E"], [TITLE]),
    ("articles by words", lambda h: ["/articles?q=bold"], [TITLE]),
    ("article by id", lambda h: [f"/articles/{h.id}"],
     [TITLE, OUTLET, IMAGE, SPEAKER, INSTITUTE, CONTENT, MINISTRY]),
    ("article by key", lambda h: ["/articles/hostile"], [TITLE, OUTLET, IMAGE, CONTENT]),
    ("sources", lambda h: ["/entities"], [OUTLET]),
    ("sources by name", lambda h: ["/entities?q=NTB"], [OUTLET]),
    ("its sources", lambda h: [f"/entities/{e}" for e in h.entities], [OUTLET]),
    ("its first claim", lambda h: [f"/attributions/{h.attributions['a1']}"],
     [CONTENT, TITLE, OUTLET, SPEAKER]),
    ("its second claim", lambda h: [f"/attributions/{h.attributions['a2']}"], [MINISTRY, TITLE]),
    ("search", lambda h: ["/search?q=test"], [CONTENT, TITLE, OUTLET, SPEAKER]),
    ("search for script", lambda h: ["/search?q=%3Cscript%3E"],
     ['value="&lt;script&gt;"', CONTENT, MINISTRY]),
    ("search in the outlet", lambda h: ["/search?q=test&outlet=%3Cem%3ENTB%3C%2Fem%3E"],
     [CONTENT, f'value="{OUTLET}"']),
    ("articles as the form sends it", lambda h: ["/articles?q=bold&outlet=&since=&until="],
     [TITLE]),
    ("search as the form sends it",
     lambda h: ["/search?q=test&outlet=&source_type=&since=&until="], [CONTENT, TITLE]),
    ("graph", lambda h: ["/graph"], []),
]  # fmt: skip


@pytest.mark.parametrize(("paths", "shown"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_hostile_text_is_shown_as_text(
    client: httpx.Client,
    hostile: Hostile,
    paths: Callable[[Hostile], list[str]],
    shown: list[str],
) -> None:
    for path in paths(hostile):
        html = page(client, path)
        assert_no_markup_from_data(html)
        for fragment in shown:
            assert fragment in html, f"{path} does not show {fragment!r}"


def test_the_article_text_survives_whole(client: httpx.Client, hostile: Hostile) -> None:
    """Escaped, highlighted in pieces, and still the article's text once the marks are gone."""
    html = page(client, f"/articles/{hostile.id}")
    body = re.search(r'<article class="text" id="text">(.*?)</article>', html, re.DOTALL)
    assert body is not None
    plain = re.sub(r"</?mark[^>]*>", "", body.group(1))
    assert plain == str(escape(HOSTILE_TEXT))


# --- query strings reflected in pages ---------------------------------------------------

REFLECTED = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)' x='",
    "</textarea></title><svg onload=alert(1)>",
]
QUERY_PAGES = [
    # path, parameter, shown back in the page
    ("/search", "q", True),
    ("/search?q=test", "outlet", True),
    ("/search?q=test", "source_type", False),
    ("/articles", "q", True),
    ("/articles", "outlet", False),
    ("/entities", "q", True),
    ("/entities", "type", False),
    ("/", "q", False),
    ("/graph", "q", False),
]


@pytest.mark.parametrize("value", REFLECTED)
@pytest.mark.parametrize(("path", "parameter", "reflected"), QUERY_PAGES)
def test_query_strings_are_escaped(
    client: httpx.Client, path: str, parameter: str, reflected: bool, value: str
) -> None:
    joiner = "&" if "?" in path else "?"
    html = page(client, f"{path}{joiner}{parameter}={quote(value, safe='')}")
    assert value not in html
    assert_no_markup_from_data(html, "<svg onload", "<img src=x onerror")
    if reflected:
        assert str(escape(value)) in html


@pytest.mark.parametrize(
    "path",
    [
        "/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/entities/%3Cscript%3E",
        "/articles?since=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/search?q=x&until=%3Cimg%20src=x%20onerror=alert(1)%3E",
        "/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ],
)
def test_error_pages_do_not_reflect_markup(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (404, 422)
    assert_no_markup_from_data(response.text, "<img src=x onerror")


# --- odd input is just words ------------------------------------------------------------

ODD = [
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE articles; --",
    "1; SELECT * FROM entities",
    "%",
    "_",
    "%%",
    "\\",
    "'",
    '"',
    '"unbalanced',
    "*",
    "a*",
    "NEAR(",
    "NEAR(said ministry, 3)",
    "AND OR NOT",
    "NOT",
    "title:test",
    "^test",
    "-test",
    "()",
    "{content}: test",
    "\x00",
    "é ü ✓ 中文 🚀",
    "x" * 3000,
]
Q_ENDPOINTS = [
    f"{API}/articles?q=",
    f"{API}/articles?outlet=",
    f"{API}/entities?q=",
    f"{API}/entities?type=",
    f"{API}/search?q=",
    f"{API}/search?q=the&outlet=",
    f"{API}/search?q=the&source_type=",
    "/articles?q=",
    "/articles?outlet=",
    "/entities?q=",
    "/search?q=",
    "/search?q=the&outlet=",
]


@pytest.mark.parametrize("value", ODD, ids=[repr(v[:20]) for v in ODD])
@pytest.mark.parametrize("endpoint", Q_ENDPOINTS)
def test_odd_input_is_harmless(client: httpx.Client, endpoint: str, value: str) -> None:
    response = client.get(endpoint + quote(value, safe=""))
    assert response.status_code == 200, response.text[:500]
    if endpoint.startswith(API):
        assert set(response.json()) == {"items", "next"}
    else:
        assert "Traceback" not in response.text


@pytest.mark.parametrize("value", ODD, ids=[repr(v[:20]) for v in ODD])
def test_odd_article_keys_are_just_missing(client: httpx.Client, value: str) -> None:
    for prefix in (f"{API}/articles/", "/articles/"):
        response = client.get(prefix + quote(value, safe=""))
        assert response.status_code == 404, (prefix, value, response.text[:300])


@pytest.mark.parametrize("value", ["%", "_", "%%", "' OR 1=1 --", "' OR '1'='1", "\\"])
def test_like_wildcards_and_quotes_match_only_themselves(client: httpx.Client, value: str) -> None:
    everything = client.get(f"{API}/articles", params={"limit": 200}).json()["items"]
    found = client.get(f"{API}/articles", params={"q": value, "limit": 200}).json()["items"]
    for item in found:
        article = client.get(f"{API}/articles/{item['id']}").json()
        assert value.lower() in ((article["title"] or "") + article["text"]).lower()
    assert len(found) < len(everything)
    sources = client.get(f"{API}/entities", params={"q": value, "limit": 200}).json()["items"]
    assert all(value.lower() in " ".join([e["name"], *e["aliases"]]).lower() for e in sources)


# --- errors: short pages, no internals ---------------------------------------------------

LEAKS = ["Traceback", 'File "', "sqlalchemy", "sqlite3", "OperationalError", "SELECT ",
         " FROM ", "no such table", "pydantic", "site-packages", "claimtrace/"]  # fmt: skip


def assert_no_internals(text: str) -> None:
    for leak in LEAKS:
        assert leak not in text, f"the response shows {leak!r}"


ERROR_PAGES = [
    ("/no-such-page", 404),
    ("/articles/999999", 404),
    ("/articles/no-such-article", 404),
    ("/articles/" + "9" * 30, 404),
    ("/entities/999999", 404),
    ("/entities/" + "9" * 30, 404),
    ("/attributions/999999", 404),
    ("/static/no-such-file.js", 404),
    ("/static/../pages.py", 404),
    ("/entities/abc", 422),
    ("/attributions/1.5", 422),
    ("/articles?since=notadate", 422),
    ("/articles?after=x", 422),
    ("/entities?offset=-1", 422),
    ("/search?q=x&until=2025-13-40", 422),
]


@pytest.mark.parametrize(("path", "status"), ERROR_PAGES)
def test_error_pages_are_short(client: httpx.Client, path: str, status: int) -> None:
    html = page(client, path, status)
    assert f"<h1>{status}</h1>" in html
    assert_no_internals(html)
    assert_no_markup_from_data(html)


@pytest.mark.parametrize(
    ("path", "status"),
    [(f"{API}/articles/999999", 404), (f"{API}/nothing", 404),
     (f"{API}/articles?since=x", 422), (f"{API}/entities/x", 422)],
)  # fmt: skip
def test_api_errors_are_json_without_internals(
    client: httpx.Client, path: str, status: int
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert_no_internals(response.text)


@pytest.fixture(scope="module")
def broken(live: Live, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A server over a copy of the store whose attributions table is gone."""
    from claimtrace.web.app import create_app

    url = copy_store(live.db, tmp_path_factory.mktemp("broken"), "broken")
    app = create_app(url)
    with sqlite3.connect(sqlite_path(url)) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("DROP TABLE attributions")
    db.close()
    with serve(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


CRASHES = [
    ("/articles/1", "text/html"),
    ("/attributions/1", "text/html"),
    ("/", "text/html"),
    ("/search?q=the", "text/html"),
    ("/graph", "text/html"),
    (f"{API}/attributions/1", "application/json"),
    (f"{API}/articles/1", "application/json"),
    (f"{API}/search?q=the", "application/json"),
    (f"{API}/entities/1", "application/json"),
]


@pytest.mark.parametrize(("path", "kind"), CRASHES)
def test_server_errors_show_no_internals(broken: httpx.Client, path: str, kind: str) -> None:
    response = broken.get(path)
    assert response.status_code == 500
    assert response.headers["content-type"].startswith(kind)
    assert_no_internals(response.text)
    assert response.headers["content-security-policy"]
    if kind == "text/html":
        assert "<h1>500</h1>" in response.text
    else:
        assert set(response.json()) == {"detail"}


def test_the_connection_survives_a_server_error(broken: httpx.Client) -> None:
    # One keep-alive connection: a 500 must not close it under the next request.
    for _ in range(3):
        assert broken.get(f"{API}/attributions/1").status_code == 500
        assert broken.get("/openapi.json").status_code == 200
        assert broken.get("/articles").status_code == 200  # needs no attribution


# --- addresses that would run script ----------------------------------------------------


@pytest.fixture(scope="module")
def tampered(live: Live, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A server over a copy of the store edited as no ingest would leave it.

    The hostile article links to a ``javascript:`` address; its outlet is no
    entity (so the graph draws an outlet node) and its first claim is
    credited to a source whose name is a script.
    """
    from claimtrace.web.app import create_app

    url = copy_store(live.db, tmp_path_factory.mktemp("tampered"), "tampered")
    with sqlite3.connect(sqlite_path(url)) as db:
        (article,) = db.execute("SELECT id FROM articles WHERE key = 'hostile'").fetchone()
        db.execute(
            "UPDATE articles SET url = 'javascript:alert(1)', outlet_entity = NULL,"
            " document = json_set(document, '$.url', 'JavaScript:alert(1)') WHERE id = ?",
            (article,),
        )
        db.execute(
            "UPDATE entities SET name = '<script>alert(\"graph\")</script>' WHERE id ="
            " (SELECT source_entity FROM attributions WHERE source_entity IS NOT NULL"
            "  ORDER BY id LIMIT 1)"
        )
        db.execute(
            "UPDATE attributions SET source_entity = (SELECT source_entity FROM attributions"
            " WHERE source_entity IS NOT NULL ORDER BY id LIMIT 1)"
            " WHERE article_id = ? AND local_id = 'a1'",
            (article,),
        )
    db.close()
    with serve(create_app(url)) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


def test_no_javascript_address_is_linked(tampered: httpx.Client) -> None:
    html = page(tampered, "/articles/hostile")
    assert "alert(1)" not in html.replace("onerror=alert(1)&gt;", "")
    assert_no_markup_from_data(html)


@pytest.mark.parametrize("path", ["/graph", "/", "/entities", "/search?q=test"])
def test_script_names_in_the_graph_and_lists(tampered: httpx.Client, path: str) -> None:
    html = page(tampered, path)
    assert_no_markup_from_data(html, '<script>alert("graph")')
    assert "&lt;script&gt;alert(&#34;graph&#34;)&lt;/script&gt;" in html


def test_outlet_nodes_link_to_the_outlets_articles(tampered: httpx.Client) -> None:
    graph = tampered.get(f"{API}/graph").json()
    assert {"id": "outlet:<em>NTB</em>", "label": "<em>NTB</em>", "type": "media",
            "entity": None} in graph["nodes"]  # fmt: skip
    html = page(tampered, "/graph")
    nodes = [a for tag, a in elements(html).tags if tag == "a" and "data-id" in a]
    (outlet,) = [a for a in nodes if a["data-id"] == "outlet:<em>NTB</em>"]
    assert outlet["data-label"] == "<em>NTB</em>"
    listed = page(tampered, outlet["href"])
    assert str(escape(HOSTILE_TITLE)) in listed
    assert listed.count('<a href="/articles/') == 1  # that outlet's one article


# --- headers and what pages load ----------------------------------------------------------

HEADED = [
    "/",
    "/articles",
    "/graph",
    "/search?q=test",
    "/docs",
    "/openapi.json",
    f"{API}/articles",
    "/static/app.css",
    "/static/app.js",
    "/no-such-page",
    f"{API}/articles/999999",
    "/entities/abc",
]


def policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name.lower()] = values
    return directives


@pytest.mark.parametrize("path", HEADED)
def test_security_headers(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    csp = policy(response.headers["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    for name, values in csp.items():
        for value in values:
            assert "://" not in value and value not in ("*", "http:", "https:"), (name, value)
            assert value != "'unsafe-eval'", name
    assert all(v in ("'self'", "data:") for v in csp["img-src"])


def test_docs_load_nothing_from_elsewhere(client: httpx.Client) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    html = response.text
    assert not re.search(r"https?://", html), "the docs page names another host"
    assert "'/openapi.json'" in html
    parsed = elements(html)
    assets = {
        a.get("src") or a.get("href")
        for tag, a in parsed.tags
        if tag in ("script", "link") and (a.get("src") or a.get("href"))
    }
    assert assets == {
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/favicon.svg",
    }
    kinds = {".js": "javascript", ".css": "text/css", ".svg": "image/svg+xml"}
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert len(served.content) > 100, asset
        assert kinds[asset[asset.rindex(".") :]] in served.headers["content-type"], asset
    # Its one inline script (starting Swagger UI) is allowed by hash, nothing else is.
    (script,) = parsed.script_text
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = policy(response.headers["content-security-policy"])
    assert csp["script-src"] == ["'self'", f"'sha256-{digest}'"]
    assert client.get("/openapi.json").json()["info"]["title"] == "claimtrace"


@pytest.mark.parametrize("path", ["/", "/articles", "/articles/hostile", "/entities", "/graph",
                                  "/search?q=test", "/no-such-page"])  # fmt: skip
def test_pages_load_only_local_assets(client: httpx.Client, path: str) -> None:
    html = client.get(path).text
    parsed = elements(html)
    loaded = [
        a.get("src") or a.get("href") or ""
        for tag, a in parsed.tags
        if tag == "script" or (tag == "link" and a.get("rel") in ("stylesheet", "icon"))
    ]
    assert loaded
    for asset in loaded:
        assert asset.startswith("/static/") and not urlsplit(asset).netloc, asset
        assert client.get(asset).status_code == 200, asset
    forms = [a.get("action", "") for tag, a in parsed.tags if tag == "form"]
    assert all(action.startswith("/") and not action.startswith("//") for action in forms)
