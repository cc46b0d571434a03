"""Geolocation: the gazetteer, toponym recognition and resolution, and event places.

    from eventcoder.geo import Geocoder

    geocoder = Geocoder.from_settings(settings, lexicon)  # compiles the gazetteer on first use
    places = geocoder.places(doc)                          # the article's places, once
    place = geocoder.locate(doc, trigger, country_hints=("UKR",), places=places)  # a models.Place

Modules, in the order data flows: dumps/build/tables (compiling the gazetteer; names and
countries come from codebook/, the words around places from rules/places.yaml), gazetteer (the
cached index and its lookups), layout (headline, dateline, lead, quotations, background),
place_mentions/surroundings/toponyms (recognition), sounds/resolve (resolution), article_places
(an article's places, sorted out once), geocoder (the event's place).
"""

from __future__ import annotations

import logging

from .article_places import ArticlePlaces
from .gazetteer import Gazetteer, GazetteerEntry
from .geocoder import Geocoder
from .resolve import ArticleContext

__all__ = ["ArticleContext", "ArticlePlaces", "Gazetteer", "GazetteerEntry", "Geocoder"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
