/**
 * The STAC fields of a batch job's results that describe the data, from the facts recorded when
 * its raster file was encoded: extent and time (core), projection, and bands (eo and raster
 * extensions); files of other formats from the place of their cube (extent and time). Results of
 * no cube (a JSON value) stay unlocated and undated.
 */
import { STAC_EXTENSIONS, type EoBand, type Geometry, type RasterBand } from "../catalog/stac-types";
import type { PlaceFacts } from "../formats/place-facts";
import type { RasterFacts } from "../formats/raster-facts";
import { transformBBox } from "../raster/crs";
import { pixelSize, sameGrid, type BBox, type Grid } from "../raster/grid";

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

/** A single instant is the datetime; several, or a composite's span, a start and an end (STAC then wants datetime null). */
function timeProperties(facts: Pick<RasterFacts, "dates" | "timeSpan">): Record<string, string | null> {
  const times = instants(facts.dates.length > 0 ? facts.dates : (facts.timeSpan ?? []));
  if (times.length === 0) return { datetime: null };
  if (times.length === 1) return { datetime: times[0]! };
  return { datetime: null, start_datetime: times[0]!, end_datetime: times.at(-1)! };
}

/** The EPSG code of a CRS; null (the projection extension's "no EPSG code") for any other. */
function epsgCode(crs: string): number | null {
  const match = /^EPSG:(\d+)$/i.exec(crs);
  return match ? Number(match[1]) : null;
}

/** The projection extension's fields of a grid. */
function projection(grid: Grid): { "proj:epsg": number | null; "proj:shape": [number, number]; "proj:transform": number[] } {
  const pixel = pixelSize(grid);
  return {
    "proj:epsg": epsgCode(grid.crs),
    "proj:shape": [grid.height, grid.width],
    // North-up: x = minX + column * width, y = maxY - row * height.
    "proj:transform": [pixel.x, 0, grid.bbox[0], 0, -pixel.y, grid.bbox[3]],
  };
}

/** The extent of a file of another format: its box and dates, without projection or bands. */
function placeExtent(place: PlaceFacts): ItemExtent {
  if (!place.bbox) return { stac_extensions: [], geometry: null, properties: timeProperties(place) };
  const [w, s, e, n] = place.bbox;
  return { stac_extensions: [], bbox: [w, s, e, n], geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] }, properties: timeProperties(place) };
}

/** A file's extent: from its raster facts, else from its place; unlocated and undated without either (a JSON value). */
export function itemExtent(facts: RasterFacts | undefined, place?: PlaceFacts): ItemExtent {
  if (!facts) return place ? placeExtent(place) : { stac_extensions: [], geometry: null, properties: { datetime: null } };
  const { grid } = facts;
  const [w, s, e, n] = transformBBox(grid.bbox, grid.crs, "EPSG:4326");
  return {
    stac_extensions: [STAC_EXTENSIONS.projection, STAC_EXTENSIONS.eo, STAC_EXTENSIONS.raster],
    bbox: [w, s, e, n],
    geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    properties: { ...timeProperties(facts), ...projection(grid) },
  };
}

const distinct = <T>(values: T[]): T[] => [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];

/** The datacube extension's dimensions of rasters on one grid: x and y, the dates of all, and their bands. */
function cubeDimensions(grid: Grid, rasters: RasterFacts[]): Record<string, unknown> {
  const pixel = pixelSize(grid);
  const reference = epsgCode(grid.crs) ?? grid.crs;
  const times = instants(rasters.flatMap((facts) => (facts.dates.length > 0 ? facts.dates : (facts.timeSpan ?? []))));
  return {
    x: { type: "spatial", axis: "x", extent: [grid.bbox[0], grid.bbox[2]], step: pixel.x, reference_system: reference },
    y: { type: "spatial", axis: "y", extent: [grid.bbox[1], grid.bbox[3]], step: pixel.y, reference_system: reference },
    ...(times.length > 0 ? { t: { type: "temporal", extent: [times[0], times.at(-1)], values: times } } : {}),
    bands: { type: "bands", values: distinct(rasters.flatMap((facts) => facts.bands)) },
  };
}

/**
 * A results Collection's own description of its rasters: the projections and bands of its Items
 * as summaries, and, when all share one grid (such as one file per date), its cube:dimensions.
 */
export function collectionFields(rasters: RasterFacts[]): Record<string, unknown> {
  if (rasters.length === 0) return {};
  const projections = rasters.map((facts) => projection(facts.grid));
  const summaries = {
    "proj:epsg": distinct(projections.map((p) => p["proj:epsg"])),
    "proj:shape": distinct(projections.map((p) => p["proj:shape"])),
    "proj:transform": distinct(projections.map((p) => p["proj:transform"])),
    "eo:bands": distinct(rasters.flatMap((facts) => facts.bands)).map((name) => ({ name })),
  };
  const grid = rasters[0]!.grid;
  const shared = rasters.every((facts) => sameGrid(facts.grid, grid));
  return { summaries, ...(shared ? { "cube:dimensions": cubeDimensions(grid, rasters) } : {}) };
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
