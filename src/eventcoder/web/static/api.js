// The JSON API, as the dashboard uses it. A token (for servers whose reads need one) is kept
// for this tab only, in sessionStorage.

const TOKEN_KEY = "eventcoder.token";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export async function get(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, { headers });
  } catch (error) {
    throw new ApiError(0, `the server cannot be reached (${error.message})`);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body?.error ?? `${response.status} ${response.statusText}`);
  return body;
}

// The events [start, start + count) of a filtered query as GeoJSON features, read in pages of
// `pageSize` at once.
export async function features(filters, { pageSize, start, count }) {
  const offsets = [];
  for (let offset = start; offset < start + count; offset += pageSize) offsets.push(offset);
  const pages = await Promise.all(offsets.map((offset) =>
    get("/api/events", { ...filters, format: "geojson", limit: Math.min(pageSize, start + count - offset), offset })));
  return { features: pages.flatMap((page) => page.features), omitted: pages.reduce((n, page) => n + page.omitted, 0) };
}
