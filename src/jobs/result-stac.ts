/**
 * The STAC fields of a batch job's results that describe the data, from the facts recorded when
 * its raster file was encoded: extent and time (core), projection, and bands (eo and raster
 * extensions). Results without such facts (JSON, archives) stay unlocated and undated.
 */
import { STAC_EXTENSIONS, type EoBand, type Geometry, type RasterBand } from "../catalog/stac-types";
import type { RasterFacts } from "../formats/raster-facts";
import { transformBBox } from "../raster/crs";
import { pixelSize, type BBox } from "../raster/grid";

export interface ItemExtent {
  stac_extensions: string[];
  bbox?: BBox;
  geometry: Geometry | null;
  /** datetime, or start_datetime and end_datetime, and the projection's fields. */
  properties: Record<string, unknown>;
}

/** Temporal labels as RFC 3339 instants, oldest first; labels that name no instant (a custom label of aggregate_temporal) can't date the result. */
function instants(dates: string[]): string[] {
  const times = dates.map(Date.parse).filter((time) => !Number.isNaN(time));
  return [...new Set(times)].sort((a, b) => a - b).map((time) => new Date(time).toISOString());
}

function timeProperties(dates: string[]): Record<string, string | null> {
  const times = instants(dates);
  if (times.length === 0) return { datetime: null };
  if (times.length === 1) return { datetime: times[0]! };
  return { datetime: null, start_datetime: times[0]!, end_datetime: times.at(-1)! };
}

/** The EPSG code of a CRS; null (the projection extension's "no EPSG code") for any other. */
function epsgCode(crs: string): number | null {
  const match = /^EPSG:(\d+)$/i.exec(crs);
  return match ? Number(match[1]) : null;
}

export function itemExtent(facts: RasterFacts | undefined): ItemExtent {
  if (!facts) return { stac_extensions: [], geometry: null, properties: { datetime: null } };
  const { grid } = facts;
  const [w, s, e, n] = transformBBox(grid.bbox, grid.crs, "EPSG:4326");
  const pixel = pixelSize(grid);
  return {
    stac_extensions: [STAC_EXTENSIONS.projection, STAC_EXTENSIONS.eo, STAC_EXTENSIONS.raster],
    bbox: [w, s, e, n],
    geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    properties: {
      ...timeProperties(facts.dates),
      "proj:epsg": epsgCode(grid.crs),
      "proj:shape": [grid.height, grid.width],
      // North-up: x = minX + column * width, y = maxY - row * height.
      "proj:transform": [pixel.x, 0, grid.bbox[0], 0, -pixel.y, grid.bbox[3]],
    },
  };
}

/** An asset's eo:bands and raster:bands (with the statistics written into the file), one entry per band of the file. */
export function assetBands(facts: RasterFacts): { "eo:bands": EoBand[]; "raster:bands": RasterBand[] } {
  const band: RasterBand = {
    data_type: facts.dataType,
    ...(facts.nodata === null ? {} : { nodata: facts.nodata }),
    ...(facts.scaling ?? {}),
  };
  const statistics = (i: number) => facts.statistics?.[i];
  return {
    "eo:bands": facts.bands.map((name) => ({ name })),
    "raster:bands": facts.bands.map((_, i) => ({ ...band, ...(statistics(i) ? { statistics: statistics(i)! } : {}) })),
  };
}
