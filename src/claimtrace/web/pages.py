"""The server-rendered pages: overview, articles, one article, sources, one source,
one claim, search, the citation graph. Templates are in ``templates/``; they
escape everything (Jinja autoescaping), and the only script is ``static/app.js``.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from claimtrace.model import SourceType
from claimtrace.store import overview, queries
from claimtrace.web import render
from claimtrace.web.api import (
    LARGEST_ID,
    Day,
    Shared,
    attribution_payload,
    citation_graph,
    storable,
)
from claimtrace.web.app import State

router = APIRouter(include_in_schema=False)
Offset = Annotated[int, Query(ge=0, le=LARGEST_ID)]


def _page(request: Request, s: Any, name: str, **context: Any) -> HTMLResponse:
    response: HTMLResponse = s.templates.TemplateResponse(request, name, context)
    return response


def _glance(s: State) -> dict[str, Any]:
    """What the overview shows: counts, activity by month, who is quoted, who cites."""
    months = overview.monthly(s.store)
    return {
        "stats": queries.stats(s.store).to_dict(),
        "chart": render.chart(
            [(m, (a, b)) for m, a, b in months[-36:]], ("articles", "attributions")
        ),
        "quoted": overview.most_quoted(s.store, 12),
        "outlets": overview.citing_outlets(s.store, 12),
        "recent": queries.list_articles(s.store, limit=8),
    }


def warm(s: State) -> None:
    """Compute the costliest corpus-wide views now, before the first visitor asks."""
    s.cached("home", lambda: _glance(s))
    _layout(s)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, s: Shared) -> HTMLResponse:
    return _page(request, s, "index.html", **s.cached("home", lambda: _glance(s)))


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request,
    s: Shared,
    outlet: str | None = None,
    since: Day = None,
    until: Day = None,
    q: str | None = None,
    after: Annotated[int | None, Query(le=LARGEST_ID)] = None,
) -> HTMLResponse:
    limit = 50
    items = queries.list_articles(
        s.store,
        outlet=outlet or None,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        query=q or None,
        limit=limit + 1,
        after=after,
    )
    more = len(items) > limit
    items = items[:limit]
    params = {"outlet": outlet or "", "q": q or "",
              "since": since.isoformat() if since else "",
              "until": until.isoformat() if until else ""}  # fmt: skip
    following = (
        "/articles?" + urlencode({**params, "after": items[-1]["id"]}) if more and items else None
    )
    return _page(
        request,
        s,
        "articles.html",
        items=items,
        params=params,
        outlets=queries.outlets_of(s.store),
        following=following,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, s: Shared, article_id: str) -> HTMLResponse:
    found = queries.article_id_for(s.store, article_id)
    stored = queries.stored_article(s.store, found) if found is not None else None
    if found is None or stored is None:
        raise HTTPException(404, "there is no such article")
    if stored.url and not stored.url.lower().startswith(("http://", "https://")):
        stored = dataclasses.replace(stored, url=None)  # never link javascript: and the like
    claims = {c.local_id: c for c in queries.claims_of_article(s.store, found)}
    entity_ids = overview.entity_ids(s.store, found)
    rows = []
    for a in stored.attributions:
        entity = stored.entity(a.source.entity) if a.source and a.source.entity else None
        chain = stored.chain(a)
        rows.append(
            {
                "a": a,
                "claim": claims.get(a.id),
                "speaker": entity.name if entity else (a.source.text if a.source else None),
                "entity_id": entity_ids.get(entity.id) if entity else None,
                "descriptions": [d.text for d in entity.descriptions] if entity else [],
                "chain": [
                    {
                        "id": link.id,
                        "claim": claims.get(link.id),
                        "speaker": _speaker(stored, link),
                        "cue": link.cue.text,
                    }
                    for link in reversed(chain)
                ],
            }
        )
    return _page(
        request,
        s,
        "article.html",
        article=stored,
        store_id=found,
        segments=render.segments(stored),
        rows=rows,
    )


def _speaker(article: Any, attribution: Any) -> str:
    source = attribution.source
    if source is None:
        return "(no source)"
    if source.entity:
        return str(article.entity(source.entity).name)
    return str(source.text)


@router.get("/entities", response_class=HTMLResponse)
def entities(
    request: Request,
    s: Shared,
    type: str | None = None,
    q: str | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    limit = 50
    items = s.cached(
        ("entities", type or None, q or None, limit + 1, offset),
        lambda: queries.list_entities(
            s.store, type=type or None, query=q or None, top=limit + 1, offset=offset
        ),
    )
    more = len(items) > limit
    params = {"type": type or "", "q": q or ""}
    return _page(
        request,
        s,
        "entities.html",
        items=items[:limit],
        params=params,
        types=[t.value for t in SourceType],
        following="/entities?" + urlencode({**params, "offset": offset + limit}) if more else None,
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, s: Shared, entity_id: int, offset: Offset = 0) -> HTMLResponse:
    context = s.cached(("entity-page", entity_id, offset), lambda: _source(s, entity_id, offset))
    if context is None:
        raise HTTPException(404, "there is no such source")
    return _page(request, s, "entity.html", **context)


def _source(s: State, entity_id: int, offset: int, limit: int = 50) -> dict[str, Any] | None:
    """What a source's page shows (None for no such source)."""
    summary = queries.entity(s.store, entity_id) if storable(entity_id) else None
    if summary is None:
        return None
    timeline = overview.entity_timeline(s.store, entity_id)
    claims = queries.claims_of(s.store, entity_id, limit=limit + 1, offset=offset)
    return {
        "entity": summary,
        "descriptions": queries.entity_descriptions(s.store, entity_id),
        "claims": claims[:limit],
        "following": (
            f"/entities/{entity_id}?offset={offset + limit}" if len(claims) > limit else None
        ),
        "chart": render.chart([(m, (n,)) for m, n in timeline], ("attributions",), height=120),
    }


@router.get("/attributions/{attribution_id}", response_class=HTMLResponse)
def attribution(request: Request, s: Shared, attribution_id: int) -> HTMLResponse:
    payload = attribution_payload(s, attribution_id)
    if payload is None:
        raise HTTPException(404, "there is no such attribution")
    chain = queries.trace(s.store, attribution_id)
    return _page(request, s, "attribution.html", claim=chain[0], chain=list(reversed(chain)))


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    s: Shared,
    q: str = "",
    outlet: str | None = None,
    since: Day = None,
    until: Day = None,
    source_type: str | None = None,
) -> HTMLResponse:
    params = {"q": q, "outlet": outlet or "", "source_type": source_type or "",
              "since": since.isoformat() if since else "",
              "until": until.isoformat() if until else ""}  # fmt: skip
    hits: list[queries.Claim] = []
    facets = None
    if q.strip():
        filters = queries.SearchFilters(
            outlet or None, params["since"] or None, params["until"] or None, source_type or None
        )
        pool = s.cached(
            ("search", q, filters, 500), lambda: queries.search(s.store, q, filters, limit=500)
        )
        facets = overview.facets(pool)
        hits = pool[:50]
    return _page(
        request,
        s,
        "search.html",
        params=params,
        hits=hits,
        facets=facets,
        types=[t.value for t in SourceType],
        refine=lambda **extra: "/search?" + urlencode({**params, **extra}),
    )


@router.get("/graph", response_class=HTMLResponse)
def graph(request: Request, s: Shared) -> HTMLResponse:
    return _page(request, s, "graph.html", layout=_layout(s))


def _layout(s: State) -> render.Layout:
    """The graph's layout, computed once per state of the store."""
    layout: render.Layout = s.cached("graph-layout", lambda: render.layout(citation_graph(s)))
    return layout
