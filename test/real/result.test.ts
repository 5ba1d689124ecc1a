/**
 * Synchronous processing (POST /v1/result) over the real 33TWL Sentinel-2 data: every expected
 * value is recomputed here from the raw files (read with geotiff.js), and every result file is
 * reopened with the project's reader and with GDAL's tools.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromFile } from "geotiff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { OUTPUT_FORMATS } from "../../src/formats";
import { expectGdalSeesCog } from "./gdal-expectations";
import { gdalEpsg, gdalInfo, gdalTranslateToGeoTiff, gdalValueAtLonLat, ncdumpHeader, ogrFeatures } from "./gdal-tools";
import { cloudFreeMaxNdviGraph, loadCollection, meanReducer, ndviGraph, node, pixelBoxExtent, saveResult } from "./graphs";
import {
  densifiedUtmRing,
  distanceToRing,
  ndviFromDigitalNumbers,
  pixelCentre,
  pointInRing,
  readItemBand,
  REFLECTANCE_SCALE,
  S2_NODATA,
  SCL_CLOUD_CLASSES,
  utmToLonLat,
  valueAtPoint,
  type RawRaster,
  type Ring,
} from "./raw-rasters";
import { countNoData, expectedOnGrid, expectSameRaster, FLOAT32_TOLERANCE, rasterDifferences } from "./raster-compare";
import { dayLabel, itemsOldestFirst, rawItems, type RawItem } from "./raw-stac";
import { demoBearer, expectSuccess, GTIFF_TYPE, postResult, readResultCog, responseJson, type ResultResponse } from "./result-client";

const TWL = "s2-33TWL-2023-08";
const COLLECTION = "twl";
const SCENE_0815 = "S2A_33TWL_20230815_0_L2A";

let worker: LocalWorker;
let bearer: string;
let scratch: string;

beforeAll(async () => {
  worker = await startLocalWorker({ ingest: [{ folder: TWL, collection: COLLECTION, args: ["--offset", "0"] }] });
  bearer = await demoBearer(worker.url);
  scratch = mkdtempSync(join(tmpdir(), "openeo-real-result-"));
});
afterAll(async () => {
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const run = (graph: Record<string, unknown>) => postResult(worker.url, bearer, graph);

// ---------------------------------------------------------------------------------------------
// The raw data

const itemById = (id: string): RawItem => rawItems(TWL).find((i) => i.id === id)!;

// ---------------------------------------------------------------------------------------------
// Checking result files with GDAL

/** Writes a result to the scratch folder and answers its path, for the command-line tools. */
function saveToScratch(name: string, bytes: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

function expectGeoTiffResponse(res: ResultResponse): void {
  expectSuccess(res);
  expect(res.contentType).toBe(GTIFF_TYPE);
}

// ---------------------------------------------------------------------------------------------

describe("NDVI of one scene over a window", () => {
  it("matches NDVI recomputed from the raw B04 and B08, including the no-data beyond the data's east edge", async () => {
    const item = itemById(SCENE_0815);
    const [red, nir] = await Promise.all([readItemBand(item, "B04.tif"), readItemBand(item, "B08.tif")]);
    // Columns 200-279 of the 256-px window: the last 24 columns lie east of the files (inside the item's footprint).
    const extent = pixelBoxExtent(red, 200, 140, 280, 200);
    const res = await run(ndviGraph(COLLECTION, extent, ["2023-08-15", "2023-08-16"]));
    expectGeoTiffResponse(res);

    const { cog, bands } = await readResultCog(res.bytes);
    expect(cog.header.grid).toEqual({ crs: "EPSG:32633", bbox: [extent.west, extent.south, extent.east, extent.north], width: 80, height: 60 });
    expect(bands.length).toBe(1);
    const expected = expectedOnGrid(cog.header.grid, (x, y) => ndviFromDigitalNumbers(valueAtPoint(red, x, y), valueAtPoint(nir, x, y)));
    expect(countNoData(expected)).toBe(24 * 60);
    expectSameRaster(bands[0]!, expected, 80, FLOAT32_TOLERANCE);

    const path = saveToScratch("ndvi-0815.tif", res.bytes);
    expectGdalSeesCog(path, { width: 80, height: 60, epsg: 32633, geoTransform: [extent.west, 120, 0, extent.north, 0, -120], descriptions: [dayLabel(item)] });
  });
});

describe("cloud-masked maximum-NDVI composite over the five dates", () => {
  it("matches the composite recomputed from the raw B04, B08 and SCL of every date", async () => {
    const items = itemsOldestFirst(TWL);
    expect(items.length).toBe(5);
    const scenes = await Promise.all(
      items.map(async (item) => ({ red: await readItemBand(item, "B04.tif"), nir: await readItemBand(item, "B08.tif"), scl: await readItemBand(item, "SCL.tif") })),
    );
    // The south-east quarter of the window: clouds, shadows and the swath-edge no-data of 08-13 and 08-18.
    const extent = pixelBoxExtent(scenes[0]!.red, 128, 128, 256, 256);
    const res = await run(cloudFreeMaxNdviGraph(COLLECTION, extent, ["2023-08-01", "2023-09-01"]));
    expectGeoTiffResponse(res);
    const { cog, bands } = await readResultCog(res.bytes);
    expect(cog.header.grid).toEqual({ crs: "EPSG:32633", bbox: [extent.west, extent.south, extent.east, extent.north], width: 128, height: 128 });

    // The back-end reads every band onto the first band's (red's) grid by nearest neighbour; so
    // does this: SCL and NIR are sampled at the red pixel's centre (here all three grids coincide).
    const clearNdviAt = (x: number, y: number, scene: (typeof scenes)[number]) => {
      const scl = valueAtPoint(scene.scl, x, y);
      if (scl === undefined || scl === S2_NODATA || SCL_CLOUD_CLASSES.includes(scl)) return NaN;
      return ndviFromDigitalNumbers(valueAtPoint(scene.red, x, y), valueAtPoint(scene.nir, x, y));
    };
    const maxOfValid = (values: number[]) => {
      const valid = values.filter((v) => !Number.isNaN(v));
      return valid.length ? Math.max(...valid) : NaN;
    };
    const expected = expectedOnGrid(cog.header.grid, (x, y) => maxOfValid(scenes.map((scene) => clearNdviAt(x, y, scene))));
    const unmasked = expectedOnGrid(cog.header.grid, (x, y) => maxOfValid(scenes.map((s) => ndviFromDigitalNumbers(valueAtPoint(s.red, x, y), valueAtPoint(s.nir, x, y)))));
    // The window makes the mask matter: without it hundreds of pixels would differ, and some have no clear date at all.
    expect(rasterDifferences(unmasked, expected, 128, FLOAT32_TOLERANCE).length).toBeGreaterThan(100);
    expect(countNoData(expected)).toBeGreaterThan(0);
    expectSameRaster(bands[0]!, expected, 128, FLOAT32_TOLERANCE);

    const path = saveToScratch("composite.tif", res.bytes);
    // Reducing bands and t leaves no label dimension: the one band is called "value".
    expectGdalSeesCog(path, { width: 128, height: 128, epsg: 32633, geoTransform: [extent.west, 120, 0, extent.north, 0, -120], descriptions: ["value"] });
  });
});

describe("aggregate_spatial: mean NDVI over two polygons", () => {
  /** A WGS 84 polygon ring through raw pixel positions (col, row) of the window, rounded to 1e-6 degrees as a user would give it. */
  function lonLatRingThroughPixels(raster: RawRaster, vertices: [number, number][]): Ring {
    const round = (v: number) => Math.round(v * 1e6) / 1e6;
    const ring = vertices.map(([col, row]) => utmToLonLat(raster.originX + col * raster.pixelWidth, raster.originY - row * raster.pixelHeight));
    return [...ring, ring[0]!].map(([lon, lat]) => [round(lon), round(lat)]);
  }

  /** Count, valid count and mean NDVI of the raw pixels whose centre lies inside a UTM ring; also how close any centre comes to its edges. */
  function zonalNdvi(red: RawRaster, nir: RawRaster, ring: Ring) {
    let [total, valid, sum, closestCentre] = [0, 0, 0, Infinity];
    for (let row = 0; row < red.height; row++) {
      for (let col = 0; col < red.width; col++) {
        const centre = pixelCentre(red, col, row);
        closestCentre = Math.min(closestCentre, distanceToRing(centre, ring));
        if (!pointInRing(centre, ring)) continue;
        total++;
        const ndvi = ndviFromDigitalNumbers(red.values[row * red.width + col], valueAtPoint(nir, ...centre));
        if (Number.isNaN(ndvi)) continue;
        valid++;
        sum += ndvi;
      }
    }
    return { total, valid, mean: valid ? sum / valid : NaN, closestCentre };
  }

  /** The two scenes' red and nir, and two polygons over them: the zonal statistics of their NDVI in `format`. */
  async function zonalStatistics(format: string) {
    const items = [itemById("S2B_33TWL_20230813_0_L2A"), itemById(SCENE_0815)];
    const scenes = await Promise.all(items.map(async (item) => ({ item, red: await readItemBand(item, "B04.tif"), nir: await readItemBand(item, "B08.tif") })));
    const window = scenes[0]!.red;
    // A concave hexagon over fields, and a parallelogram over the swath edge where 08-13 has no data.
    // Their edges run along pixel edges or between rows of pixel centres (slopes 0, 1, 1/2, 2, 3/2),
    // keeping every pixel centre at least 16 m away from them.
    const polygons = [
      { name: "fields", ring: lonLatRingThroughPixels(window, [[30, 40], [100.5, 40], [80.5, 60], [100.5, 100], [35, 100], [50, 70]]) },
      { name: "swath edge", ring: lonLatRingThroughPixels(window, [[200, 130], [254, 157], [254, 229.5], [200, 175.5]]) },
    ];
    const geometries = {
      type: "FeatureCollection",
      features: polygons.map(({ name, ring }) => ({ type: "Feature", properties: { name }, geometry: { type: "Polygon", coordinates: [ring] } })),
    };
    const res = await run({
      load: loadCollection(COLLECTION, pixelBoxExtent(window, 0, 0, 256, 256), ["2023-08-13", "2023-08-16"], ["B04", "B08"]),
      ndvi: { process_id: "ndvi", arguments: { data: node("load") } },
      zones: { process_id: "aggregate_spatial", arguments: { data: node("ndvi"), geometries, reducer: meanReducer, target_dimension: "statistics" } },
      save: saveResult("zones", format),
    });
    return { scenes, polygons, res };
  }

  it("answers a GeoJSON FeatureCollection with the means, pixel counts and no-data counts recomputed from the raw files", async () => {
    const { scenes, polygons, res } = await zonalStatistics("JSON");
    expectSuccess(res);
    expect(res.contentType).toBe("application/json");
    const collection = responseJson(res);
    expect(collection.type).toBe("FeatureCollection");
    expect(collection.features.map((f: any) => f.properties.name)).toEqual(["fields", "swath edge"]);

    let noDataSeen = 0;
    for (const [g, { ring }] of polygons.entries()) {
      const feature = collection.features[g];
      // The geometry comes back in WGS 84 as given.
      feature.geometry.coordinates[0].forEach(([lon, lat]: [number, number], k: number) => {
        expect(lon).toBeCloseTo(ring[k]![0], 9);
        expect(lat).toBeCloseTo(ring[k]![1], 9);
      });
      const utmRing = densifiedUtmRing(ring);
      for (const { item, red, nir } of scenes) {
        const expected = zonalNdvi(red, nir, utmRing);
        // No pixel centre lies within 2 m of an edge, so how finely the edges are densified can't matter.
        expect(expected.closestCentre).toBeGreaterThan(2);
        expect(expected.total).toBeGreaterThan(500);
        noDataSeen += expected.total - expected.valid;
        const label = dayLabel(item);
        expect(feature.properties[`${label}/total_count`], `${label} pixels in ${polygons[g]!.name}`).toBe(expected.total);
        expect(feature.properties[`${label}/valid_count`], `${label} valid pixels in ${polygons[g]!.name}`).toBe(expected.valid);
        expect(feature.properties[`${label}/value`], `${label} mean NDVI in ${polygons[g]!.name}`).toBeCloseTo(expected.mean, 6);
      }
    }
    // The swath-edge polygon does cover no-data (on 08-13), which the mean must leave out.
    expect(noDataSeen).toBeGreaterThan(100);
  });

  it("GeoJSON and CSV: the same statistics as JSON, as GDAL reads them", async () => {
    const [json, geojson, csv] = await Promise.all([zonalStatistics("JSON"), zonalStatistics("GeoJSON"), zonalStatistics("CSV")]);
    expectSuccess(json.res);
    const expected = responseJson(json.res);
    expectSuccess(geojson.res);
    expect(geojson.res.contentType).toBe("application/geo+json");
    expect(responseJson(geojson.res)).toEqual(expected);
    // GDAL's GeoJSON driver: the same features, properties and polygons.
    const read = ogrFeatures(saveToScratch("zones.geojson", geojson.res.bytes));
    expect(read).toHaveLength(expected.features.length);
    read.forEach((feature, g) => {
      const properties = expected.features[g].properties as Record<string, unknown>;
      expect(Object.keys(feature.properties).sort()).toEqual(Object.keys(properties).sort());
      for (const [name, value] of Object.entries(properties)) {
        if (typeof value === "number") expect(feature.properties[name] as number, name).toBeCloseTo(value, 12);
        else expect(feature.properties[name], name).toEqual(value);
      }
      expect(feature.geometry).toEqual(expected.features[g].geometry);
    });

    expectSuccess(csv.res);
    expect(csv.res.contentType).toBe("text/csv");
    // GDAL's CSV driver: a row per polygon, date and statistic, numbers typed, the WKT column as the geometry.
    const rows = ogrFeatures(saveToScratch("zones.csv", csv.res.bytes), ["GEOM_POSSIBLE_NAMES=geometry", "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES"]);
    const days = json.scenes.map(({ item }) => dayLabel(item));
    const statistics = ["value", "total_count", "valid_count"];
    expect(rows).toHaveLength(2 * days.length * statistics.length);
    rows.forEach((row, r) => {
      const [g, d, k] = [Math.floor(r / 6), Math.floor(r / 3) % 2, r % 3];
      const value = expected.features[g].properties[`${days[d]}/${statistics[k]}`];
      expect(row.properties).toMatchObject({ feature_index: g, t: days[d], statistics: statistics[k] });
      // GDAL leaves an empty field out.
      if (value === null) expect(row.properties.value).toBeUndefined();
      else expect(row.properties.value as number).toBeCloseTo(value, 12);
      expect(row.geometry).toEqual(expected.features[g].geometry);
    });
  });
});

describe("resample_spatial to EPSG:4326", () => {
  /** Pixels (col, row) inside a margin whose value differs from each of its 8 neighbours by at least `contrast`, most distinctive first. */
  function distinctivePixels(raster: RawRaster, cols: [number, number], rows: [number, number], contrast: number, count: number): [number, number][] {
    const at = (col: number, row: number) => raster.values[row * raster.width + col]!;
    const found: { pixel: [number, number]; difference: number }[] = [];
    for (let row = rows[0]; row < rows[1]; row++) {
      for (let col = cols[0]; col < cols[1]; col++) {
        let difference = Infinity;
        for (const [dc, dr] of [[-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1]] as const) difference = Math.min(difference, Math.abs(at(col, row) - at(col + dc, row + dr)));
        if (difference >= contrast) found.push({ pixel: [col, row], difference });
      }
    }
    return found.sort((a, b) => b.difference - a.difference).slice(0, count).map((f) => f.pixel);
  }

  it("puts distinctive source pixels at their own longitude and latitude", async () => {
    const item = itemById(SCENE_0815);
    const red = await readItemBand(item, "B04.tif");
    const extent = pixelBoxExtent(red, 60, 60, 160, 160);
    const step = 0.0005; // degrees: finer than the 120 m pixels, so the target pixel holding a source centre maps back to that source pixel.
    const res = await run({
      load: loadCollection(COLLECTION, extent, ["2023-08-15", "2023-08-16"], ["B04"]),
      warp: { process_id: "resample_spatial", arguments: { data: node("load"), projection: 4326, resolution: step, method: "near" } },
      save: saveResult("warp", "GTiff"),
    });
    expectGeoTiffResponse(res);
    const { cog, bands } = await readResultCog(res.bytes);
    expect(cog.header.grid.crs).toBe("EPSG:4326");
    const { originX, originY, pixelWidth, pixelHeight } = cog.header.transform;
    expect(pixelWidth).toBeCloseTo(step, 12);
    expect(pixelHeight).toBeCloseTo(step, 12);
    const path = saveToScratch("red-4326.tif", res.bytes);
    const { width, height } = cog.header.grid;
    // Nearest neighbour keeps the values as read: the source's uint16 numbers.
    expectGdalSeesCog(path, { width, height, epsg: 4326, geoTransform: [originX, step, 0, originY, 0, -step], descriptions: [`${dayLabel(item)}/B04`], type: "UInt16" });

    // The result covers the source box: its four corners lie inside the result's extent.
    const [west, south, east, north] = cog.header.grid.bbox;
    for (const [x, y] of [[extent.west, extent.south], [extent.west, extent.north], [extent.east, extent.south], [extent.east, extent.north]] as const) {
      const [lon, lat] = utmToLonLat(x, y);
      expect(lon >= west && lon <= east && lat >= south && lat <= north, `corner ${x}, ${y}`).toBe(true);
    }

    // Pixels that differ from all their neighbours by at least 0.03 reflectance: a misplacement by one pixel would show.
    const pixels = distinctivePixels(red, [62, 158], [62, 158], 300, 6);
    expect(pixels.length).toBe(6);
    for (const [col, row] of pixels) {
      const [lon, lat] = utmToLonLat(...pixelCentre(red, col, row));
      const expected = red.values[row * red.width + col]!;
      const target = Math.floor((originY - lat) / pixelHeight) * width + Math.floor((lon - originX) / pixelWidth);
      expect(bands[0]![target], `source pixel (${col}, ${row}) at ${lon}, ${lat}`).toBeCloseTo(expected, 6);
      // GDAL finds the same value at that longitude and latitude.
      expect(gdalValueAtLonLat(path, 1, lon, lat), `GDAL at ${lon}, ${lat}`).toBeCloseTo(expected, 6);
    }
  });
});

describe("every output format, reopened by the project's reader and by GDAL", () => {
  /** A small window of two dates, red and NIR as they are (scaled): 64 x 48 px. */
  const twoDatesExtent = (window: RawRaster) => pixelBoxExtent(window, 10, 20, 74, 68);
  const TWO_DATES: [string, string] = ["2023-08-13", "2023-08-16"];
  const twoDatesGraph = (window: RawRaster, format: string, options: Record<string, unknown> = {}) => ({
    load: loadCollection(COLLECTION, twoDatesExtent(window), TWO_DATES, ["B04", "B08"]),
    save: saveResult("load", format, options),
  });
  /** Raw red and NIR of 08-13 and 08-15, in the cube's order: dates, then bands. */
  async function twoDatesRaw() {
    const items = [itemById("S2B_33TWL_20230813_0_L2A"), itemById(SCENE_0815)];
    const planes: { date: string; band: string; raster: RawRaster }[] = [];
    for (const item of items) {
      for (const [band, file] of [["B04", "B04.tif"], ["B08", "B08.tif"]] as const) planes.push({ date: dayLabel(item), band, raster: await readItemBand(item, file) });
    }
    return planes;
  }
  const reflectanceAt = (raster: RawRaster) => (x: number, y: number) => {
    const dn = valueAtPoint(raster, x, y);
    return dn === undefined || dn === S2_NODATA ? NaN : dn * REFLECTANCE_SCALE;
  };

  it("lists the formats this suite covers", () => {
    // A new format needs its checks here.
    expect(OUTPUT_FORMATS.map((f) => f.name).sort()).toEqual(["CSV", "GTiff", "GeoJSON", "JSON", "PNG", "netCDF"]);
  });

  it("GTiff: one band per date x band, named after its labels, with the raw values in the source's type, scale and nodata", async () => {
    const planes = await twoDatesRaw();
    const window = planes[0]!.raster;
    const extent = twoDatesExtent(window);
    const res = await run(twoDatesGraph(window, "GTiff"));
    expectGeoTiffResponse(res);
    const { cog, bands } = await readResultCog(res.bytes);
    expect(cog.header.grid).toEqual({ crs: "EPSG:32633", bbox: [extent.west, extent.south, extent.east, extent.north], width: 64, height: 48 });
    expect(cog.header.dataType).toBe("uint16");
    expect(bands.length).toBe(4);
    const reflectance = (band: ArrayLike<number>) => Float32Array.from(band, (dn) => (dn === S2_NODATA ? NaN : dn * REFLECTANCE_SCALE));
    planes.forEach(({ raster }, k) => expectSameRaster(reflectance(bands[k]!), expectedOnGrid(cog.header.grid, reflectanceAt(raster)), 64, 1e-7));
    const path = saveToScratch("two-dates.tif", res.bytes);
    expectGdalSeesCog(path, { width: 64, height: 48, epsg: 32633, geoTransform: [extent.west, 120, 0, extent.north, 0, -120], descriptions: planes.map((p) => `${p.date}/${p.band}`), type: "UInt16" });
    const info = gdalInfo(path) as unknown as { bands: { noDataValue: number; scale: number; offset: number }[] };
    expect(info.bands.map((b) => [b.noDataValue, b.scale, b.offset])).toEqual(planes.map(() => [0, REFLECTANCE_SCALE, 0]));
  });

  it("GTiff with 512 px tiles, no compression and no overviews: still a valid COG, with the same pixels", async () => {
    const planes = await twoDatesRaw();
    const window = planes[0]!.raster;
    const extent = twoDatesExtent(window);
    const [plain, packed] = await Promise.all([run(twoDatesGraph(window, "GTiff", { tile_size: 512, compression: "none", overviews: false })), run(twoDatesGraph(window, "GTiff"))]);
    expectGeoTiffResponse(plain);
    expectGeoTiffResponse(packed);
    // Uncompressed 512 x 512 uint16 tiles: at least one full tile per band.
    expect(plain.bytes.length).toBeGreaterThanOrEqual(4 * 512 * 512 * 2);
    const [a, b] = [await readResultCog(plain.bytes), await readResultCog(packed.bytes)];
    expect(a.cog.header.levels.length).toBe(1);
    expect(a.cog.header.levels[0]!).toMatchObject({ tileWidth: 512, tileHeight: 512, compression: 1 });
    a.bands.forEach((band, k) => expect(Array.from(band)).toEqual(Array.from(b.bands[k]!)));
    const path = saveToScratch("two-dates-plain.tif", plain.bytes);
    expectGdalSeesCog(path, { width: 64, height: 48, epsg: 32633, geoTransform: [extent.west, 120, 0, extent.north, 0, -120], descriptions: planes.map((p) => `${p.date}/${p.band}`), type: "UInt16" });
    expect((gdalInfo(path) as any).bands[0].block).toEqual([512, 512]);
  });

  it("JSON: a small raster cube as nested arrays with its labels and pixel-centre coordinates", async () => {
    const planes = await twoDatesRaw();
    const window = planes[0]!.raster;
    const extent = pixelBoxExtent(window, 100, 100, 106, 104);
    // Earth Search's asset keys as the bands: aliases of B04 and B08, whose names label the cube.
    const res = await run({ load: loadCollection(COLLECTION, extent, TWO_DATES, ["red", "nir"]), save: saveResult("load", "JSON") });
    expectSuccess(res);
    expect(res.contentType).toBe("application/json");
    const cube = responseJson(res);
    expect(cube.type).toBe("datacube");
    expect(cube.order).toEqual(["t", "bands", "y", "x"]);
    expect(cube.dimensions.t.values).toEqual([planes[0]!.date, planes[2]!.date]);
    expect(cube.dimensions.bands.values).toEqual(["B04", "B08"]);
    const xs = Array.from({ length: 6 }, (_, c) => pixelCentre(window, 100 + c, 0)[0]);
    const ys = Array.from({ length: 4 }, (_, r) => pixelCentre(window, 0, 100 + r)[1]);
    expect(cube.dimensions.x.values).toEqual(xs);
    expect(cube.dimensions.y.values).toEqual(ys);
    planes.forEach(({ raster }, k) => {
      const got = cube.data[Math.floor(k / 2)][k % 2] as (number | null)[][];
      const expected = ys.map((y) => xs.map((x) => reflectanceAt(raster)(x, y)));
      got.forEach((row, r) => row.forEach((v, c) => expect(v, `plane ${k} pixel (${c}, ${r})`).toBeCloseTo(expected[r]![c]!, 7)));
    });
  });

  it("netCDF: ncdump and GDAL read the dimensions, variables, CRS, geotransform and the raw values", async () => {
    const planes = await twoDatesRaw();
    const window = planes[0]!.raster;
    const extent = twoDatesExtent(window);
    const res = await run(twoDatesGraph(window, "netCDF"));
    expectSuccess(res);
    expect(res.contentType).toBe("application/netcdf");
    const path = saveToScratch("two-dates.nc", res.bytes);

    const header = ncdumpHeader(path);
    expect(header).toMatch(/\bt = 2 ;/);
    expect(header).toMatch(/\by = 48 ;/);
    expect(header).toMatch(/\bx = 64 ;/);
    expect(header).toMatch(/float B04\(t, y, x\) ;/);
    expect(header).toMatch(/float B08\(t, y, x\) ;/);
    expect(header).toMatch(/B04:grid_mapping = "crs" ;/);
    expect(header).toMatch(/t:units = "days since 1970-01-01 00:00:00" ;/);
    expect(header).toMatch(/:Conventions = "CF-1\.8" ;/);

    const days = planes.filter((p) => p.band === "B04").map((p) => String(Date.parse(p.date) / 86_400_000));
    for (const [b, band] of ["B04", "B08"].entries()) {
      const variable = `NETCDF:"${path}":${band}`;
      const info = gdalInfo(variable);
      expect(info.driverShortName).toBe("netCDF");
      expect(info.size).toEqual([64, 48]);
      expect(gdalEpsg(info)).toBe(32633);
      info.geoTransform.forEach((v, i) => expect(v, `geoTransform[${i}]`).toBeCloseTo([extent.west, 120, 0, extent.north, 0, -120][i]!, 6));
      // One GDAL band per date, each tagged with its t value (days since 1970).
      expect(info.bands.length).toBe(2);
      expect(info.bands.map((x: any) => x.metadata[""].NETCDF_DIM_t)).toEqual(days);
      // GDAL's decoding of the variable, compared pixel by pixel with the raw files.
      const decoded = join(scratch, `nc-${band}.tif`);
      gdalTranslateToGeoTiff(variable, decoded);
      for (let d = 0; d < 2; d++) {
        const image = await (await fromFile(decoded)).getImage();
        const [values] = (await image.readRasters({ samples: [d] })) as unknown as ArrayLike<number>[];
        const grid = { bbox: [extent.west, extent.south, extent.east, extent.north], width: 64, height: 48 };
        expectSameRaster(values!, expectedOnGrid(grid, reflectanceAt(planes[d * 2 + b]!.raster)), 64, 1e-7);
      }
    }
  });

  it("PNG: GDAL reads an 8-bit grey image with alpha where the NDVI has no data, scaled by min and max", async () => {
    const item = itemById(SCENE_0815);
    const [red, nir] = await Promise.all([readItemBand(item, "B04.tif"), readItemBand(item, "B08.tif")]);
    const extent = pixelBoxExtent(red, 200, 140, 280, 200);
    const res = await run({
      load: loadCollection(COLLECTION, extent, ["2023-08-15", "2023-08-16"], ["B04", "B08"]),
      ndvi: { process_id: "ndvi", arguments: { data: node("load") } },
      save: saveResult("ndvi", "PNG", { min: 0, max: 1 }),
    });
    expectSuccess(res);
    expect(res.contentType).toBe("image/png");
    const path = saveToScratch("ndvi.png", res.bytes);
    const info = gdalInfo(path);
    expect(info.driverShortName).toBe("PNG");
    expect(info.size).toEqual([80, 60]);
    expect(gdalEpsg(info)).toBeUndefined();
    expect(info.bands.map((b: any) => [b.type, b.colorInterpretation])).toEqual([["Byte", "Gray"], ["Byte", "Alpha"]]);

    const decoded = join(scratch, "ndvi-png.tif");
    gdalTranslateToGeoTiff(path, decoded);
    const image = await (await fromFile(decoded)).getImage();
    const [grey, alpha] = (await image.readRasters()) as unknown as ArrayLike<number>[];
    const grid = { bbox: [extent.west, extent.south, extent.east, extent.north], width: 80, height: 60 };
    const ndvi = expectedOnGrid(grid, (x, y) => ndviFromDigitalNumbers(valueAtPoint(red, x, y), valueAtPoint(nir, x, y)));
    const expectedGrey = ndvi.map((v) => (Number.isNaN(v) ? 0 : Math.min(255, Math.max(0, Math.round(v * 255)))));
    const expectedAlpha = ndvi.map((v) => (Number.isNaN(v) ? 0 : 255));
    // Rounding float32 NDVI may land one step away from rounding the exact value.
    expectSameRaster(grey!, expectedGrey, 80, 1);
    expectSameRaster(alpha!, expectedAlpha, 80, 0);
    expect(expectedAlpha.filter((a) => a === 0).length).toBe(24 * 60);
  });
});

describe("bad requests over real data get openEO errors", () => {
  /** The openEO error of a failed request: never a 500, always with id, code and message. */
  function expectOpenEoError(res: ResultResponse, status: number, code: string): string {
    const body = responseJson(res);
    expect({ status: res.status, code: body.code }, JSON.stringify(body)).toEqual({ status, code });
    expect(typeof body.id).toBe("string");
    expect(body.message).toEqual(expect.any(String));
    return body.message as string;
  }

  const item = () => itemById(SCENE_0815);
  const windowExtent = async () => pixelBoxExtent(await readItemBand(item(), "B04.tif"), 100, 100, 132, 132);
  const DAY: [string, string] = ["2023-08-15", "2023-08-16"];

  it("an invalid graph", async () => {
    const extent = await windowExtent();
    const dangling = { ...ndviGraph(COLLECTION, extent, DAY), ndvi: { process_id: "ndvi", arguments: { data: node("nowhere") } } };
    expectOpenEoError(await run(dangling), 400, "ProcessGraphInvalid");
    const unknownProcess = { ...ndviGraph(COLLECTION, extent, DAY), ndvi: { process_id: "ndvii", arguments: { data: node("load") } } };
    expectOpenEoError(await run(unknownProcess), 400, "ProcessUnsupported");
  });

  it("an unknown format", async () => {
    const message = expectOpenEoError(await run(ndviGraph(COLLECTION, await windowExtent(), DAY, "BMP")), 400, "ProcessParameterInvalid");
    expect(message).toContain("format");
  });

  it("impossible format options", async () => {
    const extent = await windowExtent();
    const tileSize = { ...ndviGraph(COLLECTION, extent, DAY), save: saveResult("ndvi", "GTiff", { tile_size: 300 }) };
    expect(expectOpenEoError(await run(tileSize), 400, "ProcessParameterInvalid")).toContain("tile_size");
    const unknownOption = { ...ndviGraph(COLLECTION, extent, DAY), save: saveResult("ndvi", "GTiff", { quality: 90 }) };
    expect(expectOpenEoError(await run(unknownOption), 400, "ProcessParameterInvalid")).toContain("quality");
    const textMin = { ...ndviGraph(COLLECTION, extent, DAY), save: saveResult("ndvi", "PNG", { min: "low" }) };
    expect(expectOpenEoError(await run(textMin), 400, "ProcessParameterInvalid")).toContain("min");
  });

  it("data the format can't hold", async () => {
    const extent = await windowExtent();
    // Two bands are neither greyscale nor RGB(A).
    const twoBandPng = { load: loadCollection(COLLECTION, extent, DAY, ["B04", "B08"]), save: saveResult("load", "PNG") };
    expectOpenEoError(await run(twoBandPng), 400, "FormatUnsuitable");
  });

  it("a bounding box outside the collection", async () => {
    // Around Sydney: far from tile 33TWL.
    const sydney = { west: 151.1, south: -33.95, east: 151.3, north: -33.8 };
    expectOpenEoError(await run(ndviGraph(COLLECTION, sydney, DAY)), 400, "NoDataAvailable");
  });

  it("a time range without data", async () => {
    expectOpenEoError(await run(ndviGraph(COLLECTION, await windowExtent(), ["2022-08-01", "2022-09-01"])), 400, "NoDataAvailable");
  });
});
