"""The HTTP API and the dashboard: a thin shell over the store and the pipeline.

    app = create_app(ServerConfig.from_env("eventcoder.db"))   # or: eventcoder serve --db eventcoder.db

    GET  /                    the dashboard (map, timeline, filters, table, event view)
    GET  /api/events          events, filtered (country, since, until, type, actor, bbox,
                              min_fatalities) and paged (limit, offset); format=geojson
    GET  /api/events/{id}     one event with every source article and its evidence spans
    GET  /api/stats           counts and fatalities by week, event type and country
    GET  /api/meta            what the server offers (access, limits, event types, tiles)
    POST /api/articles        one article or a list, extracted and stored (needs the token)
    GET  /openapi.json, /docs the API's description and its explorer

Who may read and write, and why, is in ``config``.
"""

from __future__ import annotations

from .app import create_app
from .config import Access, ConfigError, ServerConfig

__all__ = ["Access", "ConfigError", "ServerConfig", "create_app"]
