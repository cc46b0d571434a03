// One colour per ACLED event type (map, table, legend), chosen to stay apart for
// colour-blind readers as far as six colours can.
export const TYPE_COLORS = {
  "Battles": "#c0392b",
  "Explosions/Remote violence": "#e67e22",
  "Violence against civilians": "#8e44ad",
  "Riots": "#b7950b",
  "Protests": "#2471a3",
  "Strategic developments": "#1e8449",
};

export function typeColor(type) {
  return TYPE_COLORS[type] ?? "#555";
}

// The event fields evidence can support, in the order the event view lists them, with their
// labels. Highlight colours live in style.css (mark.ev-FIELD).
export const EVIDENCE_FIELDS = [
  ["event_type", "Type"],
  ["event_date", "Date"],
  ["actor1", "Actor 1"],
  ["actor2", "Actor 2"],
  ["location", "Where"],
  ["fatalities", "Fatalities"],
  ["injuries", "Injuries"],
  ["arrests", "Arrests"],
];

// A field name from the server as a safe CSS class suffix.
export function fieldClass(field) {
  return String(field).toLowerCase().replace(/[^a-z0-9_]/g, "_");
}
