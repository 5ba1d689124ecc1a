/**
 * aggregate_spatial's vector data cubes processed further: reduce_dimension over t and over bands
 * and apply, per geometry, written as GeoJSON through POST /result. Expected values are recomputed
 * here from the fixture's digital numbers.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { pointTransform } from "../../src/raster/crs";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { loginAs, request } from "../support/http";
import { utmGrid } from "../support/raster-fixtures";

const SIDE = 16;
const dn = (band: string, d: number, x: number, y: number) => (band === "B04" ? 1000 + 10 * x + 3 * y + 200 * d * (x % 3) : 3000 - 5 * x + 7 * y + 100 * d);
const value = (band: string, d: number, x: number, y: number) => Math.fround(dn(band, d, x, y) * 0.0001 - 0.1);
const DAYS = [1, 2, 3];
const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
// Pixel-edge boxes: columns [c0, c1), rows [r0, r1) of the 10 m grid whose top-left corner is 500000/5000000.
const box = (c0: number, r0: number, c1: number, r1: number) => ({
  type: "Feature",
  properties: { name: `${c0}-${r0}` },
  geometry: { type: "Polygon", coordinates: [[[c0, r0], [c1, r0], [c1, r1], [c0, r1], [c0, r0]].map(([c, r]) => toLonLat(500000 + 10 * c!, 5000000 - 10 * r!))] },
});
const BOXES = [[1, 1, 5, 4], [8, 6, 15, 15]] as const;

const callback = (process_id: string, args: Record<string, unknown>) => ({ process_graph: { r: { process_id, arguments: args, result: true } } });

beforeAll(async () => {
  const scenes = DAYS.map((d) => ({ id: `V${d}`, datetime: `2024-03-0${d}T10:00:00Z`, grid: utmGrid(SIDE, SIDE), cloud: 0, values: { B04: (x: number, y: number) => dn("B04", d, x, y), B08: (x: number, y: number) => dn("B08", d, x, y) } }));
  await ingestCubeScenes(env.DATA, "vector-further", scenes, [RED, NIR]);
});

async function post(graph: Record<string, unknown>): Promise<Response> {
  return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: graph } }) });
}

/** The mean of each box's pixels per band and day. */
const boxMean = ([c0, r0, c1, r1]: readonly number[], band: string, d: number) => {
  let sum = 0;
  for (let y = r0!; y < r1!; y++) for (let x = c0!; x < c1!; x++) sum += value(band, d, x, y);
  return sum / ((c1! - c0!) * (r1! - r0!));
};
const latestMax = (b: readonly number[], band: string) => Math.max(...DAYS.map((d) => boxMean(b, band, d)));

const zonesOverTime = {
  load: { process_id: "load_collection", arguments: { id: "vector-further", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } },
  zones: { process_id: "aggregate_spatial", arguments: { data: { from_node: "load" }, geometries: { type: "FeatureCollection", features: BOXES.map(([c0, r0, c1, r1]) => box(c0, r0, c1, r1)) }, reducer: callback("mean", { data: { from_parameter: "data" } }) } },
  latest: { process_id: "reduce_dimension", arguments: { data: { from_node: "zones" }, dimension: "t", reducer: callback("max", { data: { from_parameter: "data" } }) } },
};

async function features(res: Response): Promise<{ properties: Record<string, unknown> }[]> {
  expect(res.status, await res.clone().text()).toBe(200);
  const { features } = (await res.json()) as { features: { properties: Record<string, unknown> }[] };
  expect(features.map((f) => f.properties.name)).toEqual(BOXES.map(([c0, r0]) => `${c0}-${r0}`));
  return features;
}

describe("vector data cubes processed further", () => {
  it("reduce_dimension over t, then apply, per geometry", async () => {
    const scaled = { process_id: "apply", arguments: { data: { from_node: "latest" }, process: callback("multiply", { x: { from_parameter: "x" }, y: 100 }) } };
    const found = await features(await post({ ...zonesOverTime, scaled, save: { process_id: "save_result", arguments: { data: { from_node: "scaled" }, format: "GeoJSON" }, result: true } }));
    for (const [g, b] of BOXES.entries()) for (const band of ["B04", "B08"]) expect(found[g]!.properties[band] as number, `${g} ${band}`).toBeCloseTo(latestMax(b, band) * 100, 8);
  });

  it("reduce_dimension over bands with a reducer of several processes: NDVI of each geometry's maxima", async () => {
    const element = (label: string) => ({ process_id: "array_element", arguments: { data: { from_parameter: "data" }, label } });
    const ndvi = {
      process_id: "reduce_dimension",
      arguments: {
        data: { from_node: "latest" },
        dimension: "bands",
        reducer: { process_graph: { nir: element("B08"), red: element("B04"), nd: { process_id: "normalized_difference", arguments: { x: { from_node: "nir" }, y: { from_node: "red" } }, result: true } } },
      },
    };
    const found = await features(await post({ ...zonesOverTime, ndvi, save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GeoJSON" }, result: true } }));
    for (const [g, b] of BOXES.entries()) {
      const [nir, red] = [latestMax(b, "B08"), latestMax(b, "B04")];
      expect(found[g]!.properties.value as number, `${g}`).toBeCloseTo((nir - red) / (nir + red), 10);
    }
  });

  it("refuses to reduce the geometries, and names a dimension the cube lacks", async () => {
    for (const [dimension, code] of [["geometry", "ProcessParameterInvalid"], ["z", "DimensionNotAvailable"]]) {
      const graph = {
        load: { process_id: "load_collection", arguments: { id: "vector-further", spatial_extent: null, temporal_extent: null, bands: ["B04"] } },
        zones: { process_id: "aggregate_spatial", arguments: { data: { from_node: "load" }, geometries: box(...BOXES[0]).geometry, reducer: callback("mean", { data: { from_parameter: "data" } }) } },
        reduced: { process_id: "reduce_dimension", arguments: { data: { from_node: "zones" }, dimension, reducer: callback("max", { data: { from_parameter: "data" } }) }, result: true },
      };
      const res = await post(graph);
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([400, code]);
    }
  });
});
