"""Hostile and oversized input (issue 10): numbers past SQLite's integers, dates that are not
YYYY-MM-DD, boxes that float() alone would take, JSON that Python reads but cannot store or
answer with. Each is refused with a JSON 422 naming the input, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from api_helpers import ARTICLES, NEW_ARTICLE, TOKEN
from fastapi.testclient import TestClient

from eventcoder.store import Store

MakeClient = Callable[..., TestClient]
LARGEST = 2**63 - 1  # SQLite's largest integer


def refused(client: TestClient, path: str, params: dict[str, Any]) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "detail"}
    return body


@pytest.mark.parametrize("path", ["/api/events", "/api/stats"])
@pytest.mark.parametrize("value", [LARGEST + 1, "99999999999999999999", 10**40])
def test_fatalities_past_sqlites_integers_are_422(client: TestClient, path: str, value: object) -> None:
    body = refused(client, path, {"min_fatalities": value})
    assert body["error"] == ("invalid request: query.min_fatalities: Input should be less than or equal to "
                             "9223372036854775807")
    assert body["detail"][0]["loc"] == ["query", "min_fatalities"]


@pytest.mark.parametrize(("name", "value"), [("offset", LARGEST + 1), ("offset", "99999999999999999999"),
                                             ("limit", LARGEST + 1), ("limit", 1.5), ("offset", "1e3")])
def test_paging_numbers_are_bounded(client: TestClient, name: str, value: object) -> None:
    body = refused(client, "/api/events", {name: value})
    assert body["error"].startswith(f"invalid request: query.{name}: ")
    assert body["detail"][0]["loc"] == ["query", name]


def test_the_largest_numbers_are_answered(client: TestClient) -> None:
    past_the_end = client.get("/api/events", params={"offset": LARGEST, "limit": 1000}).json()
    assert (past_the_end["total"], past_the_end["events"], past_the_end["next_offset"]) == (len(ARTICLES), [], None)
    assert client.get("/api/events", params={"min_fatalities": LARGEST}).json()["total"] == 0
    assert client.get("/api/stats", params={"min_fatalities": LARGEST}).json()["events"] == 0


@pytest.mark.parametrize("path", ["/api/events", "/api/stats"])
@pytest.mark.parametrize(("name", "value"), [
    ("until", "0"), ("since", "0"),  # pydantic alone reads these as 1970-01-01
    ("since", "1e9"), ("until", "1700000000"), ("since", "2024-03-14T00:00:00"), ("until", "2024-3-14"),
    ("since", "20240314"), ("until", "２０２４-０３-１４"),  # full-width digits
])
def test_dates_are_yyyy_mm_dd_only(client: TestClient, path: str, name: str, value: str) -> None:
    body = refused(client, path, {name: value})
    assert body["error"] == f"invalid request: query.{name}: a date is YYYY-MM-DD, not {value!r}"
    assert body["detail"][0]["loc"] == ["query", name]


def test_an_impossible_date_is_422(client: TestClient) -> None:
    body = refused(client, "/api/events", {"since": "2024-02-30"})
    assert body["error"].startswith("invalid request: query.since: Input should be a valid date")


@pytest.mark.parametrize("value", ["nan,0,10,5", "inf,0,10,5", "1e1,0,20,5", "1_0,0,20,5", "200,0,210,5",
                                   "0,-95,10,5", "+1,0,10,5", " 1,0,10,5", "1,0,10,5,"])
def test_boxes_are_plain_degrees_in_range(client: TestClient, value: str) -> None:
    body = refused(client, "/api/events", {"bbox": value})
    assert body["error"] == (f"bbox is W,S,E,N in degrees, W and E from -180 to 180, S and N from -90 to 90 "
                             f"(e.g. 29,-2,30,1), not {value!r}")
    assert body["detail"] == [{"loc": ["query", "bbox"], "msg": "four numbers in degrees separated by commas"}]


def test_the_edges_of_the_world_are_a_box(client: TestClient) -> None:
    assert client.get("/api/events", params={"bbox": "-180,-90,180,90"}).json()["total"] == len(ARTICLES)
    assert client.get("/api/events", params={"bbox": "180.0,-90.00,-180,90.0"}).json()["total"] == 0
    assert client.get("/api/events", params={"bbox": ""}).json()["total"] == len(ARTICLES)  # empty: anywhere


def test_an_event_id_is_at_most_200_characters(client: TestClient) -> None:
    response = client.get("/api/events/" + "e" * 201)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid request: path.event_id: String should have at most 200 characters"
    assert client.get("/api/events/" + "e" * 200).status_code == 404


def stored_articles(db: Path) -> int:
    with Store.open(db, readonly=True) as store:
        return store.stats().articles


def test_lone_surrogates_are_replaced_and_every_article_is_stored(writable_db: Path, make_client: MakeClient,
                                                                  auth: dict[str, str]) -> None:
    # JSON's \\u escapes can name half of a UTF-16 pair, which no UTF-8 text (nor SQLite) holds:
    # it becomes U+FFFD, the answer says so, and the good articles sent with it are stored too.
    client = make_client(writable_db, token=TOKEN)
    body = ('[{"id": "lone-\\ud800", "text": "Police fired tear gas at protesters in Kisumu on Monday."},'
            ' {"id": "api-t", "title": "\\ud83d", "text": "Gunmen killed two farmers near Jos, Nigeria, on Monday."},'
            ' {"id": "api-ok", "text": "Soldiers clashed with rebels in Beni on Tuesday."}]')
    response = client.post("/api/articles", content=body, headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["stored"] == 3 and [a["id"] for a in answer["articles"]] == ["lone-\ufffd", "api-t", "api-ok"]
    assert answer["articles"][0]["warnings"] == [
        "'id': 1 character that UTF-8 cannot encode (lone UTF-16 surrogates) replaced with U+FFFD"]
    assert answer["articles"][1]["warnings"][0].startswith("'title': 1 character")
    assert answer["articles"][2]["warnings"] == []
    assert stored_articles(writable_db) == len(ARTICLES) + 3


@pytest.mark.parametrize("given", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_an_id_json_cannot_answer_with_is_422_not_500(writable_db: Path, make_client: MakeClient,
                                                      auth: dict[str, str], given: str) -> None:
    # Python's json reads NaN and Infinity; the answer, which is strict JSON, cannot carry them.
    client = make_client(writable_db, token=TOKEN)
    response = client.post("/api/articles", content=f'[{{"id": {given}, "text": "x"}}]',
                           headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    (problem,) = response.json()["detail"]
    assert problem["id"] is None and problem["msg"].startswith("'id' must be a non-empty string, not ")
    assert client.post("/api/articles", json=NEW_ARTICLE, headers=auth).json()["stored"] == 1
