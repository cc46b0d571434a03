// DOM helpers. Everything the server sends (article text, titles, actor names, URLs) is data
// from news stories: it only ever reaches the page as text nodes (textContent) or checked
// attributes, never as HTML. No innerHTML anywhere in the dashboard.

const SVG_NS = "http://www.w3.org/2000/svg";

// h("td", {className: "n"}, "text", otherNode): an element with properties and children.
// Strings become text nodes; null/undefined/false children are skipped.
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  setProps(node, props);
  append(node, children);
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function setProps(node, props) {
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "style") Object.assign(node.style, value); // CSSOM, which the CSP allows
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "href") node.setAttribute("href", safeHref(value) ?? "#");
    else if (name in node) node[name] = value;
    else node.setAttribute(name, String(value));
  }
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// A URL from a story is a link only when it is http(s); anything else (javascript:, data:,
// vbscript:, relative paths) is shown as text.
export function safeHref(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function formatNumber(n) {
  return n === null || n === undefined ? "–" : Number(n).toLocaleString("en");
}
