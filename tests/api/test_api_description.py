"""The API's description (/openapi.json) says what the server does: errors in the shape the
handlers send, both media types of the events route, parameters bounded as the server bounds
them, and an article schema that accepts exactly the articles the server takes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema_rs  # schemathesis's own validator
import pytest
from api_helpers import ARTICLES, TOKEN
from fastapi.testclient import TestClient

from eventcoder.store import Store

MakeClient = Callable[..., TestClient]
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}


def test_errors_are_described_as_the_server_sends_them(client: TestClient) -> None:
    description = client.get("/openapi.json").json()
    assert not {"HTTPValidationError", "ValidationError"} & set(description["components"]["schemas"])
    for path, operations in description["paths"].items():
        for method, operation in operations.items():
            errors = {status: response["content"] for status, response in operation["responses"].items()
                      if status >= "400"}
            assert all(content == ERROR for content in errors.values()), (method, path)
            assert {"401", "403", "421", "503"} <= set(errors), (method, path)
            if operation.get("parameters") or "requestBody" in operation:
                assert "422" in errors, (method, path)
    assert {"400", "413", "415", "422"} <= set(description["paths"]["/api/articles"]["post"]["responses"])


def test_both_answers_of_the_events_route_are_described(client: TestClient) -> None:
    description = client.get("/openapi.json").json()
    content = description["paths"]["/api/events"]["get"]["responses"]["200"]["content"]
    assert content == {"application/json": {"schema": {"$ref": "#/components/schemas/EventPage"}},
                       "application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}}}
    components = description["components"]["schemas"]
    assert {"FeatureCollection", "Feature", "Point", "EventOut"} <= set(components)
    assert components["Feature"]["properties"]["properties"] == {"$ref": "#/components/schemas/EventOut"}


def test_parameters_are_described_as_the_server_checks_them(client: TestClient) -> None:
    parameters = {p["name"]: p["schema"] for p in
                  client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"]}
    assert parameters["offset"]["maximum"] == parameters["min_fatalities"]["anyOf"][0]["maximum"] == 2**63 - 1
    assert parameters["since"]["anyOf"][0] == {"type": "string", "format": "date"}
    assert "Air/drone strike" in parameters["type"]["enum"] and "" in parameters["type"]["enum"]
    box = jsonschema_rs.validator_for({"type": "string", "pattern": parameters["bbox"]["pattern"]})
    assert [box.is_valid(value) for value in ("29,-2,30,1", "-180,-90,180,90", "", "181,0,0,0", "1e1,0,2,2")] == [
        True, True, True, False, False]


HTML = ("<html><body><article><p>Protesters marched peacefully through Lilongwe, Malawi, on Tuesday to demand "
        "lower fuel prices, organisers said.</p></article></body></html>")


@pytest.mark.parametrize(("article", "accepted"), [
    ({"id": "s-text", "text": "Police fired tear gas at traders in Kisumu on Monday."}, True),
    ({"id": "s-both-null", "text": None, "html": None}, False),  # the probe's case
    ({"id": "s-neither"}, False),
    ({"id": "", "text": "x"}, False),
    ({"id": "   ", "text": "x"}, False),
    ({"id": 7, "text": "x"}, False),
    ({"text": "x"}, False),
    ({"id": "s-blank", "text": " \n "}, False),
    ({"id": "s-html", "text": "  ", "html": HTML}, True),
    ({"id": "s-text-number", "text": 5}, False),
    ({"id": "s-html-number", "text": "x", "html": 5}, False),
    ({"id": "s-datetime", "text": "x", "published": "2024-03-14T08:00:00+03:00"}, True),
    ({"id": "s-bad-date", "text": "x", "published": "2024-13-01"}, False),
    ({"id": "s-no-date", "text": "x", "published": "  "}, True),
    ({"id": "s-title", "text": "x", "title": 3}, False),
    ({"id": "s-extra", "text": "x", "gold": {"any": [1, None]}}, True),  # other keys are ignored
])
def test_the_article_schema_says_what_the_server_takes(writable_db: Path, make_client: MakeClient,
                                                       auth: dict[str, str], article: dict[str, Any],
                                                       accepted: bool) -> None:
    client = make_client(writable_db, token=TOKEN)
    body = client.get("/openapi.json").json()["paths"]["/api/articles"]["post"]["requestBody"]
    described = jsonschema_rs.validator_for(body["content"]["application/json"]["schema"], validate_formats=True)
    assert described.is_valid(article) is accepted
    assert described.is_valid([article]) is accepted
    assert not described.is_valid([])
    response = client.post("/api/articles", json=article, headers=auth)
    assert response.status_code == (200 if accepted else 422), response.text
    with Store.open(writable_db, readonly=True) as store:
        assert store.stats().articles == len(ARTICLES) + accepted
