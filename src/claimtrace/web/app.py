"""The web application: ``create_app(url, token=...)`` gives a FastAPI app over one store.

Read-only unless a token is given: then ``POST /api/v1/articles`` exists and
needs it as a bearer token. Everything the pages need is served from the
package (``static/``); nothing is fetched from outside the machine, the API
docs page included. Errors render a short page (or JSON under ``/api``) and
never a stack trace.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimtrace.engine import Engine
from claimtrace.store import overview
from claimtrace.store.db import Store, open_store

log = logging.getLogger("claimtrace.web")

CACHE_SIZE = 256  # corpus-wide results (lists, graph, search pools) kept per store state
T = TypeVar("T")

MAX_BODY = 2 * 1024 * 1024  # bytes a POST may carry: a long article is ~100 kB

# Pages run no inline script and load nothing from elsewhere; the API docs page
# (Swagger UI) needs one inline script to start, allowed by its hash (see _docs).
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@dataclass
class State:
    """What every request shares: the store, the token, an engine for posted articles."""

    store: Store
    token: str | None
    templates: Jinja2Templates
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _engine: Engine | None = None
    _cache: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)
    _revision: int | None = None

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, remembered until the store changes (corpus-wide views are costly).

        At most ``CACHE_SIZE`` results are kept, the least recently used
        dropped first; any new article empties the cache.
        """
        revision = overview.revision(self.store)
        with self._cache_lock:
            if revision != self._revision:
                self._cache.clear()
                self._revision = revision
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[no-any-return]
        value = compute()
        with self._cache_lock:
            if self._revision == revision:
                self._cache[key] = value
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return value

    def engine(self) -> Engine:
        """The analysis engine, loaded on the first posted article."""
        with self.write_lock:
            if self._engine is None:
                self._engine = Engine()
            return self._engine


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (413), declared or streamed.

    A declared ``Content-Length`` is checked before anything is read (the
    server never delivers more than it declares). A body without one (chunked)
    is read here, up to the limit, and handed on whole: refusing it half-way
    through the application's own reading would surface as a parse error.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.limit:
                await _too_large(self.limit)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.limit:
                await _too_large(self.limit)(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _too_large(limit: int) -> Response:
    return JSONResponse(
        {"detail": f"request body too large: at most {limit} bytes are accepted"}, status_code=413
    )


class _Crashes:
    """Turn an unexpected exception into the short 500 page (or JSON), and stop it there.

    Starlette's own last-resort handler answers and then re-raises, so the
    server logs the error a second time and drops the connection; here the
    error is logged once and the connection stays usable.
    """

    def __init__(self, app: ASGIApp, templates: Jinja2Templates) -> None:
        self.app = app
        self.templates = templates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            if started:  # too late for an error page: let the server close the response
                raise
            request = Request(scope)
            log.exception("error serving %s", request.url.path)
            response = _error_response(self.templates, request, 500, _CRASHED)
            await response(scope, receive, send)


_CRASHED = "something went wrong on the server; it has been logged"


def create_app(url: str, *, token: str | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The claimtrace web app over the store at ``url`` (which must exist)."""
    from claimtrace.web import api, pages

    store = open_store(url)
    templates = Jinja2Templates(directory=str(resources.files("claimtrace.web") / "templates"))
    assert templates.env.autoescape  # every page escapes what it shows; never turn this off
    app = FastAPI(
        title="claimtrace",
        summary="Who claims what, on whose authority, through which chain of sources.",
        version=_version(),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        debug=False,
        lifespan=_lifespan(store),
    )
    app.state.claimtrace = State(store=store, token=token, templates=templates)
    app.mount(
        "/static",
        StaticFiles(directory=str(resources.files("claimtrace.web") / "static")),
        name="static",
    )
    app.include_router(api.router(writable=token is not None))
    app.include_router(pages.router)
    docs_policy = _docs(app)
    _errors(app, templates)
    # The last added runs first: headers on every response, the 413 included.
    app.add_middleware(_Crashes, templates=templates)
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(_Headers, docs_policy=docs_policy)

    return app


def _lifespan(store: Store) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from claimtrace.web.pages import warm

        try:
            warm(app.state.claimtrace)  # the graph's layout, the overview
        except Exception:  # a store that cannot be read yet: the pages will say so
            log.exception("could not prepare the overview and the graph")
        yield
        store.close()

    return lifespan


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("claimtrace")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


def _docs(app: FastAPI) -> str:
    """Add ``/docs`` (Swagger UI from ``static/vendor``); return its Content-Security-Policy.

    The page starts Swagger UI with one inline script: the policy allows that
    script by its hash, and no other inline script.
    """
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="claimtrace API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
        swagger_ui_parameters={"validatorUrl": None},
    )
    html = bytes(page.body).decode("utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html)

    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    )
    return _CSP.replace("script-src 'self'", f"script-src 'self' {hashes}".rstrip())


class _Headers:
    """Security headers on every response."""

    def __init__(self, app: ASGIApp, docs_policy: str = _CSP) -> None:
        self.app = app
        self.docs_policy = docs_policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.docs_policy if scope.get("path") == "/docs" else _CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error_response(
    templates: Jinja2Templates, request: Request, status: int, message: str
) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def _errors(app: FastAPI, templates: Jinja2Templates) -> None:
    def page(request: Request, status: int, message: str) -> Response:
        return _error_response(templates, request, status, message)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if _wants_json(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        response = page(request, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if _wants_json(request):
            details = [
                {"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()
            ]
            return JSONResponse({"detail": details}, status_code=422)
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors())
        return page(request, 422, f"invalid parameters: {fields}")

    async def crash(request: Request, exc: Exception) -> Response:
        # The last resort, behind _Crashes (which catches what the routes raise).
        log.exception("error serving %s", request.url.path)
        return page(request, 500, _CRASHED)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, crash)


def app_from_environment() -> FastAPI:
    """The app over ``CLAIMTRACE_DB`` (token ``CLAIMTRACE_TOKEN``): for servers that import
    an app factory, such as ``claimtrace serve --workers N`` (each worker builds its own)."""
    import os

    return create_app(
        os.environ.get("CLAIMTRACE_DB", "sqlite:///claimtrace.db"),
        token=os.environ.get("CLAIMTRACE_TOKEN") or None,
    )
