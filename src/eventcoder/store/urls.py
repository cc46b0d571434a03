"""The form URLs are compared in, so that one page reached two ways is one article."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that track the reader, not the page.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid")


def normalise_url(url: str) -> str:
    """``url`` with the scheme and host in lower case, without the fragment, tracking
    parameters, default port or a trailing slash; http and https are the same page."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:  # not a URL we can take apart: compare it as written
        return url
    if not host:
        return url
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(_TRACKING)])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower(),
                       host, path, query, ""))
