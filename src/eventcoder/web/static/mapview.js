// The map: Natural Earth country outlines as a vector layer (no tiles needed), an optional
// tile layer under them, and one circle per event, sized by fatalities, coloured by type.
/* global L, topojson */
import { h, formatNumber } from "./dom.js";
import { TYPE_COLORS, typeColor } from "./colors.js";

const OUTLINES = "/static/vendor/world-atlas/countries-50m.json";

const ANTARCTICA = "010"; // ISO 3166-1 numeric: its outline wraps the pole, and no event is coded there

// Rings that cross the antimeridian (Russia, Fiji) jump from 180 to -180 and would be drawn as a
// line across the world: shift their longitudes by 360 so each ring is continuous.
function unwrapRing(ring) {
  const out = [];
  let shift = 0;
  for (const [lon, lat] of ring) {
    if (out.length) {
      const step = lon + shift - out[out.length - 1][0];
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    out.push([lon + shift, lat]);
  }
  return out;
}

function unwrapFeature(feature) {
  const { geometry } = feature;
  if (!geometry) return feature;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const unwrapped = polygons.map((rings) => rings.map(unwrapRing));
  return { ...feature, geometry: { type: geometry.type, coordinates: geometry.type === "Polygon" ? unwrapped[0] : unwrapped } };
}

export function radius(fatalities) {
  return Math.min(28, 5 + 2.2 * Math.sqrt(Math.max(0, fatalities || 0)));
}

export class EventMap {
  constructor(element, { tiles, onOpen }) {
    this.onOpen = onOpen;
    this.map = L.map(element, { worldCopyJump: true, minZoom: 1.5, maxZoom: 14, zoomSnap: 0.5 });
    this.map.attributionControl.setPrefix(false);
    this.map.createPane("countries").style.zIndex = 350;
    this.hasTiles = Boolean(tiles);
    if (tiles) {
      // The template was checked by the server (http(s), plain host name); only its host is shown.
      L.tileLayer(tiles, { maxZoom: 18, attribution: `Tiles: ${new URL(tiles.replace(/[{}]/g, "")).host}` })
        .addTo(this.map);
      element.classList.add("with-tiles");
    }
    this.map.setView([12, 15], 2);
    this.markers = L.featureGroup().addTo(this.map);
    this.legend().addTo(this.map);
  }

  async loadOutlines() {
    const response = await fetch(OUTLINES);
    if (!response.ok) throw new Error(`country outlines: ${response.status}`);
    const topo = await response.json();
    const countries = topojson.feature(topo, topo.objects.countries);
    countries.features = countries.features.filter((f) => f.id !== ANTARCTICA).map(unwrapFeature);
    L.geoJSON(countries, {
      pane: "countries",
      renderer: L.canvas({ pane: "countries" }),
      interactive: false,
      style: { color: "#8a94a0", weight: 0.6, fillColor: "#f3f0e8", fillOpacity: this.hasTiles ? 0 : 1 },
      attribution: "Country outlines: Natural Earth",
    }).addTo(this.map);
  }

  show(features, { fit }) {
    this.markers.clearLayers();
    this.byId = new Map();
    const sorted = [...features].sort((a, b) => b.properties.fatalities - a.properties.fatalities);
    for (const feature of sorted) {
      const event = feature.properties;
      const [lon, lat] = feature.geometry.coordinates;
      const marker = L.circleMarker([lat, lon], {
        radius: radius(event.fatalities),
        color: "#222",
        weight: 0.8,
        fillColor: typeColor(event.event_type),
        fillOpacity: 0.78,
        className: "event-marker",
      });
      marker.bindPopup(() => this.popup(event), { maxWidth: 280 });
      marker.bindTooltip(() => h("span", {}, `${event.location ?? "?"} · ${event.event_date ?? "undated"}`));
      marker.addTo(this.markers);
      this.byId.set(event.event_id, marker);
      const path = marker.getElement();
      if (path) {
        path.dataset.eventId = event.event_id;
        path.dataset.type = event.event_type;
      }
    }
    if (fit && sorted.length) {
      this.map.fitBounds(this.markers.getBounds().pad(0.25), { maxZoom: 6, animate: false });
    }
    if (this.selected) this.select(this.selected);
  }

  // Ring the open event's circle and keep it on top; select(null) clears.
  select(id) {
    this.byId?.get(this.ringed)?.setStyle({ weight: 0.8, color: "#222" });
    this.selected = id;
    this.ringed = null;
    const marker = id ? this.byId?.get(id) : null;
    if (marker) {
      marker.setStyle({ weight: 3, color: "#111" }).bringToFront();
      this.ringed = id;
    }
  }

  popup(event) {
    const actors = [event.actor1, event.actor2].filter(Boolean).join(" vs ");
    return h("div", { className: "popup" },
      h("p", { className: "popup-type" },
        h("span", { className: "swatch", style: { background: typeColor(event.event_type) } }),
        `${event.event_type} · ${event.sub_event_type}`),
      h("p", {}, h("strong", {}, event.event_date ?? "undated"), ` · ${[event.location, event.country].filter(Boolean).join(", ")}`),
      actors ? h("p", {}, actors) : null,
      h("p", {}, `Fatalities: ${formatNumber(event.fatalities)} · sources: ${event.n_sources}`),
      h("button", { type: "button", className: "open-event", onclick: () => { this.map.closePopup(); this.onOpen(event.event_id); } },
        "Open event and sources"));
  }

  legend() {
    const control = L.control({ position: "bottomleft" });
    control.onAdd = () => h("div", { className: "legend" },
      ...Object.entries(TYPE_COLORS).map(([type, color]) =>
        h("div", {}, h("span", { className: "swatch", style: { background: color } }), type)),
      h("div", { className: "legend-note" }, "circle size: fatalities"));
    return control;
  }

  invalidate() {
    this.map.invalidateSize();
  }
}
