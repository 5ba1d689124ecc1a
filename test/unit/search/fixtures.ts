/**
 * Fixture catalogue for the search tests: a 6 × 5 grid of 10° squares plus items on both sides
 * of and across the antimeridian, items with start/end ranges, a point, a line and an item
 * without geometry. Expected results in the tests are computed from these definitions with
 * plain predicates.
 */
import { OpenEOError } from "../../../src/errors";
import { parseSearchGet, parseSearchPost, searchItems, type SearchQuery, type StacItem } from "../../../src/catalog/search";

type Ring = number[][];

function rectangle(west: number, south: number, east: number, north: number): Ring {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
}

function item(id: string, fields: Partial<StacItem> & Pick<StacItem, "properties">): StacItem {
  return {
    type: "Feature",
    stac_version: "1.0.0",
    id,
    collection: "sentinel-2",
    bbox: [],
    geometry: null,
    assets: { data: { href: `https://example.com/${id}.tif` } },
    links: [],
    ...fields,
  };
}

function square(id: string, west: number, south: number, size: number, properties: StacItem["properties"], collection: string) {
  return item(id, {
    collection,
    bbox: [west, south, west + size, south + size],
    geometry: { type: "Polygon", coordinates: [rectangle(west, south, west + size, south + size)] },
    properties,
  });
}

const DAY = 86_400_000;

/** grid-00 … grid-29: column i % 6 at longitude -150 + 50·col, row ⌊i / 6⌋ at latitude -60 + 25·row. */
function gridItem(i: number): StacItem {
  const west = -150 + (i % 6) * 50;
  const south = -60 + Math.floor(i / 6) * 25;
  const landsat = i % 3 === 0;
  const properties: StacItem["properties"] = {
    datetime: new Date(Date.UTC(2021, 0, 1, 10) + i * 10 * DAY).toISOString().replace(".000Z", "Z"),
    platform: landsat ? "landsat-8" : i % 2 === 0 ? "sentinel-2a" : "sentinel-2b",
    gsd: landsat ? 30 : 10,
  };
  if (i % 7 !== 6) properties["eo:cloud_cover"] = (i * 37) % 101;
  if (i === 4) properties.title = "Via dell'Avvento";
  if (i === 5) properties.title = "Ćevapi Straße";
  return square(`grid-${String(i).padStart(2, "0")}`, west, south, 10, properties, landsat ? "landsat-8" : "sentinel-2");
}

export const GRID = Array.from({ length: 30 }, (_, i) => gridItem(i));

export const SPECIAL: StacItem[] = [
  item("am-multi", {
    bbox: [170, -10, -170, 10],
    geometry: { type: "MultiPolygon", coordinates: [[rectangle(170, -10, 180, 10)], [rectangle(-180, -10, -170, 10)]] },
    properties: { datetime: "2021-06-01T00:00:00Z", platform: "sentinel-2a", "eo:cloud_cover": 5 },
  }),
  square("east-edge", 172, 20, 6, { datetime: "2021-06-02T00:00:00Z", platform: "sentinel-2b", "eo:cloud_cover": 15 }, "sentinel-2"),
  square("west-edge", -178, 20, 6, { datetime: "2021-06-03T00:00:00Z", platform: "sentinel-2a", "eo:cloud_cover": 25 }, "sentinel-2"),
  square(
    "range-winter",
    2,
    2,
    4,
    { datetime: null, start_datetime: "2020-12-20T00:00:00Z", end_datetime: "2021-01-05T00:00:00Z", platform: "sentinel-1a" },
    "sentinel-1",
  ),
  square(
    "range-summer",
    -40,
    30,
    4,
    { datetime: null, start_datetime: "2021-06-01T00:00:00Z", end_datetime: "2021-08-31T23:59:59Z", platform: "sentinel-1b" },
    "sentinel-1",
  ),
  item("point-rome", {
    bbox: [12.5, 41.9, 12.5, 41.9],
    geometry: { type: "Point", coordinates: [12.5, 41.9] },
    properties: { datetime: "2021-03-15T09:30:00Z", platform: "drone", "eo:cloud_cover": 0 },
    collection: "aerial",
  }),
  item("line-north", {
    bbox: [-20, 60, 20, 70],
    geometry: { type: "LineString", coordinates: [[-20, 60], [20, 70]] },
    properties: { datetime: "2021-04-01T00:00:00Z", platform: "drone" },
    collection: "aerial",
  }),
  item("no-geometry", { properties: { datetime: "2021-05-05T05:05:05Z", platform: "drone" }, collection: "aerial" }),
];

export const ITEMS: StacItem[] = [...GRID, ...SPECIAL];

export function byId(id: string): StacItem {
  const found = ITEMS.find((entry) => entry.id === id);
  if (!found) throw new Error(`no fixture ${id}`);
  return found;
}

/** Sorted ids of the fixtures satisfying a plain predicate. */
export function expectedIds(predicate: (item: StacItem) => boolean): string[] {
  return ITEMS.filter(predicate).map((entry) => entry.id).sort();
}

/** Sorted ids of every match of a query (one page big enough for everything). */
export async function idsOf(query: SearchQuery): Promise<string[]> {
  const result = await searchItems(ITEMS, { ...query, limit: 10_000 });
  return result.features.map((feature) => feature.id!).sort();
}

export const getIds = (params: string) => idsOf(parseSearchGet(new URLSearchParams(params)));
export const postIds = (body: unknown) => idsOf(parseSearchPost(body));

/** The thrown OpenEOError, or a failure when nothing (or something else) was thrown. */
export async function errorOf(action: () => unknown): Promise<OpenEOError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof OpenEOError) return error;
    throw error;
  }
  throw new Error("expected an OpenEOError");
}

/** Longitude ranges of a bbox, split at the antimeridian when west > east. */
function longitudeRanges(west: number, east: number): Array<[number, number]> {
  return west <= east ? [[west, east]] : [[west, 180], [-180, east]];
}

/** Plain bbox-overlap predicate on the items' own bbox (exact for the rectangle and point fixtures). */
export function bboxOverlaps(box: number[]): (entry: StacItem) => boolean {
  const [west, south, east, north] = box as [number, number, number, number];
  return (entry) => {
    const b = entry.bbox;
    if (!b || b.length < 4) return false;
    const latitudes = b[1]! <= north && south <= b[3]!;
    const query = longitudeRanges(west, east);
    const own = longitudeRanges(b[0]!, b[2]!);
    return latitudes && own.some(([w1, e1]) => query.some(([w2, e2]) => w1 <= e2 && w2 <= e1));
  };
}

/** [start, end] epoch ms of a fixture, from datetime or its start/end range. */
export function timeRange(entry: StacItem): [number, number] | undefined {
  const { datetime, start_datetime, end_datetime } = entry.properties;
  if (start_datetime && end_datetime) return [Date.parse(start_datetime), Date.parse(end_datetime)];
  return datetime ? [Date.parse(datetime), Date.parse(datetime)] : undefined;
}
