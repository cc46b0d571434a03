// Copy the dashboard's third-party files from node_modules (filled by `npm ci`) into
// static/vendor/, which the app serves: nothing is fetched from a CDN when the page runs.
// Each package's licence is copied beside its files. Run by `make web`.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const vendor = join(here, "static", "vendor");

// package -> [file in the package, file under static/vendor/<folder>]
const FILES = {
  leaflet: ["leaflet", [
    ["dist/leaflet.js", "leaflet.js"],
    ["dist/leaflet.css", "leaflet.css"],
    ["LICENSE", "LICENSE"],
    ...readdirSync(join(modules, "leaflet/dist/images")).map((name) => [`dist/images/${name}`, `images/${name}`]),
  ]],
  "topojson-client": ["topojson-client", [
    ["dist/topojson-client.min.js", "topojson-client.min.js"],
    ["LICENSE", "LICENSE"],
  ]],
  // Natural Earth 1:50m country outlines as TopoJSON (the outlines are public domain).
  "world-atlas": ["world-atlas", [
    ["countries-50m.json", "countries-50m.json"],
    ["LICENSE", "LICENSE"],
  ]],
  // For /docs: the OpenAPI explorer, served from here instead of a CDN.
  "swagger-ui-dist": ["swagger-ui", [
    ["swagger-ui-bundle.js", "swagger-ui-bundle.js"],
    ["swagger-ui.css", "swagger-ui.css"],
    ["LICENSE", "LICENSE"],
    ["NOTICE", "NOTICE"],
  ]],
};

rmSync(vendor, { recursive: true, force: true });
const versions = {};
for (const [name, [folder, files]] of Object.entries(FILES)) {
  versions[name] = JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;
  for (const [from, to] of files) {
    const target = join(vendor, folder, to);
    mkdirSync(dirname(target), { recursive: true });
    let body = readFileSync(join(modules, name, from));
    if (to.endsWith(".js") || to.endsWith(".css")) {
      // The source maps are not copied: drop the comment that would make devtools ask for them.
      body = Buffer.from(body.toString("utf8").replace(/\n?\/[/*]# sourceMappingURL=\S+( \*\/)?\s*$/, "\n"));
    }
    writeFileSync(target, body);
  }
}
writeFileSync(join(vendor, "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`static/vendor: ${Object.entries(versions).map(([n, v]) => `${n} ${v}`).join(", ")}`);
