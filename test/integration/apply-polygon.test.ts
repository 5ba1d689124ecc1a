/**
 * apply_polygon over an ingested COG whose digital numbers are known here: a 3 x 3 sum kernel
 * (apply_kernel) run on each polygon's sub cube shows what the sub cube holds (the box around the
 * polygon, mask_value outside the polygon, nothing beyond the box); pixels inside no polygon are
 * no-data; overlapping polygons fail with GeometriesOverlap. Expected values are recomputed here.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { materialize, type RasterCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { PROCESSES } from "../../src/processes";
import { pointTransform } from "../../src/raster/crs";
import { ingestCubeScenes, RED } from "../support/cube-fixture";
import { utmGrid } from "../support/raster-fixtures";
import { loginAs, request } from "../support/http";
import { chunkPixels, resultPixels } from "../support/strip-runs";

const SIDE = 32;
const dn = (x: number, y: number) => 1000 + 7 * x + 13 * y;
const value = (x: number, y: number) => Math.fround(dn(x, y) * 0.0001 - 0.1);
const MASK = 1000;

const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
const polygon = (corners: [number, number][]) => ({ type: "Polygon", coordinates: [[...corners, corners[0]!].map(([x, y]) => toLonLat(x, y))] });
// Edges between pixel centres (the grid's top-left corner is 500000/5000000, 10 m pixels).
const RECTANGLE = polygon([[500020, 4999970], [500100, 4999970], [500100, 4999910], [500020, 4999910]]); // columns 2-9, rows 3-8
const TRIANGLE = polygon([[500150, 4999850], [500305, 4999850], [500150, 4999695]]); // columns and rows from 15, (column - 15) + (row - 15) <= 14
const inRectangle = (x: number, y: number) => x >= 2 && x <= 9 && y >= 3 && y <= 8;
const inTriangle = (x: number, y: number) => x >= 15 && y >= 15 && x - 15 + (y - 15) <= 14;
const inTriangleBox = (x: number, y: number) => x >= 15 && x <= 29 && y >= 15 && y <= 29;

const data = () => catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.test/v1" });

function graph(geometries: unknown, mask: unknown = MASK) {
  return {
    load: { process_id: "load_collection", arguments: { id: "apply-polygon", spatial_extent: null, temporal_extent: null, bands: ["B04"] } },
    segments: {
      process_id: "apply_polygon",
      arguments: {
        data: { from_node: "load" },
        geometries,
        mask_value: mask,
        process: {
          process_graph: {
            sum: { process_id: "apply_kernel", arguments: { data: { from_parameter: "data" }, kernel: [[1, 1, 1], [1, 1, 1], [1, 1, 1]] }, result: true },
          },
        },
      },
      result: true,
    },
  };
}

async function run(geometries: unknown, mask: unknown = MASK): Promise<RasterCube> {
  const access = data();
  return materialize((await runProcess({ process_graph: graph(geometries, mask) }, { processes: PROCESSES }, { ctx: { log() {}, data: access } as never })) as never, access);
}

// A tall scene for strips: 16 x 600 px, one band (38,400 bytes of float32).
const [TW, TH] = [16, 600];
const tallDn = (x: number, y: number) => 1000 + 37 * x + ((y * 13) % 97);
const tall = (x: number, y: number) => Math.fround(tallDn(x, y) * 0.0001 - 0.1);
/** A polygon of the tall scene from its columns and rows (edges on pixel edges, so the pixels are those of the box). */
const rows = (left: number, top: number, right: number, bottom: number) => polygon([[500000 + 10 * left, 5000000 - 10 * top], [500000 + 10 * (right + 1), 5000000 - 10 * top], [500000 + 10 * (right + 1), 5000000 - 10 * (bottom + 1)], [500000 + 10 * left, 5000000 - 10 * (bottom + 1)]]);

function tallProcess(geometries: unknown[]) {
  const process = graph({ type: "FeatureCollection", features: geometries.map((geometry) => ({ type: "Feature", properties: {}, geometry })) });
  process.load.arguments.id = "tall-polygons";
  return { process_graph: { ...process, segments: { ...process.segments, result: undefined }, save: { process_id: "save_result", arguments: { data: { from_node: "segments" }, format: "GTiff" }, result: true } } };
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "tall-polygons", [{ id: "T1", datetime: "2024-04-01T10:00:00Z", grid: utmGrid(TW, TH), cloud: 0, values: { B04: tallDn } }], [RED], 16);
  await ingestCubeScenes(env.DATA, "apply-polygon", [{ id: "P1", datetime: "2024-04-01T10:00:00Z", grid: utmGrid(SIDE, SIDE), cloud: 0, values: { B04: dn } }], [RED]);
});

describe("apply_polygon", () => {
  it("runs the process on each polygon's sub cube: its box, mask_value outside the polygon, no-data outside every polygon", async () => {
    const cube = await run({ type: "FeatureCollection", features: [RECTANGLE, TRIANGLE].map((geometry) => ({ type: "Feature", properties: {}, geometry })) });
    expect([cube.grid.width, cube.grid.height, cube.planes.length]).toEqual([SIDE, SIDE, 1]);
    // What a sub cube holds at (x, y): the value inside its polygon, mask_value in its box outside it, 0 (apply_kernel's border) beyond.
    const seen = (inside: (x: number, y: number) => boolean, inBox: (x: number, y: number) => boolean) => (x: number, y: number) =>
      inside(x, y) ? value(x, y) : inBox(x, y) ? MASK : 0;
    const kernelSum = (at: (x: number, y: number) => number, x: number, y: number) => {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += at(x + dx, y + dy);
      return sum;
    };
    let [rectangle, triangle] = [0, 0];
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const got = cube.planes[0]![y * SIDE + x]!;
        if (inRectangle(x, y)) {
          expect(got, `(${x}, ${y})`).toBeCloseTo(kernelSum(seen(inRectangle, inRectangle), x, y), 3);
          rectangle++;
        } else if (inTriangle(x, y)) {
          expect(got, `(${x}, ${y})`).toBeCloseTo(kernelSum(seen(inTriangle, inTriangleBox), x, y), 3);
          triangle++;
        } else expect(got, `(${x}, ${y})`).toBeNaN();
      }
    }
    expect([rectangle, triangle]).toEqual([48, 120]);
  });

  it("fails with GeometriesOverlap when two polygons share a pixel, and refuses points and text mask values", async () => {
    const overlapping = polygon([[500090, 4999980], [500140, 4999980], [500140, 4999930], [500090, 4999930]]);
    await expect(run({ type: "FeatureCollection", features: [RECTANGLE, overlapping].map((geometry) => ({ type: "Feature", properties: {}, geometry })) })).rejects.toMatchObject({ code: "GeometriesOverlap" });
    await expect(run({ type: "Point", coordinates: toLonLat(500050, 4999950) })).rejects.toMatchObject({ code: "ProcessParameterInvalid", message: expect.stringContaining("Point") });
    await expect(run(RECTANGLE, "outside")).rejects.toMatchObject({ code: "ProcessParameterInvalid", message: expect.stringContaining("mask_value") });
  });

  it("works in strips and chunks: each reads the polygons reaching its rows whole, the same as in one read", async () => {
    // Across the strips' border at row 64, over several strips (rows 150-449), inside one (rows 500-520), and a triangle.
    const triangle = polygon([[500010, 4998500], [500150, 4998500], [500010, 4995500]]);
    const process = tallProcess([rows(2, 40, 9, 100), triangle, rows(10, 500, 14, 520)]);
    const whole = await resultPixels(process, 2 ** 26);
    // 32 KiB a read: 38,400 bytes don't fit; strips of 64 rows (an eighth), chunks of 128 (a quarter).
    const strips = await resultPixels(process, 32_768);
    expect([strips.strips, whole.strips]).toEqual([10, 0]);
    expect(strips.values).toEqual(whole.values);
    const chunks = await chunkPixels(process, 32_768);
    expect(chunks.windows.map((w) => w.height)).toEqual([128, 128, 128, 128, 88]);
    expect(chunks.values).toEqual(whole.values);
    // On both sides of the border at row 64, the 3 x 3 sum inside the rectangle sees the rows of both strips.
    const sum = (x: number, y: number) => [-1, 0, 1].reduce((n, dy) => n + [-1, 0, 1].reduce((m, dx) => m + tall(x + dx, y + dy), 0), 0);
    for (const [x, y] of [[5, 63], [5, 64], [3, 41], [8, 99]] as const) expect(whole.values[y * TW + x], `(${x}, ${y})`).toBeCloseTo(sum(x, y), 3);
    expect([whole.values[30 * TW + 5], whole.values[599 * TW + 15]]).toEqual([NaN, NaN]);
  });

  it("a process that reads its sub cube in pieces (apply_neighborhood) sees the whole sub cube in strips too, not the strip's window", async () => {
    const process = tallProcess([rows(2, 40, 9, 100), rows(10, 500, 14, 520)]);
    const kernel = process.process_graph.segments.arguments.process;
    const px = (dimension: string, value: number) => ({ dimension, value, unit: "px" });
    const focal = { process_id: "apply_neighborhood", arguments: { data: { from_parameter: "data" }, process: kernel, size: [px("x", 4), px("y", 4)], overlap: [px("x", 1), px("y", 1)] }, result: true };
    const nested = { process_graph: { ...process.process_graph, segments: { ...process.process_graph.segments, arguments: { ...process.process_graph.segments.arguments, process: { process_graph: { focal } } } } } };
    const whole = await resultPixels(nested, 2 ** 26);
    const strips = await resultPixels(nested, 32_768);
    expect([strips.strips, whole.strips]).toEqual([10, 0]);
    expect(strips.values).toEqual(whole.values);
    // Inside the rectangle, away from its edge, the neighbourhoods' 3 x 3 sums are apply_kernel's over the sub cube.
    const sum = (x: number, y: number) => [-1, 0, 1].reduce((n, dy) => n + [-1, 0, 1].reduce((m, dx) => m + tall(x + dx, y + dy), 0), 0);
    for (const [x, y] of [[5, 63], [5, 64], [12, 510]] as const) expect(whole.values[y * TW + x], `(${x}, ${y})`).toBeCloseTo(sum(x, y), 3);
  });

  it("refuses a strip whose polygons together are larger than a read", async () => {
    await expect(resultPixels(tallProcess([rows(0, 0, 15, 599)]), 32_768)).rejects.toMatchObject({ code: "ProcessGraphComplexity", message: expect.stringMatching(/polygons reaching rows 0-63 span 16 x 600 px/) });
  });

  it("is accepted through POST /result with GeoJSON geometries, as clients send them", async () => {
    const body = { process: { process_graph: { ...graph(RECTANGLE), save: { process_id: "save_result", arguments: { data: { from_node: "segments" }, format: "JSON" }, result: true } } } };
    body.process.process_graph.segments = { ...body.process.process_graph.segments, result: undefined } as never;
    const res = await request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(200);
  });
});
