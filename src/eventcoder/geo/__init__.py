"""Geolocation: the gazetteer, toponym recognition and resolution, and event places.

from eventcoder.geo import Geocoder
geocoder = Geocoder.from_settings(settings)
place = geocoder.locate(doc, trigger, country_hints=("UKR",))
"""

from __future__ import annotations

import logging

from .countries import country_name, iso3_of
from .gazetteer import Gazetteer, GazetteerEntry
from .geocoder import Geocoder
from .resolve import ArticleContext

__all__ = ["ArticleContext", "Gazetteer", "GazetteerEntry", "Geocoder", "country_name", "iso3_of"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
