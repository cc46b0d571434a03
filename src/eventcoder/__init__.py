"""eventcoder: news reports of political violence and protest in, ACLED-compatible events out.

    >>> import eventcoder
    >>> events = eventcoder.extract(text, published="2018-01-16")
    >>> events[0].event_type, events[0].fatalities

``extract`` loads the default pipeline once per process; build a ``Pipeline`` yourself to choose
the spaCy model or add a GeoNames dump (``Settings``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from .errors import EventcoderError, GazetteerError, InputError, ModelError, StoreError
from .models import Article, Event, Evidence, Failure, Outcome, Place
from .pipeline import Pipeline
from .settings import Settings
from .store import EventFilter, Store

__all__ = [
    "Article",
    "Event",
    "EventFilter",
    "EventcoderError",
    "Evidence",
    "Failure",
    "GazetteerError",
    "InputError",
    "ModelError",
    "Outcome",
    "Pipeline",
    "Place",
    "Settings",
    "Store",
    "StoreError",
    "extract",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


@functools.cache
def _default_pipeline() -> Pipeline:
    return Pipeline(Settings.from_env())


def extract(text: str, *, published: dt.date | str | None = None, article_id: str = "text") -> list[Event]:
    """The events in one article's text, the one it is chiefly about first. ``published`` (a
    date or 'YYYY-MM-DD') anchors relative dates such as "on Monday"."""
    return _default_pipeline().extract(text, published=published, article_id=article_id)
