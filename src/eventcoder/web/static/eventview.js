// The event view: the event's fields, and every source article's text with the words behind
// each field highlighted. Offsets are in Unicode code points (as Python counts), so the text is
// split with Array.from, never by UTF-16 index.
import { h, clear, formatNumber, safeHref } from "./dom.js";
import { EVIDENCE_FIELDS, fieldClass, typeColor } from "./colors.js";

// The text as a list of strings and <mark>s. Where spans overlap, a piece is coloured by the
// narrowest span over it and names all of them.
export function highlight(text, evidence) {
  const chars = Array.from(text);
  const spans = [];
  for (const item of evidence) {
    let { start, end } = item;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= chars.length)
        || chars.slice(start, end).join("") !== item.text) {
      const at = item.text ? text.indexOf(item.text) : -1; // offsets that do not fit: find the words instead
      if (at < 0) continue;
      start = Array.from(text.slice(0, at)).length;
      end = start + Array.from(item.text).length;
    }
    while (end > start && /\s/.test(chars[end - 1])) end--; // trailing line breaks are no evidence
    while (start < end && /\s/.test(chars[start])) start++;
    if (start < end) spans.push({ field: String(item.field), start, end });
  }
  const cuts = [...new Set([0, chars.length, ...spans.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const piece = chars.slice(a, b).join("");
    const over = spans.filter((s) => s.start <= a && s.end >= b).sort((x, y) => (x.end - x.start) - (y.end - y.start));
    if (!over.length) {
      pieces.push(piece);
      continue;
    }
    const fields = [...new Set(over.map((s) => s.field))];
    pieces.push(h("mark", { className: `evidence ev-${fieldClass(fields[0])}`, title: `evidence for: ${fields.join(", ")}`,
      dataset: { fields: fields.join(" ") } }, piece));
  }
  return pieces;
}

function value(v) {
  return v === null || v === undefined || v === "" ? "–" : String(v);
}

function fieldRows(event) {
  const precision = { 1: "the day", 2: "the week, about", 3: "the month only" };
  const geo = { 1: "the town", 2: "near the town / part of a region", 3: "the region only" };
  const fatalities = event.fatalities_min !== null && event.fatalities_max !== null && event.fatalities_min !== event.fatalities_max
    ? `${formatNumber(event.fatalities)} (sources say ${formatNumber(event.fatalities_min)}–${formatNumber(event.fatalities_max)})`
    : formatNumber(event.fatalities);
  return [
    ["event_type", "Type", `${event.event_type} · ${event.sub_event_type}`],
    ["event_date", "Date", `${value(event.event_date)}${event.time_precision ? ` (${precision[event.time_precision] ?? ""})` : ""}`],
    ["actor1", "Actor 1", `${value(event.actor1)}${event.assoc_actor_1 ? ` with ${event.assoc_actor_1}` : ""}`],
    ["actor2", "Actor 2", `${value(event.actor2)}${event.assoc_actor_2 ? ` with ${event.assoc_actor_2}` : ""}`],
    ["location", "Where", `${[event.location, event.admin2, event.admin1, event.country].filter(Boolean).join(", ") || "–"}`
      + (event.geo_precision ? ` (${geo[event.geo_precision] ?? ""})` : "")],
    [null, "Coordinates", event.latitude === null ? "–" : `${event.latitude}, ${event.longitude}`],
    ["fatalities", "Fatalities", fatalities],
    ["injuries", "Injuries", formatNumber(event.injuries)],
    ["arrests", "Arrests", formatNumber(event.arrests)],
    [null, "Confidence", event.confidence.toFixed(2)],
    [null, "Event id", event.event_id],
  ];
}

export function renderEvent(container, event, { onClose }) {
  clear(container);
  const withEvidence = new Set(event.sources.flatMap((s) => s.evidence.map((e) => e.field)));
  const focus = (field, row) => {
    const active = container.dataset.focus === field ? "" : field;
    container.dataset.focus = active;
    for (const r of container.querySelectorAll(".fields .has-evidence")) r.classList.toggle("focused", r === row && Boolean(active));
    let first = null;
    for (const mark of container.querySelectorAll("mark.evidence")) {
      const on = Boolean(active) && mark.dataset.fields.split(" ").includes(active);
      mark.classList.toggle("dimmed", Boolean(active) && !on);
      mark.classList.toggle("focused", on);
      if (on && !first) first = mark;
    }
    first?.scrollIntoView({ block: "center", behavior: "smooth" });
  };
  const rows = fieldRows(event).map(([field, label, text]) => {
    const has = field && withEvidence.has(field);
    const row = h("div", { className: has ? "row has-evidence" : "row", title: has ? "show the words behind this field" : null },
      h("dt", {}, has ? h("span", { className: `key ev-${fieldClass(field)}` }) : null, label),
      h("dd", {}, text));
    if (has) {
      row.tabIndex = 0;
      row.addEventListener("click", () => focus(field, row));
      row.addEventListener("keydown", (e) => { if (e.key === "Enter") focus(field, row); });
    }
    return row;
  });
  const sources = event.sources.map((source, i) => {
    const article = source.article;
    const href = source.url ? safeHref(source.url) : null;
    const link = source.url
      ? (href ? h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, source.url)
        : h("span", { className: "url-text", title: "not an http(s) link: shown as text" }, source.url))
      : null;
    const counts = [`fatalities ${formatNumber(source.fatalities)}`, source.injuries !== null ? `injuries ${formatNumber(source.injuries)}` : null,
      source.arrests !== null ? `arrests ${formatNumber(source.arrests)}` : null].filter(Boolean).join(" · ");
    return h("article", { className: "source" },
      h("h4", {}, `${i + 1}. `, source.title || article?.title || source.article_id),
      h("p", { className: "meta" }, [source.outlet, source.published].filter(Boolean).join(" · "), link ? " · " : null, link),
      h("p", { className: "meta" }, `Article ${source.article_id} reported: ${counts}`),
      article ? h("div", { className: "article-text" }, highlight(article.text, source.evidence))
        : h("p", { className: "empty" }, "The article's text is not in the database."));
  });
  const legend = EVIDENCE_FIELDS.filter(([field]) => withEvidence.has(field)).map(([field, label]) =>
    h("span", { className: "legend-item" }, h("span", { className: `key ev-${fieldClass(field)}` }), label));
  container.append(
    h("header", {},
      h("button", { type: "button", className: "close", "aria-label": "close", onclick: onClose }, "×"),
      h("p", { className: "kicker" }, h("span", { className: "swatch", style: { background: typeColor(event.event_type) } }),
        event.event_type),
      h("h2", {}, event.sub_event_type),
      h("p", { className: "sub" }, [event.event_date ?? "undated", [event.location, event.country].filter(Boolean).join(", ")].join(" · "))),
    h("dl", { className: "fields" }, rows),
    h("h3", {}, `Sources (${event.sources.length})`),
    legend.length ? h("p", { className: "legend-line" }, "Highlighted: ", legend, h("span", { className: "hint" }, " — click a field above to pick out its words")) : null,
    ...sources,
  );
  container.hidden = false;
  container.scrollTop = 0;
}
