/** Leaflet, served by the Worker itself so map pages need no CDN (the files are bundled as text). */
import { OpenAPIHono } from "@hono/zod-openapi";
import leafletStyle from "leaflet/dist/leaflet.css";
import leafletScript from "leaflet/dist/leaflet.js";
import { version } from "leaflet/package.json";
import type { AppEnv } from "../app-env";
import { API_PREFIX } from "./version";

// The files never change under a URL that names the version, so browsers may keep them for a year.
const CACHE_CONTROL = "public, max-age=31536000, immutable";

/** Where pages load Leaflet from; the version in the query renews caches when Leaflet is upgraded. */
export const LEAFLET_URLS = {
  script: `${API_PREFIX}/map/leaflet.js?v=${version}`,
  style: `${API_PREFIX}/map/leaflet.css?v=${version}`,
};

// Static files, not API operations: plain routes, left out of the OpenAPI document and capabilities.
export const mapAssetsApi = new OpenAPIHono<AppEnv>()
  .get("/map/leaflet.js", (c) => c.body(leafletScript, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": CACHE_CONTROL }))
  .get("/map/leaflet.css", (c) => c.body(leafletStyle, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": CACHE_CONTROL }));
