"""The JSON endpoints under /api: thin over the store and the pipeline.

The read routes run on the event loop only to answer from the cache; what must be computed
runs in the reader threads (``Readers.run``), each reading through its own connection, and is
encoded there too. Posting articles is a plain function, run in the server's thread pool
(extraction takes seconds)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, cast
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Security
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer
from pydantic import BeforeValidator

from .. import __version__
from ..codebook.event_types import EVENT_TYPE_OF, EVENT_TYPES
from ..errors import InputError
from ..export import geojson_feature
from ..models import Article
from ..readers import article_from_record
from ..safetext import safe_text
from ..store import EventFilter, Store, StoredEvent
from .database import Posted, Service
from .errors import ApiError, is_json
from .schemas import ArticleIn, ErrorOut, EventDetail, EventPage, FeatureCollection, Meta, PostResult, StatsOut

# Models the routes name only for another media type than JSON, which FastAPI leaves out of the
# description's components: app.py adds them.
OTHER_MEDIA_MODELS = (FeatureCollection,)
MAX_PAGE = 1000  # events per page; the dashboard reads the map's points in pages of this size
DEFAULT_PAGE = 100

router = APIRouter(prefix="/api", responses={
    401: {"model": ErrorOut, "description": "a token is needed"},
    403: {"model": ErrorOut, "description": "the token is wrong, or this is not allowed here"},
    421: {"model": ErrorOut, "description": "a loopback server was named by another host name"},
    503: {"model": ErrorOut, "description": "the database cannot be read just now"},
})
# Documented on each route that takes parameters, in place of FastAPI's own 422 (a shape the
# error handlers never send).
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "a parameter is not valid (the error names it and says why)"}}
bearer = HTTPBearer(auto_error=False, description="the server's EVENTCODER_TOKEN")  # for the description only


def service(request: Request) -> Service:
    running: Service = request.app.state.service
    return running


async def answer(request: Request, compute: Callable[[Store], dict[str, Any]],
                 media_type: str = "application/json") -> Response:
    """The JSON ``compute(store)`` gives, computed in a reader thread; or the same answer kept
    from an earlier identical request while the database is unchanged, or the one an identical
    request is computing now (see cache.py). The X-Eventcoder-Cache header says which: miss,
    hit or shared."""
    running = service(request)
    cache = running.cache
    key = request.url.path + "?" + urlencode(sorted(request.query_params.multi_items()))
    stamp = cache.stamp()
    kept = cache.get(key, stamp)
    if kept is not None:
        body, kind = cast(tuple[bytes, str], kept.value)
        return Response(body, media_type=kind, headers={"X-Eventcoder-Cache": "hit"})

    def fresh(store: Store) -> bytes:
        # Stamped in the thread, before reading (and after the thread's first connection,
        # which may create the WAL files): an answer is never older than its stamp says.
        read_at = cache.stamp()
        body = json.dumps(compute(store), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
        cache.put(key, (body, media_type), len(body), read_at)
        return body

    body, shared = await cache.once(key, stamp, lambda: running.readers.run(fresh))
    return Response(body, media_type=media_type, headers={"X-Eventcoder-Cache": "shared" if shared else "miss"})


def total(request: Request, store: Store, criteria: EventFilter) -> int:
    """How many events match ``criteria``, kept like answers: the pages of one filter (the
    map's, the table's, Next and Previous) count once. In a reader thread."""
    cache = service(request).cache
    key = "count:" + repr(dataclasses.replace(criteria, limit=None, offset=0))
    stamp = cache.stamp()
    kept = cache.get(key, stamp)
    if kept is not None:
        return cast(int, kept.value)
    count = store.count(criteria)
    cache.put(key, count, 64, stamp)
    return count


# Degrees as plain decimals (float() alone would also take 'nan', '1e3' and '1_0'), in range:
# the description says what the server takes, so that clients (and schemathesis) can know it.
_LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[0-9]{1,2})(?:\.[0-9]+)?)"
_LATITUDE = r"-?(?:90(?:\.0+)?|[0-8]?[0-9](?:\.[0-9]+)?)"
BBOX_PATTERN = rf"^(?:{_LONGITUDE},{_LATITUDE},{_LONGITUDE},{_LATITUDE})?$"  # empty: no box


def _bbox(value: str) -> tuple[float, float, float, float]:
    if not re.fullmatch(BBOX_PATTERN, value):
        raise ApiError(422, f"bbox is W,S,E,N in degrees, W and E from -180 to 180, S and N from -90 to 90 "
                            f"(e.g. 29,-2,30,1), not {value!r}",
                       [{"loc": ["query", "bbox"], "msg": "four numbers in degrees separated by commas"}])
    west, south, east, north = (float(part) for part in value.split(","))
    return west, south, east, north


def _iso_date(value: object) -> object:
    """Dates as written, YYYY-MM-DD: pydantic alone would also read 0 or 1e9 as a time stamp."""
    if not (isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)):
        raise ValueError(f"a date is YYYY-MM-DD, not {value!r}")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


async def event_filter(  # async: pure arithmetic, no thread needed
    country: Annotated[str | None, Query(max_length=200, description="country name or ISO3 code")] = None,
    since: Annotated[IsoDate | None, Query(description="events on or after this date (YYYY-MM-DD)")] = None,
    until: Annotated[IsoDate | None, Query(description="events on or before this date (YYYY-MM-DD)")] = None,
    event_type: Annotated[str | None, Query(
        alias="type", max_length=200, json_schema_extra={"enum": [*EVENT_TYPES, *EVENT_TYPE_OF, ""]},
        description='event type or sub-event type, as in the codebook ("Battles", "Peaceful protest"), in any '
                    'case; empty: any')] = None,
    actor: Annotated[str | None, Query(max_length=200, description="part of an actor's name, any case")] = None,
    bbox: Annotated[str | None, Query(
        max_length=200, json_schema_extra={"pattern": BBOX_PATTERN},
        description="W,S,E,N in degrees, S <= N: events inside the box (W > E crosses the antimeridian); "
                    "empty: anywhere")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=EventFilter.MAX_NUMBER,
                                                description="events with at least this many")] = None,
) -> EventFilter:
    """The filters of ``eventcoder events``, from the query string."""
    try:
        return EventFilter(country=country or None, since=since, until=until, event_type=event_type or None,
                           actor=actor or None, bbox=_bbox(bbox) if bbox else None, min_fatalities=min_fatalities)
    except ValueError as error:
        raise ApiError(422, f"invalid filter: {error}") from None


Filter = Annotated[EventFilter, Depends(event_filter)]


@router.get("/events", response_model=EventPage, summary="Events, filtered and paged", responses={
    **INVALID,
    200: {"content": {"application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}}},
          "description": "format=json: a page of events (application/json); format=geojson: a GeoJSON "
                         "FeatureCollection (application/geo+json)"}})
async def list_events(
    request: Request,
    criteria: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"events per page (at most {MAX_PAGE})")]
        = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=EventFilter.MAX_NUMBER, description="events to skip")] = 0,
    output: Annotated[Literal["json", "geojson"], Query(
        alias="format",
        description="json: a page of event records; geojson: a FeatureCollection of those with coordinates")]
        = "json",
) -> Response:
    """Events ordered by date (undated last), then id, each with its sources and their evidence:
    the same records as `eventcoder events --format jsonl`."""
    def page(store: Store) -> dict[str, Any]:
        matching = total(request, store, criteria)
        records = [stored.to_record() for stored in store.events(dataclasses.replace(criteria, limit=limit,
                                                                                     offset=offset))]
        paging = {"total": matching, "limit": limit, "offset": offset,
                  "next_offset": offset + limit if offset + limit < matching else None}
        if output == "geojson":
            features = [feature for feature in map(geojson_feature, records) if feature is not None]
            return {"type": "FeatureCollection", "features": features, **paging,
                    "omitted": len(records) - len(features)}
        return {**paging, "events": records}

    return await answer(request, page, "application/geo+json" if output == "geojson" else "application/json")


@router.get("/events/{event_id}", response_model=EventDetail, summary="One event, with its source articles",
            responses={**INVALID, 404: {"model": ErrorOut, "description": "no such event"}})
async def get_event(request: Request, event_id: Annotated[str, Path(max_length=200)]) -> Response:
    """The event (by its id, or the id an article's report of it had) with every source
    article's text and the evidence spans that point into it."""
    def detail(store: Store) -> dict[str, Any]:
        stored = store.event(event_id)
        if stored is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        return _detail(stored, store)

    return await answer(request, detail)


def _detail(stored: StoredEvent, store: Store) -> dict[str, Any]:
    record = stored.to_record()
    for source in record["sources"]:
        article = store.article(source["article_id"])
        source["article"] = None if article is None else {
            "id": article.id, "title": article.title, "url": article.url, "outlet": article.source,
            "published": article.published.isoformat() if article.published else None, "text": article.text}
    return record


@router.get("/stats", response_model=StatsOut, summary="Counts and fatalities by week, type and country",
            responses=INVALID)
async def get_stats(request: Request, criteria: Filter) -> Response:
    """Totals, and events and fatalities per week (keyed by the week's Monday), per event type
    and per country, for the events matching the filters."""
    return await answer(request, lambda store: dataclasses.asdict(store.stats(criteria)))


@router.get("/meta", response_model=Meta, summary="What this server offers")
async def get_meta(request: Request) -> JSONResponse:
    config = service(request).config
    return JSONResponse({
        "name": "eventcoder", "version": __version__, "reads": config.reads.value, "writes": config.writes.value,
        "tiles": config.tiles, "max_page": MAX_PAGE, "max_batch": config.max_batch,
        "max_body_bytes": config.max_body_bytes,
        "event_types": {kind: list(subs) for kind, subs in EVENT_TYPES.items()},
        "dashboard": service(request).dashboard_built,
    })


_ARTICLES_BODY = {"anyOf": [ArticleIn.model_json_schema(),
                             {"type": "array", "items": ArticleIn.model_json_schema(), "minItems": 1}]}


@router.post(
    "/articles", response_model=PostResult, summary="Extract and store articles",
    dependencies=[Security(bearer)],
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": _ARTICLES_BODY}}}},
    responses={400: {"model": ErrorOut, "description": "the body is not valid JSON"},
               413: {"model": ErrorOut, "description": "the body or the batch is too large"},
               415: {"model": ErrorOut, "description": "the body is not JSON"},
               422: {"model": ErrorOut, "description": "an article is not valid (each one is named)"}})
def post_articles(request: Request, body: Annotated[Any, Body()]) -> JSONResponse:
    """One article (a JSON object, as in CONTRACT.md) or a list of them: each is extracted and
    stored, its events merged with the events other articles reported. Articles already stored
    (same id, URL or text) are not extracted again. Nothing is stored if any article is invalid.
    Needs the token. The first request loads the extraction pipeline (a few seconds)."""
    if not is_json(request.headers.get("content-type")):
        raise ApiError(415, "send the articles as JSON, with the header 'Content-Type: application/json'")
    articles = _articles(body, service(request).config.max_batch)
    posted = service(request).writer.add(articles)
    service(request).cache.clear()
    return JSONResponse({
        "stored": sum(p.status == "stored" for p in posted),
        "duplicates": sum(p.status == "duplicate" for p in posted),
        "failed": sum(p.status == "failed" for p in posted),
        "articles": [_posted(p) for p in posted],
    })


def _articles(body: Any, max_batch: int) -> list[Article]:
    records = body if isinstance(body, list) else [body]
    if not records:
        raise ApiError(422, "the list of articles is empty")
    if len(records) > max_batch:
        raise ApiError(413, f"{len(records)} articles in one request; the limit is {max_batch}: send them in "
                            f"several requests")
    articles: list[Article] = []
    problems: list[dict[str, Any]] = []
    for index, record in enumerate(records):
        where = f"articles[{index}]" if isinstance(body, list) else "article"
        given_id = record.get("id") if isinstance(record, dict) else None
        try:
            articles.append(article_from_record(record, source=where))
        except InputError as error:
            problems.append({"loc": ["body", index] if isinstance(body, list) else ["body"],
                             "id": safe_text(given_id)[0] if isinstance(given_id, str) else None,
                             "msg": error.reason})
    if problems:
        first = problems[0]
        where = "article" if not isinstance(body, list) else f"articles[{first['loc'][1]}]"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ApiError(422, f"{where}: {first['msg']}{more}; nothing was stored", problems)
    return articles


def _posted(posted: Posted) -> dict[str, Any]:
    return {"id": posted.article_id, "status": posted.status, "reason": posted.reason,
            "warnings": list(posted.warnings),
            "events": [{**event.to_record(), "stored_event_id": stored_id}
                       for event, stored_id in zip(posted.events, posted.stored_ids, strict=True)]}
