"""The API's request and response shapes, for the OpenAPI description (``/openapi.json``).

The routes build their JSON from the library's records (``StoredEvent.to_record()`` and the
like) and return it as is, so a page of events costs no second validation; the tests check
that what the routes return fits these models, so the description cannot drift from the
answers. Field names are the contract's (CONTRACT.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# A string with something besides white space in it: what the server takes as an id or a text.
_NOT_BLANK = r"\S"


class ArticleIn(BaseModel):
    """An article as in CONTRACT.md: ``id``, and ``text`` or ``html`` (at least one of them not
    blank; ``text`` is used when it is not); the rest optional. Other keys are ignored. An HTML
    page in which no article text is found is refused (422)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={
        "anyOf": [{"required": ["text"], "properties": {"text": {"type": "string", "pattern": _NOT_BLANK}}},
                  {"required": ["html"], "properties": {"html": {"type": "string", "pattern": _NOT_BLANK}}}],
        "examples": [{
            "id": "lakes-courier-2024-03-14-kisumu",
            "title": "Police fire tear gas at traders protesting in Kisumu",
            "published": "2024-03-14",
            "source": "The Lakes Courier",
            "text": "Police fired tear gas at hundreds of traders protesting new market fees in Kisumu on "
                    "Wednesday and arrested 23 people, witnesses said.",
        }]})

    id: str = Field(pattern=_NOT_BLANK, description="unique id of the article")
    text: str | None = Field(None, description="plain text")
    html: str | None = Field(None, description="the raw page, instead of text; boilerplate is removed")
    title: str | None = None
    published: str | None = Field(
        None, json_schema_extra={"anyOf": [{"type": "string", "format": "date"},
                                           {"type": "string", "format": "date-time"},
                                           {"type": "string", "pattern": r"^\s*$"}, {"type": "null"}]},
        description="YYYY-MM-DD or an ISO datetime: the anchor of relative dates such as 'on Monday' "
                    "(blank: unknown)")
    url: str | None = None
    source: str | None = Field(None, description="the outlet's name")


class EvidenceOut(BaseModel):
    field: str
    text: str
    start: int = Field(description="character offset into the article text (Unicode code points)")
    end: int


class EventFields(BaseModel):
    """The contract's event record."""

    event_id: str
    article_id: str
    event_date: str | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    assoc_actor_1: str | None
    assoc_actor_2: str | None
    inter1: int
    inter2: int
    country: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    injuries: int | None
    arrests: int | None
    confidence: float
    evidence: list[EvidenceOut]


class SourceOut(BaseModel):
    """One article's report of the event, with the evidence it gave."""

    article_id: str
    report_id: str = Field(description="the event id the extractor gave this article's event")
    outlet: str | None
    title: str | None
    url: str | None
    published: str | None
    story: str = Field(description="articles that are versions of one story share it")
    fatalities: int
    injuries: int | None
    arrests: int | None
    evidence: list[EvidenceOut]


class EventOut(EventFields):
    """A stored event: the merged event (``article_id`` and ``evidence`` are the lead source's),
    the range of fatalities its sources reported, and the sources."""

    fatalities_min: int | None
    fatalities_max: int | None
    n_sources: int
    sources: list[SourceOut]


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters, all pages")
    limit: int
    offset: int
    next_offset: int | None = Field(description="the offset of the next page; null on the last")
    events: list[EventOut]


class Point(BaseModel):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[longitude, latitude]")


class Feature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: Point
    properties: EventOut


class FeatureCollection(BaseModel):
    """``format=geojson``: the page's events that have coordinates (``omitted``: those without)."""

    type: Literal["FeatureCollection"]
    features: list[Feature]
    total: int
    limit: int
    offset: int
    next_offset: int | None
    omitted: int


class ArticleOut(BaseModel):
    """A stored article: the text the evidence offsets point into."""

    id: str
    title: str | None
    published: str | None
    url: str | None
    outlet: str | None
    text: str


class SourceWithArticle(SourceOut):
    article: ArticleOut | None


class EventDetail(EventFields):
    fatalities_min: int | None
    fatalities_max: int | None
    n_sources: int
    sources: list[SourceWithArticle]


class BucketOut(BaseModel):
    key: str = Field(description="the week's Monday (YYYY-MM-DD), the event type, or the country")
    events: int
    fatalities: int


class StatsOut(BaseModel):
    articles: int = Field(description="articles in the database (all, whatever the filters)")
    events: int = Field(description="events matching the filters")
    reports: int = Field(description="events as the articles reported them, before merging (all)")
    failures: int = Field(description="inputs that could not be stored (all)")
    fatalities: int = Field(description="fatalities of the events matching the filters")
    by_week: list[BucketOut]
    by_type: list[BucketOut]
    by_country: list[BucketOut]


class PostedEvent(EventFields):
    stored_event_id: str | None = Field(description="the stored event this report is part of: "
                                                    "GET /api/events/{stored_event_id}")


class PostedArticle(BaseModel):
    id: str
    status: Literal["stored", "duplicate", "failed"]
    reason: str | None = Field(description="why it is a duplicate (same id, URL or content) or failed")
    warnings: list[str] = Field(description="what was noticed while reading it (e.g. characters replaced)")
    events: list[PostedEvent]


class PostResult(BaseModel):
    stored: int
    duplicates: int
    failed: int
    articles: list[PostedArticle]


class Meta(BaseModel):
    """What the dashboard needs to know about the server."""

    name: Literal["eventcoder"]
    version: str
    reads: Literal["open", "token"]
    writes: Literal["open", "token", "off"]
    tiles: str | None = Field(description="tile URL template drawn under the country outlines, if set")
    max_page: int
    max_batch: int
    max_body_bytes: int
    event_types: dict[str, list[str]] = Field(description="ACLED's event types and their sub-event types")
    dashboard: bool = Field(description="whether the dashboard's assets are built")


class ErrorOut(BaseModel):
    error: str = Field(description="what went wrong, for people")
    detail: Any = Field(None, description="null, or the problems one by one")
