"""The REST API, ``/api/v1``: articles, attributions with their chains, entities, search, graph.

Lists page with ``limit`` and a ``next`` cursor (pass it back as ``after``
for articles, ``offset`` for the others). Ids are the store's numeric ids;
an article can also be fetched by its own id (the file name it came from).
"""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, BeforeValidator, Field, field_validator

from claimtrace.store import overview, queries
from claimtrace.web.app import State

# Store ids are 64-bit integers (SQLite cannot even bind a larger one): a larger
# id names nothing (404), a larger offset or cursor is invalid (422).
LARGEST_ID = 2**63 - 1
Limit = Annotated[int, Query(ge=1, le=200, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=LARGEST_ID)]


def _blank_is_none(value: Any) -> Any:
    """An empty field, as a form sends it (``since=&until=``), is no filter."""
    return None if value == "" else value


Day = Annotated[
    dt.date | None,
    BeforeValidator(_blank_is_none),
    Query(description="A day, YYYY-MM-DD (inclusive); empty for none.", examples=["2025-04-01"]),
]


def state(request: Request) -> State:
    value: State = request.app.state.claimtrace
    return value


Shared = Annotated[State, Depends(state)]


def storable(value: int) -> bool:
    """Whether ``value`` can be a store id at all."""
    return -LARGEST_ID - 1 <= value <= LARGEST_ID


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def article_payload(s: State, article_id: int) -> dict[str, Any] | None:
    """A stored article as ``analyze`` gives it, plus its ids in the store."""
    if not storable(article_id):
        return None
    payload = queries.stored_document(s.store, article_id)  # JSON as stored: no round trip
    if payload is None:
        return None
    claims = queries.claims_of_article(s.store, article_id)
    payload["store"] = {
        "id": article_id,
        "attributions": {c.local_id: c.id for c in claims},
        "entities": overview.entity_ids(s.store, article_id),
    }
    return payload


def attribution_payload(s: State, attribution_id: int) -> dict[str, Any] | None:
    if not storable(attribution_id):
        return None
    chain = queries.trace(s.store, attribution_id)
    if not chain:
        return None
    payload = chain[0].to_dict()
    payload["chain"] = [c.to_dict() for c in chain[1:]]
    return payload


def entity_payload(
    s: State, entity_id: int, limit: int = 50, offset: int = 0
) -> dict[str, Any] | None:
    if not storable(entity_id):
        return None
    summary = queries.entity(s.store, entity_id)
    if summary is None:
        return None
    payload = summary.to_dict()
    payload["descriptions_seen"] = [
        {"text": d.text, "article": d.article_id, "article_key": d.article_key,
         "outlet": d.outlet, "date": d.date}
        for d in queries.entity_descriptions(s.store, entity_id)
    ]  # fmt: skip
    claims = queries.claims_of(s.store, entity_id, limit=limit + 1, offset=offset)
    payload["claims"] = [c.to_dict() for c in claims[:limit]]
    payload["claims_next"] = offset + limit if len(claims) > limit else None
    return payload


def citation_graph(s: State, minimum: int = 1) -> queries.Graph:
    """The store's citation graph (edges seen ``minimum`` times), cached per store state."""
    graph: queries.Graph = s.cached(
        ("graph", minimum), lambda: queries.citation_graph(s.store, minimum=minimum)
    )
    return graph


class PostedArticle(BaseModel):
    """An article to analyse and store."""

    text: str = Field(min_length=1, description="The article's text, header included.")
    id: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    date: dt.date | None = None
    url: str | None = Field(None, max_length=2000, description="An http(s) address.")

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        # Pages link to it: a javascript: or data: address would run in them.
        if value is not None and not value.lower().startswith(("http://", "https://")):
            raise ValueError("the url must start with http:// or https://")
        return value


def router(*, writable: bool) -> APIRouter:
    """The API's routes; ``POST /articles`` only when ``writable``."""
    r = APIRouter(prefix="/api/v1", tags=["api"])

    @r.get("/articles", summary="List articles, newest first")
    def list_articles(
        s: Shared,
        outlet: str | None = None,
        since: Day = None,
        until: Day = None,
        q: Annotated[str | None, Query(description="Words in the title or text.")] = None,
        limit: Limit = 50,
        after: Annotated[
            int | None, Query(le=LARGEST_ID, description="The `next` of the previous page.")
        ] = None,
    ) -> dict[str, Any]:
        items = queries.list_articles(
            s.store,
            outlet=outlet,
            since=_day(since),
            until=_day(until),
            query=q,
            limit=limit + 1,
            after=after,
        )
        more = len(items) > limit
        items = items[:limit]
        return {"items": items, "next": items[-1]["id"] if more else None}

    @r.get(
        "/articles/{article_id}",
        summary="One article with its attributions and entities",
        response_class=JSONResponse,
    )
    def get_article(s: Shared, article_id: str) -> JSONResponse:
        found = queries.article_id_for(s.store, article_id)
        payload = article_payload(s, found) if found is not None else None
        if payload is None:
            raise HTTPException(404, f"there is no article {article_id}")
        # Plain JSON from plain JSON: FastAPI's generic encoder is the slow part here.
        return JSONResponse(payload)

    @r.get("/attributions/{attribution_id}", summary="One attribution and its chain")
    def get_attribution(s: Shared, attribution_id: int) -> dict[str, Any]:
        payload = attribution_payload(s, attribution_id)
        if payload is None:
            raise HTTPException(404, f"there is no attribution {attribution_id}")
        return payload

    @r.get("/entities", summary="List sources, most quoted first")
    def list_entities(
        s: Shared,
        type: Annotated[str | None, Query(description="person, media, government, …")] = None,
        q: Annotated[str | None, Query(description="Part of a name or alias.")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        items = s.cached(
            ("entities", type, q, limit + 1, offset),
            lambda: queries.list_entities(
                s.store, type=type, query=q, top=limit + 1, offset=offset
            ),
        )
        more = len(items) > limit
        return {
            "items": [e.to_dict() for e in items[:limit]],
            "next": offset + limit if more else None,
        }

    @r.get("/entities/{entity_id}", summary="One source: claims, descriptions, outlets")
    def get_entity(
        s: Shared,
        entity_id: int,
        limit: Annotated[int, Query(ge=1, le=200, description="Claims per page.")] = 50,
        offset: Annotated[
            int, Query(ge=0, le=LARGEST_ID, description="The `claims_next` of the previous page.")
        ] = 0,
    ) -> dict[str, Any]:
        payload = s.cached(
            ("entity", entity_id, limit, offset),
            lambda: entity_payload(s, entity_id, limit, offset),
        )
        if payload is None:
            raise HTTPException(404, f"there is no entity {entity_id}")
        return payload

    @r.get("/search", summary="Full-text search over contents, speakers and titles")
    def search(
        s: Shared,
        q: Annotated[str, Query(min_length=1, description="Words; all must match.")],
        outlet: str | None = None,
        since: Day = None,
        until: Day = None,
        source_type: str | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        filters = queries.SearchFilters(outlet, _day(since), _day(until), source_type)
        hits = s.cached(
            ("search", q, filters, limit + 1, offset),
            lambda: queries.search(s.store, q, filters, limit=limit + 1, offset=offset),
        )
        more = len(hits) > limit
        return {
            "items": [h.to_dict() for h in hits[:limit]],
            "next": offset + limit if more else None,
        }

    @r.get("/graph", summary="The citation graph: outlets and sources, who cites whom")
    def graph(
        s: Shared, min_count: Annotated[int, Query(ge=1, description="Edges seen this often.")] = 1
    ) -> dict[str, Any]:
        g = citation_graph(s, min_count)
        return {
            "nodes": [{"id": k, **v} for k, v in sorted(g.nodes.items())],
            "edges": [e.__dict__ for e in g.edges],
        }

    if writable:

        @r.post(
            "/articles",
            status_code=201,
            summary="Analyse and store an article (needs the server's token)",
        )
        def post_article(s: Authorised, article: PostedArticle) -> dict[str, Any]:
            return _store_posted(s, article)

    return r


_bearer = HTTPBearer(auto_error=False, description="The token the server was started with.")


def authorised(
    s: Shared,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> State:
    """The shared state, for a request carrying the server's token (else 401).

    A dependency, so the token is checked before the body is validated.
    """
    given = credentials.credentials if credentials is not None else ""
    expected = s.token or ""
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            401,
            "this needs the server's token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return s


Authorised = Annotated[State, Depends(authorised)]


def _store_posted(s: State, posted: PostedArticle) -> dict[str, Any]:
    from claimtrace.model import Document
    from claimtrace.store.writer import Writer

    document = Document(
        text=posted.text,
        id=posted.id,
        title=posted.title,
        outlet=posted.outlet,
        date=_day(posted.date),
        url=posted.url,
    )
    article = s.engine().analyze(document)
    with s.write_lock, Writer(s.store) as writer:
        written = writer.write([(article, False)])
    found = overview.article_by_hash(s.store, article.text_sha256)
    return {
        "id": found,
        "key": article.id,
        "stored": bool(written.stored),
        "attributions": len(article.attributions),
    }
