// The week-by-week timeline: bars for events, a line for fatalities (each on its own scale),
// weeks without events drawn as empty. Clicking a week filters to it.
import { svg, clear, formatNumber } from "./dom.js";

const DAY = 86400000;
const HEIGHT = 150;
const PAD = { top: 10, right: 44, bottom: 22, left: 36 };

function parseDay(key) {
  const [y, m, d] = key.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

function isoDay(time) {
  return new Date(time).toISOString().slice(0, 10);
}

// Every week from the first to the last bucket, the missing ones with zeros.
export function fillWeeks(buckets) {
  const known = new Map(buckets.map((b) => [b.key, b]));
  if (!buckets.length) return [];
  const times = buckets.map((b) => parseDay(b.key));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const weeks = [];
  for (let t = first; t <= last; t += 7 * DAY) {
    const key = isoDay(t);
    weeks.push({ key, time: t, events: known.get(key)?.events ?? 0, fatalities: known.get(key)?.fatalities ?? 0 });
  }
  return weeks;
}

function niceMax(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function drawTimeline(element, buckets, { onPickWeek }) {
  clear(element);
  const weeks = fillWeeks(buckets);
  if (!weeks.length) {
    element.append(Object.assign(document.createElement("p"), { className: "empty", textContent: "No dated events." }));
    return;
  }
  const width = Math.max(320, element.clientWidth || 600);
  const inner = width - PAD.left - PAD.right;
  const plot = HEIGHT - PAD.top - PAD.bottom;
  const step = inner / weeks.length;
  const maxEvents = niceMax(Math.max(...weeks.map((w) => w.events)));
  const maxDead = niceMax(Math.max(...weeks.map((w) => w.fatalities)));
  const y = (v, max) => PAD.top + plot - (v / max) * plot;

  const chart = svg("svg", { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: "img",
    "aria-label": `${weeks.length} weeks from ${weeks[0].key} to ${weeks.at(-1).key}` });
  // Axes: events on the left, fatalities on the right, years or months along the bottom.
  chart.append(
    svg("line", { x1: PAD.left, x2: width - PAD.right, y1: PAD.top + plot, y2: PAD.top + plot, class: "axis" }),
    svg("text", { x: PAD.left - 6, y: PAD.top + 8, class: "tick events", "text-anchor": "end" }, formatNumber(maxEvents)),
    svg("text", { x: PAD.left - 6, y: PAD.top + plot, class: "tick events", "text-anchor": "end" }, "0"),
    svg("text", { x: width - PAD.right + 6, y: PAD.top + 8, class: "tick dead" }, formatNumber(maxDead)),
    svg("text", { x: width - PAD.right + 6, y: PAD.top + plot, class: "tick dead" }, "0"),
  );
  const spanDays = (weeks.at(-1).time - weeks[0].time) / DAY;
  let lastLabel = -Infinity;
  weeks.forEach((week, i) => {
    const date = new Date(week.time);
    const label = spanDays > 400 ? String(date.getUTCFullYear()) : date.toLocaleString("en", { month: "short", timeZone: "UTC" });
    const previous = i ? new Date(weeks[i - 1].time) : null;
    const changed = !previous || (spanDays > 400 ? previous.getUTCFullYear() !== date.getUTCFullYear()
      : previous.getUTCMonth() !== date.getUTCMonth());
    const x = PAD.left + i * step;
    if (changed && x - lastLabel > 34) {
      chart.append(svg("text", { x, y: HEIGHT - 6, class: "tick" }, label));
      lastLabel = x;
    }
  });
  // Bars (with a wider invisible hit area, so thin weeks can still be clicked).
  const bars = svg("g", { class: "bars" });
  weeks.forEach((week, i) => {
    const x = PAD.left + i * step;
    const top = y(week.events, maxEvents);
    const end = new Date(week.time + 6 * DAY);
    const tip = `Week of ${week.key}: ${formatNumber(week.events)} events, ${formatNumber(week.fatalities)} fatalities`;
    const group = svg("g", { class: week.events ? "week" : "week empty", tabindex: week.events ? 0 : -1,
      "data-week": week.key });
    group.append(
      svg("title", {}, tip),
      svg("rect", { x, y: PAD.top, width: Math.max(step, 1), height: plot, class: "hit" }),
      svg("rect", { x: x + step * 0.1 - (step < 3 ? 1 : 0), y: top, width: Math.max(step * 0.8, 2.5), height: PAD.top + plot - top, class: "bar" }),
    );
    if (week.events) {
      const pick = () => onPickWeek(week.key, isoDay(end.getTime()));
      group.addEventListener("click", pick);
      group.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
    }
    bars.append(group);
  });
  chart.append(bars);
  // Fatalities: a line through the weeks' middles, dots where there were any.
  const points = weeks.map((w, i) => `${(PAD.left + (i + 0.5) * step).toFixed(1)},${y(w.fatalities, maxDead).toFixed(1)}`);
  chart.append(svg("polyline", { points: points.join(" "), class: "dead-line" }));
  weeks.forEach((w, i) => {
    if (w.fatalities) chart.append(svg("circle", { cx: PAD.left + (i + 0.5) * step, cy: y(w.fatalities, maxDead), r: 2.2, class: "dead-dot" }));
  });
  element.append(chart);
}
