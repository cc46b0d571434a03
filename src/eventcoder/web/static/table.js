// The table of events: one page at a time, a row opens the event.
import { h, clear, formatNumber } from "./dom.js";
import { typeColor } from "./colors.js";

export function renderRows(tbody, events, { onOpen }) {
  clear(tbody);
  if (!events.length) {
    tbody.append(h("tr", {}, h("td", { colSpan: 6, className: "empty" }, "No events match these filters.")));
    return;
  }
  for (const event of events) {
    const actors = [event.actor1, event.actor2].filter(Boolean);
    const row = h("tr", { tabIndex: 0, dataset: { eventId: event.event_id, type: event.event_type } },
      h("td", { className: "date" }, event.event_date ?? "undated"),
      h("td", {},
        h("span", { className: "swatch", style: { background: typeColor(event.event_type) }, title: event.event_type }),
        h("span", { className: "sub-type" }, event.sub_event_type)),
      h("td", {}, actors.length ? actors.join(" vs ") : "–"),
      h("td", {}, [event.location, event.country].filter(Boolean).join(", ") || "–"),
      h("td", { className: "n" }, formatNumber(event.fatalities)),
      h("td", { className: "n" }, formatNumber(event.n_sources)));
    row.addEventListener("click", () => onOpen(event.event_id));
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") onOpen(event.event_id); });
    tbody.append(row);
  }
}
