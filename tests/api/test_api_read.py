"""The read endpoints, through the real app, on a store the real pipeline filled."""

from __future__ import annotations

import re
from typing import Any

import pytest
from api_helpers import ARTICLES, TOKEN
from fastapi.testclient import TestClient

from eventcoder.api.schemas import EventDetail, EventPage, FeatureCollection, Meta, StatsOut


def events(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def ids(page: dict[str, Any]) -> list[str]:
    return [event["event_id"] for event in page["events"]]


def test_all_events_ordered_by_date(client: TestClient) -> None:
    page = events(client)
    EventPage.model_validate(page)
    assert page["total"] == len(page["events"]) == len(ARTICLES)
    assert (page["limit"], page["offset"], page["next_offset"]) == (100, 0, None)
    dates = [event["event_date"] for event in page["events"]]
    assert dates == sorted(dates) and dates[0] == "2018-01-15"
    assert {event["article_id"] for event in page["events"]} == {article["id"] for article in ARTICLES}
    kisumu = next(e for e in page["events"] if e["location"] == "Kisumu")
    assert (kisumu["event_type"], kisumu["arrests"], kisumu["n_sources"]) == ("Protests", 23, 1)
    assert kisumu["sources"][0]["url"] == "https://example.org/kisumu"


def test_paging(client: TestClient) -> None:
    everything = ids(events(client))
    first = events(client, limit=2)
    assert (first["total"], first["next_offset"], ids(first)) == (5, 2, everything[:2])
    second = events(client, limit=2, offset=2)
    assert (ids(second), second["next_offset"]) == (everything[2:4], 4)
    last = events(client, limit=2, offset=4)
    assert (ids(last), last["next_offset"]) == (everything[4:], None)
    assert events(client, offset=50)["events"] == []


@pytest.mark.parametrize(("params", "problem"), [
    ({"limit": 1001}, "query.limit"), ({"limit": 0}, "query.limit"), ({"offset": -1}, "query.offset"),
    ({"format": "csv"}, "query.format"), ({"since": "last week"}, "query.since"),
    ({"min_fatalities": -1}, "query.min_fatalities")])
def test_bad_parameters_are_json_422(client: TestClient, params: dict[str, Any], problem: str) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["error"].startswith(f"invalid request: {problem}")
    assert body["detail"][0]["loc"] == problem.split(".")


@pytest.mark.parametrize(("params", "locations"), [
    ({"country": "Sudan"}, {"Nyala"}),
    ({"country": "ken"}, {"Kisumu"}),  # ISO3, any case
    ({"type": "Explosions/Remote violence"}, {"Nyala", "Ansongo"}),
    ({"type": "air/drone strike"}, {"Nyala"}),  # a sub-event type
    ({"since": "2024-01-01"}, {"Kisumu", "Nyala", "Kajuru"}),
    ({"until": "2023-12-31"}, {"Caracas", "Ansongo"}),
    ({"since": "2024-02-18", "until": "2024-03-13"}, {"Kisumu", "Kajuru"}),  # both ends included
    ({"actor": "police forces"}, {"Kisumu"}),
    ({"actor": "MILITARY FORCES OF"}, {"Caracas", "Ansongo"}),
    ({"bbox": "-10,-5,40,20"}, {"Kisumu", "Nyala", "Ansongo", "Kajuru"}),  # Africa
    ({"bbox": "-70,5,-60,15"}, {"Caracas"}),
    ({"min_fatalities": 9}, {"Nyala", "Caracas"}),
    ({"country": "Mali", "min_fatalities": 1, "type": "Explosions/Remote violence"}, {"Ansongo"}),
    ({"country": "Atlantis"}, set()),
])
def test_filters(client: TestClient, params: dict[str, Any], locations: set[str]) -> None:
    page = events(client, **params)
    assert {event["location"] for event in page["events"]} == locations
    assert page["total"] == len(locations)


@pytest.mark.parametrize(("params", "message"), [
    ({"type": "Skirmish"}, "unknown event type 'Skirmish'"),
    ({"since": "2024-02-01", "until": "2024-01-01"}, "is after until"),
    ({"bbox": "1,2,3"}, "bbox is W,S,E,N"),
    ({"bbox": "0,50,10,40"}, "south <= north"),
])
def test_bad_filters_say_why(client: TestClient, params: dict[str, Any], message: str) -> None:
    for path in ("/api/events", "/api/stats"):
        response = client.get(path, params=params)
        assert response.status_code == 422
        assert message in response.json()["error"]


def test_geojson(client: TestClient) -> None:
    response = client.get("/api/events", params={"format": "geojson", "country": "Venezuela"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    collection = response.json()
    FeatureCollection.model_validate(collection)
    assert (collection["type"], collection["total"], collection["omitted"]) == ("FeatureCollection", 1, 0)
    (feature,) = collection["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert feature["properties"]["location"] == "Caracas" and feature["id"] == feature["properties"]["event_id"]
    assert (round(lat), round(lon)) == (10, -67)  # RFC 7946: longitude first


def test_one_event_with_its_article_and_evidence(client: TestClient) -> None:
    (listed,) = events(client, country="Sudan")["events"]
    response = client.get(f"/api/events/{listed['event_id']}")
    assert response.status_code == 200
    detail = response.json()
    EventDetail.model_validate(detail)
    assert (detail["fatalities"], detail["location"]) == (12, "Nyala")
    (source,) = detail["sources"]
    article = source["article"]
    assert article["id"] == "api-sudan" and article["text"] == ARTICLES[1]["text"]
    assert (article["title"], article["published"], article["outlet"]) == ("Air strike kills 12 in Nyala",
                                                                           "2024-06-11", "Test Wire")
    fields = {item["field"] for item in source["evidence"]}
    assert {"event_type", "fatalities", "location", "event_date"} <= fields
    for item in source["evidence"]:  # every span points at its words in the text served with it
        assert article["text"][item["start"]:item["end"]] == item["text"]
    assert any("killed at least 12" in item["text"] for item in source["evidence"] if item["field"] == "fatalities")


def test_event_by_report_id_and_unknown_id(client: TestClient) -> None:
    listed = events(client, country="Mali")["events"][0]
    report_id = listed["sources"][0]["report_id"]
    assert client.get(f"/api/events/{report_id}").json()["event_id"] == listed["event_id"]
    missing = client.get("/api/events/ev-0000000000000000")
    assert missing.status_code == 404
    assert missing.json() == {"error": "no event with id 'ev-0000000000000000'", "detail": None}


def test_stats(client: TestClient) -> None:
    response = client.get("/api/stats")
    assert response.status_code == 200
    stats = response.json()
    StatsOut.model_validate(stats)
    page = events(client)["events"]
    assert (stats["articles"], stats["events"], stats["failures"]) == (5, 5, 0)
    assert stats["fatalities"] == sum(event["fatalities"] for event in page) >= 24
    assert sum(b["events"] for b in stats["by_week"]) == sum(b["events"] for b in stats["by_type"]) == 5
    assert {b["key"] for b in stats["by_country"]} == {"Kenya", "Sudan", "Mali", "Nigeria", "Venezuela"}
    nyala = next(event for event in page if event["location"] == "Nyala")
    assert {"key": "2024-06-03", "events": 1, "fatalities": nyala["fatalities"]} in stats["by_week"]  # its Monday
    explosions = next(b for b in stats["by_type"] if b["key"] == "Explosions/Remote violence")
    assert explosions["events"] == 2


def test_stats_filtered(client: TestClient) -> None:
    stats = client.get("/api/stats", params={"since": "2024-01-01"}).json()
    assert stats["events"] == 3 and stats["articles"] == 5  # totals of the database stay whole
    assert {b["key"] for b in stats["by_country"]} == {"Kenya", "Sudan", "Nigeria"}


def test_meta(client: TestClient) -> None:
    meta = client.get("/api/meta").json()
    Meta.model_validate(meta)
    assert (meta["reads"], meta["writes"], meta["tiles"], meta["max_page"]) == ("open", "token", None, 1000)
    assert meta["event_types"]["Riots"] == ["Violent demonstration", "Mob violence"]


def test_openapi_and_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/stats", "/api/articles", "/api/meta"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert parameters == {"country", "since", "until", "type", "actor", "bbox", "min_fatalities", "limit", "offset",
                          "format"}
    assert "HTTPBearer" in schema["components"]["securitySchemes"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "<script>" not in docs.text and "cdn" not in docs.text.lower()


def test_dashboard_is_served_from_this_origin_only(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "http://" not in page.text and "https://" not in page.text and "<script>" not in page.text
    for asset in ("/static/app.js", "/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css",
                  "/static/vendor/topojson-client/topojson-client.min.js",
                  "/static/vendor/world-atlas/countries-50m.json"):
        assert client.get(asset).status_code == 200, asset


def test_the_dashboard_never_writes_html_from_data(client: TestClient) -> None:
    for name in ("app.js", "api.js", "dom.js", "mapview.js", "timeline.js", "table.js", "eventview.js"):
        script = client.get(f"/static/{name}").text
        assert not re.search(r"\.(inner|outer)HTML\b|insertAdjacentHTML|document\.write|\beval\(", script), name


def test_unknown_paths_and_methods_are_json(client: TestClient) -> None:
    missing = client.get("/api/nothing")
    assert (missing.status_code, missing.json()) == (404, {"error": "not found: GET /api/nothing", "detail": None})
    page = client.post("/")
    assert page.status_code == 405 and page.json()["error"].startswith("POST is not allowed on /; use ")
    wrong = client.delete("/api/events", headers={"Authorization": f"Bearer {TOKEN}"})
    assert wrong.status_code == 405 and wrong.json()["error"] == "DELETE is not allowed on /api/events; use GET"


def test_loopback_server_refuses_other_host_names(client: TestClient) -> None:
    # A page on another site that rebinds its name to 127.0.0.1 still sends its own name.
    response = client.get("/api/events", headers={"Host": "attacker.example"})
    assert response.status_code == 421 and "attacker.example" in response.json()["error"]
    assert client.get("/api/meta", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/api/meta", headers={"Host": "[::1]:8000"}).status_code == 200
