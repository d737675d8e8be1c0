"""The web UI in a real browser: Debian's chromium driven by Playwright's sync API.

Every page is opened at a desktop width and at a phone width; each page must
render its heading, fit the phone's width, log no console error, raise no
script error, open no dialog and ask nothing of any host but the server (any
such request is also blocked, so a run never touches the network). Then the
interactions: the article reader (buttons, highlighted marks, keyboard), search
with its facets, the citation graph, the API docs, and the hostile article.

Playwright never downloads a browser here: it drives ``/usr/bin/chromium``
(Debian's ``chromium`` package). Without it the tests are skipped, unless
``CLAIMTRACE_REQUIRE_BROWSER=1`` makes that a failure (as CI should).

With ``CLAIMTRACE_SCREENSHOTS=1``, ``test_screenshots`` also writes the
screenshots in ``docs/screenshots/`` from a server over the bundled examples.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT
from tests.web.conftest import HOSTILE_TITLE, Live

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
LOCAL_SCHEMES = {"data", "blob", "about"}  # no request leaves the page for these
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHAINED = "03-izvestia-le-monde-chain"  # an example whose attributions cite one another


def _unavailable(reason: str) -> None:
    if os.environ.get("CLAIMTRACE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and CLAIMTRACE_REQUIRE_BROWSER=1 requires the browser tests")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium, headless, from the system; never one Playwright downloads.

    Module-scoped: Playwright's sync API keeps an event loop in the main thread
    while it runs, and tests elsewhere may want to run their own."""
    if sync_playwright is None:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Tab:
    """One page in its own browser context, with everything that must not happen recorded."""

    page: Any
    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def goto(self, path: str, status: int = 200) -> Any:
        response = self.page.goto(self.origin + path)
        assert response is not None and response.status == status, (path, response)
        return self.page

    def local(self, url: str) -> bool:
        return url.startswith(self.origin + "/") or url.split(":", 1)[0] in LOCAL_SCHEMES

    def assert_clean(self) -> None:
        problems = {
            "console errors": self.console_errors,
            "page errors": self.page_errors,
            "requests to other hosts": self.foreign,
            "dialogs": self.dialogs,
        }
        assert not any(problems.values()), {k: v for k, v in problems.items() if v}

    def assert_fits(self) -> None:
        width, inner = self.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width <= inner + 1, f"the page is {width}px wide in a {inner}px window"


Opener = Callable[..., Tab]


def _opener(browser: Any, origin: str) -> Iterator[Opener]:
    contexts: list[Any] = []

    def open_tab(viewport: dict[str, int] = DESKTOP) -> Tab:
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = Tab(context.new_page(), origin)
        # Anything for another host is recorded (below) and refused, so nothing leaves the machine.
        context.route(lambda url: not tab.local(url), lambda route: route.abort())
        page = tab.page
        page.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
        page.on("pageerror", lambda error: tab.page_errors.append(str(error)))
        page.on("request", lambda r: None if tab.local(r.url) else tab.foreign.append(r.url))

        def dialog(d: Any) -> None:
            tab.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        return tab

    try:
        yield open_tab
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def tabs(browser: Any, live: Live) -> Iterator[Opener]:
    """Open pages of the live server: ``tabs(PHONE)`` gives a fresh, watched tab."""
    yield from _opener(browser, live.url)


@dataclass(frozen=True)
class Ids:
    article: int  # the chained example's store id
    local: str  # one of its attributions that cites another ("a3")
    attribution: int  # that attribution's store id
    entity: int  # the most quoted source
    entity_name: str
    hostile: int


def _ids(base: str) -> Ids:
    with httpx.Client(base_url=base, timeout=10) as client:
        article = client.get(f"/api/v1/articles/{CHAINED}").raise_for_status().json()
        local = next(a["id"] for a in article["attributions"] if a["via"])
        top = client.get("/api/v1/entities", params={"limit": 1}).raise_for_status().json()
        hostile = client.get("/api/v1/articles/hostile")
    return Ids(
        article=article["store"]["id"],
        local=local,
        attribution=article["store"]["attributions"][local],
        entity=top["items"][0]["id"],
        entity_name=top["items"][0]["name"],
        hostile=hostile.json()["store"]["id"] if hostile.status_code == 200 else -1,
    )


@pytest.fixture(scope="session")
def ids(live: Live) -> Ids:
    return _ids(live.url)


PAGES: dict[str, Callable[[Ids], str]] = {
    "overview": lambda i: "/",
    "articles": lambda i: "/articles",
    "article": lambda i: f"/articles/{i.article}",
    "entities": lambda i: "/entities",
    "entity": lambda i: f"/entities/{i.entity}",
    "attribution": lambda i: f"/attributions/{i.attribution}",
    "search": lambda i: "/search?q=Petrov",
    "graph": lambda i: "/graph",
    "docs": lambda i: "/docs",
    "hostile article": lambda i: f"/articles/{i.hostile}",
    "hostile search": lambda i: "/search?q=Nordmann",
    "missing page": lambda i: "/articles/no-such-article",
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_page_renders(tabs: Opener, ids: Ids, name: str, viewport: str) -> None:
    tab = tabs(VIEWPORTS[viewport])
    missing = name == "missing page"
    page = tab.goto(PAGES[name](ids), status=404 if missing else 200)
    if missing:  # chromium logs the 404 of the document itself; that one is expected
        tab.console_errors[:] = [e for e in tab.console_errors if "status of 404" not in e]
    if name == "docs":
        expect(page.locator(".swagger-ui .info .title")).to_be_visible()
        expect(page.locator(".opblock").first).to_be_visible()
    else:
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator("h1")).not_to_be_empty()
    tab.assert_fits()
    tab.assert_clean()


def _marks(page: Any, local: str) -> Any:
    return page.locator(f'#text mark[data-a~="{local}"]')


def test_attribution_button_opens_its_chain(tabs: Opener, ids: Ids) -> None:
    tab = tabs()
    page = tab.goto(f"/articles/{ids.article}")
    button = page.locator(f'.attr-toggle[data-a="{ids.local}"]')
    detail = page.locator(f"#detail-{ids.local}")
    expect(detail).to_be_hidden()
    expect(button).to_have_attribute("aria-controls", f"detail-{ids.local}")

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(detail).to_be_visible()
    # this article, then the speaker it quotes, then the source that speaker cites
    expect(detail.locator(".chain li")).to_have_count(3)
    expect(detail.locator(".chain a").last).to_have_attribute(
        "href", f"/attributions/{ids.attribution}"
    )
    marks = _marks(page, ids.local)
    assert marks.count() >= 2  # at least its cue and its content
    for i in range(marks.count()):
        expect(marks.nth(i)).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator(f'#text mark.active:not([data-a~="{ids.local}"])')).to_have_count(0)

    button.click()  # and closes again
    expect(detail).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#text mark.active")).to_have_count(0)
    tab.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_clicking_a_mark_opens_its_attribution(tabs: Opener, ids: Ids, viewport: str) -> None:
    tab = tabs(VIEWPORTS[viewport])
    page = tab.goto(f"/articles/{ids.article}")
    mark = page.locator("#text mark.r-cue").last  # the last, so the phone has to scroll to it
    local = mark.get_attribute("data-a").split()[0]
    button = page.locator(f'.attr-toggle[data-a="{local}"]')
    mark.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#detail-{local}")).to_be_visible()
    expect(button).to_be_focused()
    expect(button).to_be_in_viewport()
    expect(mark).to_have_class(re.compile(r"\bactive\b"))
    tab.assert_clean()


def _focused(page: Any) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => {
              const e = document.activeElement;
              const box = e.getBoundingClientRect();
              const style = getComputedStyle(e);
              return {cls: e.className, a: e.dataset ? e.dataset.a || null : null,
                      visible: e.matches(':focus-visible'),
                      outline: style.outlineStyle + ' ' + style.outlineWidth,
                      left: box.left, top: box.top};
            }"""
        )
    )


def _tab_to(page: Any, wanted: Callable[[dict[str, Any]], bool], limit: int = 60) -> dict[str, Any]:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
    raise AssertionError(f"{limit} presses of Tab did not get there")


def test_keyboard_reaches_and_opens_attributions(tabs: Opener, ids: Ids) -> None:
    tab = tabs()
    page = tab.goto(f"/articles/{ids.article}")
    page.keyboard.press("Tab")  # the first stop is the skip link, shown when focused
    skip = _focused(page)
    assert skip["cls"] == "skip" and skip["visible"] and skip["left"] >= 0, skip

    first = _tab_to(page, lambda f: f["cls"] == "attr-toggle")
    assert first["visible"] and first["outline"] != "none 0px", first
    page.keyboard.press("Enter")
    expect(page.locator(f"#detail-{first['a']}")).to_be_visible()
    expect(_marks(page, first["a"]).first).to_have_class(re.compile(r"\bactive\b"))

    # on through the open panel's links to the next attribution, opened with Space
    second = _tab_to(page, lambda f: f["cls"] == "attr-toggle" and f["a"] != first["a"])
    assert second["visible"], second
    page.keyboard.press("Space")
    button = page.locator(f'.attr-toggle[data-a="{second["a"]}"]')
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#detail-{second['a']}")).to_be_visible()
    page.keyboard.press("Enter")  # a second press closes it
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.locator(f"#detail-{second['a']}")).to_be_hidden()
    tab.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_and_refine_by_a_facet(tabs: Opener, viewport: str) -> None:
    tab = tabs(VIEWPORTS[viewport])
    page = tab.goto("/")
    page.locator("#quick-q").fill("Petrov")
    page.locator("#quick-q").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Petrov"))
    hits = page.locator(".hits li.claim")
    expect(hits.first).to_be_visible()
    before = hits.count()

    outlets = page.locator(".facets .facet").first
    expect(outlets.locator("h2")).to_have_text("Outlet")
    facet = outlets.locator("a").last  # the least frequent outlet: a real narrowing
    outlet = facet.inner_text()
    facet.click()
    page.wait_for_url(re.compile(r"outlet="))
    expect(page.locator("input[name=outlet]")).to_have_value(outlet)
    expect(outlets.locator("[aria-current=true]")).to_have_text(outlet)
    expect(hits.first).to_be_visible()
    assert 0 < hits.count() < before
    for meta in hits.locator(".meta").all_inner_texts():
        assert f"· {outlet}" in meta, meta
    tab.assert_fits()
    tab.assert_clean()


def test_filter_forms_submit_with_empty_fields(tabs: Opener) -> None:
    """The forms send every field, the empty dates too (``since=&until=``): that is no error."""
    tab = tabs()
    page = tab.goto("/search?q=Petrov")
    form = page.locator("main form.filters")
    form.locator("select[name=source_type]").select_option("person")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"source_type=person"))
    expect(page.locator("h1")).to_have_text("Search")
    expect(page.locator(".hits li.claim").first).to_be_visible()

    page = tab.goto("/articles")
    form = page.locator("main form.filters")
    outlet = form.locator("select[name=outlet] option").nth(1).inner_text()
    form.locator("select[name=outlet]").select_option(outlet)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"outlet="))
    expect(page.locator("h1")).to_have_text("Articles")
    for meta in page.locator("ul.articles .meta").all_inner_texts():
        assert meta.startswith(outlet), meta
    tab.assert_clean()


def _clickable_entity_node(page: Any) -> dict[str, Any]:
    """A node for a source whose circle is on screen and not under another node's label."""
    found = page.evaluate(
        """() => {
          for (const a of document.querySelectorAll('#graph a.node[href^="/entities/"]')) {
            const c = a.querySelector('circle').getBoundingClientRect();
            const x = c.left + c.width / 2, y = c.top + c.height / 2;
            if (y < 0 || y > innerHeight || x < 0 || x > innerWidth) continue;
            const hit = document.elementFromPoint(x, y);
            if (hit && hit.closest('a.node') === a)
              return {href: a.getAttribute('href'), label: a.dataset.label};
          }
          return null;
        }"""
    )
    assert found, "no node of the graph can be clicked"
    return dict(found)


def test_graph_node_opens_its_source(tabs: Opener, ids: Ids) -> None:
    tab = tabs()
    page = tab.goto("/graph")
    nodes = page.locator("#graph a.node")
    assert nodes.count() > 5
    # the nodes are links to assistive technology too: the picture is a group, not an img
    # (whose children ARIA makes presentational)
    expect(page.locator("#graph")).to_have_attribute("role", "group")
    named = page.locator("#graph").get_by_role("link", name=re.compile(re.escape(ids.entity_name)))
    expect(named.first).to_be_attached()
    assert page.locator("#graph line").count() > 5

    # the tools: zoom changes the view box, reset restores it, find lights a node up
    svg = page.locator("#graph")
    start = svg.get_attribute("viewBox")
    page.locator("#zoom-in").click()
    assert svg.get_attribute("viewBox") != start
    page.locator("#zoom-reset").click()
    assert svg.get_attribute("viewBox") == start
    page.locator("#graph-find").fill(ids.entity_name)
    page.locator("#graph-find").press("Enter")
    lit = page.locator(f'#graph a.node[data-label="{ids.entity_name}"]')
    expect(lit).to_be_focused()
    expect(lit).to_have_class(re.compile(r"\blit\b"))

    node = _clickable_entity_node(page)
    page.locator(f'#graph a.node[href="{node["href"]}"] circle').click()
    page.wait_for_url(re.compile(re.escape(node["href"]) + "$"))
    expect(page.locator("h1")).to_contain_text(node["label"])
    tab.assert_clean()


def test_docs_show_the_operations_without_going_out(tabs: Opener) -> None:
    tab = tabs()
    page = tab.goto("/docs")
    operations = page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible()
    paths = set(operations.all_inner_texts())
    assert {"/api/v1/articles", "/api/v1/search", "/api/v1/graph"} <= {
        p.replace("\u200b", "") for p in paths
    }, paths
    tab.assert_clean()


def test_hostile_article_shows_markup_as_text(tabs: Opener, ids: Ids) -> None:
    assert ids.hostile > 0, "the test store has no hostile article"
    tab = tabs()
    page = tab.goto(f"/articles/{ids.hostile}")
    expect(page.locator("h1")).to_have_text(HOSTILE_TITLE)
    assert page.title().startswith(HOSTILE_TITLE)
    expect(page.locator(".meta").first).to_contain_text("<em>NTB</em>")
    expect(page.locator("#text")).to_contain_text("<img src=x onerror=alert(1)>")
    # nothing from the article became an element: no image, no emphasis, one script (app.js)
    expect(page.locator("main img, main script, main b, main i, main em")).to_have_count(0)
    scripts = page.eval_on_selector_all("script", "s => s.map(e => e.getAttribute('src'))")
    assert scripts == ["/static/app.js"], scripts
    # and the reader works over it: every button and every mark, clicked
    for button in page.locator(".attr-toggle").all():
        button.click()
    for mark in page.locator("#text mark").all():
        mark.click()
    page.goto(tab.origin + "/search?q=Nordmann")
    expect(page.locator(".hits li.claim").first).to_contain_text("Ola <i>Nordmann</i>")
    assert tab.dialogs == []
    tab.assert_clean()


# -- screenshots for the docs -------------------------------------------------------------------


@pytest.mark.skipif(
    os.environ.get("CLAIMTRACE_SCREENSHOTS") != "1",
    reason="set CLAIMTRACE_SCREENSHOTS=1 to write docs/screenshots/",
)
def test_screenshots(browser: Any, tmp_path: Path) -> None:
    """The pages, over the bundled examples only, as PNGs in ``docs/screenshots``."""
    from claimtrace.corpus import ingest
    from claimtrace.web.app import create_app
    from tests.web.servers import serve

    url = f"sqlite:///{tmp_path / 'examples.db'}"
    report = ingest([str(ROOT / "examples" / "articles"), str(ROOT / "examples" / "corpus")], url)
    assert report.failed == 0, report.failures
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serve(create_app(url)) as base:
        found = _ids(base)
        opener = _opener(browser, base)
        open_tab = next(opener)

        def shot(tab: Tab, name: str) -> None:
            tab.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled")
            tab.assert_clean()

        tab = open_tab(DESKTOP)
        for name, path in [
            ("overview", "/"),
            ("articles", "/articles"),
            ("entity", f"/entities/{found.entity}"),
            ("attribution", f"/attributions/{found.attribution}"),
            ("search", "/search?q=Petrov"),
            ("graph", "/graph"),
        ]:
            tab.goto(path)
            shot(tab, name)
        page = tab.goto(f"/articles/{found.article}")
        page.locator(f'.attr-toggle[data-a="{found.local}"]').click()
        expect(page.locator(f"#detail-{found.local}")).to_be_visible()
        page.mouse.move(0, 0)
        shot(tab, "article")

        phone = open_tab(PHONE)
        phone.goto(f"/articles/{found.article}")
        shot(phone, "article-phone")
        opener.close()
    names = sorted(p.name for p in SCREENSHOTS.glob("*.png"))
    assert len(names) >= 8, names
