"""POST /api/articles: the token, the limits, bad bodies, and articles really extracted and stored."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from api_helpers import ARTICLES, NEW_ARTICLE, TOKEN
from fastapi.testclient import TestClient

from eventcoder.api.schemas import PostResult
from eventcoder.pipeline import Pipeline
from eventcoder.readers import article_from_record
from eventcoder.store import Store

MakeClient = Callable[..., TestClient]


def stored_articles(db: Path) -> int:
    with Store.open(db, readonly=True) as store:
        return store.stats().articles


def test_writes_off_without_a_token(writable_db: Path, make_client: MakeClient) -> None:
    client = make_client(writable_db)
    response = client.post("/api/articles", json=NEW_ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403
    assert "writes are disabled" in response.json()["error"] and "EVENTCODER_TOKEN" in response.json()["error"]
    assert client.get("/api/events").status_code == 200  # reads stay open
    assert stored_articles(writable_db) == len(ARTICLES)


def test_missing_and_wrong_tokens_refused(writable_db: Path, make_client: MakeClient) -> None:
    client = make_client(writable_db, token=TOKEN)
    missing = client.post("/api/articles", json=NEW_ARTICLE)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"].startswith("writes need a token")
    for header in (f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", "Bearer", TOKEN):
        response = client.post("/api/articles", json=NEW_ARTICLE, headers={"Authorization": header})
        assert response.status_code in (401, 403), header
        assert set(response.json()) == {"error", "detail"}
    # Refused before the body is read: even a malformed one gets the auth answer.
    assert client.post("/api/articles", content=b"{nope", headers={"Content-Type": "application/json"}
                       ).status_code == 401
    assert stored_articles(writable_db) == len(ARTICLES)


def test_post_one_article(writable_db: Path, make_client: MakeClient, auth: dict[str, str]) -> None:
    client = make_client(writable_db, token=TOKEN)
    response = client.post("/api/articles", json=NEW_ARTICLE, headers=auth)
    assert response.status_code == 200, response.text
    result = response.json()
    PostResult.model_validate(result)
    assert (result["stored"], result["duplicates"], result["failed"]) == (1, 0, 0)
    (article,) = result["articles"]
    assert (article["id"], article["status"], article["reason"]) == ("api-guinea", "stored", None)
    (event,) = article["events"]
    assert (event["event_type"], event["location"], event["injuries"]) == ("Riots", "Kankan", 11)
    # The new event is readable at once, through the read-only connections.
    detail = client.get(f"/api/events/{event['stored_event_id']}").json()
    assert detail["sources"][0]["article"]["text"] == NEW_ARTICLE["text"]
    assert client.get("/api/events", params={"country": "Guinea"}).json()["total"] == 1
    assert stored_articles(writable_db) == len(ARTICLES) + 1
    # The same article again is a duplicate, not extracted again.
    again = client.post("/api/articles", json=NEW_ARTICLE, headers=auth).json()
    assert again["articles"] == [
        {"id": "api-guinea", "status": "duplicate", "reason": "same id", "warnings": [], "events": []}]


def test_post_a_batch(writable_db: Path, make_client: MakeClient, auth: dict[str, str]) -> None:
    client = make_client(writable_db, token=TOKEN)
    copy = {key: value for key, value in ARTICLES[0].items() if key != "url"} | {"id": "api-kenya-copy"}
    html = {"id": "api-html", "published": "2024-01-10",
            "html": "<html><body><article><p>Protesters marched peacefully through Lilongwe, Malawi, on "
                    "Tuesday to demand lower fuel prices, organisers said.</p></article></body></html>"}
    empty_story = {"id": "api-blank", "text": "x" * 10}
    result = client.post("/api/articles", json=[NEW_ARTICLE, copy, html, NEW_ARTICLE, empty_story],
                         headers=auth).json()
    statuses = [(a["id"], a["status"], a["reason"]) for a in result["articles"]]
    assert statuses[0] == ("api-guinea", "stored", None)
    assert statuses[1] == ("api-kenya-copy", "duplicate", "same content")
    assert statuses[2][:2] == ("api-html", "stored")
    assert statuses[3] == ("api-guinea", "duplicate", "same id")  # twice in one batch
    assert statuses[4][:2] == ("api-blank", "stored") and result["articles"][4]["events"] == []
    assert (result["stored"], result["duplicates"], result["failed"]) == (3, 2, 0)


def test_open_writes_on_loopback_when_asked(writable_db: Path, make_client: MakeClient) -> None:
    client = make_client(writable_db, allow_writes_without_token=True)
    assert client.get("/api/meta").json()["writes"] == "open"
    assert client.post("/api/articles", json=NEW_ARTICLE).json()["stored"] == 1
    # ... but never from a page of another origin.
    other = client.post("/api/articles", json={**NEW_ARTICLE, "id": "x"}, headers={"Origin": "https://evil.example"})
    assert other.status_code == 403 and "another origin" in other.json()["error"]
    same = client.post("/api/articles", json=[], headers={"Origin": "http://127.0.0.1:8000"})
    assert same.status_code == 422  # same origin passes the guard; the empty list is refused


def test_reads_need_the_token_off_loopback(api_db: Path, make_client: MakeClient, auth: dict[str, str]) -> None:
    client = make_client(api_db, host="0.0.0.0", token=TOKEN)
    assert client.get("/api/events").status_code == 401
    assert client.get("/api/events", headers={"Authorization": "Bearer wrong-token-000000000"}).status_code == 403
    assert client.get("/api/events", headers=auth).json()["total"] == len(ARTICLES)
    assert client.get("/").status_code == 200  # the page itself holds no data


def test_oversized_bodies_are_413(writable_db: Path, make_client: MakeClient, auth: dict[str, str]) -> None:
    client = make_client(writable_db, token=TOKEN, max_body_bytes=10_000)
    big = {**NEW_ARTICLE, "text": NEW_ARTICLE["text"] + " More." * 3000}
    response = client.post("/api/articles", json=big, headers=auth)
    assert response.status_code == 413
    assert response.json()["error"].startswith("the request body is 18,") and "10,000 bytes" in response.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        body = json.dumps(big).encode()
        for start in range(0, len(body), 4096):
            yield body[start:start + 4096]

    streamed = client.post("/api/articles", content=chunks(), headers={**auth, "Content-Type": "application/json"})
    assert streamed.status_code == 413 and "10,000 bytes" in streamed.json()["error"]
    assert stored_articles(writable_db) == len(ARTICLES)


def test_too_many_articles_at_once(writable_db: Path, make_client: MakeClient, auth: dict[str, str]) -> None:
    client = make_client(writable_db, token=TOKEN, max_batch=2)
    response = client.post("/api/articles", json=[NEW_ARTICLE] * 3, headers=auth)
    assert response.status_code == 413 and "the limit is 2" in response.json()["error"]


def test_malformed_json(writable_db: Path, make_client: MakeClient, auth: dict[str, str]) -> None:
    client = make_client(writable_db, token=TOKEN)
    response = client.post("/api/articles", content=b'{"id": "x", "text": ', headers={
        **auth, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("the request body is not valid JSON: Expecting value")
    plain = client.post("/api/articles", content=json.dumps(NEW_ARTICLE),
                        headers={**auth, "Content-Type": "text/plain"})
    assert plain.status_code == 415 and "Content-Type: application/json" in plain.json()["error"]


def test_invalid_articles_store_nothing(writable_db: Path, make_client: MakeClient, auth: dict[str, str]) -> None:
    client = make_client(writable_db, token=TOKEN)
    body: list[Any] = [NEW_ARTICLE, {"text": "no id"}, {"id": "api-x", "text": "fine", "published": "soon"}, 42]
    response = client.post("/api/articles", json=body, headers=auth)
    assert response.status_code == 422
    error = response.json()
    assert error["error"] == "articles[1]: missing 'id' (and 2 more); nothing was stored"
    assert [(p["loc"], p["id"]) for p in error["detail"]] == [(["body", 1], None), (["body", 2], "api-x"),
                                                             (["body", 3], None)]
    assert "published" in error["detail"][1]["msg"]
    single = client.post("/api/articles", json={"id": "api-y"}, headers=auth)
    assert single.status_code == 422
    assert single.json()["error"] == "article: neither 'text' nor 'html'; nothing was stored"
    assert client.post("/api/articles", json="text", headers=auth).status_code == 422
    assert client.post("/api/articles", json=[], headers=auth).json()["error"] == "the list of articles is empty"
    assert stored_articles(writable_db) == len(ARTICLES)


def test_kept_answers_follow_the_database(writable_db: Path, make_client: MakeClient, auth: dict[str, str],
                                          pipeline: Pipeline) -> None:
    client = make_client(writable_db, token=TOKEN)
    first = client.get("/api/stats")
    again = client.get("/api/stats")
    assert (first.headers["x-eventcoder-cache"], again.headers["x-eventcoder-cache"]) == ("miss", "hit")
    assert again.json() == first.json()
    # A write through the API: the next answer is computed again.
    assert client.get("/api/events", params={"country": "Guinea"}).json()["total"] == 0
    client.post("/api/articles", json=NEW_ARTICLE, headers=auth)
    assert client.get("/api/events", params={"country": "Guinea"}).json()["total"] == 1
    # A write by another process (an ingest beside the server): seen at once too.
    before = client.get("/api/stats").json()["articles"]
    article = article_from_record({"id": "api-beside", "published": "2024-01-10", "text": (
        "Protesters marched through Lilongwe, Malawi, on Tuesday to demand lower fuel prices.")}, source="test")
    with Store.open(writable_db) as store:
        store.add_outcome(pipeline.process([article])[0])
    after = client.get("/api/stats")
    assert after.headers["x-eventcoder-cache"] == "miss" and after.json()["articles"] == before + 1
