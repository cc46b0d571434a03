// The dashboard: filters in the URL's #fragment (so a view can be bookmarked and Back works),
// a map, a weekly timeline, a table and an event view, all over the JSON API.
import { ApiError, features, get, setToken } from "./api.js";
import { h, clear, formatNumber } from "./dom.js";
import { EventMap } from "./mapview.js";
import { drawTimeline } from "./timeline.js";
import { renderRows } from "./table.js";
import { renderEvent } from "./eventview.js";

const FILTERS = ["since", "until", "country", "type", "actor"];
const TABLE_PAGE = 50;
const MAP_MAX = 5000; // points drawn at most; the summary says when there are more

const $ = (id) => document.getElementById(id);
const form = $("filters");
let meta = null;
let map = null;
let generation = 0; // drops answers to requests a newer view replaced
let loadedKey = null;
let lastStats = null;

function readHash() {
  return new URLSearchParams(window.location.hash.slice(1));
}

function filtersOf(params) {
  return Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ""]).filter(([, v]) => v));
}

function writeHash(params) {
  const text = params.toString();
  const target = text ? `#${text}` : window.location.pathname;
  if (`#${text}` !== window.location.hash) window.history.pushState(null, "", target);
  route();
}

function setParam(name, value) {
  const params = readHash();
  if (value === null || value === undefined || value === "") params.delete(name);
  else params.set(name, value);
  writeHash(params);
}

function notice(message, { token = false } = {}) {
  const box = clear($("notice"));
  if (!message) {
    box.hidden = true;
    return;
  }
  box.append(h("p", {}, message));
  if (token) {
    const input = h("input", { type: "password", name: "token", placeholder: "token", autocomplete: "off" });
    box.append(h("form", { onsubmit: (e) => { e.preventDefault(); setToken(input.value.trim()); window.location.reload(); } },
      input, h("button", { type: "submit" }, "Use token")));
  }
  box.hidden = false;
}

function failed(error) {
  if (error instanceof ApiError && error.status === 401) {
    notice("This server needs a token for reads: paste the server's EVENTCODER_TOKEN.", { token: true });
  } else {
    notice(`Could not load: ${error.message}`);
  }
}

function fillSelects(stats) {
  const types = form.elements.type;
  for (const [type, subs] of Object.entries(meta.event_types)) {
    types.append(h("optgroup", { label: type },
      h("option", { value: type }, `${type} (all)`),
      subs.map((sub) => h("option", { value: sub }, sub))));
  }
  const countries = form.elements.country;
  const names = stats.by_country.map((b) => b.key).sort((a, b) => a.localeCompare(b));
  for (const name of names) countries.append(h("option", { value: name }, name));
}

function syncForm(filters) {
  for (const name of FILTERS) {
    const field = form.elements[name];
    const value = filters[name] ?? "";
    if (field.tagName === "SELECT" && value && ![...field.options].some((o) => o.value === value)) {
      field.append(h("option", { value }, value)); // a value typed into the URL by hand
    }
    field.value = value;
  }
}

function summarise(stats, mapInfo) {
  const parts = [`${formatNumber(stats.events)} events`, `${formatNumber(stats.fatalities)} fatalities`,
    `${formatNumber(stats.by_country.length)} countries`];
  if (mapInfo.shown < stats.events) parts.push(`the map shows the latest ${formatNumber(mapInfo.shown)}`);
  if (mapInfo.omitted) parts.push(`${formatNumber(mapInfo.omitted)} without coordinates`);
  $("summary").textContent = parts.join(" · ");
}

async function loadData(filters, page, refit) {
  const mine = ++generation;
  notice(null);
  document.body.classList.add("loading");
  try {
    // Newest first: the map shows the latest MAP_MAX events, the table pages back from the end
    // (the API lists events oldest first).
    const stats = await get("/api/stats", filters);
    if (mine !== generation) return;
    const total = stats.events;
    const mapStart = Math.max(0, total - MAP_MAX);
    const tableEnd = Math.max(0, total - page * TABLE_PAGE);
    const tableStart = Math.max(0, tableEnd - TABLE_PAGE);
    const [points, rows] = await Promise.all([
      total ? features(filters, { pageSize: meta.max_page, start: mapStart, count: total - mapStart })
        : { features: [], omitted: 0 },
      tableEnd > tableStart ? get("/api/events", { ...filters, limit: tableEnd - tableStart, offset: tableStart })
        : { events: [] },
    ]);
    if (mine !== generation) return;
    lastStats = stats;
    map.show(points.features, { fit: refit });
    summarise(stats, { shown: total - mapStart, omitted: points.omitted });
    drawTimeline($("timeline"), stats.by_week, { onPickWeek });
    renderRows(document.querySelector("#events tbody"), rows.events.reverse(), { onOpen: openEvent });
    const first = page * TABLE_PAGE;
    $("page-info").textContent = total
      ? `${formatNumber(first + 1)}–${formatNumber(first + rows.events.length)} of ${formatNumber(total)}, newest first`
      : "none";
    $("prev").disabled = page === 0;
    $("next").disabled = tableStart === 0;
  } catch (error) {
    if (mine === generation) failed(error);
  } finally {
    if (mine === generation) document.body.classList.remove("loading");
  }
}

function onPickWeek(monday, sunday) {
  const params = readHash();
  params.set("since", monday);
  params.set("until", sunday);
  params.delete("page");
  writeHash(params);
}

function openEvent(id) {
  setParam("event", id);
}

async function showEvent(id) {
  const view = $("event-view");
  map.select(id || null);
  if (!id) {
    view.hidden = true;
    clear(view);
    return;
  }
  if (view.dataset.eventId === id && !view.hidden) return;
  view.dataset.eventId = id;
  view.dataset.focus = "";
  try {
    const event = await get(`/api/events/${encodeURIComponent(id)}`);
    if (view.dataset.eventId !== id) return;
    renderEvent(view, event, { onClose: () => setParam("event", null) });
  } catch (error) {
    failed(error);
  }
}

function route() {
  const params = readHash();
  const filters = filtersOf(params);
  const page = Math.max(0, Number.parseInt(params.get("page") ?? "0", 10) || 0);
  const key = JSON.stringify([filters, page]);
  if (key !== loadedKey) {
    const refit = loadedKey === null || JSON.stringify(JSON.parse(loadedKey)[0]) !== JSON.stringify(filters);
    loadedKey = key;
    syncForm(filters);
    loadData(filters, page, refit);
  }
  showEvent(params.get("event"));
}

function wire() {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    }
    writeHash(params);
  });
  form.addEventListener("reset", () => setTimeout(() => form.requestSubmit(), 0));
  for (const name of ["since", "until", "country", "type"]) {
    form.elements[name].addEventListener("change", () => form.requestSubmit());
  }
  $("prev").addEventListener("click", () => {
    const page = Number.parseInt(readHash().get("page") ?? "0", 10) || 0;
    setParam("page", page > 1 ? String(page - 1) : null);
  });
  $("next").addEventListener("click", () => {
    const page = Number.parseInt(readHash().get("page") ?? "0", 10) || 0;
    setParam("page", String(page + 1));
  });
  $("home").addEventListener("click", (e) => {
    e.preventDefault();
    writeHash(new URLSearchParams());
  });
  window.addEventListener("popstate", route);
  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !$("event-view").hidden) setParam("event", null);
  });
  let resizeTimer = null;
  new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      map.invalidate();
      if (lastStats) drawTimeline($("timeline"), lastStats.by_week, { onPickWeek });
    }, 150);
  }).observe(document.querySelector(".layout"));
}

async function start() {
  try {
    meta = await get("/api/meta");
    map = new EventMap($("map"), { tiles: meta.tiles, onOpen: openEvent });
    map.loadOutlines().catch((error) => notice(`Country outlines could not be drawn: ${error.message}`));
    fillSelects(await get("/api/stats"));
  } catch (error) {
    failed(error);
    return;
  }
  wire();
  route();
  document.body.dataset.ready = "true";
}

start();
