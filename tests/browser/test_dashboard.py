"""The dashboard in headless Chromium, against a real `eventcoder serve` on the example
articles: points on the map, filtering, the event view's highlighted evidence, a planted
hostile story shown as text and never run, and the README's screenshot."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "dashboard.png"
TIMEOUT = 15_000  # ms


def mapped(api: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """The events the map should show for these filters (those with coordinates)."""
    return [f["properties"] for f in api.get("/api/events", params={**params, "format": "geojson",
                                                                    "limit": 1000}).json()["features"]]


def markers(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "path.event-marker", "paths => paths.map(p => ({id: p.dataset.eventId, type: p.dataset.type}))")


def test_map_timeline_and_table(page: Any, api: httpx.Client) -> None:
    expected = mapped(api)
    stats = api.get("/api/stats").json()
    assert len(expected) == stats["events"] >= 15  # every example event was placed
    page.goto("/")
    expect(page.locator("path.event-marker")).to_have_count(len(expected), timeout=TIMEOUT)
    assert sorted(m["id"] for m in markers(page)) == sorted(e["event_id"] for e in expected)
    # The country outlines are drawn (a canvas in their own pane), from the copy served here.
    expect(page.locator(".leaflet-countries-pane canvas")).to_have_count(1, timeout=TIMEOUT)
    # The timeline has a bar for each week with events, and says what each one holds.
    weeks = page.locator(".timeline .week:not(.empty)")
    assert weeks.count() == len(stats["by_week"])
    first = stats["by_week"][0]
    assert page.locator(f".timeline .week[data-week='{first['key']}'] title").text_content() == (
        f"Week of {first['key']}: {first['events']} events, {first['fatalities']} fatalities")
    assert page.locator("#events tbody tr").count() == stats["events"]
    assert page.locator("#summary").text_content().startswith(f"{stats['events']} events · {stats['fatalities']}")


def test_filter_by_type(page: Any, api: httpx.Client) -> None:
    battles = mapped(api, type="Battles")
    assert 0 < len(battles) < len(mapped(api))
    page.goto("/")
    page.wait_for_selector("path.event-marker", timeout=TIMEOUT)
    page.select_option("select[name=type]", "Battles")
    expect(page.locator("path.event-marker")).to_have_count(len(battles), timeout=TIMEOUT)
    assert {m["type"] for m in markers(page)} == {"Battles"}
    expect(page.locator("#events tbody tr")).to_have_count(len(battles), timeout=TIMEOUT)
    assert set(page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.type)")) == {"Battles"}
    assert "type=Battles" in page.url
    # Back to all events with the browser's Back button.
    page.go_back()
    expect(page.locator("path.event-marker")).to_have_count(len(mapped(api)), timeout=TIMEOUT)


def test_open_an_event_from_the_map(page: Any, api: httpx.Client) -> None:
    (nyala,) = [e for e in mapped(api, country="Sudan") if e["event_date"] == "2024-06-09"]
    page.goto("/")
    page.wait_for_selector(f"path.event-marker[data-event-id='{nyala['event_id']}']", timeout=TIMEOUT)
    page.dispatch_event(f"path.event-marker[data-event-id='{nyala['event_id']}']", "click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=TIMEOUT)
    assert "Air/drone strike" in popup.text_content() and "Nyala" in popup.text_content()
    popup.locator(".open-event").click()
    view = page.locator("#event-view")
    view.locator(".article-text").wait_for(timeout=TIMEOUT)
    assert view.locator("h2").text_content() == "Air/drone strike"
    # Each field's evidence is highlighted in the article's text, at the extractor's offsets.
    fatalities = view.locator("mark.evidence[data-fields~='fatalities']")
    assert fatalities.count() >= 1 and "killed at least 12" in " ".join(fatalities.all_text_contents())
    assert view.locator("mark.evidence[data-fields~='location']").first.text_content() == "Nyala"
    assert view.locator("mark.evidence[data-fields~='event_date']").first.text_content() == "on Sunday"
    # Picking a field picks out its words and dims the others.
    view.locator(".fields .has-evidence", has_text="Fatalities").click()
    assert view.locator("mark.evidence.focused").count() == fatalities.count()
    assert view.locator("mark.evidence.dimmed").count() > 0
    view.locator(".fields .has-evidence", has_text="Fatalities").click()  # and again to show all
    assert view.locator("mark.evidence.dimmed").count() == 0
    assert f"event={nyala['event_id']}" in page.url
    page.keyboard.press("Escape")
    view.wait_for(state="hidden", timeout=TIMEOUT)


def test_screenshot(page: Any, api: httpx.Client) -> None:
    """The README's picture: all events, the Nyala air strike open with its evidence. Written to
    docs/dashboard.png when that is missing or EVENTCODER_UPDATE_SCREENSHOT=1 (so a test run
    leaves the work tree clean), else beside it as dashboard.last.png (ignored by git)."""
    (nyala,) = [e for e in mapped(api, country="Sudan") if e["event_date"] == "2024-06-09"]
    page.goto(f"/#event={nyala['event_id']}")
    expect(page.locator("path.event-marker")).to_have_count(len(mapped(api)), timeout=TIMEOUT)
    page.locator("#event-view .article-text").wait_for(timeout=TIMEOUT)
    expect(page.locator(".leaflet-countries-pane canvas")).to_have_count(1, timeout=TIMEOUT)
    page.wait_for_timeout(300)  # the outlines' canvas is drawn on the next frame
    update = os.environ.get("EVENTCODER_UPDATE_SCREENSHOT") == "1" or not SCREENSHOT.exists()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT if update else SCREENSHOT.with_name("dashboard.last.png")))


def test_planted_script_is_shown_as_text_and_never_runs(page: Any, api: httpx.Client) -> None:
    (planted,) = [e for e in mapped(api, country="Mali") if e["article_id"] == "planted-xss"]
    page.goto("/")
    page.wait_for_selector("path.event-marker", timeout=TIMEOUT)
    # In the table and the map's popup ...
    page.locator(f"#events tbody tr[data-event-id='{planted['event_id']}']").wait_for(timeout=TIMEOUT)
    page.dispatch_event(f"path.event-marker[data-event-id='{planted['event_id']}']", "click")
    page.locator(".leaflet-popup-content").wait_for(timeout=TIMEOUT)
    # ... and the event view, which shows the story's text, title, outlet and URL.
    page.locator(f"#events tbody tr[data-event-id='{planted['event_id']}']").click()
    view = page.locator("#event-view")
    view.locator(".article-text").wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(500)  # time for an onerror or a script to have run, were there one
    assert page.evaluate("typeof window.__pwned") == "undefined"
    text = view.locator(".article-text").text_content()
    assert "<script>window.__pwned = 1</script>" in text
    assert '<img src=x onerror="window.__pwned = 2">' in text
    assert '<a href="javascript:window.__pwned=3">read more</a>' in text
    assert view.locator("h4").text_content() == '1. <img src=x onerror="window.__pwned = 4">Riot in Bamako'
    assert "<b onmouseover=" in view.locator(".source .meta").first.text_content()
    # The javascript: URL is text, not a link; the story made no element of its own.
    assert view.locator(".url-text").text_content() == "javascript:window.__pwned=5"
    assert view.locator("a").count() == 0
    assert page.locator("#event-view img, #event-view script, #event-view b, .leaflet-popup img").count() == 0
    view.locator(".url-text").click()
    view.locator("h4").hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_api_explorer_runs_offline(page: Any) -> None:
    """/docs: Swagger UI from the package's own copy, under the same CSP, with every endpoint."""
    page.goto("/docs")
    expect(page.locator(".opblock")).to_have_count(5, timeout=TIMEOUT)
    assert "/api/articles" in page.locator(".opblock-post").text_content()
