import { env } from "cloudflare:workers";
import proj4 from "proj4";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { materialize, type DataAccess, type LazyCube, type RasterCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { PROCESSES } from "../../src/processes";
import { CountingByteSource, ReadStats } from "../../src/raster/counting-byte-source";
import { ingestCubeScenes, RED } from "../support/cube-fixture";
import { utmGrid } from "../support/raster-fixtures";

const scaled = (dn: number) => Math.fround(dn * 0.0001 - 0.1);

// The same 640 m square (UTM 33N, top-left 500000/5000000) at 10 m and at 20 m.
const fine = (x: number, y: number) => 1000 + x + 100 * y;
const coarse = (x: number, y: number) => 7000 + x + 100 * y;
const FINE = [{ id: "F1", datetime: "2024-05-01T10:00:00Z", grid: utmGrid(64, 64), cloud: 0, values: { B04: fine } }];
const COARSE = [{ id: "C1", datetime: "2024-05-02T10:00:00Z", grid: utmGrid(32, 32, 20), cloud: 0, values: { B04: coarse } }];

const stats = new ReadStats();
const access = (): DataAccess =>
  catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.test/v1" }, { wrap: (source) => new CountingByteSource(source, stats) });

function run(graph: Record<string, unknown>, data: DataAccess = access()): Promise<unknown> {
  return runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data } as never });
}

const load = (id: string) => ({ process_id: "load_collection", arguments: { id, spatial_extent: { west: 500000, south: 4999360, east: 500640, north: 5000000, crs: 32633 }, temporal_extent: null } });

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "resample-fine", FINE, [RED]);
  await ingestCubeScenes(env.DATA, "resample-coarse", COARSE, [RED]);
});
beforeEach(() => stats.reset());

describe("resampling pushed down into the read", () => {
  it("resample_cube_spatial reads the 20 m collection straight onto the 10 m grid of the other", async () => {
    const data = access();
    const lazy = (await run({ coarse: load("resample-coarse"), fine: load("resample-fine"), to: { process_id: "resample_cube_spatial", arguments: { data: { from_node: "coarse" }, target: { from_node: "fine" } }, result: true } }, data)) as LazyCube;
    // Nothing read yet: the target's grid came from its item metadata.
    expect(lazy.kind).toBe("lazy");
    expect(stats.requests).toHaveLength(0);
    const cube = await materialize(lazy, data);
    expect(cube.grid).toEqual(utmGrid(64, 64));
    // Every 10 m pixel holds the 20 m pixel it lies in; only the coarse collection was read.
    for (const [x, y] of [[0, 0], [1, 1], [2, 3], [63, 63], [17, 40]] as const) expect(cube.planes[0]![y * 64 + x], `${x},${y}`).toBe(scaled(coarse(x >> 1, y >> 1)));
    expect(new Set(stats.requests.map((r) => /collections\/([\w-]+)\//.exec(r.key)?.[1]))).toEqual(new Set(["resample-coarse"]));
  });

  it("resample_spatial reads a UTM collection straight onto an EPSG:4326 grid", async () => {
    const data = access();
    const lazy = (await run({ load: load("resample-fine"), warp: { process_id: "resample_spatial", arguments: { data: { from_node: "load" }, projection: 4326, resolution: 0.0001 }, result: true } }, data)) as LazyCube;
    expect(lazy.kind).toBe("lazy");
    expect(stats.requests).toHaveLength(0);
    const cube: RasterCube = await materialize(lazy, data);
    expect(cube.grid.crs).toBe("EPSG:4326");
    const [west, , , north] = cube.grid.bbox;
    const toUtm = proj4("+proj=longlat +datum=WGS84 +no_defs", "+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs");
    let checked = 0;
    for (let row = 2; row < cube.grid.height; row += 7) {
      for (let col = 2; col < cube.grid.width; col += 7) {
        const [x, y] = toUtm.forward([west + (col + 0.5) * 0.0001, north - (row + 0.5) * 0.0001]) as [number, number];
        const sx = (x - 500000) / 10;
        const sy = (5000000 - y) / 10;
        // Inside the image and not within a fifth of a pixel of a pixel edge.
        if (sx < 0 || sx >= 64 || sy < 0 || sy >= 64 || Math.abs(sx - Math.round(sx)) < 0.2 || Math.abs(sy - Math.round(sy)) < 0.2) continue;
        expect(cube.planes[0]![row * cube.grid.width + col], `${col},${row}`).toBe(scaled(fine(Math.floor(sx), Math.floor(sy))));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
