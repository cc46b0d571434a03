"""The articles and token of the API tests (imported by conftest.py and the tests)."""

from __future__ import annotations

from typing import Any

TOKEN = "api-test-token-7f3a9c2e51d04b86"

# Original texts in the style of wire reports, one event each, in five countries and five event
# types (what the pipeline makes of them is asserted in the tests, not assumed here).
ARTICLES: list[dict[str, Any]] = [
    {"id": "api-kenya", "published": "2024-03-14", "source": "Test Wire", "title": "Police tear-gas traders in Kisumu",
     "url": "https://example.org/kisumu",
     "text": "Police fired tear gas at hundreds of traders protesting new market fees in Kisumu on Wednesday "
             "and arrested 23 people, witnesses said."},
    {"id": "api-sudan", "published": "2024-06-11", "source": "Test Wire", "title": "Air strike kills 12 in Nyala",
     "text": "An air strike on a crowded market in the Sudanese city of Nyala killed at least 12 people on Sunday, "
             "residents said."},
    {"id": "api-mali", "published": "2023-05-09", "title": "Bomb kills three soldiers near Ansongo",
     "text": "Three soldiers were killed when their vehicle struck a roadside bomb near Ansongo in northern Mali "
             "on Monday, the army said."},
    {"id": "api-nigeria", "published": "2024-02-20",
     "text": "Gunmen abducted 31 villagers in Kajuru in Kaduna state, Nigeria, on Sunday, police said."},
    {"id": "api-venezuela", "published": "2018-01-16", "source": "Test Wire",
     "text": "Soldiers clashed with an armed gang in Caracas on Monday, leaving nine people dead, officials in "
             "Venezuela said."},
]

# Posted by the write tests (not in the session database).
NEW_ARTICLE: dict[str, Any] = {
    "id": "api-guinea", "published": "2023-09-12", "title": "Riot in Kankan",
    "text": "Rioters burned tyres and stoned police in Kankan, Guinea, on Monday, injuring 11 officers."}
