"""Geolocation: the gazetteer, toponym recognition and resolution, and event places.

    from eventcoder.geo import Geocoder, country_name, iso3_of

    geocoder = Geocoder.from_settings(settings)          # compiles the gazetteer on first use
    place = geocoder.locate(doc, trigger, country_hints=("UKR",))   # an eventcoder.models.Place
    country_name("COD")  # "Democratic Republic of Congo"; iso3_of("Congolese") == "COD"

Modules, in the order data flows: names (name keys), countries, dumps/build/tables (compiling
the gazetteer), gazetteer (the cached index and its lookups), lexicon, layout (headline,
dateline, lead, quotations, background), mentions/surroundings/toponyms (recognition),
sounds/resolve (resolution), geocoder (the event's place).
"""

from __future__ import annotations

import logging

from ..codebook.countries import country_name, iso3_of
from .gazetteer import Gazetteer, GazetteerEntry
from .geocoder import Geocoder
from .resolve import ArticleContext

__all__ = ["ArticleContext", "Gazetteer", "GazetteerEntry", "Geocoder", "country_name", "iso3_of"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
