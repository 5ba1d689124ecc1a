/** The HTML of a service's map page: its XYZ layer on a Leaflet map, fitted to the data. */
import { html } from "hono/html";
import type { BBox } from "../raster/grid";
import { MAX_ZOOM } from "../tiles/tile-grid";

export interface MapPage {
  title: string;
  /** The layer's tile URL template, such as /v1/services/ID/tiles/{z}/{x}/{y}.png. */
  tiles: string;
  tileSize: 256 | 512;
  /** [west, south, east, north] in degrees. */
  bounds: BBox;
  leaflet: { script: string; style: string };
}

/**
 * Leaflet's options for the layer. A 512-pixel tile covers what a 256-pixel one covers a zoom
 * level higher, so Leaflet asks for one level less than it shows (zoomOffset).
 */
function layerOptions(tileSize: 256 | 512) {
  const offset = tileSize === 512 ? 1 : 0;
  return { tileSize, zoomOffset: -offset, minZoom: offset, maxZoom: MAX_ZOOM + offset };
}

/**
 * The configuration travels in a data attribute (escaped like any attribute), so the script stays
 * constant. It marks the map with data-tiles-loaded once the visible tiles are in, for tests and
 * anyone scripting the page.
 */
export function mapPage({ title, tiles, tileSize, bounds, leaflet }: MapPage) {
  const config = JSON.stringify({ tiles, bounds, layer: layerOptions(tileSize) });
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${leaflet.style}">
<style>
  html, body { height: 100%; margin: 0; font-family: system-ui, sans-serif; }
  body { display: flex; flex-direction: column; }
  h1 { font-size: 1.1rem; margin: 0; padding: 0.5rem 1rem; }
  #map { flex: 1; }
</style>
</head>
<body>
<h1>${title}</h1>
<div id="map" data-config="${config}"></div>
<script src="${leaflet.script}"></script>
<script>
  const element = document.getElementById("map");
  const config = JSON.parse(element.dataset.config);
  const map = L.map(element);
  L.tileLayer(config.tiles, config.layer)
    .once("load", () => element.setAttribute("data-tiles-loaded", ""))
    .addTo(map);
  const [west, south, east, north] = config.bounds;
  map.fitBounds([[south, west], [north, east]]);
</script>
</body>
</html>`;
}
